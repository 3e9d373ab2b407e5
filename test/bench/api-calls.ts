/**
 * Benchmark: API calls per bucket and per referenced key on a 50-bucket moto account, calls per
 * IAM role (targeted reads vs GetAccountAuthorizationDetails pages, among 60 unrelated roles and 20
 * local policies) and per CloudTrail trail (2 trails, one multi-Region), scan throughput against a
 * latency-injecting loopback endpoint, and memory. Prints its figures and exits 1 when the call
 * budget (≤ 9 per bucket, ≤ 3 per key, ≤ 2 per trail + 1 DescribeTrails per bucket Region) is exceeded.
 *
 *   npm run bench            (from the repository root; builds first)
 *   BENCH_BUCKETS=200 BENCH_LATENCY_MS=40 npm run bench --workspace @envelope/test
 */
import { performance } from 'node:perf_hooks';
import { AwsClients, collectAwsInventory, evaluate, initProfile, parseProfile, rules, type AwsCollectOptions, type Profile } from '@envelope/core';
// The chooser's threshold, from core's sources (which tsx resolves @envelope/core to as well).
import { AUTHORIZATION_DETAILS_ABOVE } from '../../shared/core/src/collect/aws/iam.js';
const QUERIES_PER_CALL = 500;
import { REGION, testClients } from '../src/moto/architecture.js';
import { startMoto } from '../src/moto/moto-server.js';
import { buildFleet, buildFleetIam, buildFleetTrails } from './fleet.js';

const BUCKETS = Number(process.env.BENCH_BUCKETS ?? 50);
const KEYS = Number(process.env.BENCH_KEYS ?? 3);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 25);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROLES = Number(process.env.BENCH_ROLES ?? 6);
const UNRELATED_ROLES = Number(process.env.BENCH_UNRELATED_ROLES ?? 60);
const LOCAL_POLICIES = Number(process.env.BENCH_LOCAL_POLICIES ?? 20);
/** IAM's documented default page size for GetAccountAuthorizationDetails (moto never truncates). */
const IAM_ITEMS_PER_PAGE = 100;
const BUDGET = { perBucket: 9, perKey: 3, perTrail: 2 };
/** envelope init: encryption, logging and replication per stage bucket. */
const INIT_PER_STAGE_BUCKET = 3;

async function scan(endpoint: string, profile: Profile, extra: Partial<AwsCollectOptions> = {}) {
  const clients = new AwsClients({ defaultRegion: REGION, endpoint, credentials: async () => ({ accessKeyId: 'bench', secretAccessKey: 'bench' }) });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const inventory = await collectAwsInventory({ clients, profile, concurrency: CONCURRENCY, ...extra });
  const ms = performance.now() - started;
  clearInterval(sampler);
  const ops = clients.stats.byOperation();
  clients.destroy();
  return { inventory, ms, ops, total: Object.values(ops).reduce((a, b) => a + b, 0), peakRss, heapDelta: process.memoryUsage().heapUsed - heapBefore };
}

const DEMO_BUCKETS = Number(process.env.BENCH_DEMO_BUCKETS ?? 500);

/** The demo account with `count` more stage buckets, every answer delayed by `latencyMs`. */
async function latencyScan(count: number, latencyMs: number) {
  const { withDemoAccount, demoFixture, demoProfile } = await import('@envelope/core/demo');
  const stage = demoFixture.buckets.find((b) => b.name === 'acme-snowflake-stage')!;
  const extra = Array.from({ length: count }, (_, i) => ({ ...structuredClone(stage), name: `acme-stage-${String(i).padStart(5, '0')}`, replication: undefined }));
  const fixture = { ...demoFixture, buckets: [...demoFixture.buckets, ...extra] };
  const demo = parseProfile({ ...demoProfile, s3: { ...demoProfile.s3, objectSampleSize: 1 } }, 'demo profile');
  return withDemoAccount(
    async ({ region, credentials }) => {
      const clients = new AwsClients({ defaultRegion: region, credentials });
      let peakRss = process.memoryUsage().rss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
      const started = performance.now();
      const inventory = await collectAwsInventory({ clients, profile: demo, concurrency: CONCURRENCY });
      const ms = performance.now() - started;
      clearInterval(sampler);
      const total = clients.stats.total();
      clients.destroy();
      // The rules are pure CPU: policy probes make them the part of a scan that grows with buckets.
      const evalStarted = performance.now();
      const findings = evaluate(rules, inventory, demo).length;
      const evalMs = performance.now() - evalStarted;
      return { ms, total, peakRss, evalMs, findings, buckets: inventory.buckets.length };
    },
    { fixture, latencyMs },
  );
}

