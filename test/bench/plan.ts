/**
 * Benchmark: `envelope plan` on a generated plan of BENCH_PLAN_BUCKETS stage buckets (default
 * 1,000), each with its split resources — parse, index and (once it lands) the inventory and the
 * rules. Prints wall time and peak RSS; exits 1 above the targets (3 s, 300 MB).
 *
 *   cd test && npx tsx bench/plan.ts
 */
import { performance } from 'node:perf_hooks';
import { parsePlanJson } from '../../shared/core/src/collect/terraform/plan-file.js';
import { PlanIndex } from '../../shared/core/src/collect/terraform/plan-index.js';
import { planWithBuckets } from './plan-fleet.js';

const BUCKETS = Number(process.env.BENCH_PLAN_BUCKETS ?? 1000);
const TARGET = { ms: 3000, rssMb: 300 };

const text = planWithBuckets(BUCKETS);
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
const started = performance.now();
const index = new PlanIndex(parsePlanJson(text, 'generated plan'));
const ms = performance.now() - started;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const mb = peakRss / 1024 / 1024;
process.stdout.write(
  `envelope plan bench: ${BUCKETS} stage buckets, ${(text.length / 1024 / 1024).toFixed(1)} MB of plan JSON, ${index.resources.length} resource instances\n` +
    `  parse + index   ${ms.toFixed(0)} ms\n  peak RSS        ${mb.toFixed(0)} MB\n`,
);
process.exitCode = ms > TARGET.ms || mb > TARGET.rssMb ? 1 : 0;
