/**
 * The PR comment / job summary body. Every string that comes from the scanned account or from a
 * report file goes through escapeMarkdown; only our own fixed text is raw markdown.
 */
import { SEVERITIES, severityRank, type Severity } from '../model/finding.js';
import { fitToBudget, type Block, type BudgetRow, type BudgetTable } from './markdown-budget.js';
import { codeOrText, escapeMarkdown, markdownLink, safeUrl } from './markdown-escape.js';
import type { Report } from './schema.js';
import { frameworkLabel, groupByControl, type FrameworkGrouping } from './framework-groups.js';
import {
  compareText,
  countOf,
  findingsWithStatus,
  formatDuration,
  formatInteger,
  formatQuantity,
  formatScannedAt,
  formatUsd,
  lineAmount,
  formatUsdRange,
  gapWhere,
  groupByResource,
  plural,
  SOURCE_LABEL,
  suppressedVerdict,
  suppressionTerms,
  type ReportFinding,
} from './view.js';

export interface MarkdownOptions {
  /** Budget for the whole body, in UTF-16 code units. Default 60,000 (GitHub rejects > 65,536). */
  maxChars?: number;
  /** Heading text; escaped like any other string. Default "envelope report". */
  title?: string;
  /** Group the findings under the controls of a framework instead of failing / unknown / passed tables. */
  byFramework?: FrameworkGrouping;
}

/** First line of every body, so the Action can find its sticky comment even when truncated. */
export const REPORT_MARKER = '<!-- envelope-report -->';
export const DEFAULT_MAX_CHARS = 60_000;

const SEVERITY_ICON: Record<Severity, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' };
const MORE_FINDINGS = (n: number): string => `… ${formatInteger(n)} more ${n === 1 ? 'finding' : 'findings'} not shown; see the full report (JSON/SARIF)`;
const MORE_ROWS = (what: string) => (n: number) => `… ${formatInteger(n)} more ${n === 1 ? what : `${what}s`} not shown; see the full report (JSON/SARIF)`;

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const links = new Map<string, string>();
  const blocks: Block[] = [
    REPORT_MARKER,
    `## 🛡️ ${escapeMarkdown(options.title ?? 'envelope report')}`,
    '',
    ...headline(report),
    ...(options.byFramework
      ? [...frameworkSection(report, links, options.byFramework), ...gapTable(report)]
      : [...failingSection(report, links), ...unknownSection(report, links), ...suppressedSection(report, links), ...passedSection(report)]),
    ...costSection(report),
    `<sub>envelope ${escapeMarkdown(report.tool.version)} · ${plural(report.stats.apiCallsTotal, 'API call')} in ${formatDuration(report.stats.durationMs)} · every finding is in the JSON and SARIF reports</sub>`,
  ];
  // Reference-style links: the docs URL is written once, not on every row, so more rows fit.
  if (links.size > 0) blocks.push('', ...[...links].sort(([a], [b]) => compareText(a, b)).map(([id, url]) => `[${id}]: ${url}`));
  return fitToBudget(blocks, options.maxChars ?? DEFAULT_MAX_CHARS);
}