const sum = (ops: Record<string, number>, pred: (op: string) => boolean) => Object.entries(ops).filter(([op]) => pred(op)).reduce((a, [, n]) => a + n, 0);
const BUCKET_CONFIG = (op: string) => op.startsWith('s3:GetBucket') && op !== 's3:GetBucketLocation' || op === 's3:GetPublicAccessBlock';
const KEY_READS = (op: string) => ['kms:DescribeKey', 'kms:GetKeyRotationStatus', 'kms:GetKeyPolicy'].includes(op);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

// AWS-managed policies (attached to one in-scope role) exist in moto_server only with this set.
process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true';
const moto = await startMoto();
try {
  process.stdout.write(`envelope bench: ${BUCKETS} stage buckets + 1 log bucket, ${KEYS} keys, moto on ${moto.endpoint}\n`);
  const t0 = performance.now();
  await buildFleet(testClients(moto.endpoint), BUCKETS, KEYS);
  const fleetIam = await buildFleetIam(testClients(moto.endpoint), { inScope: ROLES, unrelated: UNRELATED_ROLES, localPolicies: LOCAL_POLICIES });
  const trailNames = await buildFleetTrails(moto.endpoint);
  process.stdout.write(`provisioned in ${((performance.now() - t0) / 1000).toFixed(1)} s\n\n`);

  const roleProfile = { snowflake: { roleName: fleetIam.snowflakeRole }, iam: { appRoles: fleetIam.appRoles } };
  const profile = parseProfile({ name: 'bench', scope: { supportBucketNames: ['fleet-access-logs'] }, s3: { objectSampleSize: 1 }, ...roleProfile }, 'bench profile');
  const plain = await scan(moto.endpoint, profile);
  const buckets = plain.inventory.buckets.length;
  const referenced = plain.inventory.keys.filter((k) => k.referencedBy.length > 0).length;
  const unreferenced = plain.inventory.keys.length - referenced;
  const keys = referenced;
  const config = sum(plain.ops, BUCKET_CONFIG);
  const location = plain.ops['s3:GetBucketLocation'] ?? 0;
  const sample = sum(plain.ops, (op) => op === 's3:ListObjectsV2' || op === 's3:HeadObject');
  // Unreferenced keys (cost-unused-kms-key) cost DescribeKey + GetKeyRotationStatus and no policy read.
  const keyReads = sum(plain.ops, KEY_READS) - 2 * unreferenced;
  const metricQueries = plain.inventory.buckets.reduce((n, b) => n + (b.usage.state === 'present' ? Object.keys(b.usage.value.storageBytes).length + (b.usage.value.objectCount !== undefined ? 1 : 0) + (b.usage.value.requests ? 2 : 0) : 0), 0);
  const metricCalls = plain.ops['cloudwatch:GetMetricData'] ?? 0;
  const perBucket = config / buckets;
  const perKey = keyReads / keys;
  const iamCalls = sum(plain.ops, (op) => op.startsWith('iam:'));
  const trailCalls = sum(plain.ops, (op) => op.startsWith('cloudtrail:'));
  const describeTrails = plain.ops['cloudtrail:DescribeTrails'] ?? 0;
  const trails = plain.inventory.trails.length;
  const multiRegion = plain.inventory.trails.filter((t) => t.isMultiRegion).length;
  const perTrail = (trailCalls - describeTrails) / trails;

  // The same roles read both ways, in scans that scope every bucket out (so no replication roles).
  const iamOnly = parseProfile({ name: 'bench-iam', scope: { bucketNames: ['no-bucket-is-named-this'] }, ...roleProfile }, 'bench IAM profile');
  const byRole = await scan(moto.endpoint, iamOnly, { iamStrategy: 'targeted', cost: false });
  const byListing = await scan(moto.endpoint, iamOnly, { iamStrategy: 'authorization-details', cost: false });
  const inScope = byRole.inventory.roles.length;
  const targetedIam = sum(byRole.ops, (op) => op.startsWith('iam:'));
  const listingIam = sum(byListing.ops, (op) => op.startsWith('iam:'));
  const pages = byListing.ops['iam:GetAccountAuthorizationDetails'] ?? 0;
  const perRole = targetedIam / inScope;
  const accountItems = fleetIam.totalRoles + fleetIam.totalLocalPolicies;
  const awsPages = Math.ceil(accountItems / IAM_ITEMS_PER_PAGE);
  const listingOnAws = awsPages + (listingIam - pages);
  const autoChose = plain.ops['iam:GetAccountAuthorizationDetails'] ? 'GetAccountAuthorizationDetails' : 'targeted reads';

  // envelope init on the same account: roles listed once, candidate roles' policies, 3 reads per stage bucket.
  const initClients = new AwsClients({ defaultRegion: REGION, endpoint: moto.endpoint, credentials: async () => ({ accessKeyId: 'bench', secretAccessKey: 'bench' }) });
  const initStarted = performance.now();
  const init = await initProfile({ clients: initClients, concurrency: CONCURRENCY });
  const initMs = performance.now() - initStarted;
  initClients.destroy();
  const initTotal = Object.values(init.calls).reduce((a, b) => a + b, 0);
  const initStage = init.proposal.bucketNames.filter((b) => b.why.startsWith('stage bucket')).length;
  const initPerStage = sum(init.calls, (op) => ['s3:GetBucketEncryption', 's3:GetBucketLogging', 's3:GetBucketReplication'].includes(op)) / Math.max(initStage, 1);
  const initIam = sum(init.calls, (op) => op.startsWith('iam:'));

  const rows: [string, string][] = [
    [
      'envelope init, API calls',
      `${initTotal} in ${initMs.toFixed(0)} ms: ${initStage} stage buckets found (${initPerStage.toFixed(2)} reads each), ${initIam} IAM calls (ListRoles ${init.calls['iam:ListRoles'] ?? 0} for ${fleetIam.totalRoles} roles; only the candidate role's policies), role ${init.proposal.role?.value ?? 'none'}`,
    ],
    ['buckets scanned', String(buckets)],
    ['keys referenced', String(keys)],
    ['API calls, total', String(plain.total)],
    ['configuration calls per bucket', `${perBucket.toFixed(2)}  (budget ≤ ${BUDGET.perBucket}; Prowler: 13)`],
    ['GetBucketLocation per bucket', `${(location / buckets).toFixed(2)}  (moto omits ListBuckets BucketRegion; AWS returns it, so 0 there)`],
    ['object-sample calls per bucket', `${(sample / buckets).toFixed(2)}  (ListObjectsV2 + HeadObject, s3.objectSampleSize = ${profile.s3.objectSampleSize})`],
    ['calls per referenced key', `${perKey.toFixed(2)}  (budget ≤ ${BUDGET.perKey}; Prowler: 4 per CMK)`],
    ['CloudWatch GetMetricData calls', `${metricCalls} for ${metricQueries} metric series (≤ 1 per ${QUERIES_PER_CALL} queries per Region: ${Math.ceil(metricQueries / QUERIES_PER_CALL)} needed at least)`],
    ['account/Region calls', String(plain.total - config - location - sample - keyReads - metricCalls - iamCalls - trailCalls)],
    ['IAM roles in scope', `${inScope} (the Snowflake role + ${inScope - 1} application roles) among ${fleetIam.totalRoles} roles and ${fleetIam.totalLocalPolicies} local policies`],
    ['API calls per role, targeted', `${perRole.toFixed(2)}  (${targetedIam} for ${inScope}: GetRole + ListRolePolicies + ListAttachedRolePolicies, + 1 per inline, + 2 per managed policy)`],
    [
      'API calls, GetAccountAuthorizationDetails',
      `${listingIam} for the same ${inScope} roles: ${pages} page(s) + ${listingIam - pages} GetPolicy/GetPolicyVersion for AWS-managed policies (${(listingIam / inScope).toFixed(2)} per role)`,
    ],
    [
      `  … on AWS, ${IAM_ITEMS_PER_PAGE} items a page`,
      `${awsPages} page(s) for ${accountItems} roles + local policies (moto never truncates) → ${listingOnAws} calls: cheaper than targeted from ${Math.floor(listingOnAws / perRole) + 1} role(s) here; ` +
        `at the chooser's ${AUTHORIZATION_DETAILS_ABOVE + 1} roles (${((AUTHORIZATION_DETAILS_ABOVE + 1) * perRole).toFixed(0)} targeted calls) in accounts up to ${Math.floor((AUTHORIZATION_DETAILS_ABOVE + 1) * perRole - (listingIam - pages)) * IAM_ITEMS_PER_PAGE} items`,
    ],
    ['IAM strategy (auto)', `${autoChose} for ${inScope} profile roles, ${iamCalls} IAM calls (lists the account above ${AUTHORIZATION_DETAILS_ABOVE} roles in a batch)`],
    [
      'API calls per trail',
      `${perTrail.toFixed(2)} (GetTrailStatus + GetEventSelectors) + ${describeTrails} DescribeTrails per scan (1 per bucket Region) = ${(trailCalls / trails).toFixed(2)} per trail (${trails} trails, ${multiRegion} multi-Region)`,
    ],
    ['scan time, no injected latency', `${plain.ms.toFixed(0)} ms`],
  ];

  rows.push(['peak RSS during the moto scan', mb(plain.peakRss)], ['heap growth over the moto scan', mb(plain.heapDelta)]);

  // moto serves one request at a time (~130 calls/s here), so it cannot show whether concurrency
  // hides latency. The in-process demo account can: scale it and delay every answer.
  const unlagged = await latencyScan(DEMO_BUCKETS, 0);
  const lagged = await latencyScan(DEMO_BUCKETS, LATENCY_MS);
  const ideal = (lagged.total * LATENCY_MS) / CONCURRENCY;
  rows.push(
    [`demo account ×${DEMO_BUCKETS} buckets, no latency`, `${unlagged.total} calls in ${unlagged.ms.toFixed(0)} ms (in-process emulation + SDK CPU cost)`],
    ['rule evaluation of that inventory', `${unlagged.findings} findings in ${unlagged.evalMs.toFixed(0)} ms (${(unlagged.evalMs / unlagged.buckets).toFixed(1)} ms per bucket, all ${rules.length} rules)`],
    [`demo account ×${DEMO_BUCKETS} buckets, +${LATENCY_MS} ms/call`, `${lagged.total} calls in ${lagged.ms.toFixed(0)} ms`],
    ['throughput under latency', `${((lagged.total / lagged.ms) * 1000).toFixed(0)} calls/s at concurrency ${CONCURRENCY}`],
    ['vs calls × latency / concurrency', `${ideal.toFixed(0)} ms → ${(lagged.ms / ideal).toFixed(2)}× the ideal`],
    ['peak RSS during that scan', mb(lagged.peakRss)],
  );

  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
  process.stdout.write('\ncalls by operation (no latency):\n');
  for (const [op, n] of Object.entries(plain.ops)) process.stdout.write(`  ${op.padEnd(36)} ${n}\n`);

  const regions = new Set(plain.inventory.buckets.map((b) => b.region)).size;
  const listingMisread = byListing.ops['iam:GetRole'] !== undefined || pages === 0 || trails !== trailNames.length;
  const over =
    perBucket > BUDGET.perBucket ||
    perKey > BUDGET.perKey ||
    metricCalls > Math.ceil(metricQueries / QUERIES_PER_CALL) * regions ||
    perTrail > BUDGET.perTrail ||
    describeTrails > regions ||
    initPerStage > INIT_PER_STAGE_BUCKET ||
    initStage !== BUCKETS ||
    listingMisread;
  process.stdout.write(
    over
      ? '\nBUDGET EXCEEDED\n'
      : `\nwithin budget: ${perBucket.toFixed(2)} ≤ ${BUDGET.perBucket} per bucket, ${perKey.toFixed(2)} ≤ ${BUDGET.perKey} per key, ${perTrail.toFixed(2)} ≤ ${BUDGET.perTrail} per trail + ${describeTrails} DescribeTrails (1 per bucket Region)\n`,
  );
  process.exitCode = over ? 1 : 0;
} finally {
  await moto.stop();
}
