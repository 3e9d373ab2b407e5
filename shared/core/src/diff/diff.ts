/**
 * What a change does to the findings and the bill: two reports in (before, after), the difference
 * out. Pure — no I/O — so the CLI, the GitHub Action and tests share one verdict. A finding is the
 * same finding when its rule and resource id match.
 */
import { severityRank, type Severity } from '../model/finding.js';
import { DIFF_SCHEMA_URL } from '../report/build.js';
import type { CostDelta, CostDeltaLine, DiffEntry, DiffReport, Report } from '../report/schema.js';
import { compareFindings, type ReportFinding } from '../report/view.js';

export type { CostDelta, CostDeltaLine, DiffEntry, DiffReport } from '../report/schema.js';

export interface DiffOptions {
  baseline: DiffReport['baseline'];
}

const keyOf = (f: ReportFinding): string => `${f.ruleId}\u0000${f.resource.id}`;
const byFinding = (a: DiffEntry, b: DiffEntry): number => compareFindings(a.finding, b.finding);

/** `before` null: nothing existed (a first plan with no prior state). */
export function diffReports(before: Report | null, after: Report, options: DiffOptions): DiffReport {
  const was = new Map((before?.findings ?? []).map((f) => [keyOf(f), f]));
  const now = new Map(after.findings.map((f) => [keyOf(f), f]));
  const introduced: DiffEntry[] = [];
  const fixed: DiffEntry[] = [];
  const unchangedFailing: DiffEntry[] = [];
  const newlyUnknown: DiffEntry[] = [];
  const suppressed: DiffEntry[] = [];
  for (const f of after.findings) {
    const prior = was.get(keyOf(f));
    const entry: DiffEntry = { finding: f, ...(prior ? { before: prior.status } : {}) };
    // An accepted risk is neither introduced nor fixed, whatever it was before: it is listed apart.
    if (f.status === 'suppressed') suppressed.push(entry);
    else if (f.status === 'fail') (prior?.status === 'fail' ? unchangedFailing : introduced).push(entry);
    else if (f.status === 'unknown') {
      if (prior?.status !== 'unknown') newlyUnknown.push(entry);
    } else if (prior?.status === 'fail') fixed.push(entry);
  }
  // A failing finding whose resource the change removes is fixed too: the resource is gone.
  for (const f of before?.findings ?? []) if (f.status === 'fail' && !now.has(keyOf(f))) fixed.push({ finding: f, before: 'fail' });
  for (const list of [introduced, fixed, unchangedFailing, newlyUnknown, suppressed]) list.sort(byFinding);
  const cost = costDelta(before, after);
  return {
    $schema: DIFF_SCHEMA_URL,
    schemaVersion: 1,
    kind: 'envelope-diff',
    tool: after.tool,
    profile: after.profile,
    baseline: options.baseline,
    introduced,
    fixed,
    unchangedFailing,
    newlyUnknown,
    suppressed,
    cost: cost.delta,
    ...(cost.note ? { costNote: cost.note } : {}),
  };
}

function costDelta(before: Report | null, after: Report): { delta: CostDelta | null; note?: string } {
  if (!after.cost) return { delta: null, note: 'the new report has no cost estimate' };
  if (before && !before.cost) return { delta: null, note: 'the baseline report has no cost estimate' };
  const names = new Map([...(before?.resources ?? []), ...after.resources].map((r) => [r.id, r.name]));
  // Account-level lines (the KMS free tier) sit on the account root, which is no resource of the report.
  for (const l of [...(before?.cost?.lines ?? []), ...(after.cost?.lines ?? [])])
    if (!names.has(l.resourceId) && l.component === 'kms-free-tier') names.set(l.resourceId, `KMS free tier (account ${l.resourceId.split(':')[4] ?? '?'})`);
  const sum = (report: Report | null): Map<string, number> => {
    const out = new Map<string, number>();
    for (const l of report?.cost?.lines ?? []) out.set(l.resourceId, (out.get(l.resourceId) ?? 0) + l.monthlyAmount);
    return out;
  };
  const was = sum(before);
  const now = sum(after);
  const resources: CostDeltaLine[] = [];
  for (const id of new Set([...was.keys(), ...now.keys()])) {
    const b = was.get(id) ?? 0;
    const a = now.get(id) ?? 0;
    // Below a hundredth of a cent is float noise from summing lines, not a change.
    if (Math.abs(a - b) >= 0.0001) resources.push({ resourceId: id, name: names.get(id) ?? id, before: b, after: a, delta: a - b });
  }
  resources.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || (x.resourceId < y.resourceId ? -1 : x.resourceId > y.resourceId ? 1 : 0));
  const beforeTotal = before?.cost?.monthlyTotal ?? 0;
  return {
    delta: {
      currency: 'USD',
      before: beforeTotal,
      after: after.cost.monthlyTotal,
      delta: after.cost.monthlyTotal - beforeTotal,
      resources,
      assumptions: after.cost.assumptions,
    },
  };
}

/** 1 when a finding at or above `failOn` is introduced; 0 otherwise (`none` never fails). */
export function diffExitCode(diff: DiffReport, failOn: Severity | 'none'): 0 | 1 {
  if (failOn === 'none') return 0;
  const threshold = severityRank(failOn);
  return diff.introduced.some((e) => severityRank(e.finding.severity) >= threshold) ? 1 : 0;
}
