/**
 * Bench: a team page request for a target of 1,000 buckets, served from the plugin database by the
 * real plugin (startTestBackend, supertest), and the stored size of that scan.
 *
 *   npm run bench --workspace @envelope/plugin-envelope-backend
 *   (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=… adds a PostgreSQL run)
 *
 * The report: the core's demo scan, its buckets repeated to 1,000 (names, ARNs and owners
 * renamed; findings and cost lines copied), 900 of them owned by one team — a large team page.
 * The scan goes through the plugin's real path: projection, ownership, store.
 */
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AwsClients, parseProfile, scanAwsAccount, type Report } from '@envelope/core';
import { demoProfile, withDemoAccount } from '@envelope/core/demo';
import knexFactory, { type Knex } from 'knex';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { createEnvelopePlugin } from '../src/plugin.js';

const BUCKETS = 1000;
const TEAM_SHARE = 0.9;
const RUNS = 30;

async function demoReport(): Promise<Report> {
  return withDemoAccount(async ({ region, credentials }) => {
    const clients = new AwsClients({ defaultRegion: region, credentials });
    try {
      return await scanAwsAccount({ clients, profile: parseProfile(demoProfile, 'demo'), sourceKind: 'demo' });
    } finally {
      clients.destroy();
    }
  });
}

/** The demo report with its buckets repeated to `n`, each copy renamed (name, ARN, owner). */
function scaled(base: Report, n: number): Report {
  const buckets = base.resources.filter((r) => r.type === 'bucket');
  const resources: Report['resources'] = base.resources.filter((r) => r.type !== 'bucket');
  const findings = base.findings.filter((f) => f.resource.type !== 'bucket');
  const lines = (base.cost?.lines ?? []).filter((l) => !buckets.some((b) => b.id === l.resourceId));
  for (let i = 0; i < n; i++) {
    const b = buckets[i % buckets.length]!;
    const name = `${b.name}-${String(i).padStart(4, '0')}`;
    const id = `arn:aws:s3:::${name}`;
    const owner = i < n * TEAM_SHARE ? 'data-platform' : 'ml-platform';
    resources.push({ ...b, id, name, owner });
    for (const f of base.findings) if (f.resource.id === b.id) findings.push({ ...f, resource: { ...f.resource, id, name, owner } });
    for (const l of base.cost?.lines ?? []) if (l.resourceId === b.id) lines.push({ ...l, resourceId: id });
  }
  return { ...base, resources, findings, cost: base.cost ? { ...base.cost, lines } : null };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function bench(label: string, knex: Knex, report: Report, sizeOf: () => Promise<number>) {
  const before = await sizeOf();
  const started = performance.now();
  const backend = await startTestBackend({
    features: [
      createEnvelopePlugin({ scan: async () => ({ report, chain: null }) }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({ data: { envelope: { targets: [{ id: 'big', demo: true }], schedule: { frequency: { hours: 6 }, timeout: { minutes: 10 } } } } }),
      mockServices.scheduler.factory(),
      catalogServiceMock.factory({
        entities: ['data-platform', 'ml-platform'].map((name) => ({ apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name, namespace: 'default' }, spec: { type: 'team', children: [] } })),
      }),
    ],
  });
  const stored = performance.now() - started;
  const auth = mockCredentials.user.header('user:default/alice');
  const team = encodeURIComponent('group:default/data-platform');
  const cases: Array<[string, string]> = [
    ['team page (first 50, worst first)', `/api/envelope/teams/${team}/resources`],
    ['team page, failing + high, by cost', `/api/envelope/teams/${team}/resources?status=fail&severity=high&sort=cost`],
    ['team page, search', `/api/envelope/teams/${team}/resources?q=stage-05`],
    ['teams summary', `/api/envelope/teams`],
  ];
  const out: string[] = [];
  for (const [name, path] of cases) {
    const times: number[] = [];
    let body: { total?: number; teams?: unknown[] } = {};
    for (let i = 0; i < RUNS + 3; i++) {
      const t = performance.now();
      const res = await request(backend.server).get(path).set('Authorization', auth).expect(200);
      if (i >= 3) times.push(performance.now() - t);
      body = res.body;
    }
    out.push(`  ${name}: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (${RUNS} requests; ${body.total ?? body.teams?.length} rows)`);
  }
  const first = (await request(backend.server).get('/api/envelope/scans').set('Authorization', auth).expect(200)).body.items[0];
  const after = await sizeOf();
  const [parts] = (await knex('scans')
    .join('resources', 'resources.scan_id', 'scans.id')
    .where('scans.id', first.id)
    .select(knex.raw('max(length(scans.report_gz)) as report, sum(length(resources.detail_gz)) as detail, sum(length(resources.row)) as rows'))) as Array<{ report: number; detail: number; rows: number }>;
  // More scans: each one's rows replace the previous scan's, which stays in the history as summary + gzip report.
  const growth: string[] = [];
  let last = after;
  for (let i = 2; i <= 4; i++) {
    await request(backend.server).post('/api/envelope/scans').set('Authorization', auth).send({}).expect(202);
    const now = await sizeOf();
    growth.push(`scan ${i} +${((now - last) / 1e6).toFixed(2)} MB`);
    last = now;
  }
  await backend.stop();
  process.stdout.write(
    `${label}: scan of ${BUCKETS} buckets stored in ${stored.toFixed(0)} ms (startup + projection + insert); ${first.resources} rows\n` +
      `${out.join('\n')}\n  stored size of the scan: ${((after - before) / 1e6).toFixed(2)} MB on disk (report gzip ${(Number(parts?.report) / 1e6).toFixed(2)} MB, per-row detail gzip ${(Number(parts?.detail) / 1e6).toFixed(2)} MB, row JSON ${(Number(parts?.rows) / 1e6).toFixed(2)} MB, plus indexes)\n  further scans (older rows dropped, history keeps the gzip report): ${growth.join(', ')}\n`,
  );
}

const base = await demoReport();
const report = scaled(base, BUCKETS);
const json = JSON.stringify(report);
process.stdout.write(`report: ${BUCKETS} buckets, ${report.findings.length} findings, ${report.cost?.lines.length ?? 0} cost lines, ${(json.length / 1e6).toFixed(1)} MB JSON\n`);

const dir = mkdtempSync(join(tmpdir(), 'envelope-bench-'));
const file = join(dir, 'envelope.sqlite');
const sqlite = knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
await bench('SQLite (better-sqlite3, file)', sqlite, report, async () => statSync(file, { throwIfNoEntry: false })?.size ?? 0);
await sqlite.destroy();

const pgUrl = Object.entries(process.env).find(([k]) => /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(k))?.[1];
if (pgUrl) {
  const admin = knexFactory({ client: 'pg', connection: pgUrl });
  const db = `envelope_bench_${Date.now()}`;
  await admin.raw(`create database ${db}`);
  const url = new URL(pgUrl);
  url.pathname = `/${db}`;
  const pg = knexFactory({ client: 'pg', connection: url.toString() });
  await bench('PostgreSQL', pg, report, async () => Number((await pg.raw('select pg_database_size(current_database()) as n')).rows[0].n));
  await pg.destroy();
  await admin.raw(`drop database ${db}`);
  await admin.destroy();
}
