/**
 * The GitHub Action's sticky pull-request comment: what the change does to the findings
 * (introduced and fixed first), a count table by severity, the cost table and monthly delta, and
 * per-resource details with the remediation. One comment per target; a target may hold several
 * stacks (plan files). It renders verdicts the core made (diffReports); it decides none.
 *
 * GitHub rejects bodies over 65,536 characters, so the comment sheds detail level by level
 * (full → compact → tables → counts); the Action retries one level down on a 422.
 */
import type { DiffEntry, DiffReport } from '../diff/diff.js';
import { SEVERITIES, severityRank, type Severity } from '../model/finding.js';
import { renderMarker } from './comment-marker.js';
import { fitToBudget, type Block, type BudgetRow, type BudgetTable } from './markdown-budget.js';
import { codeOrText, escapeMarkdown, markdownLink, safeUrl } from './markdown-escape.js';
import { DEFAULT_MAX_CHARS } from './markdown.js';
import type { Report } from './schema.js';
import { compareText, formatInteger, formatUsd, plural, suppressedVerdict, suppressionTerms, type ReportFinding } from './view.js';

export const PR_COMMENT_LEVELS = ['full', 'compact', 'tables', 'counts'] as const;
export type PrCommentLevel = (typeof PR_COMMENT_LEVELS)[number];

export interface PrCommentStack {
  /** The stack's name, e.g. the plan file's path; shown escaped. */
  name: string;
  diff: DiffReport;
  /** The report of the plan (the account after apply). */
  report: Report;
  /** Mermaid source of the Snowflake chain the change touches (snowflakeChainMermaid); shown at full and compact. */
  diagram?: string;
}

export interface PrCommentInput {
  /** One comment per target; goes into the hidden marker and the heading. */
  target: string;
  stacks: PrCommentStack[];
  /** The run's job summary (the whole report); linked from every level. Must be http(s). */
  summaryUrl?: string;
  /** Short notes from the front end (e.g. why the live scan was skipped); escaped. */
  notes?: string[];
}

const ICON: Record<Severity, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' };
const signed = (n: number): string => (n > 0 ? `+${formatUsd(n)}` : formatUsd(n));
type Group = 'introduced' | 'fixed' | 'unchangedFailing' | 'newlyUnknown';
const GROUPS: { key: Group; label: string }[] = [
  { key: 'introduced', label: '🆕 Introduced' },
  { key: 'fixed', label: '✅ Fixed' },
  { key: 'newlyUnknown', label: '❔ Newly unknown' },
  { key: 'unchangedFailing', label: '➖ Still failing' },
];

/** Text inside an HTML block (`<details><summary>…`): markdown is not parsed there, so HTML-escape. */
export function htmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, ' ')
      .replace(/[&<>"'`|]/g, (c) => `&#${c.charCodeAt(0)};`)
      .replace(/@/g, '@\u200b')
  );
}

const entries = (input: PrCommentInput, group: Group): DiffEntry[] => input.stacks.flatMap((s) => s.diff[group]);

/** Renders one level; rows are dropped (lowest severity first) only if that level exceeds maxChars. */
export function renderPrComment(input: PrCommentInput, level: PrCommentLevel = 'full', maxChars = DEFAULT_MAX_CHARS): string {
  const rank = PR_COMMENT_LEVELS.indexOf(level);
  const blocks: Block[] = [renderMarker({ kind: 'pr-comment', target: input.target }), `## 🛡️ envelope: ${codeOrText(input.target)}`, '', ...headline(input), ...severityTable(input), ...costHeadline(input)];
  for (const note of input.notes ?? []) blocks.push(`> ${escapeMarkdown(note)}`, '');
  if (rank <= PR_COMMENT_LEVELS.indexOf('tables')) {
    const multi = input.stacks.length > 1;
    for (const stack of input.stacks) {
      if (multi) blocks.push(`### 📦 ${escapeMarkdown(stack.name)}`, '');
      blocks.push(`<sub>Compared with ${escapeMarkdown(stack.diff.baseline.description)}.</sub>`, '');
      blocks.push(...findingTables(stack.diff, rank, multi ? '####' : '###'));
      if (stack.diagram && rank <= PR_COMMENT_LEVELS.indexOf('compact')) blocks.push(...diagram(stack.diagram, multi ? '####' : '###'));
      if (rank <= PR_COMMENT_LEVELS.indexOf('compact')) blocks.push(...costTable(stack.diff, multi ? '####' : '###'));
      if (rank === 0) blocks.push(...details(stack.diff));
    }
  } else {
    blocks.push('Details were left out to fit GitHub’s comment size limit; the job summary has the whole report.', '');
  }
  const summary = input.summaryUrl ? safeUrl(input.summaryUrl) : undefined;
  const first = input.stacks[0]?.report;
  const footer = [
    summary ? `[full report in the job summary](${summary})` : undefined,
    first ? `envelope ${escapeMarkdown(first.tool.version)}` : undefined,
    first ? `profile ${codeOrText(first.profile.name)}` : undefined,
  ].filter(Boolean);
  blocks.push(`<sub>${footer.join(' · ')}</sub>`);
  return fitToBudget(blocks, maxChars);
}

