/**
 * The measured half of bench/plan.ts, run by plain Node on the built @envelope/core (what
 * `envelope plan` runs), so neither tsx nor the plan generator counts: the planReport path phase
 * by phase — read, parse, inventory (index, mappers, policies, bucket roles, key references),
 * rules, cost, report — each with its wall time and the process's peak RSS at its end (getrusage's
 * high-water mark, so a phase is charged with what the ones before it left behind).
 *
 *   node bench/plan-measure.mjs <plan.json> <target ms> <target MB>   (exit 1 above either)
 */
import { readFile, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { buildReport, collectTerraformInventory, defaultPriceTable, estimateCost, evaluate, loadProfile, parsePlanJson, rules } from '@envelope/core';

const [file, targetMs, targetMb] = process.argv.slice(2);
const peakMb = () => process.resourceUsage().maxRSS / 1024;
const phases = [];
async function phase(name, run) {
  const t = performance.now();
  const out = await run();
  phases.push({ name, ms: performance.now() - t, peakMb: peakMb() });
  return out;
}

const profile = await loadProfile('snowflake-s3-kms');
const planMb = (await stat(file)).size / 1024 / 1024;
const before = peakMb();
const started = performance.now();
const content = await phase('read', () => readFile(file));
const plan = await phase('parse', () => parsePlanJson(content, file));
const inventory = await phase('inventory', () => collectTerraformInventory(plan, { profile, file }));
const findings = await phase('rules', () => evaluate(rules, inventory, profile, { prices: defaultPriceTable, costEnabled: true }));
const cost = await phase('cost', () => estimateCost(inventory, profile, defaultPriceTable));
const report = await phase('report', () =>
  buildReport({ inventory, findings, profile, stats: { byService: {}, byOperation: {}, total: 0, attempts: 0 }, durationMs: performance.now() - started, cost }),
);
const total = performance.now() - started;
const peak = peakMb();
const row = (name, ms, mb) => `  ${name.padEnd(11)}${`${ms.toFixed(0)} ms`.padStart(8)}  ${`${mb.toFixed(0)} MB`.padStart(8)}`;
process.stdout.write(
  `envelope plan bench: ${inventory.buckets.length} buckets, ${planMb.toFixed(1)} MB of plan JSON → ${report.resources.length} resources, ${report.findings.length} findings\n` +
    `  phase      wall      peak RSS\n` +
    `${row('(loaded)', 0, before)}   Node and envelope's modules, before the plan is read\n` +
    `${phases.map((p) => row(p.name, p.ms, p.peakMb)).join('\n')}\n` +
    `${row('total', total, peak)}   target ≤ ${targetMs} ms, ≤ ${targetMb} MB\n`,
);
process.exitCode = total > Number(targetMs) || peak > Number(targetMb) ? 1 : 0;
