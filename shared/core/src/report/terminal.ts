/**
 * The human table for a terminal: findings grouped per resource, worst first, passes collapsed to
 * one line per resource. Colour only when asked (the CLI decides from the TTY, NO_COLOR, --color).
 */
import pc from 'picocolors';
import type { Severity, Status } from '../model/finding.js';
import type { Report } from './schema.js';
import { frameworkLabel, groupByControl, type ControlGroup, type FrameworkGrouping } from './framework-groups.js';
import { profileHint } from './profile-hint.js';
import { columns, printable } from './terminal-text.js';
import {
  countOf,
  failBreakdown,
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
  type ResourceGroup,
} from './view.js';

export interface TerminalOptions {
  color: boolean;
  /** Show every passed and not-applicable check instead of one line per resource. */
  verbose?: boolean;
  /** Group the findings under the controls of a framework instead of per resource. */
  byFramework?: FrameworkGrouping;
}

type Colors = ReturnType<typeof pc.createColors>;

const SYMBOL: Record<Status, string> = { fail: '✗', unknown: '?', suppressed: '~', pass: '✓', not_applicable: '–' };

function statusColor(c: Colors, s: Status): (t: string) => string {
  return { fail: c.red, unknown: c.yellow, suppressed: c.magenta, pass: c.green, not_applicable: c.dim }[s];
}

function severityColor(c: Colors, s: Severity): (t: string) => string {
  return { critical: (t: string) => c.bold(c.red(t)), high: c.red, medium: c.yellow, low: c.cyan, info: c.dim }[s];
}

export function renderTerminal(report: Report, options: TerminalOptions): string {
  const c = pc.createColors(options.color);
  const out: string[] = [...header(report, c), ''];
  out.push(...(options.byFramework ? controlSection(report, c, options.verbose ?? false, options.byFramework) : resourceSection(report, c, options.verbose ?? false)));
  out.push(...gapSection(report, c), ...suppressionSection(report, c), ...costSection(report, c), ...profileHintSection(report, c), summaryLine(report, c));
  return `${out.join('\n')}\n`;
}

function header(report: Report, c: Colors): string[] {
  const { source } = report;
  const accounts = source.accounts.map(printable).join(', ') || '—';
  const regions = source.regions.map(printable).join(', ') || '—';
  return [
    `${c.bold('envelope')} ${printable(report.tool.version)} · profile ${printable(report.profile.name)} · ${SOURCE_LABEL[source.kind] ?? printable(source.kind)}`,
    c.dim(
      `${source.accounts.length === 1 ? 'account' : 'accounts'} ${accounts} · ${source.regions.length === 1 ? 'region' : 'regions'} ${regions} · scanned ${printable(formatScannedAt(report.scannedAt))}`,
    ),
  ];
}

type Line = { kind: 'text'; text: string } | { kind: 'row'; finding: ReportFinding };

function resourceSection(report: Report, c: Colors, verbose: boolean): string[] {
  const lines: Line[] = [];
  for (const group of groupByResource(report)) {
    lines.push({ kind: 'text', text: resourceHeading(group, c) });
    const shown = group.findings.filter((f) => verbose || f.status === 'fail' || f.status === 'unknown' || f.status === 'suppressed');
    for (const finding of shown) lines.push({ kind: 'row', finding });
    if (!verbose) {
      const passed = group.findings.filter((f) => f.status === 'pass').length;
      const na = group.findings.filter((f) => f.status === 'not_applicable').length;
      const parts = [
        passed > 0 ? c.green(`${SYMBOL.pass} ${plural(passed, 'rule')} passed`) : '',
        na > 0 ? c.dim(`${SYMBOL.not_applicable} ${formatInteger(na)} not applicable`) : '',
      ].filter(Boolean);
      if (parts.length > 0) lines.push({ kind: 'text', text: `  ${parts.join(c.dim(' · '))}` });
    }
    lines.push({ kind: 'text', text: '' });
  }
  // One alignment over every row of every resource, so the columns line up down the whole table.
  const rows = lines.flatMap((l) => (l.kind === 'row' ? [l.finding] : []));
  const aligned = columns(
    rows.map((f) => [SYMBOL[f.status], f.severity, f.ruleId, printable(f.status === 'suppressed' ? suppressedText(f) : f.message)]),
    [],
    (cell, col, ri) => {
      const f = rows[ri] as ReportFinding;
      if (col === 0) return statusColor(c, f.status)(cell);
      if (col === 1) return severityColor(c, f.severity)(cell);
      if (col === 2) return c.cyan(cell);
      return f.status === 'pass' || f.status === 'not_applicable' || f.status === 'suppressed' ? c.dim(cell) : cell;
    },
  );
  let next = 0;
  return lines.map((l) => (l.kind === 'text' ? l.text : `  ${aligned[next++] ?? ''}`));
}