function headline(report: Report): string[] {
  const failed = countOf(report, 'fail');
  const unknown = countOf(report, 'unknown');
  const sev = report.summary.failBySeverity;
  const icons = SEVERITIES.filter((s) => (sev[s] ?? 0) > 0)
    .map((s) => `${SEVERITY_ICON[s]} ${formatInteger(sev[s] ?? 0)} ${s}`)
    .join(' · ');
  const alert =
    failed > 0
      ? [`> [!${(sev.critical ?? 0) + (sev.high ?? 0) > 0 ? 'CAUTION' : 'WARNING'}]`, `> **${plural(failed, 'failing finding')}:** ${icons}`]
      : unknown > 0
        ? ['> [!WARNING]', `> **No failing findings, but ${plural(unknown, 'check')} could not be evaluated.**`]
        : ['> [!NOTE]', `> **No failing findings.** ${plural(countOf(report, 'pass'), 'check')} passed.`];
  const suppressed = countOf(report, 'suppressed');
  const counts = [
    `❔ ${formatInteger(unknown)} could not be evaluated`,
    ...(suppressed > 0 ? [`🔕 ${formatInteger(suppressed)} suppressed`] : []),
    `✅ ${formatInteger(countOf(report, 'pass'))} passed`,
    `➖ ${formatInteger(countOf(report, 'not_applicable'))} not applicable`,
  ].join(' · ');
  const { source } = report;
  const where = [
    `${source.accounts.length === 1 ? 'Account' : 'Accounts'} ${source.accounts.map(codeOrText).join(', ') || '—'}`,
    `${source.regions.length === 1 ? 'region' : 'regions'} ${source.regions.map(codeOrText).join(', ') || '—'}`,
    SOURCE_LABEL[source.kind] ?? escapeMarkdown(source.kind),
    `profile ${codeOrText(report.profile.name)}`,
    `scanned ${escapeMarkdown(formatScannedAt(report.scannedAt))}`,
  ].join(' · ');
  const expired = report.suppressions?.expired ?? [];
  const expiredAlert =
    expired.length > 0
      ? ['> [!WARNING]', `> **${plural(expired.length, 'suppression')} expired** and no longer ${expired.length === 1 ? 'applies' : 'apply'}: ${expired.map((e) => `${codeOrText(e.rule)} on ${codeOrText(e.resource)} (${escapeMarkdown(e.expires)})`).join(', ')}.`, '']
      : [];
  return [...alert, '', ...expiredAlert, counts, '', where, ''];
}

/**
 * Which rows survive truncation longest: findings by severity (fail before unknown at the same
 * severity: 100/101 critical … 20/21 info), then the gaps (they explain the unknowns, so they
 * outlast low and info findings), savings, cost lines, and passed rows last.
 */
const priorityOf = (f: ReportFinding): number => severityRank(f.severity) * 20 + (f.status === 'fail' ? 1 : 0);
const GAP_PRIORITY = 50;

type Links = Map<string, string>;

/** `[`id`][id]` with the URL collected into `links`; inline or plain text when the id or URL is odd. */
function ruleCell(f: ReportFinding, links: Links): string {
  const url = safeUrl(f.docs);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(f.ruleId) || !url || (links.has(f.ruleId) && links.get(f.ruleId) !== url)) {
    return markdownLink(codeOrText(f.ruleId), f.docs);
  }
  links.set(f.ruleId, url);
  return `[\`${f.ruleId}\`][${f.ruleId}]`;
}

function resourceCell(resource: ReportFinding['resource']): string {
  const declared = resource.location ? `${resource.location.file}:${resource.location.line}` : resource.address;
  const detail = [resource.type, resource.owner, declared].filter(Boolean).map((s) => escapeMarkdown(s as string));
  return `${escapeMarkdown(resource.name)} <sub>${detail.join(' · ')}</sub>`;
}

function table(heading: string[], columns: string, rows: BudgetRow[], hiddenNote: (n: number) => string): BudgetTable {
  const cells = columns.split('|');
  const align = cells.map((c) => (c.endsWith(':') ? '---:' : '---'));
  const header = `| ${cells.map((c) => c.replace(/:$/, '')).join(' | ')} |`;
  return { head: [...heading, header, `| ${align.join(' | ')} |`], rows, hiddenNote };
}

const row = (cells: string[], priority: number): BudgetRow => ({ text: `| ${cells.join(' | ')} |`, priority });

function failingSection(report: Report, links: Links): Block[] {
  const failing = findingsWithStatus(report, 'fail');
  if (failing.length === 0) return [];
  const rows = failing.map((f) =>
    row([`${SEVERITY_ICON[f.severity]} ${f.severity}`, ruleCell(f, links), resourceCell(f.resource), escapeMarkdown(f.message)], priorityOf(f)),
  );
  return [table([`### Failing findings (${formatInteger(failing.length)})`, ''], 'Severity|Rule|Resource|Finding', rows, MORE_FINDINGS), ''];
}

