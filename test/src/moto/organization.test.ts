/**
 * Organisation scans on moto: three accounts of an AWS Organization (the management account and
 * two created ones), each entered through AssumeRole — moto puts the session in the account its
 * role ARN names — with buckets and a key in each. A sharded run (2 and 3 shards) merged is the
 * single run; a bucket split of one account reports each bucket, key and role once.
 *
 * msw stands in for what moto does not do: moto hands out a session for any role ARN, existing or
 * not, so the one shim refuses AssumeRole (AccessDenied, as STS words it) for a role the fixture
 * did not create.
 */
import { CreateOrganizationCommand, CreateAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketLoggingCommand, PutBucketPolicyCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AwsClients,
  exitCodeFor,
  mergeReports,
  parseProfile,
  renderJson,
  scanAccounts,
  scanAwsAccount,
  shardOf,
  type AccountsScanOptions,
  type Report,
} from '@envelope/core';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetMoto } from './moto-server.js';

const endpoint = inject('motoEndpoint');
const REGION = 'eu-west-1';
const ROLE = 'envelope-audit';
const MANAGEMENT = '123456789012';
const testing = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const profile = parseProfile({ name: 'org-audit', scope: { bucketNames: ['*'], supportBucketNames: ['*-logs'] }, regions: [REGION] }, 'org test profile');
/** Support buckets found only by what the account says (a bucket that logs into another). */
const unlisted = parseProfile({ name: 'org-audit', scope: { bucketNames: ['*'] }, regions: [REGION] }, 'org test profile without support names');

/** Roles the fixture created, by ARN: the only ones the shim lets AssumeRole into. */
const created = new Set<string>();

/** STS refuses a role that does not exist or does not trust the caller; moto does not. */
const assumeRoleShim = (): RequestHandler =>
  http.post(`${endpoint}/`, async ({ request }) => {
    const body = new URLSearchParams(await request.clone().text());
    if (body.get('Action') !== 'AssumeRole') return undefined;
    const arn = body.get('RoleArn') ?? '';
    if (created.has(arn) || arn.endsWith(':role/fixture-admin')) return undefined;
    const xml = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::${MANAGEMENT}:user/testing is not authorized to perform: sts:AssumeRole on resource: ${arn}</Message></Error><RequestId>envelope-test</RequestId></ErrorResponse>`;
    return new HttpResponse(xml, { status: 403, headers: { 'content-type': 'text/xml' } });
  });

/** The stage bucket logs into the log bucket (the log bucket's policy lets the logging service write). */
async function turnOnLogging(account: string): Promise<void> {
  const s3 = new S3Client({ endpoint, region: REGION, credentials: await credentialsIn(account), forcePathStyle: true });
  const stage = `org-${account}-stage`;
  try {
    const logs = `org-${account}-logs`;
    const logPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${logs}/*` }] };
    await s3.send(new PutBucketPolicyCommand({ Bucket: logs, Policy: JSON.stringify(logPolicy) }));
    await s3.send(new PutBucketLoggingCommand({ Bucket: stage, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: `org-${account}-logs`, TargetPrefix: 'stage/' } } }));
  } finally {
    s3.destroy();
  }
}

