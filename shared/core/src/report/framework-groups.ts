/**
 * `--group-by framework`: the report's findings under each control of one framework (Security Hub,
 * CIS, Prowler, Checkov), through the rules' mappings, with the findings of unmapped rules in a
 * group of their own. A finding whose rule maps to two controls is listed under both. Grouping
 * never changes a finding: status, severity and message are the rule's.
 */
import type { Rule } from '../rules/define-rule.js';
import { compareControlIds, FRAMEWORK_INFO, mappedIds, type Framework, type RuleMappings } from '../rules/mappings.js';
import type { Report } from './schema.js';
import { compareFindings, type ReportFinding } from './view.js';

export interface FrameworkGrouping {
  framework: Framework;
  /** The rule metadata the mappings come from (the registry; a fixture in tests). */
  rules: readonly Rule[];
}

export interface ControlGroup {
  /** The control id; undefined for the findings of rules that map to no control of the framework. */
  control?: string;
  findings: ReportFinding[];
  counts: Record<ReportFinding['status'], number>;
}

export function frameworkLabel(framework: Framework): string {
  return FRAMEWORK_INFO[framework].label;
}

/**
 * Controls in their natural order (S3.2 before S3.10), each with its findings worst first; the
 * unmapped group last. Controls without a finding in this report are left out. A rule the registry
 * does not know (a report from another version) falls back to the mappings the finding carries.
 */
export function groupByControl(report: Report, grouping: FrameworkGrouping): ControlGroup[] {
  const byRule = new Map(grouping.rules.map((r) => [r.id, r.mappings]));
  const groups = new Map<string | undefined, ReportFinding[]>();
  for (const f of report.findings) {
    const mappings: RuleMappings | undefined = byRule.has(f.ruleId) ? byRule.get(f.ruleId) : f.mappings;
    const controls = mappedIds(mappings, grouping.framework);
    for (const control of controls.length > 0 ? controls : [undefined]) groups.set(control, [...(groups.get(control) ?? []), f]);
  }
  const ids = [...groups.keys()].filter((k): k is string => k !== undefined).sort(compareControlIds);
  const ordered: (string | undefined)[] = groups.has(undefined) ? [...ids, undefined] : ids;
  return ordered.map((control) => {
    const findings = (groups.get(control) ?? []).sort(compareFindings);
    const counts = { fail: 0, unknown: 0, suppressed: 0, pass: 0, not_applicable: 0 };
    for (const f of findings) counts[f.status]++;
    return { ...(control !== undefined ? { control } : {}), findings, counts };
  });
}

/** The report with each finding carrying its rule's mappings (JSON output of `--group-by framework`). */
export function withMappings(report: Report, rules: readonly Rule[]): Report {
  const byRule = new Map(rules.map((r) => [r.id, r.mappings]));
  return {
    ...report,
    findings: report.findings.map((f) => {
      const mappings = byRule.get(f.ruleId);
      return mappings ? { ...f, mappings: Object.fromEntries(Object.entries(mappings).map(([k, ids]) => [k, [...(ids as readonly string[])]])) } : f;
    }),
  };
}
