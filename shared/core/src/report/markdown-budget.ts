/**
 * Fitting a markdown body into a size budget (a PR comment must stay under 65,536 characters).
 * The body is a list of blocks; tables have rows with a priority, and the lowest-priority rows are
 * dropped first, each truncated table ending with a note that says how many rows it lost. Lengths
 * are `string.length` (UTF-16 code units), which is what GitHub counts.
 */

export interface BudgetRow {
  text: string;
  /** Higher is kept longer. */
  priority: number;
}

export interface BudgetTable {
  /** Heading, header row and separator: shown while at least one row is. */
  head: string[];
  rows: BudgetRow[];
  /** The line that replaces the dropped rows, e.g. "… 3 more findings not shown". */
  hiddenNote: (hidden: number) => string;
}

export type Block = string | BudgetTable;

export const TRUNCATED_TAIL = '… the rest of this report was cut to fit; see the full report (JSON/SARIF)';

function renderBlock(block: Block, dropped?: Set<BudgetRow>): string {
  if (typeof block === 'string') return block;
  const visible = dropped ? block.rows.filter((r) => !dropped.has(r)) : block.rows;
  const hidden = block.rows.length - visible.length;
  if (hidden === 0) return [...block.head, ...block.rows.map((r) => r.text)].join('\n');
  const note = block.hiddenNote(hidden);
  // The blank line ends the table: GFM would read a line right after it as another row.
  return visible.length === 0 ? note : [...block.head, ...visible.map((r) => r.text), '', note].join('\n');
}

function renderAll(blocks: Block[], dropped?: Set<BudgetRow>): string {
  return `${blocks.map((b) => renderBlock(b, dropped)).join('\n')}\n`;
}

/**
 * Renders `blocks`, dropping table rows lowest priority first (later rows first among equals)
 * until the body fits `maxChars`. The estimate while dropping is conservative, so the result
 * never exceeds the budget; if the fixed text alone does not fit, the body is cut on a line
 * boundary and ends with TRUNCATED_TAIL.
 */
export function fitToBudget(blocks: Block[], maxChars: number): string {
  const full = renderAll(blocks);
  if (full.length <= maxChars) return full;

  const candidates: { row: BudgetRow; table: BudgetTable; index: number }[] = [];
  for (const block of blocks) {
    if (typeof block !== 'string') block.rows.forEach((row, index) => candidates.push({ row, table: block, index }));
  }
  candidates.sort((a, b) => a.row.priority - b.row.priority || b.index - a.index);

  const dropped = new Set<BudgetRow>();
  const noted = new Set<BudgetTable>();
  let estimate = full.length;
  for (const { row, table } of candidates) {
    if (estimate <= maxChars) break;
    dropped.add(row);
    estimate -= row.text.length + 1;
    if (!noted.has(table)) {
      noted.add(table);
      estimate += table.hiddenNote(table.rows.length).length + 2;
    }
  }
  const body = renderAll(blocks, dropped);
  return body.length <= maxChars ? body : hardCut(body, maxChars);
}

function hardCut(body: string, maxChars: number): string {
  const tail = `\n${TRUNCATED_TAIL}\n`;
  if (maxChars <= tail.length) return body.slice(0, maxChars);
  const room = maxChars - tail.length;
  const cut = body.lastIndexOf('\n', room);
  // An open <details> would swallow the tail; GitHub closes it at the end of the comment anyway.
  return `${body.slice(0, cut > 0 ? cut : room)}${tail}`;
}
