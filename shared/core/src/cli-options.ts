import { SEVERITIES, severityRank, type Severity } from './model/finding.js';
import type { Report } from './report/schema.js';

export const FORMATS = ['table', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = [...SEVERITIES, 'none'] as const;
export type FailOn = Severity | 'none';

/**
 * Exit code for a finished scan: 1 when a failing finding is at or above `failOn` — or, with
 * `failOnUnknown`, a finding at or above it could not be evaluated — or when the scan could not
 * list the buckets at all (a report of nothing is not a pass); 0 otherwise. Suppressed findings
 * (accepted risks, src/suppress) never count: their status is neither fail nor unknown.
 */
export function exitCodeFor(report: Report, failOn: FailOn, options: { failOnUnknown?: boolean } = {}): 0 | 1 {
  if (failOn === 'none') return 0;
  const threshold = severityRank(failOn);
  const counted = (status: string) => status === 'fail' || (options.failOnUnknown === true && status === 'unknown');
  const failing = report.findings.some((f) => counted(f.status) && severityRank(f.severity) >= threshold);
  const blind = report.gaps.some((g) => g.what === 'the bucket list');
  return failing || blind ? 1 : 0;
}
