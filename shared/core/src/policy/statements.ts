import type { ConditionBlock, OneOrMany, PolicyDocument, PolicyStatement, PrincipalBlock } from '../model/policy-document.js';

/**
 * Structural helpers over policy JSON: normalisation and IAM wildcard matching. The full evaluator
 * (allowed | denied | unknown, with the responsible statement) builds on these.
 */

export const toArray = <T>(v: OneOrMany<T> | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Validates the shape AWS accepts and returns a normalised document, or a reason it is malformed. */
export function parsePolicyJson(text: string): { ok: true; document: PolicyDocument } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `policy is not valid JSON (${(err as Error).message})` };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'policy is not a JSON object' };
  const stmts = (raw as { Statement?: unknown }).Statement;
  if (stmts === undefined) return { ok: false, reason: 'policy has no Statement' };
  const list = Array.isArray(stmts) ? stmts : [stmts];
  for (const [i, s] of list.entries()) {
    if (s === null || typeof s !== 'object') return { ok: false, reason: `Statement[${i}] is not an object` };
    const effect = (s as { Effect?: unknown }).Effect;
    if (effect !== 'Allow' && effect !== 'Deny') return { ok: false, reason: `Statement[${i}].Effect is ${JSON.stringify(effect)}, expected Allow or Deny` };
    const st = s as Record<string, unknown>;
    if (st.Action === undefined && st.NotAction === undefined) return { ok: false, reason: `Statement[${i}] has neither Action nor NotAction` };
    if (st.Condition !== undefined && (typeof st.Condition !== 'object' || st.Condition === null)) return { ok: false, reason: `Statement[${i}].Condition is not an object` };
  }
  return { ok: true, document: { ...(raw as PolicyDocument), Statement: list as PolicyStatement[] } };
}

/**
 * Compiled wildcards, by flags and pattern. The rules match the same few patterns against every
 * bucket and key (compiling them every time cost about a sixth of rule evaluation's CPU at 1,000 buckets);
 * cleared when full, so a policy-heavy account cannot grow it without bound.
 */
const compiled = new Map<string, RegExp>();
const COMPILED_MAX = 4096;

