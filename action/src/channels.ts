/**
 * What every run writes, whatever the mode: the JSON report, SARIF 2.1.0, up to 10 error and 10
 * warning annotations on the .tf lines the plan reader located, and the step outputs. All are
 * renderings of the core's reports; nothing here decides a verdict.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as core from '@actions/core';
import { renderJson, renderSarif, rules, severityRank, type DiffReport, type Report } from '@envelope/core';

export interface Stack {
  /** The plan file, as given (repository-relative in CI); undefined for a live audit. */
  plan?: string;
  report: Report;
  diff?: DiffReport;
  /** The repository file SARIF results sit on when they have no .tf line (the plan, or the profile of an audit). */
  artifact?: string;
  /** PR mode: the Snowflake chain diagram (mermaid), when the plan touches a stage or integration. */
  diagram?: string;
}

const MAX_PER_LEVEL = 10;

async function write(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** One file for one stack; with several, `name.json` becomes `name-1.json`, `name-2.json`, …; returns the paths. */
export async function writeReports(stacks: Stack[], file: string): Promise<string[]> {
  const paths = stacks.length === 1 ? [file] : stacks.map((_, i) => file.replace(/(\.json)?$/, `-${i + 1}$1`));
  await Promise.all(stacks.map((s, i) => write(paths[i] as string, renderJson(s.report))));
  return paths;
}

/** One SARIF log, one run per stack (GitHub takes up to 20); plan findings sit on their .tf lines. */
export async function writeSarif(stacks: Stack[], file: string): Promise<void> {
  const runs = stacks.flatMap((s) => (JSON.parse(renderSarif(s.report, rules, s.artifact ? { artifactUri: s.artifact } : {})) as { runs: unknown[] }).runs);
  const first = JSON.parse(renderSarif(stacks[0]?.report as Report, rules)) as Record<string, unknown>;
  await write(file, `${JSON.stringify({ ...first, runs }, null, 2)}\n`);
}

/** Failing findings as annotations: critical/high → error, the rest → warning; the most severe first, 10 of each. */
export function annotate(stacks: Stack[]): { errors: number; warnings: number } {
  const failing = stacks.flatMap((s) => s.report.findings.filter((f) => f.status === 'fail')).sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const errors = failing.filter((f) => severityRank(f.severity) >= severityRank('high')).slice(0, MAX_PER_LEVEL);
  const warnings = failing.filter((f) => severityRank(f.severity) < severityRank('high')).slice(0, MAX_PER_LEVEL);
  for (const [list, emit] of [
    [errors, core.error],
    [warnings, core.warning],
  ] as const) {
    for (const f of list) {
      const at = f.resource.location;
      emit(`${f.resource.address ?? f.resource.name}: ${f.message}`, {
        title: `envelope ${f.ruleId} (${f.severity})`,
        ...(at ? { file: at.file, startLine: at.line } : {}),
      });
    }
  }
  return { errors: errors.length, warnings: warnings.length };
}

/** Counts per status and per failing severity, summed over the stacks; the cost total and delta. */
export function setCountOutputs(stacks: Stack[]): void {
  const sum = (pick: (r: Report) => number | undefined): number => stacks.reduce((a, s) => a + (pick(s.report) ?? 0), 0);
  core.setOutput('fail-count', sum((r) => r.summary.byStatus.fail));
  core.setOutput('unknown-count', sum((r) => r.summary.byStatus.unknown));
  core.setOutput('pass-count', sum((r) => r.summary.byStatus.pass));
  core.setOutput('not-applicable-count', sum((r) => r.summary.byStatus.not_applicable));
  for (const sev of ['critical', 'high', 'medium', 'low', 'info'] as const) core.setOutput(`${sev}-count`, sum((r) => r.summary.failBySeverity[sev]));
  const costs = stacks.map((s) => s.report.cost);
  core.setOutput('cost-monthly', costs.every((c) => c) ? sum((r) => r.cost?.monthlyTotal).toFixed(2) : '');
  const diffs = stacks.map((s) => s.diff);
  if (diffs.every((d) => d)) {
    core.setOutput('introduced-count', diffs.reduce((a, d) => a + (d?.introduced.length ?? 0), 0));
    core.setOutput('fixed-count', diffs.reduce((a, d) => a + (d?.fixed.length ?? 0), 0));
    core.setOutput('cost-delta', diffs.every((d) => d?.cost) ? diffs.reduce((a, d) => a + (d?.cost?.delta ?? 0), 0).toFixed(2) : '');
  }
}
