import { lookupKey, type ContextKeys } from './context-keys.js';
import type { Tri } from './three-valued.js';

/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`) and the wildcard
 * matching that has to respect them: a `*` that came from a variable's value is a literal character,
 * never a wildcard, so resolution yields pieces rather than a flat string.
 */
export interface PatternPiece {
  text: string;
  /** True for text that came from a variable or escape: its `*` and `?` are literal. */
  literal: boolean;
}

export type Resolved = { ok: true; pieces: PatternPiece[] } | { ok: false; why: 'absent' | 'unknown'; key: string };

const VARIABLE = /\$\{([^}]*)\}/g;
const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

export const hasVariables = (pattern: string): boolean => pattern.includes('${');

/** Replaces every `${...}` in `pattern` from the context. An absent key without default makes the pattern unusable. */
export function resolveVariables(pattern: string, ctx: ContextKeys): Resolved {
  const pieces: PatternPiece[] = [];
  let last = 0;
  for (const m of pattern.matchAll(VARIABLE)) {
    if (m.index > last) pieces.push({ text: pattern.slice(last, m.index), literal: false });
    last = m.index + m[0].length;
    const inner = (m[1] ?? '').trim();
    const escaped = ESCAPES[inner];
    if (escaped !== undefined) {
      pieces.push({ text: escaped, literal: true });
      continue;
    }
    const withDefault = /^([^,]+?)\s*,\s*'([^']*)'$/.exec(inner);
    const key = withDefault?.[1] ?? inner;
    const found = lookupKey(ctx, key);
    if (found.state === 'unknowable') return { ok: false, why: 'unknown', key };
    if (found.state === 'absent') {
      if (withDefault?.[2] === undefined) return { ok: false, why: 'absent', key };
      pieces.push({ text: withDefault[2], literal: true });
      continue;
    }
    // A multivalued key cannot be substituted into a single string: AWS does not define it, so refuse to guess.
    if (Array.isArray(found.value)) return { ok: false, why: 'unknown', key };
    pieces.push({ text: String(found.value), literal: true });
  }
  if (last < pattern.length) pieces.push({ text: pattern.slice(last), literal: false });
  return { ok: true, pieces };
}

const escapeRegex = (c: string): string => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface MatchOptions {
  wildcards: boolean;
  ignoreCase: boolean;
  /** ARN mode: `*` and `?` do not cross the colons of the first five ARN fields. */
  arn?: boolean;
}

function piecesRegex(pieces: PatternPiece[], opts: MatchOptions): RegExp {
  const colons = pieces.filter((p) => !p.literal).reduce((n, p) => n + (p.text.match(/:/g)?.length ?? 0), 0);
  const arnMode = opts.arn === true && colons >= 5;
  let seen = 0;
  let body = '';
  for (const piece of pieces) {
    for (const c of piece.text) {
      const inFields = arnMode && seen < 5;
      if (!piece.literal && opts.wildcards && c === '*') body += inFields ? '[^:]*' : '.*';
      else if (!piece.literal && opts.wildcards && c === '?') body += inFields ? '[^:]' : '.';
      else {
        body += escapeRegex(c);
        if (c === ':' && !piece.literal) seen++;
      }
    }
  }
  return new RegExp(`^${body}$`, opts.ignoreCase ? 'is' : 's');
}

/** Whether `value` matches policy `pattern` after variable resolution; unknown when a variable is unknowable. */
export function matchPattern(pattern: string, value: string, ctx: ContextKeys, opts: MatchOptions): Tri {
  if (!hasVariables(pattern) && !opts.wildcards) return opts.ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  const resolved = resolveVariables(pattern, ctx);
  if (!resolved.ok) return resolved.why === 'unknown' ? 'unknown' : false;
  return piecesRegex(resolved.pieces, opts).test(value);
}
