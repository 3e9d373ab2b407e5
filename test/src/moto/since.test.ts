/**
 * Incremental scans (--since) against moto. The bucket changes are real (made on moto between the
 * scans); CloudTrail's LookupEvents is answered by msw in front of moto, because moto records no
 * event for the API calls it serves, and its LookupEvents with a ReadOnly lookup attribute fails
 * with HTTP 500 (src/cli/since-cli.test.ts shows the full-scan fallback that gives). Every other
 * request passes through to moto, and a listener counts the S3 requests per bucket so the test can
 * say which were read again.
 */
import { DisableKeyRotationCommand } from '@aws-sdk/client-kms';
import { PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { reportSchema, scanAwsAccount, type Report } from '@envelope/core';
import { http, HttpResponse, type JsonBodyType, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildArchitecture, LOG_BUCKET, REGION, REPLICA_BUCKET, REPLICA_LOG_BUCKET, STAGE_BUCKET, testClients, type Built } from './architecture.js';
import { fidelityShims } from './fidelity-shims.js';
import { resetMoto } from './moto-server.js';
import { motoProfile, scannerClients } from './scan-moto.js';

const endpoint = inject('motoEndpoint');

interface Run {
  report: Report;
  /** S3 requests per bucket name (the listing, GetBucketLocation included, and account-level calls excluded). */
  s3ByBucket: Map<string, number>;
  lookups: number;
  notices: string[];
}

/** Answers one LookupEvents page in one Region (CloudTrail keeps each Region's events apart). */
type Lookup = (page: number, region: string) => Response;

async function scan(built: Built, lookup: Lookup, since?: Report): Promise<Run> {
  const s3ByBucket = new Map<string, number>();
  let lookups = 0;
  const cloudtrail: RequestHandler = http.post(`${endpoint}/`, async ({ request }) => {
    if (!request.headers.get('x-amz-target')?.endsWith('.LookupEvents')) return undefined;
    const body = (await request.json()) as { NextToken?: string; LookupAttributes?: { AttributeKey: string; AttributeValue: string }[] };
    expect(body.LookupAttributes).toEqual([{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }]);
    lookups++;
    const region = /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
    return lookup(body.NextToken ? Number(body.NextToken) : 0, region);
  });
  const server = setupServer(cloudtrail, ...fidelityShims(endpoint, { sseKmsEncryptedObjects: built.sseKmsEncryptedObjects }));
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    // GetBucketLocation belongs to the listing: moto's ListBuckets gives no BucketRegion (AWS's does).
    if (request.headers.get('x-amz-target') || url.pathname.startsWith('/v2018') || url.searchParams.has('location') || (request.method === 'POST' && url.pathname === '/')) return;
    const bucket = url.pathname.split('/').filter(Boolean)[0];
    if (bucket && !bucket.startsWith('moto-api')) s3ByBucket.set(bucket, (s3ByBucket.get(bucket) ?? 0) + 1);
  });
  server.listen({ onUnhandledRequest: 'bypass' });
  const clients = scannerClients(endpoint);
  const notices: string[] = [];
  try {
    const report = await scanAwsAccount({
      clients,
      profile: motoProfile,
      ...(since ? { since: { file: 'previous.json', raw: JSON.parse(JSON.stringify(since)) }, onNotice: (m: string) => notices.push(m) } : {}),
    });
    return { report, s3ByBucket, lookups, notices };
  } finally {
    server.close();
    clients.destroy();
  }
}

const json = (body: JsonBodyType, status = 200) => HttpResponse.json(body, { status, headers: { 'content-type': 'application/x-amz-json-1.1' } });
const noEvents: Lookup = () => json({ Events: [] });

