/**
 * The collector against the SQL API fake (msw; JWTs verified): what it reads, the 10,000-row
 * fallback, and the statements and round trips a scan makes — the figures the README quotes.
 */
import { generateKeyPairSync } from 'node:crypto';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3IntegrationRows, snowflakeSqlApiHandlers, type FakeRequestLog, type FakeSnowflakeAccount, type FakeStage } from '../../demo/snowflake-sql-api.js';
import { parseProfile } from '../../profile/load.js';
import { jwtAccount, type SnowflakeConnection } from './config.js';
import { collectSnowflakeInventory } from './inventory.js';
import { SnowflakeSqlClient } from './sql-api.js';

const URL = 'http://127.0.0.1:9';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const connection: SnowflakeConnection = { account: 'acme-test', accountForJwt: jwtAccount('acme-test'), user: 'SCANNER', role: 'AUDIT', baseUrl: URL, privateKey };
const profile = parseProfile({ name: 't', snowflake: { owners: { 'FINANCE.*.*': 'finance' } } }, 'test');

const integration = (i: number) => ({
  name: `INT_${i}`,
  properties: s3IntegrationRows({ roleArn: `arn:aws:iam::111122223333:role/sf-${i}`, userArn: 'arn:aws:iam::999988887777:user/abc1-s-x', externalId: `ACME_SFCRole=2_${i}=`, allowed: [`s3://bucket-${i}/data/`] }),
});
const stages = (n: number, db: (i: number) => string, schema: (i: number) => string = () => 'PUBLIC', integrations = 1): FakeStage[] =>
  Array.from({ length: n }, (_, i) => ({ database: db(i), schema: schema(i), name: `STAGE_${i}`, url: `s3://bucket-${i % integrations}/data/${i}/`, storageIntegration: `INT_${i % integrations}` }));

const log: FakeRequestLog[] = [];
const server = setupServer();

