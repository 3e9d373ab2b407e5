/**
 * The real plugin in startTestBackend, on SQLite and on a real PostgreSQL (TestDatabases; .ci/run
 * starts one and hands its URL over BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING), scanning
 * the moto account: the scheduled scan is stored and served; a failing scan keeps the last good
 * result and marks it stale; a new backend on the same database keeps the history; every route but
 * /health refuses unauthenticated calls; bad queries are 400s naming the parameter.
 */
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend, TestDatabases, type TestDatabaseId } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { ResourceDetail, ResourcesResponse, ScansResponse, TeamsResponse } from '@envelope/plugin-envelope-common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelopePlugin } from './plugin.js';
import { scanTarget, type ScanFn } from './scan-runner.js';
import { motoProfileInput, startMotoAccount } from './testing/moto-target.js';
import type { MotoServer } from '../../../test/src/moto/moto-server.js';

/** The PostgreSQL whose URL is given (.ci/run starts Debian's and names its major version), else 15. */
const pgMajor = Object.keys(process.env)
  .map((k) => /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(k)?.[1])
  .find((v) => v !== undefined);
const PG = `POSTGRES_${pgMajor ?? '15'}` as TestDatabaseId;
if (process.env.CI && !pgMajor) {
  // In CI the PostgreSQL case must run, against the server .ci/run starts (no Docker here).
  throw new Error('CI is set but no BACKSTAGE_TEST_DATABASE_POSTGRES<NN>_CONNECTION_STRING: .ci/run starts PostgreSQL and exports it');
}
const databases = TestDatabases.create({ ids: ['SQLITE_3', PG] });

const groups: Entity[] = [
  { apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'data-platform', namespace: 'default' }, spec: { type: 'team', children: [] } },
  { apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'platform-team', namespace: 'default', annotations: { 'envelope.dev/owners': 'platform' } }, spec: { type: 'team', children: [] } },
];

const ALICE = 'user:default/alice';
const DATA_PLATFORM = 'group:default/data-platform';