/** `--group-by framework`: one block per control, rows naming the resource; passes collapsed unless verbose. */
function controlSection(report: Report, c: Colors, verbose: boolean, grouping: FrameworkGrouping): string[] {
  const label = frameworkLabel(grouping.framework);
  const lines: Line[] = [{ kind: 'text', text: c.bold(`By ${label}`) }, { kind: 'text', text: '' }];
  const groups = groupByControl(report, grouping);
  for (const group of groups) {
    lines.push({ kind: 'text', text: controlHeading(group, label, c) });
    const shown = group.findings.filter((f) => verbose || f.status === 'fail' || f.status === 'unknown');
    for (const finding of shown) lines.push({ kind: 'row', finding });
    if (!verbose) {
      const { pass, not_applicable: na, suppressed } = group.counts;
      const parts = [
        suppressed > 0 ? c.dim(`${SYMBOL.suppressed} ${formatInteger(suppressed)} suppressed`) : '',
        pass > 0 ? c.green(`${SYMBOL.pass} ${formatInteger(pass)} passed`) : '',
        na > 0 ? c.dim(`${SYMBOL.not_applicable} ${formatInteger(na)} not applicable`) : '',
      ].filter(Boolean);
      if (parts.length > 0) lines.push({ kind: 'text', text: `  ${parts.join(c.dim(' · '))}` });
    }
    lines.push({ kind: 'text', text: '' });
  }
  if (groups.length === 0) lines.push({ kind: 'text', text: c.dim('No findings.') }, { kind: 'text', text: '' });
  const rows = lines.flatMap((l) => (l.kind === 'row' ? [l.finding] : []));
  const aligned = columns(
    rows.map((f) => [SYMBOL[f.status], f.severity, f.ruleId, printable(f.resource.name), printable(f.message)]),
    [],
    (cell, col, ri) => {
      const f = rows[ri] as ReportFinding;
      if (col === 0) return statusColor(c, f.status)(cell);
      if (col === 1) return severityColor(c, f.severity)(cell);
      if (col === 2) return c.cyan(cell);
      if (col === 3) return c.bold(cell);
      return f.status === 'pass' || f.status === 'not_applicable' ? c.dim(cell) : cell;
    },
  );
  let next = 0;
  return lines.map((l) => (l.kind === 'text' ? l.text : `  ${aligned[next++] ?? ''}`));
}

function controlHeading(group: ControlGroup, label: string, c: Colors): string {
  const { fail, unknown } = group.counts;
  const state = [fail > 0 ? c.red(`${formatInteger(fail)} failed`) : '', unknown > 0 ? c.yellow(`${formatInteger(unknown)} unknown`) : ''].filter(Boolean);
  const title = group.control === undefined ? `Unmapped: no ${label}` : printable(group.control);
  return `${c.bold(title)}  ${state.length > 0 ? state.join(c.dim(' · ')) : c.green('no failing finding')}`;
}

/** The verdict under the suppression, the accepted reason and its terms, then the rule's own message. */
function suppressedText(f: ReportFinding): string {
  return `suppressed ${suppressedVerdict(f)}: ${f.suppression?.reason ?? ''} (${suppressionTerms(f)}) — ${f.message}`;
}

function resourceHeading(group: ResourceGroup, c: Colors): string {
  const r = group.resource;
  const details = [
    r.region ? printable(r.region) : '',
    r.owner ? `owner ${printable(r.owner)}` : 'no owner',
    group.listed?.role === 'support' ? `support bucket${group.listed.roleReason ? ` (${printable(group.listed.roleReason)})` : ''}` : '',
    r.location ? printable(`${r.location.file}:${r.location.line}`) : r.address ? printable(r.address) : '',
  ].filter(Boolean);
  return `${c.dim(printable(r.type))} ${c.bold(printable(r.name))}  ${c.dim(details.join(' · '))}`;
}

/** Right above the summary: the profile does not match the account, and what to run. */
function profileHintSection(report: Report, c: Colors): string[] {
  const hint = profileHint(report);
  return hint ? [`${c.yellow('!')} ${c.bold(printable(hint.charAt(0).toUpperCase() + hint.slice(1)))}`, ''] : [];
}

function gapSection(report: Report, c: Colors): string[] {
  if (report.gaps.length === 0) return [];
  const rows = columns(
    report.gaps.map((g) => [printable(gapWhere(g)), printable(g.what), printable(g.reason)]),
    [],
    (cell, col) => (col === 2 ? c.yellow(cell) : cell),
  );
  return [c.bold(`Could not see (${formatInteger(report.gaps.length)})`), ...rows.map((r) => `  ${r}`), ''];
}

