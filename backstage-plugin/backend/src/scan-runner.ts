/**
 * One target's scan: the core's scanAwsAccount with the target's credentials, profile and Regions.
 * The demo target scans the core's embedded demo account (msw, no network). Returns the report and
 * the Snowflake chain drawn from the scan's inventory; throws with a one-line reason on failure.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsClients, loadProfile, parseProfile, scanAwsAccount, snowflakeChainMermaid, type Inventory, type Profile, type Report } from '@envelope/core';
import type { ScanTarget } from './config.js';

export interface ScanOutcome {
  report: Report;
  chain: string | null;
}

export type ScanFn = (target: ScanTarget, signal: AbortSignal) => Promise<ScanOutcome>;

type Credentials = NonNullable<ConstructorParameters<typeof AwsClients>[0]['credentials']>;

async function profileOf(target: ScanTarget): Promise<Profile> {
  if (target.profileInline !== undefined) return parseProfile(target.profileInline, `envelope.targets[${target.id}].profileInline`);
  return loadProfile(target.profile);
}

/** sts:AssumeRole with the target's ExternalId, renewed five minutes before expiry. */
function assumedRole(target: ScanTarget & { assumeRoleArn: string }): Credentials {
  const sts = new STSClient({ region: target.region, ...(target.endpoint ? { endpoint: target.endpoint } : {}) });
  let cached: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date } | undefined;
  return async () => {
    if (cached?.expiration && cached.expiration.getTime() - Date.now() > 5 * 60_000) return cached;
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: target.assumeRoleArn, RoleSessionName: `envelope-backstage-${target.id}`, DurationSeconds: 3600, ...(target.externalId ? { ExternalId: target.externalId } : {}) }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`sts:AssumeRole on ${target.assumeRoleArn} returned no credentials`);
    cached = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: c.Expiration } : {}) };
    return cached;
  };
}

async function scanWith(clients: AwsClients, profile: Profile, target: ScanTarget, sourceKind?: 'demo'): Promise<ScanOutcome> {
  let inventory: Inventory | undefined;
  try {
    const report = await scanAwsAccount({
      clients,
      profile,
      cost: target.cost,
      ...(target.regions ? { regions: target.regions } : {}),
      ...(sourceKind ? { sourceKind } : {}),
      onInventory: (inv) => (inventory = inv),
    });
    return { report, chain: (inventory && snowflakeChainMermaid(inventory)) ?? null };
  } finally {
    clients.destroy();
  }
}

export const scanTarget: ScanFn = async (target) => {
  const profile = await profileOf(target);
  if (target.demo) {
    const { withDemoAccount, demoProfile } = await import('@envelope/core/demo');
    const demo = target.profileInline !== undefined || target.profile !== undefined ? profile : parseProfile(demoProfile, 'demo profile');
    return withDemoAccount(async ({ region, credentials }) => scanWith(new AwsClients({ defaultRegion: region, credentials }), demo, target, 'demo'));
  }
  const clients = new AwsClients({
    defaultRegion: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(target.awsProfile ? { awsProfile: target.awsProfile } : {}),
    ...(target.requestTimeoutMs ? { requestTimeoutMs: target.requestTimeoutMs } : {}),
    ...(target.assumeRoleArn ? { credentials: assumedRole({ ...target, assumeRoleArn: target.assumeRoleArn }) } : {}),
  });
  const outcome = await scanWith(clients, profile, target);
  if (target.accountId && !outcome.report.source.accounts.includes(target.accountId)) {
    throw new Error(`the credentials reach account ${outcome.report.source.accounts.join(', ') || '(none)'}, not the configured ${target.accountId}`);
  }
  return outcome;
};

/** A failure as one line, with the target's ExternalId (the one secret-ish value it carries) masked. */
export function describeFailure(error: unknown, target: ScanTarget): string {
  const e = error as { name?: string; message?: string };
  let text = `${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e?.message ?? String(error)}`.split('\n')[0] ?? '';
  if (target.externalId) text = text.split(target.externalId).join('***');
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
