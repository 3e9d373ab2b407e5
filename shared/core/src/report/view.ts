import { formatUsd, formatUsdRange } from '../cost/format-amounts.js';
import type { CostLine } from '../model/cost.js';
import { isUnpriced } from '../cost/cost-line.js';
/**
 * What the human renderers (markdown, terminal) share: the order findings are shown in, grouping by
 * resource, and number formats. None of it re-derives a verdict: status, severity and message come
 * from the findings as the rules produced them.
 */
import { SEVERITIES, severityRank, type Status } from '../model/finding.js';
import type { Report } from './schema.js';

export type ReportFinding = Report['findings'][number];
export type ReportResource = Report['resources'][number];

const STATUS_ORDER: Record<Status, number> = { fail: 0, unknown: 1, suppressed: 2, pass: 3, not_applicable: 4 };

/** Fail before unknown before suppressed before pass; within a status most severe first, then rule id, then resource. */
export function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    severityRank(b.severity) - severityRank(a.severity) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.resource.name, b.resource.name) ||
    compareText(a.resource.id, b.resource.id)
  );
}

/** Code-unit order, not locale order: goldens must not depend on the machine's ICU data. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function findingsWithStatus(report: Report, status: Status): ReportFinding[] {
  return report.findings.filter((f) => f.status === status).sort(compareFindings);
}

export interface ResourceGroup {
  resource: ReportFinding['resource'];
  /** From report.resources when listed there (support buckets carry their role). */
  listed?: ReportResource;
  findings: ReportFinding[];
}

/**
 * Findings grouped per resource, worst resource first: any fail, then any unknown, then the rest;
 * within that by the most severe fail/unknown, then by name.
 */
export function groupByResource(report: Report): ResourceGroup[] {
  const listed = new Map(report.resources.map((r) => [r.id, r]));
  const groups = new Map<string, ResourceGroup>();
  for (const f of report.findings) {
    let g = groups.get(f.resource.id);
    if (!g) {
      const known = listed.get(f.resource.id);
      g = { resource: f.resource, findings: [], ...(known ? { listed: known } : {}) };
      groups.set(f.resource.id, g);
    }
    g.findings.push(f);
  }
  const all = [...groups.values()];
  for (const g of all) g.findings.sort(compareFindings);
  return all.sort((a, b) => {
    const wa = a.findings[0];
    const wb = b.findings[0];
    const byWorst = wa && wb ? STATUS_ORDER[wa.status] - STATUS_ORDER[wb.status] || severityRank(wb.severity) - severityRank(wa.severity) : 0;
    return byWorst || compareText(a.resource.name, b.resource.name) || compareText(a.resource.id, b.resource.id);
  });
}

/** "1 critical, 2 medium" from report.summary, most severe first; '' when nothing failed. */
export function failBreakdown(report: Report, join = ', '): string {
  return SEVERITIES.filter((s) => (report.summary.failBySeverity[s] ?? 0) > 0)
    .map((s) => `${report.summary.failBySeverity[s]} ${s}`)
    .join(join);
}

/**
 * "fail", or "unknown (not seen)" for a suppressed unknown: the rule's own verdict under a
 * suppression, so an accepted risk the scanner could not even read never looks like a seen one.
 */
export function suppressedVerdict(f: ReportFinding): string {
  return f.suppressedStatus === 'unknown' ? 'unknown (not seen)' : (f.suppressedStatus ?? 'fail');
}

/**
 * Who accepted the risk and until when, for people: "until 2027-03-31, approved by alice" from
 * the profile; "resource tag envelope:ignore, no expiry" from a tag. The reason is shown apart.
 */
export function suppressionTerms(f: ReportFinding): string {
  const s = f.suppression;
  if (!s) return '';
  if (s.source === 'tag') return `resource tag ${s.tag ?? 'envelope:ignore'}, no expiry`;
  return [`profile, until ${s.expires ?? '?'}`, s.approvedBy ? `approved by ${s.approvedBy}` : 'no approver named'].join(', ');
}

export function countOf(report: Report, status: Status): number {
  return report.summary.byStatus[status] ?? 0;
}

export const SOURCE_LABEL: Record<Report['source']['kind'], string> = {
  aws: 'live AWS account',
  'terraform-plan': 'Terraform plan',
  demo: 'demo account (no cloud)',
};

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const quantity = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export const formatInteger = (n: number): string => integer.format(n);
export const formatQuantity = (n: number): string => quantity.format(n);

/** "$1,234.56"; amounts that would round to zero but are not zero show as "<$0.01". */
/** One money format for findings and reports alike. */
export { formatUsd, formatUsdRange };

/** "850 ms", "1.2 s", "3 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** "2026-03-01 09:30 UTC" from an ISO timestamp; the raw string if it does not parse. */
export function formatScannedAt(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Where a gap is, as shown: its resource, and with several accounts the account when the resource
 * does not already name it ("KMS in eu-west-1" is in every account; a bucket ARN names none).
 */
export function gapWhere(gap: Report['gaps'][number]): string {
  return gap.account && !gap.resource.includes(gap.account) ? `${gap.resource} (account ${gap.account})` : gap.resource;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInteger(n)} ${n === 1 ? one : many}`;
}


/** A cost line's monthly amount for people: a line the price table could not price says so, never "$0.00". */
export function lineAmount(line: CostLine): string {
  return isUnpriced(line) ? 'not priced' : formatUsd(line.monthlyAmount);
}
