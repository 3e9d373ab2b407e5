/**
 * The diff section the GitHub Action posts on a pull request. Every string from the plan or a
 * report file goes through escapeMarkdown/codeOrText; only our fixed text is raw markdown. The
 * body fits a budget: the lowest-priority rows go first (still-failing before introduced).
 */
import { severityRank, type Severity } from '../model/finding.js';
import { fitToBudget, type Block, type BudgetRow, type BudgetTable } from '../report/markdown-budget.js';
import { codeOrText, escapeMarkdown, markdownLink } from '../report/markdown-escape.js';
import { DEFAULT_MAX_CHARS } from '../report/markdown.js';
import { formatInteger, formatUsd, suppressionTerms } from '../report/view.js';
import type { DiffEntry, DiffReport } from './diff.js';

/** First line of the body, so the Action can find its sticky comment even when truncated. */
export const DIFF_MARKER = '<!-- envelope-diff -->';

const SEVERITY_ICON: Record<Severity, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' };
const signed = (n: number): string => (n > 0 ? `+${formatUsd(n)}` : formatUsd(n));
const more = (what: string) => (n: number) => `… ${formatInteger(n)} more ${n === 1 ? what : `${what}s`} not shown; see the JSON diff`;

function table(heading: string[], header: string[], align: string[], rows: BudgetRow[], what: string): BudgetTable {
  return { head: [...heading, `| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`], rows, hiddenNote: more(what) };
}

const row = (cells: string[], priority: number): BudgetRow => ({ text: `| ${cells.join(' | ')} |`, priority });

function entryRows(entries: DiffEntry[], base: number, withBefore: boolean): BudgetRow[] {
  return entries.map(({ finding: f, before }) => {
    // The .tf line, when the plan's files gave one: as code (codeOrText escapes a path it cannot quote safely).
    const at = f.resource.location ? ` · ${codeOrText(`${f.resource.location.file}:${f.resource.location.line}`)}` : '';
    const resource = `${escapeMarkdown(f.resource.name)} <sub>${escapeMarkdown(f.resource.type)}${at}</sub>`;
    const cells = [`${SEVERITY_ICON[f.severity]} ${f.severity}`, markdownLink(codeOrText(f.ruleId), f.docs), resource, escapeMarkdown(f.message)];
    if (withBefore) cells.splice(3, 0, escapeMarkdown(before ?? 'not there'));
    return row(cells, base + severityRank(f.severity));
  });
}

function suppressedRows(entries: DiffEntry[]): BudgetRow[] {
  return entries.map(({ finding: f, before }) =>
    row(
      [
        `${SEVERITY_ICON[f.severity]} ${f.severity}`,
        markdownLink(codeOrText(f.ruleId), f.docs),
        `${escapeMarkdown(f.resource.name)} <sub>${escapeMarkdown(f.resource.type)}</sub>`,
        escapeMarkdown(before ?? 'not there'),
        `${escapeMarkdown(f.suppression?.reason ?? '')} <sub>${escapeMarkdown(suppressionTerms(f))}</sub>`,
      ],
      severityRank(f.severity) - 10,
    ),
  );
}

export function renderDiffMarkdown(diff: DiffReport, options: { maxChars?: number; title?: string } = {}): string {
  const blocks: Block[] = [DIFF_MARKER, `## 🛡️ ${escapeMarkdown(options.title ?? 'envelope: what this plan changes')}`, ''];
  const introducedSevere = diff.introduced.some((e) => severityRank(e.finding.severity) >= severityRank('high'));
  blocks.push(
    ...(diff.introduced.length > 0
      ? [`> [!${introducedSevere ? 'CAUTION' : 'WARNING'}]`, `> **This change introduces ${formatInteger(diff.introduced.length)} failing ${diff.introduced.length === 1 ? 'finding' : 'findings'}.**`]
      : ['> [!NOTE]', '> **This change introduces no failing findings.**']),
    '',
    `🆕 ${formatInteger(diff.introduced.length)} introduced · ✅ ${formatInteger(diff.fixed.length)} fixed · ❔ ${formatInteger(diff.newlyUnknown.length)} newly unknown · ➖ ${formatInteger(diff.unchangedFailing.length)} still failing`,
    '',
    `Compared with ${escapeMarkdown(diff.baseline.description)}.`,
    '',
  );
  const header = ['Severity', 'Rule', 'Resource', 'Finding'];
  const align = ['---', '---', '---', '---'];
  if (diff.introduced.length > 0) blocks.push(table(['### 🆕 Introduced', ''], header, align, entryRows(diff.introduced, 100, false), 'finding'), '');
  if (diff.fixed.length > 0) blocks.push(table(['### ✅ Fixed', ''], header, align, entryRows(diff.fixed, 40, false), 'finding'), '');
  if (diff.newlyUnknown.length > 0)
    blocks.push(table(['### ❔ Newly unknown', '', 'Not evaluated after the change; envelope does not count these as passing.', ''], ['Severity', 'Rule', 'Resource', 'Before', 'Why'], [...align, '---'], entryRows(diff.newlyUnknown, 60, true), 'finding'), '');
  if (diff.unchangedFailing.length > 0) {
    blocks.push(`<details><summary>➖ ${formatInteger(diff.unchangedFailing.length)} still failing</summary>`, '');
    blocks.push(table([], header, align, entryRows(diff.unchangedFailing, 0, false), 'finding'), '', '</details>', '');
  }
  if (diff.suppressed.length > 0) {
    blocks.push(`<details><summary>🔕 ${formatInteger(diff.suppressed.length)} suppressed (accepted risks; not counted)</summary>`, '');
    blocks.push(table([], ['Severity', 'Rule', 'Resource', 'Before', 'Accepted because'], [...align, '---'], suppressedRows(diff.suppressed), 'finding'), '', '</details>', '');
  }
  blocks.push(...costBlocks(diff));
  blocks.push(`<sub>envelope ${escapeMarkdown(diff.tool.version)} · profile ${codeOrText(diff.profile.name)}</sub>`);
  return fitToBudget(blocks, options.maxChars ?? DEFAULT_MAX_CHARS);
}

function costBlocks(diff: DiffReport): Block[] {
  const cost = diff.cost;
  if (!cost) return [`<sub>💰 No cost delta: ${escapeMarkdown(diff.costNote ?? 'no cost section')}.</sub>`, ''];
  const heading = `### 💰 Cost: ${signed(cost.delta)} / month <sub>${formatUsd(cost.before)} → ${formatUsd(cost.after)}</sub>`;
  if (cost.resources.length === 0) return [heading, '', 'No resource changes cost.', ''];
  const rows = cost.resources.map((r) => row([escapeMarkdown(r.name), formatUsd(r.before), formatUsd(r.after), `**${signed(r.delta)}**`], 50));
  const assumed =
    cost.assumptions.length > 0
      ? [`<details><summary>Assumed usage (a plan has none: the profile's cost assumptions)</summary>`, '', ...cost.assumptions.map((a) => `- ${escapeMarkdown(a)}`), '', '</details>', '']
      : [];
  return [table([heading, ''], ['Resource', 'Before', 'After', 'Change'], ['---', '---:', '---:', '---:'], rows, 'resource'), '', ...assumed];
}