function unknownSection(report: Report, links: Links): Block[] {
  const unknown = findingsWithStatus(report, 'unknown');
  if (unknown.length === 0 && report.gaps.length === 0) return [];
  const blocks: Block[] = ['### ❔ Could not evaluate', ''];
  if (unknown.length > 0) {
    const one = unknown.length === 1;
    blocks.push(`${plural(unknown.length, 'check')} could not read ${one ? 'its' : 'their'} input; envelope reports ${one ? 'it' : 'them'} here, never as passed.`, '');
    const rows = unknown.map((f) =>
      row(
        [`${SEVERITY_ICON[f.severity]} ${f.severity}`, ruleCell(f, links), resourceCell(f.resource), escapeMarkdown(f.message.replace(/^Could not evaluate: /, ''))],
        priorityOf(f),
      ),
    );
    blocks.push(table([], 'Severity|Rule|Resource|Why', rows, MORE_FINDINGS), '');
  }
  blocks.push(...gapTable(report));
  return blocks;
}

function gapTable(report: Report): Block[] {
  if (report.gaps.length === 0) return [];
  const rows = report.gaps.map((g) => row([escapeMarkdown(gapWhere(g)), escapeMarkdown(g.what), escapeMarkdown(g.reason)], GAP_PRIORITY));
  return [table([`**What envelope could not see (${formatInteger(report.gaps.length)})**`, ''], 'Resource|What|Why', rows, MORE_ROWS('gap')), ''];
}


const STATUS_ICON: Record<ReportFinding['status'], string> = { fail: '❌ fail', unknown: '❔ unknown', pass: '✅ pass', not_applicable: '➖ n/a', suppressed: '🔕 suppressed' };

/**
 * `--group-by framework`: a count table of every control the report touches, then per control
 * with a failing or unknown finding a table of those findings. Passes are counted, not listed.
 */
function frameworkSection(report: Report, links: Links, grouping: FrameworkGrouping): Block[] {
  const label = frameworkLabel(grouping.framework);
  const groups = groupByControl(report, grouping);
  const name = (control?: string): string => (control === undefined ? `Unmapped: no ${label}` : codeOrText(control));
  const counts = groups.map((g) =>
    row([name(g.control), formatInteger(g.counts.fail), formatInteger(g.counts.unknown), formatInteger(g.counts.suppressed), formatInteger(g.counts.pass), formatInteger(g.counts.not_applicable)], 90),
  );
  const blocks: Block[] = [table([`### Findings by ${label}`, ''], 'Control|❌ Failed:|❔ Unknown:|🔕 Suppressed:|✅ Passed:|➖ N/A:', counts, MORE_ROWS('control')), ''];
  for (const g of groups) {
    const open = g.findings.filter((f) => f.status === 'fail' || f.status === 'unknown');
    if (open.length === 0) continue;
    const rows = open.map((f) =>
      row([STATUS_ICON[f.status], `${SEVERITY_ICON[f.severity]} ${f.severity}`, ruleCell(f, links), resourceCell(f.resource), escapeMarkdown(f.message)], priorityOf(f)),
    );
    blocks.push(table([`#### ${name(g.control)}`, ''], 'Status|Severity|Rule|Resource|Finding', rows, MORE_FINDINGS), '');
  }
  return blocks;
}