async function credentialsIn(account: string) {
  const sts = new STSClient({ endpoint, region: REGION, credentials: testing });
  const r = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/fixture-admin`, RoleSessionName: 'fixture' }));
  sts.destroy();
  return { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! };
}

/**
 * In each account: the audit role, a customer key, a stage bucket on it, a log bucket, two plain
 * buckets. No access logging here: moto delivers real log objects, and a log bucket that grows
 * between two scans has another storage cost in each (the bucket split below turns it on).
 */
async function buildAccount(account: string, withRole: boolean): Promise<void> {
  const credentials = await credentialsIn(account);
  const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials });
  const kms = new KMSClient({ endpoint, region: REGION, credentials });
  const s3 = new S3Client({ endpoint, region: REGION, credentials, forcePathStyle: true });
  try {
    if (withRole) {
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' }] };
      await iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify(trust) }));
      created.add(`arn:aws:iam::${account}:role/${ROLE}`);
    }
    const key = await kms.send(new CreateKeyCommand({ Description: `stage key of ${account}` }));
    const bucket = (name: string) => s3.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: REGION } }));
    const stage = `org-${account}-stage`;
    for (const name of [stage, `org-${account}-raw`, `org-${account}-archive`, `org-${account}-logs`]) await bucket(name);
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: stage,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.KeyMetadata!.Arn! }, BucketKeyEnabled: true }] },
      }),
    );
    await s3.send(new PutBucketVersioningCommand({ Bucket: stage, VersioningConfiguration: { Status: 'Enabled' } }));
  } finally {
    iam.destroy();
    kms.destroy();
    s3.destroy();
  }
}

const msw = setupServer(assumeRoleShim());
let accounts: string[] = [];
let noRole = '';

function options(extra: Partial<AccountsScanOptions> = {}): AccountsScanOptions {
  const base = new AwsClients({ defaultRegion: REGION, endpoint, credentials: async () => testing });
  return {
    base,
    clientsFor: (credentials) => new AwsClients({ defaultRegion: REGION, endpoint, credentials }),
    roleName: ROLE,
    accounts: 'organization',
    profile,
    regions: [REGION],
    ...extra,
  };
}

async function run(extra: Partial<AccountsScanOptions> = {}): Promise<Report> {
  const o = options(extra);
  try {
    return await scanAccounts(o);
  } finally {
    o.base.destroy();
  }
}

/** What "identical" compares: everything but when the run happened and what it cost in calls. */
const comparable = (r: Report) => {
  const { scannedAt: _t, stats: _s, ...rest } = r;
  return renderJson(rest as Report);
};

describe('moto: organisation scans through AssumeRole, sharded and merged', () => {
  beforeAll(async () => {
    await resetMoto(endpoint);
    created.clear();
    const org = new OrganizationsClient({ endpoint, region: 'us-east-1', credentials: testing });
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const made = [];
    for (const name of ['data', 'analytics']) made.push((await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!.AccountId!);
    org.destroy();
    accounts = [MANAGEMENT, ...made].sort();
    for (const a of accounts) await buildAccount(a, true);
    msw.listen({ onUnhandledRequest: 'bypass' });
  });
  afterAll(() => msw.close());

  it('--organization: every ACTIVE account scanned with its own session, its buckets under its id', async () => {
    const report = await run();
    expect(report.source.accounts).toEqual(accounts);
    for (const a of accounts) {
      const buckets = report.resources.filter((r) => r.type === 'bucket' && r.account === a).map((r) => r.name);
      expect(buckets.sort()).toEqual([`org-${a}-archive`, `org-${a}-logs`, `org-${a}-raw`, `org-${a}-stage`]);
      expect(report.resources.filter((r) => r.type === 'key' && r.account === a)).toHaveLength(1);
      expect(report.findings.find((f) => f.ruleId === 's3-account-public-access-block' && f.resource.account === a)?.status).toBe('fail');
      expect(report.findings.find((f) => f.ruleId === 's3-default-encryption-cmk' && f.resource.name === `org-${a}-raw`)?.status).toBe('fail');
      expect(report.findings.find((f) => f.ruleId === 's3-versioning-enabled' && f.resource.name === `org-${a}-stage`)?.status).toBe('pass');
    }
    // Several accounts: each gap says whose it is.
    expect(report.gaps.every((g) => accounts.includes(g.account ?? ''))).toBe(true);
    expect(report.stats.apiCallsByOperation['organizations:ListAccounts']).toBe(1);
    expect(report.stats.apiCallsByOperation['sts:AssumeRole']).toBe(3);
    expect(report.shard).toBeUndefined();
    expect(report.cost?.lines.some((l) => l.resourceId === `arn:aws:s3:::org-${accounts[1]}-stage`)).toBe(true);
  });

  it.each([2, 3])('%i shards merged equal the single run (findings and their order, resources, summary, gaps, cost)', async (n) => {
    const single = await run();
    const shards: Report[] = [];
    for (let i = 1; i <= n; i++) shards.push(await run({ shard: { index: i, count: n } }));
    // Each account in exactly one shard, the one its id hashes to.
    for (const [i, s] of shards.entries()) {
      expect(s.shard).toEqual({ index: i + 1, count: n, by: 'account' });
      expect(s.source.accounts).toEqual(accounts.filter((a) => shardOf(a, n) === i + 1));
    }
    expect(shards.flatMap((s) => s.source.accounts).sort()).toEqual(accounts);
    // In any order the files come.
    const merged = mergeReports(shards.map((report, i) => ({ name: `shard-${i + 1}.json`, report })).reverse());
    expect(comparable(merged)).toBe(comparable(single));
    expect(merged.cost!.monthlyTotal).toBe(single.cost!.monthlyTotal);
    expect(merged.stats.apiCallsTotal).toBe(shards.reduce((t, s) => t + s.stats.apiCallsTotal, 0));
    expect(() => mergeReports(shards.slice(1).map((report, i) => ({ name: `s${i}`, report })))).toThrow(/shard 1\/\d+ missing/);
  });

  it('an account whose role does not exist is unknown with the reason, and the other accounts are scanned', async () => {
    noRole = accounts.find((a) => a !== MANAGEMENT)!;
    const arn = `arn:aws:iam::${noRole}:role/${ROLE}`;
    created.delete(arn);
    try {
      const report = await run();
      expect(report.source.accounts).toEqual(accounts);
      const accountFinding = report.findings.find((f) => f.ruleId === 's3-account-public-access-block' && f.resource.account === noRole)!;
      expect(accountFinding.status).toBe('unknown');
      expect(accountFinding.message).toContain(`could not assume ${arn}: access denied to sts:AssumeRole`);
      expect(report.gaps).toContainEqual(expect.objectContaining({ resource: `account ${noRole}`, what: 'the bucket list', account: noRole }));
      expect(report.resources.some((r) => r.account === noRole)).toBe(false);
      for (const a of accounts.filter((x) => x !== noRole)) expect(report.resources.filter((r) => r.type === 'bucket' && r.account === a)).toHaveLength(4);
      // Nothing is a pass for an account the run could not enter; the exit code says so.
      expect(report.findings.filter((f) => f.resource.account === noRole).every((f) => f.status === 'unknown' || f.status === 'not_applicable')).toBe(true);
      expect(exitCodeFor(report, 'critical')).toBe(1);
    } finally {
      created.add(arn);
    }
  });

  it('--assume-role with one account and --shard i/2: the split is by bucket, inside the assumed account', async () => {
    const one = accounts.find((a) => a !== MANAGEMENT)!;
    const single = await run({ accounts: [one] });
    const shards = [await run({ accounts: [one], shard: { index: 1, count: 2 } }), await run({ accounts: [one], shard: { index: 2, count: 2 } })];
    expect(shards.map((s) => s.shard)).toEqual([
      { index: 1, count: 2, by: 'bucket' },
      { index: 2, count: 2, by: 'bucket' },
    ]);
    for (const s of shards) expect(s.source.accounts).toEqual([one]);
    const merged = mergeReports(shards.map((report, i) => ({ name: `shard-${i + 1}.json`, report })));
    expect(merged.findings).toEqual(single.findings);
    expect(merged.resources).toEqual(single.resources);
    expect(merged.resources.filter((r) => r.type === 'bucket')).toHaveLength(4);
  });

  it('--shard i/3 of one account: each bucket, key and role reported once, together the whole account', async () => {
    // The log bucket is a support bucket because another bucket logs into it, whichever shard reads that one.
    await turnOnLogging(MANAGEMENT);
    const scan = async (shard?: { index: number; count: number }) => {
      const clients = new AwsClients({ defaultRegion: REGION, endpoint, credentials: async () => testing });
      try {
        return await scanAwsAccount({ clients, profile: unlisted, regions: [REGION], ...(shard ? { shard } : {}) });
      } finally {
        clients.destroy();
      }
    };
    const single = await scan();
    const shards = [await scan({ index: 1, count: 3 }), await scan({ index: 2, count: 3 }), await scan({ index: 3, count: 3 })];
    const names = (r: Report) => r.resources.filter((x) => x.type === 'bucket').map((x) => x.name);
    for (const [i, s] of shards.entries()) {
      expect(s.shard).toEqual({ index: i + 1, count: 3, by: 'bucket' });
      expect(names(s)).toEqual(names(single).filter((b) => shardOf(b, 3) === i + 1));
    }
    // Keys, roles and the account itself come from one shard only: the one the account id hashes to.
    const owner = shardOf(MANAGEMENT, 3) - 1;
    for (const [i, s] of shards.entries()) {
      const shared = s.findings.filter((f) => f.resource.type !== 'bucket');
      expect(shared.length > 0).toBe(i === owner);
    }
    const merged = mergeReports(shards.map((report, i) => ({ name: `shard-${i + 1}.json`, report })));
    const key = (f: Report['findings'][number]) => `${f.ruleId}@${f.resource.id}`;
    expect(merged.findings.map(key)).toEqual(single.findings.map(key));
    expect(merged.findings).toEqual(single.findings);
    expect(merged.resources).toEqual(single.resources);
    expect(merged.summary).toEqual(single.summary);
    expect([...merged.gaps].sort(byGap)).toEqual([...single.gaps].sort(byGap));
    expect(merged.resources.find((r) => r.name === `org-${MANAGEMENT}-logs`)?.roleReason).toBe(`server access log target of org-${MANAGEMENT}-stage`);
    // Every bucket's and key's cost lines once. The account's KMS free tier is credited by the shard
    // that reports the account, against its own buckets' requests only: at most 20,000 requests
    // ($0.06) less credit than a single run (docs/multi-account.md).
    const lineKeys = (r: Report) => r.cost!.lines.filter((l) => l.component !== 'kms-free-tier').map((l) => `${l.resourceId}|${l.component}`).sort();
    expect(lineKeys(merged)).toEqual(lineKeys(single));
    expect(single.cost!.lines.some((l) => l.component === 'kms-free-tier')).toBe(true);
    const over = merged.cost!.monthlyTotal - single.cost!.monthlyTotal;
    expect(over).toBeGreaterThan(-1e-6);
    expect(over).toBeLessThan(0.06 + 1e-6);
  });
});

const byGap = (a: Report['gaps'][number], b: Report['gaps'][number]) => `${a.resource}|${a.what}`.localeCompare(`${b.resource}|${b.what}`);