function wildcardRegex(pattern: string, flags: string): RegExp {
  const key = `${flags}:${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, flags);
    if (compiled.size >= COMPILED_MAX) compiled.clear();
    compiled.set(key, re);
  }
  return re;
}

/** Action names are case-insensitive in IAM. */
export const actionMatches = (pattern: string, action: string): boolean => wildcardRegex(pattern, 'i').test(action);

/** ARNs are case-sensitive. */
export const resourceMatches = (pattern: string, arn: string): boolean => wildcardRegex(pattern, '').test(arn);

/** Whether the statement's Action/NotAction grants `action`. */
export function coversAction(s: PolicyStatement, action: string): boolean {
  if (s.Action !== undefined) return toArray(s.Action).some((p) => actionMatches(p, action));
  return !toArray(s.NotAction).some((p) => actionMatches(p, action));
}

/** Whether the statement's Resource/NotResource applies to `arn`. */
export function coversResource(s: PolicyStatement, arn: string): boolean {
  if (s.Resource !== undefined) return toArray(s.Resource).some((p) => resourceMatches(p, arn));
  if (s.NotResource !== undefined) return !toArray(s.NotResource).some((p) => resourceMatches(p, arn));
  return true; // resource policies may omit Resource (KMS key policies use "*")
}

/** The actions a statement lists (NotAction statements return ['*'], they grant nearly everything). */
export function listedActions(s: PolicyStatement): string[] {
  return s.Action !== undefined ? toArray(s.Action) : ['*'];
}

export interface Principals {
  everyone: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonical: string[];
}

export function principalsOf(block: PrincipalBlock | undefined): Principals {
  if (block === undefined) return { everyone: false, aws: [], service: [], federated: [], canonical: [] };
  if (block === '*') return { everyone: true, aws: ['*'], service: [], federated: [], canonical: [] };
  const aws = toArray(block.AWS);
  return {
    everyone: aws.includes('*'),
    aws,
    service: toArray(block.Service),
    federated: toArray(block.Federated),
    canonical: toArray(block.CanonicalUser),
  };
}

/** The account a principal string belongs to: a 12-digit id, an IAM ARN, or '*'. */
export function principalAccount(p: string): string | undefined {
  if (/^\d{12}$/.test(p)) return p;
  const m = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(p);
  return m?.[1];
}

export const isAccountRoot = (p: string): boolean => /^\d{12}$/.test(p) || /^arn:[^:]+:iam::\d{12}:root$/.test(p);

/**
 * Condition values for `operator` (exact operator name, e.g. StringEquals) and `key`
 * (case-insensitive, as IAM treats condition keys). Undefined when absent.
 */
export function conditionValues(cond: ConditionBlock | undefined, operator: string, key: string): string[] | undefined {
  if (!cond) return undefined;
  // Operator names match as the evaluator matches them: case-insensitively.
  const op = Object.keys(cond).find((name) => name.toLowerCase() === operator.toLowerCase());
  const block = op === undefined ? undefined : cond[op];
  if (!block) return undefined;
  const k = Object.keys(block).find((name) => name.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : toArray(block[k]).map((v) => String(v));
}

/** Every condition key used in a statement, lower-cased. */
export function conditionKeys(cond: ConditionBlock | undefined): string[] {
  return Object.values(cond ?? {}).flatMap((block) => Object.keys(block).map((k) => k.toLowerCase()));
}

export const statementsOf = (doc: PolicyDocument): PolicyStatement[] => doc.Statement;

export function describeStatement(s: PolicyStatement, index: number): string {
  return s.Sid ? `statement "${s.Sid}"` : `Statement[${index}]`;
}

/** Principal "*" or {"AWS":"*"} and no NotPrincipal: the statement applies to every caller. */
export const appliesToEveryone = (s: PolicyStatement): boolean => s.NotPrincipal === undefined && principalsOf(s.Principal).everyone;

function globRegex(pattern: string, flags: string, questionMatchesStar: boolean): RegExp {
  const one = questionMatchesStar ? '.' : '[^*]';
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, one);
  return new RegExp(`^${body}$`, `s${flags}`);
}

/**
 * Whether every string `inner` (itself a wildcard pattern) can stand for is matched by `outer`.
 * Sound rather than complete: inner's `*` is only credited to a `*` in outer, never to a `?`,
 * so it may miss exotic coverage but never claims coverage that does not hold.
 */
export const patternCovers = (outer: string, inner: string, ignoreCase = false): boolean =>
  globRegex(outer, ignoreCase ? 'i' : '', false).test(inner);

/** Whether two wildcard patterns can match a common string (exact, by dynamic programming). */
export function patternsIntersect(a: string, b: string, ignoreCase = false): boolean {
  const [x, y] = ignoreCase ? [a.toLowerCase(), b.toLowerCase()] : [a, b];
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const k = i * (y.length + 1) + j;
    const hit = memo.get(k);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === x.length && j === y.length) r = true;
    else if (x[i] === '*') r = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (y[j] === '*') r = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else r = i < x.length && j < y.length && (x[i] === '?' || y[j] === '?' || x[i] === y[j]) && go(i + 1, j + 1);
    memo.set(k, r);
    return r;
  };
  return go(0, 0);
}

/** Whether the statement applies to every action `pattern` stands for (e.g. all of "s3:*"). */
export function coversActionPattern(s: PolicyStatement, pattern: string): boolean {
  if (s.Action !== undefined) return toArray(s.Action).some((p) => patternCovers(p, pattern, true));
  return !toArray(s.NotAction).some((p) => patternsIntersect(p, pattern, true));
}

/** Whether the statement applies to every resource `pattern` stands for (e.g. all of "arn:aws:s3:::b/*"). */
export function coversResourcePattern(s: PolicyStatement, pattern: string): boolean {
  if (s.Resource !== undefined) return toArray(s.Resource).some((p) => patternCovers(p, pattern));
  if (s.NotResource !== undefined) return !toArray(s.NotResource).some((p) => patternsIntersect(p, pattern));
  return true;
}

/** Condition values for `key` under any of `operators`, with the operator that carried them. */
export function conditionEntries(cond: ConditionBlock | undefined, operators: readonly string[], key: string): { operator: string; values: string[] }[] {
  return operators.flatMap((operator) => {
    const values = conditionValues(cond, operator, key);
    return values === undefined ? [] : [{ operator, values }];
  });
}
