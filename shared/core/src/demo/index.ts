/**
 * `envelope demo`: the real collectors against an in-process emulation of a demo AWS account.
 * No network (msw answers every request, and refuses any it does not know), no credentials.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { delay, http, type HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { createDemoHandlers } from './aws-handlers.js';
import { demoFixture, type DemoFixture } from './fixture.js';
import { jwtAccount, type SnowflakeConnection } from '../collect/snowflake/config.js';
import { snowflakeSqlApiHandlers, type FakeRequestLog } from './snowflake-sql-api.js';

export { createDemoHandlers } from './aws-handlers.js';
export * from './fixture.js';
export * from './snowflake-sql-api.js';
export { demoSnowflake, RECREATED_EXTERNAL_ID, type DemoSnowflake } from './snowflake-fixture.js';

export interface DemoEnvironment {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /** The demo Snowflake account's SQL API (a key pair made for this run), when the fixture has one. */
  snowflake?: SnowflakeConnection;
}

export interface DemoOptions {
  /** Another account to serve (tests); the demo account by default. */
  fixture?: DemoFixture;
  /** Delay every answer by this much (benchmarks of throughput under latency). */
  latencyMs?: number;
  /** Handlers that answer before the account's (tests: a read that fails, a field left out). */
  handlers?: HttpHandler[];
  /** Receives every SQL API request the demo Snowflake account answers (tests count round trips). */
  snowflakeLog?: FakeRequestLog[];
}

let active = false;

/**
 * Runs fn while msw serves the demo account, then always stops serving. fn must build its
 * AwsClients inside, with the region and credentials given. While it runs, the AWS environment
 * variables and shared config files that could redirect or reconfigure SDK clients are hidden from
 * the process, and restored afterwards. Not re-entrant: msw patches process-wide HTTP.
 */
export async function withDemoAccount<T>(fn: (env: DemoEnvironment) => Promise<T>, options: DemoOptions = {}): Promise<T> {
  if (active) throw new Error('withDemoAccount is already running in this process');
  active = true;
  const restoreEnv = isolateAwsEnvironment();
  const latencyMs = options.latencyMs ?? 0;
  const lag = http.all('*', async () => {
    await delay(latencyMs);
    return undefined; // fall through to the account's handlers
  });
  const fixture = options.fixture ?? demoFixture;
  const snowflake = fixture.snowflake ? demoSnowflakeAccount(fixture.snowflake) : undefined;
  const server = setupServer(
    ...(latencyMs > 0 ? [lag] : []),
    ...(options.handlers ?? []),
    ...createDemoHandlers(fixture),
    ...(snowflake ? snowflakeSqlApiHandlers(snowflake.connection.baseUrl, snowflake.account, options.snowflakeLog) : []),
  );
  try {
    server.listen({ onUnhandledRequest: 'error' });
    return await fn({
      region: 'eu-west-1',
      credentials: async () => ({ accessKeyId: 'DEMO', secretAccessKey: 'demo' }),
      ...(snowflake ? { snowflake: snowflake.connection } : {}),
    });
  } finally {
    server.close();
    restoreEnv();
    active = false;
  }
}

const HIDDEN =
  /^AWS_(ENDPOINT_URL(_.+)?|IGNORE_CONFIGURED_ENDPOINT_URLS|PROFILE|DEFAULT_PROFILE|USE_FIPS_ENDPOINT|USE_DUALSTACK_ENDPOINT|REGION|DEFAULT_REGION|ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|CONFIG_FILE|SHARED_CREDENTIALS_FILE)$/;

/** Hides the caller's AWS settings; returns the function that puts them back. */
function isolateAwsEnvironment(): () => void {
  const saved = Object.entries(process.env).filter(([k]) => HIDDEN.test(k));
  for (const [k] of saved) delete process.env[k];
  // Shared config files that do not exist, so ~/.aws cannot add an endpoint_url, FIPS or
  // dual-stack setting to the demo's clients.
  const nowhere = join(tmpdir(), `envelope-demo-${randomUUID()}`);
  const set = { AWS_CONFIG_FILE: join(nowhere, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(nowhere, 'credentials'), AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' };
  Object.assign(process.env, set);
  return () => {
    for (const k of Object.keys(set)) delete process.env[k];
    for (const [k, v] of saved) process.env[k] = v;
  };
}

/** The demo's Snowflake account with a key pair made for this run: nothing secret ships with the demo. */
function demoSnowflakeAccount(sf: NonNullable<DemoFixture['snowflake']>) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const connection: SnowflakeConnection = {
    account: sf.account,
    accountForJwt: jwtAccount(sf.account),
    user: sf.user,
    role: sf.role,
    baseUrl: `https://${sf.account.toLowerCase()}.snowflakecomputing.com`,
    privateKey,
  };
  return { connection, account: { account: jwtAccount(sf.account), user: sf.user, publicKey, integrations: sf.integrations, stages: sf.stages, partitionRows: 2 } };
}
