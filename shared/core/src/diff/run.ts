import { readInputFile, type InputKind } from '../input-file.js';
import { parsePlanJson } from '../collect/terraform/plan-file.js';
import { ConfigError } from '../profile/load.js';
import type { Profile } from '../profile/schema.js';
import type { Report } from '../report/schema.js';
import { inferredProfile, planReportOf, type PlanOptions } from '../plan.js';
import { parseBaselineReport, priorStatePlan } from './baseline.js';
import { diffReports, type DiffReport } from './diff.js';

export interface DiffRunOptions extends PlanOptions {
  /** A report JSON to compare against; default: the plan's prior state. */
  baseline?: string;
  /** Compare against the account as it is now: a scan (`--live`) under the profile the plan is judged by; the caller owns the clients. */
  live?: (profile: Profile) => Promise<Report>;
}

function read(file: string, option: string, kind: InputKind): Promise<Uint8Array> {
  return readInputFile({ option, path: file, kind });
}

/** Reads the plan (and the baseline report, if named), judges both sides, and diffs them. */
export async function planDiff(options: DiffRunOptions): Promise<DiffReport> {
  return (await planDiffAndReport(options)).diff;
}

/** planDiff, also returning the plan's own report (the account after apply), judged once. */
export async function planDiffAndReport(options: DiffRunOptions): Promise<{ diff: DiffReport; report: Report }> {
  const plan = parsePlanJson(await read(options.file, 'plan', 'plan'), options.file);
  // Without a profile both sides are judged against the one the plan describes (the after state),
  // so a finding changes only because the configuration did.
  if (!options.profile) options = { ...options, profile: (await inferredProfile(plan, options)).profile };
  const after = await planReportOf(plan, options);
  return { diff: await diffAgainstBaseline(plan, after, options), report: after };
}

async function diffAgainstBaseline(plan: ReturnType<typeof parsePlanJson>, after: Report, options: DiffRunOptions): Promise<DiffReport> {
  if (options.baseline && options.live) throw new ConfigError('--baseline and --live: give one baseline, not both', options.baseline, 'baseline');
  if (options.live) {
    const before = await options.live(options.profile!);
    return diffReports(before, after, { baseline: { kind: 'live', description: `the live account ${before.source.accounts.join(', ') || '(unknown)'} (scanned ${before.scannedAt})` } });
  }
  if (options.baseline) {
    const before = parseBaselineReport(new TextDecoder().decode(await read(options.baseline, '--baseline', 'report')), options.baseline);
    return diffReports(before, after, { baseline: { kind: 'report', description: `report ${options.baseline} (${before.source.kind}, ${before.scannedAt})` } });
  }
  const prior = priorStatePlan(plan);
  if (!prior) return diffReports(null, after, { baseline: { kind: 'empty', description: 'nothing: the plan has no prior state (a first apply)' } });
  // The prior state names the account in its ARNs; when it does not, it is the plan's.
  const before = await planReportOf(prior, { ...options, account: options.account ?? after.source.accounts[0] });
  return diffReports(before, after, { baseline: { kind: 'prior-state', description: 'the plan’s prior state (what Terraform last recorded)' } });
}
