import { readJsonInput } from '../input-file.js';
import { ConfigError } from '../profile/load.js';
import { reportSchema, type Report } from './schema.js';

/**
 * An envelope JSON report from a file, for `envelope merge`: read through the bounded input reader
 * (input-file.ts: missing, empty, over the size limit or not JSON → a ConfigError naming the file),
 * then checked against the report schema, the first mismatch named.
 */
/** `option` names where the file came from in errors: `merge` (the CLI), `report` (the Action's input). */
export async function readReportFile(file: string, option = 'merge'): Promise<Report> {
  const json = await readJsonInput({ option, path: file, kind: 'report' });
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length > 0 ? issue.path.join('.') : 'the top level';
    throw new ConfigError(`${option} ${file}: not an envelope JSON report (${at}: ${issue.message}); expected a report written by \`envelope scan --format json\``);
  }
  // Validated, then taken as written: zod would reorder keys, and the merged JSON keeps the scan's order.
  return json as Report;
}
