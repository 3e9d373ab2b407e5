/**
 * The opt-in active probe (`--validate-integrations`): Snowflake's own SYSTEM$VALIDATE_STORAGE_INTEGRATION
 * assumes the integration's role and writes, reads, lists and deletes one small file in one
 * location the integration allows (research/snowflake.md §3.4). What the scan evaluates from
 * policies, this observes — SCPs, permission boundaries and the other account's side included. It
 * WRITES to the bucket, so it runs only when asked, once per integration.
 */
import { randomUUID } from 'node:crypto';
import type { IntegrationValidation, SnowflakeIntegrationInventory, SnowflakeStageInventory } from '../../model/inventory.js';
import { present, unknown, type Observed } from '../../model/observed.js';
import { createLimit } from '../aws/limit.js';
import { isWildcardLocation, locationCovers, splitLocations, stageUrl } from './locations.js';
import { SnowflakeApiError, type SnowflakeSqlClient } from './sql-api.js';

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Where to probe: the first stage on the integration inside its allowed locations, else its first allowed location without a wildcard. */
export function probeLocation(integration: SnowflakeIntegrationInventory, stages: readonly SnowflakeStageInventory[]): string | undefined {
  if (integration.properties.state !== 'present') return undefined;
  const allowed = splitLocations(integration.properties.value.STORAGE_ALLOWED_LOCATIONS ?? '').filter((l) => !isWildcardLocation(l));
  const stageUrls = stages
    .flatMap((s) => (s.properties.state === 'present' && (s.properties.value.STORAGE_INTEGRATION ?? '').toUpperCase() === integration.name.toUpperCase() ? [stageUrl(s.properties.value.URL ?? '')] : []))
    .filter((u): u is string => u !== undefined && /^s3:\/\//i.test(u) && allowed.some((l) => locationCovers(l, u)));
  const loc = stageUrls.sort()[0] ?? allowed[0];
  return loc === undefined ? undefined : loc.endsWith('/') ? loc : `${loc}/`;
}

/** SYSTEM$VALIDATE_STORAGE_INTEGRATION's JSON (first column of the one row). */
export function parseValidation(raw: string | null | undefined, location: string, file: string): Observed<IntegrationValidation> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    return unknown(`SYSTEM$VALIDATE_STORAGE_INTEGRATION returned something that is not JSON`);
  }
  const o = parsed as { status?: unknown; actions?: unknown; message?: unknown };
  if (typeof o.status !== 'string' || typeof o.actions !== 'object' || o.actions === null)
    return unknown('SYSTEM$VALIDATE_STORAGE_INTEGRATION returned JSON without status and actions');
  const actions: IntegrationValidation['actions'] = {};
  for (const [k, v] of Object.entries(o.actions as Record<string, { status?: unknown; message?: unknown }>)) {
    actions[k.toUpperCase()] = { status: String(v?.status ?? 'unknown'), ...(typeof v?.message === 'string' && v.message ? { message: v.message } : {}) };
  }
  return present({ location, file, status: o.status, actions, ...(typeof o.message === 'string' && o.message ? { message: o.message } : {}) });
}

/** Probes every usable S3 integration, at most `concurrency` at a time; each gets `validation`. */
export async function validateIntegrations(client: SnowflakeSqlClient, integrations: SnowflakeIntegrationInventory[], stages: readonly SnowflakeStageInventory[], concurrency = 4): Promise<void> {
  const limit = createLimit(concurrency);
  await Promise.all(
    integrations.map((i) =>
      limit(async () => {
        const p = i.properties.state === 'present' ? i.properties.value : undefined;
        if (!p) return void (i.validation = unknown(`not probed: the integration could not be described`));
        if (!/^true$/i.test(p.ENABLED ?? '') || !/^S3$/i.test(p.STORAGE_PROVIDER ?? '')) return; // nothing to probe: snowflake-integration-enabled says why
        const location = probeLocation(i, stages);
        if (!location) return void (i.validation = unknown('not probed: the integration allows no location without a wildcard'));
        const file = `envelope-validate-${randomUUID()}.txt`;
        const statement = `SELECT SYSTEM$VALIDATE_STORAGE_INTEGRATION(${quote(i.name)}, ${quote(location)}, ${quote(file)}, 'all')`;
        try {
          const rows = await client.query(statement, 'SELECT SYSTEM$VALIDATE_STORAGE_INTEGRATION');
          const first = rows[0] ? Object.values(rows[0])[0] : undefined;
          i.validation = parseValidation(typeof first === 'string' ? first : undefined, location, file);
        } catch (err) {
          if (!(err instanceof SnowflakeApiError)) throw err;
          i.validation = unknown(`SYSTEM$VALIDATE_STORAGE_INTEGRATION could not run: ${err.message}`);
        }
      }),
    ),
  );
}
