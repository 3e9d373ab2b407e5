/**
 * The scanner's half of bench/scale.ts, run by plain Node on the built @envelope/core (what
 * `envelope scan` runs), against AWS_ENDPOINT_URL: collect → evaluate → cost → report → JSON,
 * each phase with its wall time, CPU and the process's peak RSS at its end (getrusage's high-water
 * mark). Prints one JSON line.
 *
 *   AWS_ENDPOINT_URL=http://127.0.0.1:… node bench/scale-client.mjs <concurrency>
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { AwsClients, buildReport, collectAwsInventory, defaultPriceTable, estimateCost, evaluate, jsonChunks, parseProfile, rules } from '@envelope/core';
import { demoProfile } from '@envelope/core/demo';

const concurrency = Number(process.argv[2] ?? 16);
const profile = parseProfile({ ...demoProfile, s3: { ...demoProfile.s3, objectSampleSize: 1 } }, 'bench profile');
const clients = new AwsClients({ defaultRegion: 'eu-west-1', credentials: async () => ({ accessKeyId: 'bench', secretAccessKey: 'bench' }) });
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const phases = [];
async function phase(name, run) {
  const t = performance.now();
  const c = cpu();
  const out = await run();
  phases.push({ name, ms: performance.now() - t, cpuMs: cpu() - c, peakMb: process.resourceUsage().maxRSS / 1024, heapMb: process.memoryUsage().heapUsed / 1024 / 1024 });
  return out;
}

const startupPeakMb = process.resourceUsage().maxRSS / 1024;
// Where the RSS goes: the highest V8 heap (used and reserved) and off-heap memory seen, every 20 ms.
const memPeak = { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0 };
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  memPeak.heapUsedMb = Math.max(memPeak.heapUsedMb, m.heapUsed / 2 ** 20);
  memPeak.heapTotalMb = Math.max(memPeak.heapTotalMb, m.heapTotal / 2 ** 20);
  memPeak.externalMb = Math.max(memPeak.externalMb, m.external / 2 ** 20);
}, 20);
const inventory = await phase('collect', () => collectAwsInventory({ clients, profile, concurrency, cost: true }));
const findings = await phase('evaluate', () => evaluate(rules, inventory, profile, { prices: defaultPriceTable, costEnabled: true }));
const cost = await phase('cost', () => estimateCost(inventory, profile, defaultPriceTable));
const s = clients.stats;
const report = await phase('report', () =>
  buildReport({ inventory, findings, profile, stats: { byService: s.byService(), byOperation: s.byOperation(), total: s.total(), attempts: s.totalAttempts() }, durationMs: 0, cost }),
);
// The report streamed as `envelope scan --format json --output` writes it (cli-output.ts), to
// BENCH_REPORT_FILE or /dev/null, in 64 KB blocks with backpressure.
const bytes = await phase('json', async () => {
  const out = createWriteStream(process.env.BENCH_REPORT_FILE || '/dev/null');
  let n = 0;
  let buf = [];
  let len = 0;
  for (const c of jsonChunks(report)) {
    buf.push(c);
    len += c.length;
    if (len < 65536) continue;
    n += len;
    if (!out.write(buf.join(''))) await once(out, 'drain');
    buf = [];
    len = 0;
  }
  n += len;
  out.end(buf.join(''));
  await once(out, 'finish');
  return n;
});
clients.destroy();
clearInterval(sampler);

// S3 answers a throttled HEAD with a bare 503 (no body, so no SlowDown code for the SDK to read).
const THROTTLED = /throttl|slowdown|rate exceeded|HTTP 503/i;
const unknown = report.findings.filter((f) => f.status === 'unknown');
process.stdout.write(
  `${JSON.stringify({
    buckets: inventory.buckets.length,
    keysReferenced: inventory.keys.filter((k) => k.referencedBy.length > 0).length,
    keysUnreferenced: inventory.keys.filter((k) => k.referencedBy.length === 0).length,
    ops: s.byOperation(),
    calls: s.total(),
    attempts: s.totalAttempts(),
    findings: report.findings.length,
    unknown: unknown.length,
    unknownThrottled: unknown.filter((f) => THROTTLED.test(JSON.stringify(f))).length,
    gapsThrottled: inventory.gaps.filter((g) => THROTTLED.test(g.reason)).length,
    // Why findings are unknown, names and object keys folded, most common first.
    unknownWhy: Object.entries(
      unknown.reduce((a, f) => {
        const why = `${f.ruleId}: ${f.message.replace(/acme-stage-\d+/g, '<bucket>').replace(/\([^)]*\/[^)]*\)/g, '(<key>)')}`;
        a[why] = (a[why] ?? 0) + 1;
        return a;
      }, {}),
    )
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5),
    reportBytes: bytes,
    startupPeakMb,
    memPeak,
    phases,
  })}\n`,
);
