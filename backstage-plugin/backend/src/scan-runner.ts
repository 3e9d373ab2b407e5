/**
 * One target's scan: the core's scanAwsAccount with the target's credentials, profile and Regions.
 * The demo target scans the core's embedded demo account (msw, no network). Returns the report and
 * the Snowflake chain drawn from the scan's inventory; throws with a one-line reason on failure.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  AwsClients,
  loadProfile,
  parseProfile,
  resolveConnection,
  scanAwsAccount,
  snowflakeChainMermaid,
  SnowflakeSqlClient,
  type Inventory,
  type Profile,
  type Report,
  type SnowflakeConnection,
} from '@envelope/core';
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

/**
 * The target's Snowflake connection: envelope.targets[].snowflake, else the profile's
 * snowflake.connection. Only the environment variables the target names are read (the key, its
 * passphrase) — never the process's SNOWFLAKE_* defaults, which would leak across targets.
 */
async function snowflakeConnection(target: ScanTarget, profile: Profile): Promise<SnowflakeConnection | undefined> {
  const sf = target.snowflake;
  const connection = sf
    ? {
        account: sf.account,
        user: sf.user,
        ...(sf.role ? { role: sf.role } : {}),
        ...(sf.privateKeyFile ? { privateKeyPath: sf.privateKeyFile } : {}),
        ...(sf.privateKeyPassphraseEnv ? { privateKeyPassphraseEnv: sf.privateKeyPassphraseEnv } : {}),
        ...(sf.url ? { url: sf.url } : {}),
      }
    : profile.snowflake.connection;
  if (!connection) return undefined;
  const passphraseEnv = connection.privateKeyPassphraseEnv ?? 'SNOWFLAKE_PRIVATE_KEY_PASSPHRASE';
  const env: Record<string, string | undefined> = {
    ...(sf?.privateKeyEnv ? { SNOWFLAKE_PRIVATE_KEY: process.env[sf.privateKeyEnv] } : {}),
    [passphraseEnv]: process.env[passphraseEnv],
  };
  return resolveConnection({ ...profile, snowflake: { ...profile.snowflake, connection } }, env);
}

async function scanWith(clients: AwsClients, profile: Profile, target: ScanTarget, sourceKind?: 'demo', snowflake?: SnowflakeConnection): Promise<ScanOutcome> {
  let inventory: Inventory | undefined;
  try {
    const sql = snowflake ? new SnowflakeSqlClient({ connection: snowflake, stats: clients.stats, ...(target.requestTimeoutMs ? { timeoutMs: target.requestTimeoutMs } : {}) }) : undefined;
    const report = await scanAwsAccount({
      clients,
      profile,
      cost: target.cost,
      ...(sql ? { snowflake: sql } : {}),
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
    // The demo's Snowflake account (a fake SQL API with a key pair made for this run) comes with it.
    return withDemoAccount(async ({ region, credentials, snowflake }) => scanWith(new AwsClients({ defaultRegion: region, credentials }), demo, target, 'demo', snowflake));
  }
  const clients = new AwsClients({
    defaultRegion: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(target.awsProfile ? { awsProfile: target.awsProfile } : {}),
    ...(target.requestTimeoutMs ? { requestTimeoutMs: target.requestTimeoutMs } : {}),
    ...(target.assumeRoleArn ? { credentials: assumedRole({ ...target, assumeRoleArn: target.assumeRoleArn }) } : {}),
  });
  const outcome = await scanWith(clients, profile, target, undefined, await snowflakeConnection(target, profile));
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