/** userInfo as a sign-in resolver would give it: alice is in data-platform. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: { principal: unknown }) {
      const ref = (credentials.principal as { userEntityRef: string }).userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: ref === ALICE ? [ref, DATA_PLATFORM] : [ref] };
    },
  }),
});

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMotoAccount();
});
afterAll(async () => {
  await moto?.stop();
});

function config(endpoint: string) {
  return {
    envelope: {
      // Object sampling off: moto refuses HeadObject on SSE-KMS objects, a gap that makes a scan partial.
      targets: [{ id: 'moto', region: 'eu-west-1', endpoint, accountId: '123456789012', profileInline: { ...motoProfileInput, s3: { objectSampleSize: 0 } }, requestTimeoutSeconds: 5 }],
      schedule: { frequency: { hours: 6 }, timeout: { minutes: 5 } },
    },
  };
}

describe.each(databases.eachSupportedId())('envelope backend on %s', (databaseId) => {
  it('stores and serves the scheduled scan, keeps it through a failed scan (stale, with why) and across a new backend instance', async () => {
    const knex = await databases.init(databaseId);
    let mode: 'good' | 'failing' | 'partial' = 'good';
    // The real scan. Failing: aimed at a closed loopback port, so the core itself fails. Partial:
    // object sampling on, which moto answers with AccessDenied — a gap in the report.
    const scan: ScanFn = (target, signal) =>
      scanTarget(
        mode === 'failing'
          ? { ...target, endpoint: 'http://127.0.0.1:9', requestTimeoutMs: 1000 }
          : mode === 'partial'
            ? { ...target, profileInline: { ...motoProfileInput, s3: { objectSampleSize: 3 } } }
            : target,
        signal,
      );
    const features = (opts: { skipTaskRunOnStartup: boolean }, entities = groups) => [
      createEnvelopePlugin({ scan }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({ data: config(moto.endpoint) }),
      mockServices.scheduler.factory(opts),
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      catalogServiceMock.factory({ entities }),
      userInfoFactory,
    ];
    const asAlice = mockCredentials.user.header(ALICE);

    // 1. Startup runs the scheduled task (the mock scheduler runs tasks on startup).
    const first = await startTestBackend({ features: features({ skipTaskRunOnStartup: false }) });
    const teams = (await request(first.server).get('/api/envelope/teams').set('Authorization', asAlice).expect(200)).body as TeamsResponse;
    expect(teams.freshness).toHaveLength(1);
    expect(teams.freshness[0]).toMatchObject({ target: 'moto', stale: false, served: { status: 'ok', trigger: 'schedule' } });
    const mine = teams.teams.find((t) => t.ref === DATA_PLATFORM);
    expect(mine).toMatchObject({ mine: true, owners: ['data-platform'] });
    expect(mine!.byType.bucket).toBe(2); // acme-stage and acme-stage-replica
    expect(teams.teams.find((t) => t.ref === 'group:default/platform-team')).toMatchObject({ mine: false, owners: ['platform'] });

    const page = (await request(first.server).get(`/api/envelope/teams/${encodeURIComponent(DATA_PLATFORM)}/resources?sort=name`).set('Authorization', asAlice).expect(200))
      .body as ResourcesResponse;
    expect(page.items.map((r) => r.name)).toEqual(['acme-stage', 'acme-stage-replica']);
    const stage = page.items[0]!;
    expect(stage.ownerRef).toBe(DATA_PLATFORM);
    expect(stage.key?.arn).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
    expect(stage.key?.status).toBe('pass');
    expect(stage.monthlyCost).toEqual(expect.any(Number));
    expect(page.monthlyCost).toBeCloseTo(page.items.reduce((s, r) => s + (r.monthlyCost ?? 0), 0), 6);
    const servedId = teams.freshness[0]!.served!.id;

    const detail = (await request(first.server).get(`/api/envelope/resource?id=${encodeURIComponent(stage.id)}`).set('Authorization', asAlice).expect(200)).body as ResourceDetail;
    // The row counts compliance findings; information (severity info) is in the detail, and fails show as notes.
    expect(detail.findings.filter((f) => f.severity !== 'info').length).toBe(Object.values(stage.counts).reduce((a, b) => a + b, 0));
    expect(stage.notes?.map((n) => n.ruleId)).toEqual(detail.findings.filter((f) => f.severity === 'info' && f.status === 'fail').map((f) => f.ruleId));
    expect(detail.findings.every((f) => f.resource.id === stage.id && f.remediation.length > 0)).toBe(true);
    expect(detail.chain?.nodes.map((n) => n.kind)).toEqual(['bucket', 'key']);

    // 2. A rescan that fails: stored as failed, the page keeps the last good rows, stale with why.
    mode = 'failing';
    const rescan = await request(first.server).post('/api/envelope/scans').set('Authorization', asAlice).send({ target: 'moto' }).expect(202);
    expect(rescan.body).toEqual({ targets: ['moto'], alreadyRunning: [] });
    const after = (await request(first.server).get(`/api/envelope/teams/${encodeURIComponent(DATA_PLATFORM)}/resources?sort=name`).set('Authorization', asAlice).expect(200))
      .body as ResourcesResponse;
    expect(after.items.map((r) => [r.name, r.scanId])).toEqual(page.items.map((r) => [r.name, servedId]));
    const fresh = after.freshness[0]!;
    expect(fresh.served?.id).toBe(servedId);
    expect(fresh.latest).toMatchObject({ status: 'failed', trigger: 'manual' });
    expect(fresh.stale).toBe(true);
    expect(fresh.staleReason).toMatch(new RegExp(`^scan #${fresh.latest!.id} at .* failed: .+`));
    expect(fresh.staleReason).not.toContain('testing'); // no credential material in reasons

    // 3. A partial scan (a gap in what it could read) does not replace the result either.
    mode = 'partial';
    await request(first.server).post('/api/envelope/scans').set('Authorization', asAlice).send({ target: 'moto' }).expect(202);
    const partial = ((await request(first.server).get('/api/envelope/teams').set('Authorization', asAlice).expect(200)).body as TeamsResponse).freshness[0]!;
    expect(partial.served?.id).toBe(servedId);
    expect(partial.latest).toMatchObject({ status: 'partial' });
    expect(partial.staleReason).toMatch(/was partial \(\d+ thing\(s\) it could not see\): arn:aws:s3:::acme-stage: object sample \(access denied to s3:HeadObject/);
    await first.stop();

    // 4. A new backend instance on the same database: history and served rows survive.
    mode = 'good';
    // Its catalog no longer has platform-team: those rows list as unowned without a rescan.
    const second = await startTestBackend({ features: features({ skipTaskRunOnStartup: true }, groups.slice(0, 1)) });
    const history = (await request(second.server).get('/api/envelope/scans?target=moto').set('Authorization', asAlice).expect(200)).body as ScansResponse;
    expect(history.items.map((s) => s.status)).toEqual(['partial', 'failed', 'ok']);
    expect(history.items[2]!.resources).toBeGreaterThanOrEqual(4);
    const again = (await request(second.server).get(`/api/envelope/teams/${encodeURIComponent(DATA_PLATFORM)}/resources`).set('Authorization', asAlice).expect(200)).body as ResourcesResponse;
    expect(again.items.map((r) => r.scanId)).toEqual([servedId, servedId]);
    expect(again.freshness[0]!.stale).toBe(true);
    const regrouped = (await request(second.server).get('/api/envelope/teams').set('Authorization', asAlice).expect(200)).body as TeamsResponse;
    expect(regrouped.teams.map((t) => [t.ref, t.owners])).toEqual([
      [DATA_PLATFORM, ['data-platform']],
      [null, ['platform']],
    ]);
    const unowned = (await request(second.server).get('/api/envelope/teams/unowned/resources').set('Authorization', asAlice).expect(200)).body as ResourcesResponse;
    expect(unowned.items.every((r) => r.ownerRef === null && r.owner === 'platform')).toBe(true);

    // 5. A good rescan on the new instance replaces the served result and clears the stale mark.
    await request(second.server).post('/api/envelope/scans').set('Authorization', asAlice).send({}).expect(202);
    const cleared = (await request(second.server).get('/api/envelope/teams').set('Authorization', asAlice).expect(200)).body as TeamsResponse;
    expect(cleared.freshness[0]).toMatchObject({ stale: false, staleReason: null, served: { status: 'ok', trigger: 'manual' } });
    expect(cleared.freshness[0]!.served!.id).toBeGreaterThan(servedId);
    // Rows of scans older than the served one are gone; their history entries stay.
    expect(Number(((await knex('resources').where({ scan_id: servedId }).count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n)).toBe(0);
    const kept = (await request(second.server).get('/api/envelope/scans').set('Authorization', asAlice).expect(200)).body as ScansResponse;
    expect(kept.items.map((s) => s.status)).toEqual(['ok', 'partial', 'failed', 'ok']);
    await second.stop();
  });
});

describe('envelope backend API guards', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>;
  beforeAll(async () => {
    server = await startTestBackend({
      features: [
        createEnvelopePlugin({ scan: async () => Promise.reject(new Error('not scanned in this suite')) }),
        mockServices.rootConfig.factory({ data: { envelope: { targets: [{ id: 'demo', demo: true }], schedule: { frequency: { hours: 6 }, timeout: { minutes: 5 } } } } }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        catalogServiceMock.factory({ entities: groups }),
        userInfoFactory,
      ],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    ['GET', '/api/envelope/teams'],
    ['GET', '/api/envelope/teams/group%3Adefault%2Fdata-platform/resources'],
    ['GET', '/api/envelope/resource?id=arn%3Aaws%3As3%3A%3A%3Ax'],
    ['GET', '/api/envelope/scans'],
    ['POST', '/api/envelope/scans'],
  ])('%s %s refuses unauthenticated calls (401)', async (method, path) => {
    const call = method === 'GET' ? request(server.server).get(path) : request(server.server).post(path);
    await call.expect(401);
    const withNone = method === 'GET' ? request(server.server).get(path) : request(server.server).post(path);
    await withNone.set('Authorization', mockCredentials.none.header()).expect(401);
    const invalid = method === 'GET' ? request(server.server).get(path) : request(server.server).post(path);
    await invalid.set('Authorization', mockCredentials.user.invalidHeader()).expect(401);
  });

  it('serves /health without credentials', async () => {
    await request(server.server).get('/api/envelope/health').expect(200, { status: 'ok' });
  });

  it.each([
    ['/teams/group%3Adefault%2Fx/resources?status=bogus', /status: unknown value "bogus" \(expected one of fail, unknown, suppressed, pass, not_applicable\)/],
    ['/teams/group%3Adefault%2Fx/resources?severity=urgent', /severity: unknown value "urgent"/],
    ['/teams/group%3Adefault%2Fx/resources?sort=size', /sort: unknown value "size"/],
    ['/teams/group%3Adefault%2Fx/resources?order=up', /order: expected asc or desc, got "up"/],
    ['/teams/group%3Adefault%2Fx/resources?limit=100000', /limit: expected an integer from 1 to 500, got "100000"/],
    ['/teams/group%3Adefault%2Fx/resources?offset=-1', /offset: expected an integer from 0 to 10000000, got "-1"/],
    ['/teams/group%3Adefault%2Fx/resources?rule=DROP%20TABLE', /rule: expected a rule id/],
    ['/teams/group%3Adefault%2Fx/resources?colour=red', /unknown query parameter 'colour'/],
    ['/teams/group%3Adefault%2Fx/resources?status=fail&status=pass', /query parameter 'status' must be given once/],
    ['/teams/bob/resources', /team: expected a Group ref such as group:default\/data-platform, or 'unowned', got "bob"/],
    ['/resource', /id: required/],
    ['/scans?target=nope', /target: unknown target "nope" \(configured: demo\)/],
  ])('GET %s is a 400 naming the parameter and value', async (path, message) => {
    const res = await request(server.server).get(`/api/envelope${path}`).set('Authorization', mockCredentials.user.header(ALICE)).expect(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(message);
  });

  it('serves empty results before the first scan, and 404 for an unknown resource', async () => {
    const teams = await request(server.server).get('/api/envelope/teams').set('Authorization', mockCredentials.user.header(ALICE)).expect(200);
    expect(teams.body).toEqual({ teams: [], freshness: [{ target: 'demo', served: null, latest: null, stale: false, staleReason: null }] });
    await request(server.server).get('/api/envelope/resource?id=arn%3Aaws%3As3%3A%3A%3Anope').set('Authorization', mockCredentials.user.header(ALICE)).expect(404);
  });

  it('refuses a rescan the permission policy denies (403)', async () => {
    const res = await request(server.server).post('/api/envelope/scans').set('Authorization', mockCredentials.user.header(ALICE)).send({}).expect(403);
    expect(res.body.error.message).toMatch(/envelope\.scan\.trigger/);
  });
});