/** The most detailed level that fits `maxChars` whole (rows are never dropped above `counts`). */
export function renderPrCommentFitting(input: PrCommentInput, maxChars = DEFAULT_MAX_CHARS, from: PrCommentLevel = 'full'): { body: string; level: PrCommentLevel } {
  for (const level of PR_COMMENT_LEVELS.slice(PR_COMMENT_LEVELS.indexOf(from))) {
    const body = renderPrComment(input, level, Number.MAX_SAFE_INTEGER);
    if (body.length <= maxChars) return { body, level };
  }
  return { body: renderPrComment(input, 'counts', maxChars), level: 'counts' };
}

/** The next level down, or undefined at `counts` (nothing left to shed). */
export function lowerLevel(level: PrCommentLevel): PrCommentLevel | undefined {
  return PR_COMMENT_LEVELS[PR_COMMENT_LEVELS.indexOf(level) + 1];
}

function headline(input: PrCommentInput): string[] {
  const introduced = entries(input, 'introduced');
  const unknown = entries(input, 'newlyUnknown');
  const severe = introduced.some((e) => severityRank(e.finding.severity) >= severityRank('high'));
  const alert =
    introduced.length > 0
      ? [`> [!${severe ? 'CAUTION' : 'WARNING'}]`, `> **This change introduces ${plural(introduced.length, 'failing finding')}.**`]
      : unknown.length > 0
        ? ['> [!WARNING]', `> **No failing finding introduced, but ${plural(unknown.length, 'check')} can no longer be evaluated (not counted as passing).**`]
        : ['> [!NOTE]', '> **This change introduces no failing findings.**'];
  const counts = GROUPS.map((g) => `${g.label.split(' ')[0]} ${formatInteger(entries(input, g.key).length)} ${g.label.split(' ').slice(1).join(' ').toLowerCase()}`).join(' · ');
  return [...alert, '', counts, ''];
}

function severityTable(input: PrCommentInput): string[] {
  const present = SEVERITIES.filter((s) => GROUPS.some((g) => entries(input, g.key).some((e) => e.finding.severity === s)));
  if (present.length === 0) return [];
  const lines = [`| | ${present.map((s) => `${ICON[s]} ${s}`).join(' | ')} |`, `| --- | ${present.map(() => '---:').join(' | ')} |`];
  for (const g of GROUPS) {
    const list = entries(input, g.key);
    if (list.length === 0) continue;
    lines.push(`| ${g.label} | ${present.map((s) => formatInteger(list.filter((e) => e.finding.severity === s).length)).join(' | ')} |`);
  }
  return [...lines, ''];
}

function costHeadline(input: PrCommentInput): string[] {
  const costs = input.stacks.map((s) => s.diff.cost);
  if (costs.length === 0 || costs.some((c) => c === null)) {
    const why = input.stacks.map((s) => s.diff.costNote).find(Boolean) ?? 'no cost estimate';
    return [`💰 No cost delta: ${escapeMarkdown(why)}.`, ''];
  }
  const before = costs.reduce((a, c) => a + (c?.before ?? 0), 0);
  const after = costs.reduce((a, c) => a + (c?.after ?? 0), 0);
  return [`💰 **${signed(after - before)} / month** (${formatUsd(before)} → ${formatUsd(after)}, estimated)`, ''];
}

function where(f: ReportFinding): string {
  const r = f.resource;
  const at = r.location ? `${r.location.file}:${r.location.line}` : r.address;
  const detail = [r.type, at].filter((s): s is string => Boolean(s)).map(escapeMarkdown);
  return `${escapeMarkdown(r.name)} <sub>${detail.join(' · ')}</sub>`;
}

const row = (cells: string[], priority: number): BudgetRow => ({ text: `| ${cells.join(' | ')} |`, priority });

function findingTable(heading: string[], list: DiffEntry[], base: number, withBefore: boolean): BudgetTable {
  const header = withBefore ? ['Severity', 'Rule', 'Resource', 'Before', 'Why'] : ['Severity', 'Rule', 'Resource', 'Finding'];
  const rows = list.map(({ finding: f, before }) => {
    const cells = [`${ICON[f.severity]} ${f.severity}`, markdownLink(codeOrText(f.ruleId), f.docs), where(f), escapeMarkdown(f.message)];
    if (withBefore) cells.splice(3, 0, escapeMarkdown(before ?? 'not there'));
    return row(cells, base + severityRank(f.severity));
  });
  return {
    head: [...heading, `| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`],
    rows,
    hiddenNote: (n) => `… ${plural(n, 'more finding')} not shown; see the job summary`,
  };
}

