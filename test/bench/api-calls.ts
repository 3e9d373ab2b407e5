/**
 * Benchmark: API calls per bucket and per referenced key on a 50-bucket moto account, scan
 * throughput against a latency-injecting loopback endpoint, and memory. Prints its figures and
 * exits 1 when the call budget (≤ 9 per bucket, ≤ 3 per key) is exceeded.
 *
 *   npm run bench            (from the repository root; builds first)
 *   BENCH_BUCKETS=200 BENCH_LATENCY_MS=40 npm run bench --workspace @envelope/test
 */
import { performance } from 'node:perf_hooks';
import { AwsClients, collectAwsInventory, parseProfile } from '@envelope/core';
const QUERIES_PER_CALL = 500;
import { REGION, testClients } from '../src/moto/architecture.js';
import { startMoto } from '../src/moto/moto-server.js';
import { buildFleet } from './fleet.js';

const BUCKETS = Number(process.env.BENCH_BUCKETS ?? 50);
const KEYS = Number(process.env.BENCH_KEYS ?? 3);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 25);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BUDGET = { perBucket: 9, perKey: 3 };

const profile = parseProfile({ name: 'bench', scope: { supportBucketNames: ['fleet-access-logs'] }, s3: { objectSampleSize: 1 } }, 'bench profile');

async function scan(endpoint: string) {
  const clients = new AwsClients({ defaultRegion: REGION, endpoint, credentials: async () => ({ accessKeyId: 'bench', secretAccessKey: 'bench' }) });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const inventory = await collectAwsInventory({ clients, profile, concurrency: CONCURRENCY });
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
      await collectAwsInventory({ clients, profile: demo, concurrency: CONCURRENCY });
      const ms = performance.now() - started;
      clearInterval(sampler);
      const total = clients.stats.total();
      clients.destroy();
      return { ms, total, peakRss };
    },
    { fixture, latencyMs },
  );
}

const sum = (ops: Record<string, number>, pred: (op: string) => boolean) => Object.entries(ops).filter(([op]) => pred(op)).reduce((a, [, n]) => a + n, 0);
const BUCKET_CONFIG = (op: string) => op.startsWith('s3:GetBucket') && op !== 's3:GetBucketLocation' || op === 's3:GetPublicAccessBlock';
const KEY_READS = (op: string) => ['kms:DescribeKey', 'kms:GetKeyRotationStatus', 'kms:GetKeyPolicy'].includes(op);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

const moto = await startMoto();
try {
  process.stdout.write(`envelope bench: ${BUCKETS} stage buckets + 1 log bucket, ${KEYS} keys, moto on ${moto.endpoint}\n`);
  const t0 = performance.now();
  await buildFleet(testClients(moto.endpoint), BUCKETS, KEYS);
  process.stdout.write(`provisioned in ${((performance.now() - t0) / 1000).toFixed(1)} s\n\n`);

  const plain = await scan(moto.endpoint);
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

  const rows: [string, string][] = [
    ['buckets scanned', String(buckets)],
    ['keys referenced', String(keys)],
    ['API calls, total', String(plain.total)],
    ['configuration calls per bucket', `${perBucket.toFixed(2)}  (budget ≤ ${BUDGET.perBucket}; Prowler: 13)`],
    ['GetBucketLocation per bucket', `${(location / buckets).toFixed(2)}  (moto omits ListBuckets BucketRegion; AWS returns it, so 0 there)`],
    ['object-sample calls per bucket', `${(sample / buckets).toFixed(2)}  (ListObjectsV2 + HeadObject, s3.objectSampleSize = ${profile.s3.objectSampleSize})`],
    ['calls per referenced key', `${perKey.toFixed(2)}  (budget ≤ ${BUDGET.perKey}; Prowler: 4 per CMK)`],
    ['CloudWatch GetMetricData calls', `${metricCalls} for ${metricQueries} metric series (≤ 1 per ${QUERIES_PER_CALL} queries per Region: ${Math.ceil(metricQueries / QUERIES_PER_CALL)} needed at least)`],
    ['account/Region calls', String(plain.total - config - location - sample - keyReads - metricCalls)],
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
  const over = perBucket > BUDGET.perBucket || perKey > BUDGET.perKey || metricCalls > Math.ceil(metricQueries / QUERIES_PER_CALL) * regions;
  process.stdout.write(over ? '\nBUDGET EXCEEDED\n' : `\nwithin budget: ${perBucket.toFixed(2)} ≤ ${BUDGET.perBucket} per bucket, ${perKey.toFixed(2)} ≤ ${BUDGET.perKey} per key\n`);
  process.exitCode = over ? 1 : 0;
} finally {
  await moto.stop();
}
