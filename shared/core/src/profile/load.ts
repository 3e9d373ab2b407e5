import { extname } from 'node:path';
import { inputText, parseJsonInput, parseYamlInput, readInputFile } from '../input-file.js';
import type { z } from 'zod';
import { profileSchema, type Profile } from './schema.js';
import { builtinProfiles } from './builtin.js';

/** A user-facing configuration error: names the file, the field and the value. Never a stack trace. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly file?: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function parseProfile(raw: unknown, file: string): Profile {
  const result = profileSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(formatIssues(result.error.issues, raw, file), file, pathOf(result.error.issues[0]?.path ?? []));
}

export async function loadProfile(nameOrFile: string | undefined): Promise<Profile> {
  const key = nameOrFile ?? 'snowflake-s3-kms';
  const builtin = builtinProfiles[key];
  if (builtin) return parseProfile(builtin, `built-in profile ${key}`);

  let bytes: Buffer;
  try {
    bytes = await readInputFile({ option: '--profile', path: key, kind: 'profile' });
  } catch (err) {
    if (!(err instanceof ConfigError) || !/cannot read/.test(err.message)) throw err;
    const code = /\(([A-Z]+)\)$/.exec(err.message)?.[1];
    throw new ConfigError(
      `profile ${JSON.stringify(key)} is neither a built-in profile (${Object.keys(builtinProfiles).join(', ')}) nor a readable file` +
        (code ? ` (${code})` : ''),
      key,
    );
  }
  const text = inputText(bytes);
  const raw = extname(key).toLowerCase() === '.json' ? parseJsonInput(text, { option: '--profile', path: key }) : parseYamlInput(text, { option: '--profile', path: key });
  return parseProfile(raw, key);
}

function formatIssues(issues: z.core.$ZodIssue[], raw: unknown, file: string): string {
  const lines = issues.slice(0, 5).map((issue) => {
    const path = pathOf(issue.path);
    const value = valueAt(raw, issue.path);
    const shown = value === undefined ? '(missing)' : JSON.stringify(value);
    return `  ${path || '(root)'}: ${issue.message} (got ${truncate(shown)})`;
  });
  const more = issues.length > 5 ? `\n  … and ${issues.length - 5} more` : '';
  return `${file}: invalid profile\n${lines.join('\n')}${more}`;
}

function pathOf(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

const truncate = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}…` : s);
