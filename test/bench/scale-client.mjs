/**
 * The scanner's half of bench/scale.ts, run by plain Node on the built @envelope/core (what
 * `envelope scan` runs), against AWS_ENDPOINT_URL: collect → evaluate → cost → report → JSON,
 * each phase with its wall time, CPU and the process's peak RSS at its end (getrusage's high-water
 * mark). Prints one JSON line.
 *
 *   AWS_ENDPOINT_URL=http://127.0.0.1:… node bench/scale-client.mjs <concurrency>
 */
import { performance } from 'node:perf_hooks';
import { AwsClients, buildReport, collectAwsInventory, defaultPriceTable, estimateCost, evaluate, parseProfile, rules } from '@envelope/core';
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
const inventory = await phase('collect', () => collectAwsInventory({ clients, profile, concurrency, cost: true }));
const findings = await phase('evaluate', () => evaluate(rules, inventory, profile, { prices: defaultPriceTable, costEnabled: true }));
const cost = await phase('cost', () => estimateCost(inventory, profile, defaultPriceTable));
const s = clients.stats;
const report = await phase('report', () =>
  buildReport({ inventory, findings, profile, stats: { byService: s.byService(), byOperation: s.byOperation(), total: s.total(), attempts: s.totalAttempts() }, durationMs: 0, cost }),
);
const bytes = await phase('json', () => JSON.stringify(report).length);
clients.destroy();

const THROTTLED = /throttl|slowdown|slow down|rate exceeded/i;
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
    reportBytes: bytes,
    startupPeakMb,
    phases,
  })}\n`,
);