async function collect(a: Omit<FakeSnowflakeAccount, 'account' | 'user' | 'publicKey'>) {
  const account: FakeSnowflakeAccount = { account: 'ACME-TEST', user: 'SCANNER', publicKey, ...a };
  server.resetHandlers(...snowflakeSqlApiHandlers(URL, account, log));
  log.length = 0;
  const client = new SnowflakeSqlClient({ connection });
  const inv = await collectSnowflakeInventory({ client, profile });
  return { inv, statements: client.stats.total(), roundTrips: client.stats.totalAttempts(), byOperation: client.stats.byOperation() };
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('collectSnowflakeInventory', () => {
  it('reads DESC rows by property and SHOW STAGES columns, with snowflake:// ids, owners and the AWS scope', async () => {
    const { inv } = await collect({ integrations: [integration(0)], stages: [{ database: 'FINANCE', schema: 'RAW', name: 'LEDGER', url: 's3://bucket-0/data/ledger/', storageIntegration: 'INT_0', owner: 'FIN_ADMIN' }, { database: 'OPS', schema: 'RAW', name: 'LOGS', url: 's3://ops-logs/x/', hasCredentials: true, owner: 'OPS_ADMIN' }, { database: 'OPS', schema: 'RAW', name: 'INTERNAL', url: '', type: 'INTERNAL' }] });
    expect(inv.integrations).toEqual([
      expect.objectContaining({ id: 'snowflake://ACME-TEST/INT_0', name: 'INT_0', properties: { state: 'present', value: expect.objectContaining({ STORAGE_AWS_EXTERNAL_ID: 'ACME_SFCRole=2_0=', STORAGE_ALLOWED_LOCATIONS: 's3://bucket-0/data/', ENABLED: 'true' }) } }),
    ]);
    expect(inv.stages.map((s) => [s.id, s.owner])).toEqual([
      ['snowflake://ACME-TEST/FINANCE.RAW.LEDGER', 'finance'],
      ['snowflake://ACME-TEST/OPS.RAW.LOGS', 'OPS_ADMIN'],
    ]);
    expect(inv.stages[1]!.properties).toEqual({ state: 'present', value: expect.objectContaining({ URL: '["s3://ops-logs/x/"]', HAS_CREDENTIALS: 'Y', OWNER: 'OPS_ADMIN' }) });
    expect(inv.stages[1]!.properties.state === 'present' && inv.stages[1]!.properties.value.STORAGE_INTEGRATION).toBe(undefined);
    expect(inv.scope).toEqual({ roleArns: ['arn:aws:iam::111122223333:role/sf-0'], buckets: ['bucket-0', 'ops-logs'] });
    expect(inv.listing).toEqual({ account: 'ACME-TEST', integrations: { state: 'present', value: ['INT_0'] }, stages: { state: 'present', value: 2 } });
  });

  it('12,000 stages: SHOW STAGES IN ACCOUNT stops at 10,000, so each database is listed on its own', async () => {
    const r = await collect({ integrations: [integration(0)], stages: stages(12_000, (i) => `DB_${i % 3}`) });
    expect(r.inv.stages).toHaveLength(12_000);
    expect(new Set(r.inv.stages.map((s) => s.id)).size).toBe(12_000);
    expect(r.inv.listing.stages).toEqual({ state: 'present', value: 12_000 });
    expect(r.inv.gaps).toEqual([]);
    expect(r.byOperation).toEqual({ 'snowflake:DESC STORAGE INTEGRATION': 1, 'snowflake:SHOW DATABASES': 1, 'snowflake:SHOW STAGES IN ACCOUNT': 1, 'snowflake:SHOW STAGES IN DATABASE': 3, 'snowflake:SHOW STORAGE INTEGRATIONS': 1 });
    // 1,000-row partitions: 10 for the capped account listing, 4 for each database.
    expect(r.roundTrips).toBe(1 + 1 + 10 + 1 + 3 * 4);
    console.log(`12,000 stages in 3 databases: ${r.statements} statements, ${r.roundTrips} round trips (1,000-row partitions)`);
  });

  it('a database at the cap is listed per schema; a schema at the cap is a gap, never a silent cut', async () => {
    const r = await collect({ integrations: [integration(0)], stages: stages(10_500, () => 'BIG', (i) => (i < 600 ? 'SMALL' : 'HUGE')), partitionRows: 5000 });
    expect(r.byOperation['snowflake:SHOW SCHEMAS IN DATABASE']).toBe(1);
    expect(r.byOperation['snowflake:SHOW STAGES IN SCHEMA']).toBe(2);
    expect(r.inv.stages).toHaveLength(10_500);
    expect(r.inv.listing.stages).toEqual({ state: 'present', value: 10_500 });

    // Exactly 10,000 rows may be the cap: the listing cannot be known complete.
    const capped = await collect({ integrations: [integration(0)], stages: stages(10_200, () => 'BIG', () => 'ONE'), partitionRows: 5000 });
    expect(capped.inv.listing.stages.state).toBe('unknown');
    expect(capped.inv.gaps.map((g) => g.reason)).toContainEqual(expect.stringContaining('SHOW STAGES IN SCHEMA BIG.ONE stopped at 10000 rows'));
  });

  it('100 stages: statements and round trips (the README figures)', async () => {
    const one = await collect({ integrations: [integration(0)], stages: stages(100, () => 'DB') });
    expect([one.statements, one.roundTrips]).toEqual([3, 3]);
    const ten = await collect({ integrations: Array.from({ length: 10 }, (_, i) => integration(i)), stages: stages(100, () => 'DB', () => 'PUBLIC', 10) });
    expect([ten.statements, ten.roundTrips]).toEqual([12, 12]);
    const each = await collect({ integrations: Array.from({ length: 100 }, (_, i) => integration(i)), stages: stages(100, () => 'DB', () => 'PUBLIC', 100) });
    expect([each.statements, each.roundTrips]).toEqual([102, 102]);
    const small = await collect({ integrations: [integration(0)], stages: stages(100, () => 'DB'), partitionRows: 10 });
    expect([small.statements, small.roundTrips]).toEqual([3, 12]);
    const slow = await collect({ integrations: [integration(0)], stages: stages(100, () => 'DB'), asyncStatements: /^SHOW STAGES/, pendingPolls: 0 });
    expect([slow.statements, slow.roundTrips]).toEqual([3, 4]);
    console.log(
      [
        '100 stages, 1 integration: 3 statements, 3 round trips',
        '100 stages, 10 integrations: 12 statements, 12 round trips',
        '100 stages, 100 integrations: 102 statements, 102 round trips',
        '100 stages, 1 integration, 10-row partitions: 3 statements, 12 round trips',
        '100 stages, 1 integration, SHOW STAGES answered 202 once: 3 statements, 4 round trips',
      ].join('\n'),
    );
  });

  it('quotes identifiers as SHOW printed them', async () => {
    await collect({ integrations: [{ ...integration(0), name: 'my "odd" int' }], stages: [] });
    expect(log.map((l) => l.statement)).toContain('DESC STORAGE INTEGRATION "my ""odd"" int"');
  });
});
