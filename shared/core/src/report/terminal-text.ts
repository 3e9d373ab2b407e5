/**
 * Plain-text helpers for the terminal renderer: making untrusted strings safe to print, and
 * measuring and padding columns by display width (without a table library).
 */

// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * A string from the account or a report file, made printable: an ESC in a bucket tag must not
 * move the cursor or rewrite the screen, a newline must not fake an extra row, and bidi overrides
 * must not reorder what is shown.
 */
export function printable(text: string): string {
  return text.replace(BIDI, '').replace(/\r\n|\r|\n|\t/g, ' ').replace(CONTROL, '');
}

/** Zero-width: combining marks, variation selectors, zero-width joiners and spaces. */
function isZeroWidth(cp: number): boolean {
  return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0xfeff;
}

/** East Asian wide and fullwidth ranges, and emoji: two columns in a terminal. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * Columns `text` takes in a terminal. Simple on purpose: the status symbols we print (✗ ? ✓ –)
 * are one column; CJK and emoji two; combining marks none. Colour codes must not be in `text`.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    width += isZeroWidth(cp) ? 0 : isWide(cp) ? 2 : 1;
  }
  return width;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

export type Align = 'left' | 'right';

/**
 * Aligns rows of plain cells into columns two spaces apart; `style` colours a cell after it is
 * padded, so escape codes never count towards the width. The last column is not padded.
 */
export function columns(
  rows: string[][],
  align: Align[] = [],
  style: (cell: string, column: number, row: number) => string = (c) => c,
): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows.map((r, ri) =>
    r
      .map((cell, i) => {
        const last = i === r.length - 1;
        const padded = align[i] === 'right' ? padStart(cell, widths[i] ?? 0) : last ? cell : padEnd(cell, widths[i] ?? 0);
        return style(padded, i, ri);
      })
      .join('  ')
      .trimEnd(),
  );
}