/** Accepted risks, with the reason and terms; then the suppressions that suppress nothing. Collapsed: they block nothing. */
function suppressedSection(report: Report, links: Links): Block[] {
  const suppressed = findingsWithStatus(report, 'suppressed');
  const stale = report.suppressions?.stale ?? [];
  const invalid = report.suppressions?.invalidTags ?? [];
  if (suppressed.length + stale.length + invalid.length === 0) return [];
  const blocks: Block[] = [`<details><summary>🔕 ${plural(suppressed.length, 'suppressed finding')} (accepted risks; they do not fail the check)</summary>`, ''];
  if (suppressed.length > 0) {
    const rows = suppressed.map((f) =>
      row(
        [
          `${SEVERITY_ICON[f.severity]} ${f.severity}`,
          ruleCell(f, links),
          resourceCell(f.resource),
          escapeMarkdown(suppressedVerdict(f)),
          escapeMarkdown(f.suppression?.reason ?? ''),
          escapeMarkdown(suppressionTerms(f)),
        ],
        severityRank(f.severity) * 20 - 10,
      ),
    );
    blocks.push(table([], 'Severity|Rule|Resource|Verdict|Reason|Terms', rows, MORE_FINDINGS), '');
  }
  if (stale.length > 0) {
    const rows = stale.map((e) => row([escapeMarkdown(e.source), codeOrText(e.rule), escapeMarkdown(e.resource), escapeMarkdown(e.why)], 3));
    blocks.push(table([`**Stale suppressions (${formatInteger(stale.length)}): they suppress nothing**`, ''], 'From|Rule|Resource|Why', rows, MORE_ROWS('suppression')), '');
  }
  if (invalid.length > 0) {
    const rows = invalid.map((t) => row([escapeMarkdown(t.resourceName), codeOrText(t.value), escapeMarkdown(t.problem)], 3));
    blocks.push(table([`**Unreadable ${codeOrText(invalid[0]!.tag)} tags (${formatInteger(invalid.length)})**`, ''], 'Resource|Value|Problem', rows, MORE_ROWS('tag')), '');
  }
  return [...blocks, '</details>', ''];
}

function passedSection(report: Report): Block[] {
  const passed = countOf(report, 'pass');
  const na = countOf(report, 'not_applicable');
  if (passed + na === 0) return [];
  const groups = groupByResource(report)
    .map((g) => ({
      g,
      pass: g.findings.filter((f) => f.status === 'pass').map((f) => codeOrText(f.ruleId)),
      na: g.findings.filter((f) => f.status === 'not_applicable').map((f) => codeOrText(f.ruleId)),
    }))
    .filter((x) => x.pass.length + x.na.length > 0);
  const rows = groups.map(({ g, pass, na: notApplicable }) => {
    const why = g.listed?.role === 'support' && g.listed.roleReason ? ` (support bucket: ${escapeMarkdown(g.listed.roleReason)})` : '';
    return row([resourceCell(g.resource) + why, pass.join(', ') || '—', notApplicable.join(', ') || '—'], 2);
  });
  const summary = `<details><summary>✅ ${formatInteger(passed)} passed · ➖ ${formatInteger(na)} not applicable, on ${plural(groups.length, 'resource')}</summary>`;
  return [table([summary, ''], 'Resource|Passed|Not applicable', rows, MORE_ROWS('resource')), '', '</details>', ''];
}

function costSection(report: Report): Block[] {
  const cost = report.cost;
  if (!cost) return ['<sub>💰 No cost estimate in this report.</sub>', ''];
  const names = new Map(report.resources.map((r) => [r.id, r.name]));
  const nameOf = (id: string): string => escapeMarkdown(names.get(id) ?? id);
  const note = (n?: string): string => (n ? ` <sub>${escapeMarkdown(n)}</sub>` : '');
  const lines = cost.lines.map((l) =>
    row(
      [nameOf(l.resourceId), escapeMarkdown(l.component) + note(l.note), `${formatQuantity(l.quantity)} ${escapeMarkdown(l.unit)}`, lineAmount(l), l.basis === 'assumed' ? '**assumed**' : l.basis],
      6,
    ),
  );
  const blocks: Block[] = [
    table([`### 💰 Cost: ${formatUsd(cost.monthlyTotal)} / month`, ''], 'Resource|Component|Quantity:|Monthly:|Basis', lines, MORE_ROWS('cost line')),
    '',
  ];
  if (cost.savings.length > 0) {
    const savings = cost.savings.map((s) => row([nameOf(s.resourceId), escapeMarkdown(s.action) + note(s.note), formatUsdRange(s.monthlyLow, s.monthlyHigh)], 8));
    blocks.push(table(['**Possible savings**', ''], 'Resource|Action|Per month:', savings, MORE_ROWS('saving')), '');
  }
  const assumptions = cost.assumptions.length > 0 ? ` Assumed: ${cost.assumptions.map(escapeMarkdown).join('; ')}.` : '';
  blocks.push(`<sub>Prices of ${escapeMarkdown(cost.priceTableDate)}, ${escapeMarkdown(cost.currency)}.${assumptions}</sub>`, '');
  return blocks;
}
