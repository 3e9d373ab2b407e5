/**
 * `envelope diff` on a terminal: what the change introduces first, then what it fixes, what stays
 * failing, what becomes unknown, and the monthly cost delta per resource. Strings from the plan or
 * a report file go through printable(); colour only when asked.
 */
import pc from 'picocolors';
import type { Severity } from '../model/finding.js';
import { columns, printable } from '../report/terminal-text.js';
import { formatInteger, formatUsd, plural } from '../report/view.js';
import type { DiffEntry, DiffReport } from './diff.js';

type Colors = ReturnType<typeof pc.createColors>;

function severityColor(c: Colors, s: Severity): (t: string) => string {
  return { critical: (t: string) => c.bold(c.red(t)), high: c.red, medium: c.yellow, low: c.cyan, info: c.dim }[s];
}

const signed = (n: number): string => (n > 0 ? `+${formatUsd(n)}` : formatUsd(n));

/** ` (main.tf:12)` when the plan's .tf files gave the resource a line; else nothing. */
const declaredAt = (r: DiffEntry['finding']['resource']): string => (r.location ? ` (${printable(`${r.location.file}:${r.location.line}`)})` : '');

export function renderDiffTerminal(diff: DiffReport, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const out: string[] = [
    `${c.bold('envelope diff')} ${printable(diff.tool.version)} · profile ${printable(diff.profile.name)}`,
    c.dim(`compared with ${printable(diff.baseline.description)}`),
    '',
  ];
  const section = (title: string, symbol: string, color: (t: string) => string, entries: DiffEntry[], showBefore = false): void => {
    if (entries.length === 0) return;
    out.push(c.bold(`${title} (${formatInteger(entries.length)})`));
    const rows = entries.map((e) => [
      symbol,
      e.finding.severity,
      e.finding.ruleId,
      printable(e.finding.resource.name) + declaredAt(e.finding.resource),
      (showBefore ? `was ${e.before ?? 'not there'}: ` : '') + printable(e.finding.message),
    ]);
    const aligned = columns(rows, [], (cell, col, ri) => {
      const f = (entries[ri] as DiffEntry).finding;
      if (col === 0) return color(cell);
      if (col === 1) return severityColor(c, f.severity)(cell);
      if (col === 2) return c.cyan(cell);
      if (col === 3) return c.bold(cell);
      return cell;
    });
    out.push(...aligned.map((r) => `  ${r}`), '');
  };
  section('Introduced', '✗', c.red, diff.introduced);
  section('Fixed', '✓', c.green, diff.fixed);
  section('Newly unknown', '?', c.yellow, diff.newlyUnknown, true);
  section('Still failing', '✗', c.dim, diff.unchangedFailing);
  section('Suppressed (accepted risks)', '~', c.magenta, diff.suppressed, true);
  if (diff.introduced.length + diff.fixed.length + diff.newlyUnknown.length + diff.unchangedFailing.length === 0) out.push(c.green('No failing or unknown findings, before or after.'), '');
  out.push(...costSection(diff, c));
  out.push(
    [
      (diff.introduced.length > 0 ? c.red : c.green)(`${formatInteger(diff.introduced.length)} introduced`),
      `${formatInteger(diff.fixed.length)} fixed`,
      (diff.newlyUnknown.length > 0 ? c.yellow : (t: string) => t)(`${formatInteger(diff.newlyUnknown.length)} newly unknown`),
      `${formatInteger(diff.unchangedFailing.length)} still failing`,
      ...(diff.suppressed.length > 0 ? [c.magenta(`${formatInteger(diff.suppressed.length)} suppressed`)] : []),
    ].join(c.dim(' · ')),
  );
  return `${out.join('\n')}\n`;
}

function costSection(diff: DiffReport, c: Colors): string[] {
  const cost = diff.cost;
  if (!cost) return [c.dim(`Cost delta: not estimated (${printable(diff.costNote ?? 'no cost section')}).`), ''];
  const head = c.bold(`Cost: ${signed(cost.delta)} / month`) + c.dim(` (${formatUsd(cost.before)} → ${formatUsd(cost.after)}, ${cost.currency})`);
  if (cost.resources.length === 0) return [head, c.dim('  no resource changes cost'), ''];
  const table = columns(
    [['Resource', 'Before', 'After', 'Change'], ...cost.resources.map((r) => [printable(r.name), formatUsd(r.before), formatUsd(r.after), signed(r.delta)])],
    ['left', 'right', 'right', 'right'],
    (cell, col, ri) => (ri === 0 ? c.bold(cell) : col === 3 ? (cell.trim().startsWith('+') ? c.red(cell) : c.green(cell)) : cell),
  );
  const out = [head, ...table.map((r) => `  ${r}`)];
  // The notes are long and the same on every run; the JSON diff and `envelope plan` list them.
  if (cost.assumptions.length > 0) out.push(c.dim(`  usage assumed where the plan has none (profile cost.assumptions): ${plural(cost.assumptions.length, 'note')} in --format json`));
  return [...out, ''];
}
