/**
 * Benchmark at scale on the loopback endpoint (src/loopback): the scanner (bench/scale-client.mjs,
 * plain Node on the built core) in one process, the endpoint (bench/scale-server.ts) in another.
 * For each bucket count and latency: wall time of the collection, efficiency (ideal calls × latency
 * / concurrency ÷ wall), client CPU per call, peak RSS, calls per bucket and per key; the growth
 * between the smallest and the largest count; and under a rate limit the achieved rate and the
 * findings left unknown by throttling. Figures only, no pass/fail.
 *
 *   npm run bench:scale --workspace @envelope/test
 *   BENCH_SCALE_BUCKETS=1000,10000 BENCH_SCALE_LATENCIES=0,50 BENCH_SCALE_RATE=400 BENCH_CONCURRENCY=16
 *   BENCH_SCALE_LATENCIES=none BENCH_SCALE_RATE_BASE=0: only the rate-limited run, without the unlimited one
 *   BENCH_CLIENT_NODE_OPTIONS=--max-old-space-size=320: Node options for the scanner's process only
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const list = (v: string | undefined, d: number[]) => (v === 'none' ? [] : v ? v.split(',').map(Number) : d);
const SIZES = list(process.env.BENCH_SCALE_BUCKETS, [1000, 10000]);
const LATENCIES = list(process.env.BENCH_SCALE_LATENCIES, [0, 50]);
const RATE = Number(process.env.BENCH_SCALE_RATE ?? 400);
const RATE_BUCKETS = Number(process.env.BENCH_SCALE_RATE_BUCKETS ?? SIZES[0]);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

interface Phase { name: string; ms: number; cpuMs: number; peakMb: number; heapMb: number }
interface ClientResult {
  buckets: number; keysReferenced: number; keysUnreferenced: number; ops: Record<string, number>; calls: number; attempts: number;
  findings: number; unknown: number; unknownThrottled: number; unknownWhy: [string, number][]; gapsThrottled: number; reportBytes: number; startupPeakMb: number; memPeak?: { heapUsedMb: number; heapTotalMb: number; externalMb: number }; phases: Phase[];
}
interface ServerResult { counters: { requests: number; throttled: number; requestMs?: number }; cpuMs: number }
interface Run { buckets: number; latencyMs: number; rate?: number; client: ClientResult; server: ServerResult }

/** Lines of JSON a child prints; resolves with them when it exits. */
function jsonLines(child: ReturnType<typeof spawn>, onLine?: (v: Record<string, unknown>) => void): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const rl = createInterface({ input: child.stdout! });
  rl.on('line', (l) => {
    if (!l.startsWith('{')) return;
    const v = JSON.parse(l) as Record<string, unknown>;
    out.push(v);
    onLine?.(v);
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${String(child.spawnargs.join(' '))} exited ${code}: ${err.slice(-2000)}`)))),
  );
}

async function run(buckets: number, latencyMs: number, rate?: number): Promise<Run> {
  const server = spawn(process.execPath, ['--import', 'tsx', here('./scale-server.ts'), String(buckets), String(latencyMs), ...(rate ? [String(rate)] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let ready!: (endpoint: string) => void;
  const endpoint = new Promise<string>((r) => (ready = r));
  const serverDone = jsonLines(server, (v) => typeof v.endpoint === 'string' && ready(v.endpoint));
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL: await endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'eu-west-1',
    // e.g. --max-old-space-size=320: whether the peak is live data or garbage V8 has not yet collected.
    ...(process.env.BENCH_CLIENT_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_CLIENT_NODE_OPTIONS } : {}),
  };
  try {
    const [client] = (await jsonLines(spawn(process.execPath, [here('./scale-client.mjs'), String(CONCURRENCY)], { env, stdio: ['ignore', 'pipe', 'pipe'] }))) as unknown as ClientResult[];
    server.kill('SIGTERM');
    const s = (await serverDone).find((v) => 'counters' in v) as unknown as ServerResult;
    return { buckets, latencyMs, ...(rate ? { rate } : {}), client: client!, server: s };
  } catch (e) {
    server.kill('SIGTERM');
    throw e;
  }
}

const sum = (ops: Record<string, number>, pred: (op: string) => boolean) => Object.entries(ops).filter(([op]) => pred(op)).reduce((a, [, n]) => a + n, 0);
const BUCKET_CONFIG = (op: string) => (op.startsWith('s3:GetBucket') && op !== 's3:GetBucketLocation') || op === 's3:GetPublicAccessBlock';
const SAMPLE = (op: string) => op === 's3:ListObjectsV2' || op === 's3:HeadObject';
const KEY_READS = (op: string) => ['kms:DescribeKey', 'kms:GetKeyRotationStatus', 'kms:GetKeyPolicy'].includes(op);
const phase = (r: Run, name: string) => r.client.phases.find((p) => p.name === name)!;
const peak = (r: Run) => r.client.phases.at(-1)!.peakMb;

function figures(r: Run) {
  const c = r.client;
  const collect = phase(r, 'collect');
  const ideal = (c.calls * r.latencyMs) / CONCURRENCY;
  const allCpu = c.phases.reduce((a, p) => a + p.cpuMs, 0);
  return {
    collectMs: collect.ms,
    efficiency: r.latencyMs > 0 ? ideal / collect.ms : undefined,
    cpuPerCall: collect.cpuMs / c.attempts,
    serverCpuPerCall: r.server.cpuMs / r.server.counters.requests,
    scanCpuPerCall: allCpu / c.attempts,
    peakMb: peak(r),
    perBucket: sum(c.ops, BUCKET_CONFIG) / c.buckets,
    samplePerBucket: sum(c.ops, SAMPLE) / c.buckets,
    perKey: (sum(c.ops, KEY_READS) - 2 * c.keysUnreferenced) / c.keysReferenced,
  };
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const table = (head: string[], rows: string[][]) => {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ')}\n`;
  process.stdout.write(line(head));
  for (const r of rows) process.stdout.write(line(r));
};

process.stdout.write(
  `\nscale on the loopback endpoint: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load ${loadavg().map(f1).join(' ')}, ${new Date().toISOString()}\n` +
    `concurrency ${CONCURRENCY}; demo account + N synthetic stage buckets on 2 keys; object sample 1 per bucket\n\n`,
);
const runs: Run[] = [];
for (const buckets of SIZES) for (const latency of LATENCIES) runs.push(await run(buckets, latency));

table(
  ['buckets', 'latency', 'calls', 'collect wall', 'efficiency', 'client CPU/call', 'endpoint CPU/call', 'scan CPU/call', 'peak RSS', 'config/bucket', 'sample/bucket', 'calls/key', 'evaluate', 'report JSON'],
  runs.map((r) => {
    const f = figures(r);
    return [
      String(r.client.buckets),
      `${r.latencyMs} ms`,
      String(r.client.calls),
      `${(f.collectMs / 1000).toFixed(1)} s`,
      f.efficiency === undefined ? '—' : f2(f.efficiency),
      `${f2(f.cpuPerCall)} ms`,
      `${f2(f.serverCpuPerCall)} ms`,
      `${f2(f.scanCpuPerCall)} ms`,
      `${f1(f.peakMb)} MB`,
      f2(f.perBucket),
      f2(f.samplePerBucket),
      f2(f.perKey),
      `${(phase(r, 'evaluate').ms / 1000).toFixed(1)} s`,
      `${f1(r.client.reportBytes / 1e6)} MB`,
    ];
  }),
);

process.stdout.write('\nat the endpoint: mean requests in flight over the collection, mean time from arrival to answer\n');
for (const r of runs) {
  const ms = r.server.counters.requestMs ?? 0;
  process.stdout.write(`  ${String(r.client.buckets).padStart(6)} @ ${r.latencyMs} ms: ${f1(ms / phase(r, 'collect').ms)} in flight (concurrency ${CONCURRENCY}), ${f1(ms / r.server.counters.requests)} ms each\n`);
}
process.stdout.write('\npeak RSS after each phase (MB): startup / collect / evaluate / cost / report / JSON; highest V8 heap used / reserved, off-heap\n');
for (const r of runs) {
  const m = r.client.memPeak;
  process.stdout.write(
    `  ${String(r.client.buckets).padStart(6)} @ ${r.latencyMs} ms: ${[r.client.startupPeakMb, ...r.client.phases.map((p) => p.peakMb)].map(f1).join(' / ')}; ${m ? `${f1(m.heapUsedMb)} / ${f1(m.heapTotalMb)}, ${f1(m.externalMb)}` : '—'}\n`,
  );
}

if (SIZES.length > 1) {
  const [lo, hi] = [SIZES[0]!, SIZES.at(-1)!];
  process.stdout.write(`\ngrowth ${lo} → ${hi} buckets (×${hi / lo}):\n`);
  for (const latency of LATENCIES) {
    const a = runs.find((r) => r.buckets === lo && r.latencyMs === latency)!;
    const b = runs.find((r) => r.buckets === hi && r.latencyMs === latency)!;
    const [fa, fb] = [figures(a), figures(b)];
    process.stdout.write(
      `  ${latency} ms: wall ×${f2(fb.collectMs / fa.collectMs)}, calls ×${f2(b.client.calls / a.client.calls)}, client CPU per call ${f2(fa.cpuPerCall)} → ${f2(fb.cpuPerCall)} ms, ` +
        `evaluate ×${f2(phase(b, 'evaluate').ms / phase(a, 'evaluate').ms)}, peak RSS ${f1(fa.peakMb)} → ${f1(fb.peakMb)} MB (${f1(((fb.peakMb - fa.peakMb) / (b.client.buckets - a.client.buckets)) * 1000)} MB per 1,000 buckets)\n`,
    );
  }
}

if (RATE > 0) {
  const base = runs.find((r) => r.buckets === RATE_BUCKETS && r.latencyMs === 0) ?? (process.env.BENCH_SCALE_RATE_BASE === '0' ? undefined : await run(RATE_BUCKETS, 0));
  const limited = await run(RATE_BUCKETS, 0, RATE);
  const accepted = limited.server.counters.requests - limited.server.counters.throttled;
  const wall = phase(limited, 'collect').ms / 1000;
  process.stdout.write(
    `\nrate limit ${RATE} calls/s, ${limited.client.buckets} buckets, no latency, adaptive rate per client (rate.ts), SDK standard retries (3 attempts):\n` +
      `  collect wall ${f1(wall)} s, ${accepted} calls answered → ${f1(accepted / wall)} calls/s achieved (${f2(accepted / wall / RATE)} of the limit)\n` +
      `  ${limited.server.counters.throttled} throttled answers (${limited.client.attempts - limited.client.calls} retries sent by the SDK)\n` +
      `  findings unknown: ${limited.client.unknown} of ${limited.client.findings} (unlimited run: ${base ? base.client.unknown : 'not run'}); ${limited.client.unknownThrottled} of them name throttling or S3's bare 503; ${limited.client.gapsThrottled} inventory gaps do\n`,
  );
  for (const [why, n] of limited.client.unknownWhy) process.stdout.write(`    ${String(n).padStart(5)}  ${why.slice(0, 160)}\n`);
}