function suppressedTable(list: DiffEntry[]): BudgetTable {
  const header = ['Severity', 'Rule', 'Resource', 'Verdict', 'Accepted because'];
  const rows = list.map(({ finding: f }) =>
    row(
      [
        `${ICON[f.severity]} ${f.severity}`,
        markdownLink(codeOrText(f.ruleId), f.docs),
        where(f),
        escapeMarkdown(suppressedVerdict(f)),
        `${escapeMarkdown(f.suppression?.reason ?? '')} <sub>${escapeMarkdown(suppressionTerms(f))}</sub>`,
      ],
      severityRank(f.severity) - 10,
    ),
  );
  return {
    head: [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`],
    rows,
    hiddenNote: (n) => `… ${plural(n, 'more finding')} not shown; see the job summary`,
  };
}

function findingTables(diff: DiffReport, rank: number, h: string): Block[] {
  const blocks: Block[] = [];
  if (diff.introduced.length > 0) blocks.push(findingTable([`${h} 🆕 Introduced by this change`, ''], diff.introduced, 100, false), '');
  if (diff.fixed.length > 0) blocks.push(findingTable([`${h} ✅ Fixed by this change`, ''], diff.fixed, 40, false), '');
  if (diff.newlyUnknown.length > 0)
    blocks.push(findingTable([`${h} ❔ Newly unknown`, '', 'Not evaluated after the change; envelope does not count these as passing.', ''], diff.newlyUnknown, 60, true), '');
  if (diff.unchangedFailing.length > 0) {
    if (rank === 0) {
      blocks.push(`<details><summary>➖ ${plural(diff.unchangedFailing.length, 'finding')} still failing (not changed by this PR)</summary>`, '');
      blocks.push(findingTable([], diff.unchangedFailing, 0, false), '', '</details>', '');
    } else {
      blocks.push(`➖ ${plural(diff.unchangedFailing.length, 'finding')} still failing (not changed by this PR).`, '');
    }
  }
  if (diff.suppressed.length > 0) {
    if (rank === 0) {
      blocks.push(`<details><summary>🔕 ${plural(diff.suppressed.length, 'finding')} suppressed (accepted risks; they do not fail the check)</summary>`, '');
      blocks.push(suppressedTable(diff.suppressed), '', '</details>', '');
    } else {
      blocks.push(`🔕 ${plural(diff.suppressed.length, 'finding')} suppressed (accepted risks; they do not fail the check).`, '');
    }
  }
  return blocks;
}

function costTable(diff: DiffReport, h: string): Block[] {
  const cost = diff.cost;
  if (!cost || cost.resources.length === 0) return [];
  const rows = cost.resources.map((r) => row([escapeMarkdown(r.name), formatUsd(r.before), formatUsd(r.after), `**${signed(r.delta)}**`], 50));
  return [
    {
      head: [`${h} 💰 Cost: ${signed(cost.delta)} / month`, '', '| Resource | Before | After | Change |', '| --- | ---: | ---: | ---: |'],
      rows,
      hiddenNote: (n) => `… ${plural(n, 'more resource')} not shown; see the job summary`,
    },
    '',
  ];
}

/** The source is built from mermaidLabel-escaped labels only, so it cannot close the fence. */
function diagram(source: string, h: string): Block[] {
  return [`${h} 🔗 The Snowflake → S3 → KMS chain this change touches`, '', '```mermaid', ...source.replace(/`/g, '').split('\n'), '```', ''];
}

/** Per resource, collapsed: each problem with its remediation (introduced, unknown, still failing). */
function details(diff: DiffReport): Block[] {
  const problems = [...diff.introduced, ...diff.newlyUnknown, ...diff.unchangedFailing].map((e) => e.finding);
  if (problems.length === 0) return [];
  const byResource = new Map<string, ReportFinding[]>();
  for (const f of problems) byResource.set(f.resource.id, [...(byResource.get(f.resource.id) ?? []), f]);
  const blocks: Block[] = ['<details><summary>🔧 How to fix, by resource</summary>', ''];
  for (const [, list] of [...byResource].sort(([a], [b]) => compareText(a, b))) {
    const r = (list[0] as ReportFinding).resource;
    blocks.push(`<details><summary>${htmlText(r.name)} (${htmlText(r.address ?? r.type)})</summary>`, '');
    for (const f of list.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || compareText(a.ruleId, b.ruleId))) {
      blocks.push(`- ${ICON[f.severity]} ${codeOrText(f.ruleId)} (${f.status === 'unknown' ? 'could not evaluate' : 'fails'}): ${escapeMarkdown(f.message)}`);
      blocks.push(`  - **Fix:** ${escapeMarkdown(f.remediation)}`);
    }
    blocks.push('', '</details>', '');
  }
  blocks.push('</details>', '');
  return blocks;
}
