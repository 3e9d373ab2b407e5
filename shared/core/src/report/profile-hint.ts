/**
 * The one line that tells a first-time user the profile does not match the account: shown when
 * profile-values-resolve fails, on stderr by the CLI and in the terminal table. It restates the
 * finding, it decides nothing.
 */
import { INIT_HINT, PROFILE_VALUES_RULE } from '../rules/profile-values.js';
import type { Report } from './schema.js';

export function profileHint(report: Pick<Report, 'findings'>): string | undefined {
  const failed = report.findings.filter((f) => f.ruleId === PROFILE_VALUES_RULE && f.status === 'fail');
  if (failed.length === 0) return undefined;
  const values = [...new Set(failed.flatMap((f) => (typeof f.data?.unresolved === 'string' && f.data.unresolved ? [f.data.unresolved] : [])))];
  return `the profile names things this account does not have${values.length > 0 ? ` (${values.join('; ')})` : ''}; ${INIT_HINT}`;
}
