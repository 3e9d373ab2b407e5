import { extname } from 'node:path';
import { inputText, parseJsonInput, parseYamlInput, readInputFile } from '../input-file.js';
import { profileSchema, type Profile } from './schema.js';
import { builtinProfiles } from './builtin.js';
import { rules } from '../rules/registry.js';
import { hasWildcard, matchesPattern } from '../suppress/pattern.js';

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
  const issues: Issue[] = result.success ? suppressionRuleIssues(result.data) : result.error.issues;
  if (result.success && issues.length === 0) return result.data;
  throw new ConfigError(formatIssues(issues, raw, file), file, pathOf(issues[0]?.path ?? []));
}

type Issue = { path: PropertyKey[]; message: string };

/** A suppression whose rule names no rule would silently suppress nothing: an error, with the ids it could mean. */
function suppressionRuleIssues(profile: Profile): Issue[] {
  const ids = rules.map((r) => r.id);
  return profile.suppressions.flatMap((s, i): Issue[] => {
    if (ids.some((id) => matchesPattern(s.rule, id))) return [];
    // A typo is a few edits away; a glob is compared without its wildcards.
    const plain = s.rule.replace(/[*?]/g, '');
    const near = ids
      .map((id) => ({ id, d: editDistance(plain, id) }))
      .filter((x) => x.d <= Math.max(2, Math.floor(plain.length / 5)))
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map((x) => x.id);
    const hint = hasWildcard(s.rule) ? 'matches no rule id' : 'is not a rule id';
    return [{ path: ['suppressions', i, 'rule'], message: `${hint}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; docs/rules.md lists them` }];
  });
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

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

function formatIssues(issues: readonly Issue[], raw: unknown, file: string): string {
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
