/**
 * Snowflake scenarios: the moto architecture on the AWS side, the SQL API fake (msw, the real wire
 * format, JWTs verified against the user's public key) on the Snowflake side, one scan through
 * scanAwsAccount with both. The Snowflake base URL is loopback (port 9, discard): msw answers
 * it, and were it ever not intercepted the request would stay on this machine.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parseProfile,
  resolveConnection,
  s3IntegrationRows,
  scanAwsAccount,
  snowflakeSqlApiHandlers,
  SnowflakeSqlClient,
  type FakeIntegration,
  type FakeRequestLog,
  type FakeSnowflakeAccount,
  type FakeStage,
  type Profile,
  type Report,
} from '@envelope/core';
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { buildArchitecture, SNOWFLAKE_EXTERNAL_ID, SNOWFLAKE_ROLE_ARN, SNOWFLAKE_USER_ARN, STAGE_BUCKET, testClients, type Built, type Deviation } from '../moto/architecture.js';
import { fidelityShims } from '../moto/fidelity-shims.js';
import { resetMoto } from '../moto/moto-server.js';
import { motoProfileInput, scannerClients } from '../moto/scan-moto.js';

export const SF_ACCOUNT = 'ACME-TEST';
export const SF_USER = 'ENVELOPE_SCANNER';
export const SF_URL = 'http://127.0.0.1:9';
export const INTEGRATION = 'S3_INTEGRATION_KMS';
export const STAGE = 'DEMO_KMS_V3.DEMO_SCHEMA.S3_STAGE_KMS';
export const PASSPHRASE = 'canary-passphrase-7f3e9b21';

export interface KeyMaterial {
  publicKey: KeyObject;
  /** The encrypted PKCS#8 PEM, as written to `path`. */
  pem: string;
  path: string;
}

/** An RSA key pair, the private half encrypted with PASSPHRASE in a file, as `openssl genrsa | pkcs8 -v2 aes256` writes it. */
export function makeKeyMaterial(): KeyMaterial {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }) as string;
  const dir = mkdtempSync(join(tmpdir(), 'envelope-sf-'));
  const path = join(dir, 'rsa_key.p8');
  writeFileSync(path, pem, { mode: 0o600 });
  return { publicKey, pem, path };
}

export const compliantIntegration = (changes: Partial<Parameters<typeof s3IntegrationRows>[0]> = {}): FakeIntegration => ({
  name: INTEGRATION,
  properties: s3IntegrationRows({ roleArn: SNOWFLAKE_ROLE_ARN, userArn: SNOWFLAKE_USER_ARN, externalId: SNOWFLAKE_EXTERNAL_ID, allowed: [`s3://${STAGE_BUCKET}/data/`], ...changes }),
});

export const compliantStage = (changes: Partial<FakeStage> = {}): FakeStage => ({
  database: 'DEMO_KMS_V3',
  schema: 'DEMO_SCHEMA',
  name: 'S3_STAGE_KMS',
  url: `s3://${STAGE_BUCKET}/data/`,
  storageIntegration: INTEGRATION,
  hasEncryptionKey: true,
  owner: 'DATA_PLATFORM_ADMIN',
  ...changes,
});

/** The moto profile with the Snowflake connection (the key by file, the passphrase from the environment). */
export function snowflakeProfile(key: KeyMaterial, extra: Partial<Profile['snowflake']> = {}): Profile {
  return parseProfile(
    {
      ...motoProfileInput,
      snowflake: {
        ...motoProfileInput.snowflake,
        connection: { account: SF_ACCOUNT, user: SF_USER, role: 'ENVELOPE_AUDIT', privateKeyPath: key.path, url: SF_URL },
        owners: { 'DEMO_KMS_V3.*.*': 'data-platform' },
        ...extra,
      },
    },
    'snowflake test profile',
  );
}

export interface SnowflakeScenario {
  deviations?: Deviation[];
  integrations?: FakeIntegration[];
  stages?: FakeStage[];
  account?: Partial<FakeSnowflakeAccount>;
  /** msw handlers in front of the fake (faults). */
  handlers?: RequestHandler[];
  timeoutMs?: number;
  profile?: Profile;
  /** Skip the moto reset and build (the previous scenario's account is reused). */
  reuseAws?: boolean;
}

export interface SnowflakeResult {
  report: Report;
  built: Built;
  log: FakeRequestLog[];
  statuses: Map<string, string>;
  ms: number;
}

/** The account the last scenario built, for the fidelity shims of the scenarios that reuse it. */
let lastBuilt: Built | undefined;

export async function runSnowflakeScenario(endpoint: string, key: KeyMaterial, s: SnowflakeScenario = {}): Promise<SnowflakeResult> {
  if (!s.reuseAws || !lastBuilt) {
    await resetMoto(endpoint);
    lastBuilt = await buildArchitecture(testClients(endpoint), s.deviations ?? []);
  }
  const built: Built = lastBuilt;
  const log: FakeRequestLog[] = [];
  const account: FakeSnowflakeAccount = {
    account: SF_ACCOUNT,
    user: SF_USER,
    publicKey: key.publicKey,
    integrations: s.integrations ?? [compliantIntegration()],
    stages: s.stages ?? [compliantStage()],
    ...s.account,
  };
  const server = setupServer(
    ...(s.handlers ?? []),
    ...snowflakeSqlApiHandlers(SF_URL, account, log),
    ...fidelityShims(endpoint, { sseKmsEncryptedObjects: built.sseKmsEncryptedObjects }),
  );
  server.listen({ onUnhandledRequest: 'bypass' });
  const profile = s.profile ?? snowflakeProfile(key);
  const clients = scannerClients(endpoint);
  const saved = process.env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE;
  process.env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE = PASSPHRASE;
  const started = performance.now();
  try {
    const connection = await resolveConnection(profile);
    const snowflake = new SnowflakeSqlClient({ connection, stats: clients.stats, ...(s.timeoutMs ? { timeoutMs: s.timeoutMs } : {}) });
    const report = await scanAwsAccount({ clients, profile, snowflake, cost: false });
    return {
      report,
      built,
      log,
      statuses: new Map(report.findings.map((f) => [`${f.ruleId}@${f.resource.name}`, f.status])),
      ms: performance.now() - started,
    };
  } finally {
    if (saved === undefined) delete process.env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE;
    else process.env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE = saved;
    server.close();
    clients.destroy();
  }
}

export const snowflakeStatuses = (r: SnowflakeResult): Record<string, string> =>
  Object.fromEntries([...r.statuses].filter(([k]) => k.startsWith('snowflake-')).sort(([a], [b]) => a.localeCompare(b)));

export const message = (r: SnowflakeResult, key: string): string => r.report.findings.find((f) => `${f.ruleId}@${f.resource.name}` === key)?.message ?? `no finding ${key}`;