/** One PutBucketPublicAccessBlock on `bucket`, on the second page (the first is empty, with a NextToken). */
const publicAccessBlockChanged =
  (bucket: string): Lookup =>
  (page, region) => {
    if (region !== REGION) return json({ Events: [] });
    if (page === 0) return json({ Events: [], NextToken: '1' });
    const event = {
      EventId: 'e1',
      EventName: 'PutBucketPublicAccessBlock',
      ReadOnly: 'false',
      EventTime: Date.now() / 1000,
      EventSource: 's3.amazonaws.com',
      Resources: [{ ResourceType: 'AWS::S3::Bucket', ResourceName: bucket }],
      CloudTrailEvent: JSON.stringify({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketPublicAccessBlock', requestParameters: { bucketName: bucket } }),
    };
    return json({ Events: [event] });
  };

/** One DisableKeyRotation on `keyArn`, named as CloudTrail names it (Resources by ARN, requestParameters by key id). */
const rotationDisabled =
  (keyArn: string): Lookup =>
  (_page, region) => {
    if (region !== keyArn.split(':')[3]) return json({ Events: [] });
    const event = {
      EventId: 'e2',
      EventName: 'DisableKeyRotation',
      ReadOnly: 'false',
      EventTime: Date.now() / 1000,
      EventSource: 'kms.amazonaws.com',
      Resources: [{ ResourceType: 'AWS::KMS::Key', ResourceName: keyArn }],
      CloudTrailEvent: JSON.stringify({ eventSource: 'kms.amazonaws.com', eventName: 'DisableKeyRotation', requestParameters: { keyId: keyArn.split('/').pop() } }),
    };
    return json({ Events: [event] });
  };

const status = (r: Report, rule: string, bucket: string) => r.findings.find((f) => f.ruleId === rule && f.resource.name === bucket);
const reads = (run: Run, bucket: string) => run.s3ByBucket.get(bucket) ?? 0;

describe('--since: incremental scans on moto, LookupEvents from msw', () => {
  let built: Built;
  let first: Run;
  beforeAll(async () => {
    await resetMoto(endpoint);
    built = await buildArchitecture(testClients(endpoint), []);
    first = await scan(built, noEvents);
  });

  it('the first (full) scan records what the next needs: the fingerprint and what each bucket uses', () => {
    expect(first.report.profile.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(first.report.incremental).toBeUndefined();
    expect(first.lookups).toBe(0);
    const stage = first.report.resources.find((r) => r.name === STAGE_BUCKET);
    expect(stage?.uses).toEqual(expect.arrayContaining([built.keyArn, `arn:aws:s3:::${LOG_BUCKET}`, `arn:aws:s3:::${REPLICA_BUCKET}`]));
    for (const b of [STAGE_BUCKET, LOG_BUCKET, REPLICA_BUCKET, REPLICA_LOG_BUCKET]) expect(reads(first, b), b).toBeGreaterThan(5);
    expect(status(first.report, 's3-bucket-public-access-block', STAGE_BUCKET)?.status).toBe('pass');
  });

  it('nothing changed: no bucket is read again, every finding carries over with its observation time', async () => {
    const second = await scan(built, noEvents, first.report);
    expect(second.report.incremental).toMatchObject({ mode: 'incremental', events: 0, rescanned: { buckets: [] }, carried: { buckets: 4 } });
    expect([...second.s3ByBucket.keys()]).toEqual([]);
    expect(second.report.stats.apiCallsByOperation['s3:GetBucketVersioning'] ?? 0).toBe(0);
    const key = (f: Report['findings'][number]) => `${f.ruleId}@${f.resource.id}=${f.status}`;
    expect(second.report.findings.map(key).sort()).toEqual(first.report.findings.map(key).sort());
    const carried = second.report.findings.filter((f) => f.resource.type === 'bucket');
    expect(carried.length).toBeGreaterThan(0);
    for (const f of carried) expect(f.observedAt).toBe(first.report.scannedAt);
  });

  it('a change made after the first scan is picked up; the unchanged, unlinked bucket is not read again', async () => {
    // The change, for real on moto: acme-stage stops blocking public ACLs.
    await testClients(endpoint)
      .s3(REGION)
      .send(new PutPublicAccessBlockCommand({ Bucket: STAGE_BUCKET, PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }));
    const second = await scan(built, publicAccessBlockChanged(STAGE_BUCKET), first.report);
    expect(second.lookups).toBeGreaterThanOrEqual(2);
    expect(second.report.incremental?.mode).toBe('incremental');
    expect(second.report.incremental?.events).toBeGreaterThanOrEqual(1);
    expect(reportSchema.safeParse(second.report).error).toBeUndefined();
    // Re-read: the changed bucket, and the buckets linked to it (its log target, its replica).
    expect(second.report.incremental?.rescanned?.buckets).toEqual([STAGE_BUCKET, LOG_BUCKET, REPLICA_BUCKET].sort());
    expect(reads(second, STAGE_BUCKET)).toBe(reads(first, STAGE_BUCKET));
    expect(reads(second, REPLICA_LOG_BUCKET)).toBe(0);
    expect(second.report.stats.apiCallsByOperation['s3:GetPublicAccessBlock']).toBe(3);

    const changed = status(second.report, 's3-bucket-public-access-block', STAGE_BUCKET);
    expect(changed?.status).toBe('fail');
    expect(changed?.observedAt).toBeUndefined();
    const untouched = status(second.report, 's3-bucket-public-access-block', REPLICA_LOG_BUCKET);
    expect(untouched?.observedAt).toBe(first.report.scannedAt);
    expect(untouched?.status).toBe(status(first.report, 's3-bucket-public-access-block', REPLICA_LOG_BUCKET)?.status);
    expect(second.report.resources.find((r) => r.name === REPLICA_LOG_BUCKET)?.observedAt).toBe(first.report.scannedAt);
    // No finding passes in the incremental report that did not pass in a full scan of the same account now.
    const full = await scan(built, noEvents);
    const fullStatus = new Map(full.report.findings.map((f) => [`${f.ruleId}@${f.resource.id}`, f.status]));
    for (const f of second.report.findings) {
      if (f.status === 'pass') expect(fullStatus.get(`${f.ruleId}@${f.resource.id}`), `${f.ruleId}@${f.resource.name}`).toBe('pass');
      if (f.status === 'fail') expect(fullStatus.get(`${f.ruleId}@${f.resource.id}`), `${f.ruleId}@${f.resource.name}`).toBe('fail');
    }
    expect(second.report.findings.length).toBe(full.report.findings.length);
    const unknowns = (r: Report) => r.findings.filter((f) => f.status === 'unknown').length;
    console.log(
      `--since after one change: ${second.report.stats.apiCallsTotal} calls (full scan ${full.report.stats.apiCallsTotal}), ${unknowns(second.report)} unknown (full scan ${unknowns(full.report)})`,
    );
  });

  it('a key change re-reads the buckets that use the key, and the key; the rest carries over', async () => {
    await testClients(endpoint).kms(REGION).send(new DisableKeyRotationCommand({ KeyId: built.keyArn }));
    const users = first.report.resources.filter((r) => r.type === 'bucket' && r.uses?.includes(built.keyArn)).map((r) => r.name);
    expect(users).toContain(STAGE_BUCKET);
    const run = await scan(built, rotationDisabled(built.keyArn), first.report);
    expect(run.report.incremental?.mode).toBe('incremental');
    for (const b of users) expect(run.report.incremental?.rescanned?.buckets, b).toContain(b);
    const rotation = run.report.findings.find((f) => f.ruleId === 'kms-rotation-enabled' && f.resource.id === built.keyArn);
    expect([rotation?.status, rotation?.observedAt]).toEqual(['fail', undefined]);
    // Exactly the users and the buckets linked to them are read; any other bucket is not.
    const arn = (n: string) => `arn:aws:s3:::${n}`;
    const buckets = first.report.resources.filter((r) => r.type === 'bucket');
    const linked = new Set(users);
    for (const b of buckets) {
      if (users.includes(b.name)) for (const u of b.uses ?? []) if (u.startsWith('arn:aws:s3:::')) linked.add(u.slice('arn:aws:s3:::'.length));
      if ((b.uses ?? []).some((u) => users.map(arn).includes(u))) linked.add(b.name);
    }
    expect(run.report.incremental?.rescanned?.buckets).toEqual([...linked].sort());
    for (const b of buckets) if (!linked.has(b.name)) expect(reads(run, b.name), b.name).toBe(0);
  });

  it('events that cannot be read (AccessDenied): a full scan, with the notice and the reason in the report', async () => {
    const denied: Lookup = () => json({ __type: 'AccessDeniedException', message: 'User is not authorized to perform: cloudtrail:LookupEvents' }, 400);
    const run = await scan(built, denied, first.report);
    expect(run.notices).toEqual([expect.stringMatching(/^--since previous\.json: a full scan instead: CloudTrail events could not be read: access denied to cloudtrail:LookupEvents/)]);
    expect(run.report.incremental).toMatchObject({ mode: 'full', since: { file: 'previous.json', scannedAt: first.report.scannedAt } });
    for (const b of [STAGE_BUCKET, LOG_BUCKET, REPLICA_BUCKET, REPLICA_LOG_BUCKET]) expect(reads(run, b), b).toBeGreaterThan(5);
    expect(run.report.findings.some((f) => f.observedAt !== undefined)).toBe(false);
  });

  it('a report of another profile, or too old, or of an unknown schema: a full scan saying why', async () => {
    const other = { ...first.report, profile: { ...first.report.profile, fingerprint: '0'.repeat(64) } };
    expect((await scan(built, noEvents, other)).report.incremental?.reason).toMatch(/different profile, --region filter/);
    const old = { ...first.report, scannedAt: new Date(Date.now() - 95 * 86_400_000).toISOString() };
    expect((await scan(built, noEvents, old)).report.incremental?.reason).toMatch(/event history reaches back only 90 days/);
    const newer = { ...first.report, schemaVersion: 2 } as unknown as Report;
    const run = await scan(built, noEvents, newer);
    expect(run.report.incremental?.reason).toBe('the previous report has schemaVersion 2; this envelope reads 1');
    expect(run.lookups).toBe(0);
  });
});
