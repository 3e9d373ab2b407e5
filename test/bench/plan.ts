/**
 * Benchmark: `envelope plan` on a generated plan of BENCH_PLAN_BUCKETS stage buckets (default
 * 1,000), each with its split resources — the whole planReport path (read, parse, inventory,
 * rules, cost, report) with wall time and peak RSS per phase; exits 1 above the targets for the
 * whole path (3 s, 300 MB). The plan is generated here and measured by bench/plan-measure.mjs in
 * a child on the built @envelope/core, as the CLI runs it, so neither tsx nor the generator counts.
 * The generated plan has no .tf files beside it, as a plan in CI may not.
 *
 *   npm run build && cd test && npm run bench:plan
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planWithBuckets } from './plan-fleet.js';

const BUCKETS = Number(process.env.BENCH_PLAN_BUCKETS ?? 1000);
const TARGET = { ms: 3000, rssMb: 300 };
const MEASURE = fileURLToPath(new URL('./plan-measure.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../../shared/core/dist/index.js', import.meta.url));

if (!existsSync(BUILT)) {
  process.stderr.write(`${BUILT} is missing: run "npm run build" first\n`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'envelope-bench-plan-'));
try {
  const file = join(dir, 'plan.json');
  writeFileSync(file, planWithBuckets(BUCKETS));
  // Plain Node: process.execArgv would carry tsx's loader into the child.
  const child = spawnSync(process.execPath, [MEASURE, file, String(TARGET.ms), String(TARGET.rssMb)], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
