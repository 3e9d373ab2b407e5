import type { Report } from './schema.js';

/**
 * `--format json`: the report as built, 2-space indent, trailing newline. Key order is the order
 * buildReport writes, so the same scan gives byte-identical output and diffs stay readable.
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
