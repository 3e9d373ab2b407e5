import { readFile } from 'node:fs/promises';
import { ConfigError } from '../profile/load.js';
import { reportSchema, type Report } from './schema.js';

/**
 * An envelope JSON report from a file, for `envelope merge`: a ConfigError naming the file when it
 * is missing, not JSON, or not an envelope report (the first schema mismatch is named). The one
 * place merge reads a file, so a bounded reader (input-file.ts) can take its place.
 */
export async function readReportFile(file: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: cannot read the report (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : (code ?? (err as Error).message)})`);
  }
  if (text.trim() === '') throw new ConfigError(`${file}: the file is empty, not an envelope JSON report`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not JSON (${(err as Error).message}); merge takes reports written by \`envelope scan --format json\``);
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length > 0 ? issue.path.join('.') : 'the top level';
    throw new ConfigError(`${file}: not an envelope JSON report (${at}: ${issue.message}); merge takes reports written by \`envelope scan --format json\``);
  }
  // Validated, then taken as written: zod would reorder keys, and the merged JSON keeps the scan's order.
  return json as Report;
}