/** Expired entries (they apply no more: their findings count again), stale ones, and unreadable tags. */
function suppressionSection(report: Report, c: Colors): string[] {
  const s = report.suppressions;
  if (!s) return [];
  const out: string[] = [];
  if (s.expired.length > 0) {
    out.push(c.bold(c.yellow(`! Expired suppressions (${formatInteger(s.expired.length)}): no longer applied, their findings count again`)));
    const rows = columns(
      s.expired.map((e) => [printable(e.rule), printable(e.resource), `expired ${printable(e.expires)}`, e.approvedBy ? `approved by ${printable(e.approvedBy)}` : '', plural(e.matches, 'finding')]),
      [],
      (cell, col) => (col === 2 ? c.yellow(cell) : cell),
    );
    out.push(...rows.map((r) => `  ${r}`), '');
  }
  if (s.stale.length > 0) {
    out.push(c.bold(`Stale suppressions (${formatInteger(s.stale.length)}): they suppress nothing`));
    const rows = columns(s.stale.map((e) => [e.source, printable(e.rule), printable(e.resource), printable(e.why)]), [], (cell, col) => (col === 3 ? c.dim(cell) : cell));
    out.push(...rows.map((r) => `  ${r}`), '');
  }
  if (s.invalidTags.length > 0) {
    out.push(c.bold(c.yellow(`! Unreadable ${printable(s.invalidTags[0]!.tag)} tags (${formatInteger(s.invalidTags.length)}): they suppress nothing`)));
    const rows = columns(s.invalidTags.map((t) => [printable(t.resourceName), JSON.stringify(printable(t.value)), printable(t.problem)]), [], (cell, col) => (col === 2 ? c.yellow(cell) : cell));
    out.push(...rows.map((r) => `  ${r}`), '');
  }
  return out;
}

function costSection(report: Report, c: Colors): string[] {
  const cost = report.cost;
  if (!cost) return [c.dim('Cost: not estimated in this report.'), ''];
  const names = new Map(report.resources.map((r) => [r.id, r.name]));
  const nameOf = (id: string): string => printable(names.get(id) ?? id);
  const table = columns(
    [
      ['Resource', 'Component', 'Quantity', 'Monthly', 'Basis'],
      ...cost.lines.map((l) => [
        nameOf(l.resourceId),
        printable(l.component),
        `${formatQuantity(l.quantity)} ${printable(l.unit)}`,
        lineAmount(l),
        l.basis,
      ]),
      ['Total', '', '', formatUsd(cost.monthlyTotal), ''],
    ],
    ['left', 'left', 'right', 'right', 'left'],
    (cell, col, ri) => (ri === 0 || ri === cost.lines.length + 1 ? c.bold(cell) : col === 4 && cell.trim() === 'assumed' ? c.yellow(cell) : cell),
  );
  const out = [c.bold(`Cost: ${formatUsd(cost.monthlyTotal)} / month`) + c.dim(` (${printable(cost.currency)}, prices of ${printable(cost.priceTableDate)})`)];
  out.push(...table.map((r) => `  ${r}`));
  if (cost.savings.length > 0) {
    out.push(c.bold('Possible savings'));
    const savings = columns(
      cost.savings.map((s) => [nameOf(s.resourceId), printable(s.action), `${formatUsdRange(s.monthlyLow, s.monthlyHigh)} / month`]),
      ['left', 'left', 'right'],
      (cell, col) => (col === 2 ? c.green(cell) : cell),
    );
    out.push(...savings.map((r) => `  ${r}`));
  }
  for (const a of cost.assumptions) out.push(c.dim(`  assumed: ${printable(a)}`));
  return [...out, ''];
}

function summaryLine(report: Report, c: Colors): string {
  const failed = countOf(report, 'fail');
  const breakdown = failBreakdown(report);
  const parts = [
    (failed > 0 ? c.red : c.green)(`${formatInteger(failed)} failed${breakdown ? ` (${breakdown})` : ''}`),
    (countOf(report, 'unknown') > 0 ? c.yellow : (t: string) => t)(`${formatInteger(countOf(report, 'unknown'))} unknown`),
    // Shown once anything is suppressed, so reports without suppressions read as before.
    countOf(report, 'suppressed') > 0 ? c.magenta(`${formatInteger(countOf(report, 'suppressed'))} suppressed`) : '',
    `${formatInteger(countOf(report, 'pass'))} passed`,
    `${formatInteger(countOf(report, 'not_applicable'))} not applicable`,
    c.dim(`${plural(report.stats.apiCallsTotal, 'API call')} in ${formatDuration(report.stats.durationMs)}`),
  ];
  return parts.filter(Boolean).join(c.dim(' · '));
}
