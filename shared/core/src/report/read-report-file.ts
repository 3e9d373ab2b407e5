import { readJsonInput } from '../input-file.js';
import { ConfigError } from '../profile/load.js';
import { reportSchema, type Report } from './schema.js';

/**
 * An envelope JSON report from a file, for `envelope merge`: read through the bounded input reader
 * (input-file.ts: missing, empty, over the size limit or not JSON → a ConfigError naming the file),
 * then checked against the report schema, the first mismatch named.
 */
export async function readReportFile(file: string): Promise<Report> {
  const json = await readJsonInput({ option: 'merge', path: file, kind: 'report' });
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length > 0 ? issue.path.join('.') : 'the top level';
    throw new ConfigError(`merge ${file}: not an envelope JSON report (${at}: ${issue.message}); merge takes reports written by \`envelope scan --format json\``);
  }
  // Validated, then taken as written: zod would reorder keys, and the merged JSON keeps the scan's order.
  return json as Report;
}
