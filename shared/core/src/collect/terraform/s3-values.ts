/**
 * Reading plan values for the S3 mapper: a value is known, resolved through the reference it is
 * built from, left to the provider's default, or known only after apply — then AfterApply carries
 * the reason up to `observe`, which turns the whole aspect into unknown(reason).
 */
import { unknown, type Observed } from '../../model/observed.js';
import { resolveString, type PlanContext } from './context.js';
import { markedAt, type PathStep, type PlanResource } from './plan-index.js';
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Terraform renders an unset nested block as [] or null, and an unset string as "" or null: all the same here. */
export const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isObject) : isObject(v) ? [v] : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
export const tagMap = (v: unknown): Record<string, string> | undefined => {
  const entries = list(v).map((t) => [str(t.key), typeof t.value === 'string' ? t.value : ''] as const);
  const obj = isObject(v) ? Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string') : [];
  const all = [...entries.filter((e): e is [string, string] => e[0] !== undefined), ...(Array.isArray(v) ? [] : obj)];
  return all.length ? Object.fromEntries(all) : undefined;
};

/** Thrown inside a mapper when a value it needs is known only after apply; caught into unknown(reason). */
export class AfterApply extends Error {}

/** The known value at a path of a resource, or AfterApply naming it. */
export function known(r: PlanResource, path: PathStep[]): unknown {
  // Sensitive leaves are not in r.values at all (PlanIndex drops them); a value that is itself sensitive is not read.
  if (markedAt(r.sensitive, path)) throw new AfterApply(`${r.address} ${path.join('.')} is marked sensitive in the plan; envelope does not read sensitive values`);
  if (markedAt(r.unknown, path)) throw new AfterApply(`${r.address} ${path.join('.')} is known only after apply`);
  let cur: unknown = r.values;
  for (const s of path) cur = Array.isArray(cur) && typeof s === 'number' ? cur[s] : isObject(cur) && typeof s === 'string' ? cur[s] : undefined;
  return cur;
}

/** The known value at a path, with nothing beneath it known only after apply; else AfterApply naming the first such leaf. */
export function knownTree(r: PlanResource, path: PathStep[]): unknown {
  const value = known(r, path);
  let tree: unknown = r.unknown;
  for (const s of path) tree = Array.isArray(tree) && typeof s === 'number' ? tree[s] : isObject(tree) && typeof s === 'string' ? tree[s] : undefined;
  const leaf = firstMarked(tree, []);
  if (leaf) throw new AfterApply(`${r.address} ${[...path, ...leaf].join('.')} is known only after apply`);
  return value;
}

export function firstMarked(tree: unknown, at: PathStep[]): PathStep[] | undefined {
  if (tree === true) return at;
  const entries: [PathStep, unknown][] = Array.isArray(tree) ? tree.map((v, i) => [i, v]) : isObject(tree) ? Object.entries(tree) : [];
  for (const [k, v] of entries) {
    const found = firstMarked(v, [...at, k]);
    if (found) return found;
  }
  return undefined;
}

/** The configuration expression at a value path (nested blocks are arrays of objects), if the configuration writes one. */
export function expressionAt(r: PlanResource, path: PathStep[]): unknown {
  let cur: unknown = r.config?.expressions;
  for (const s of path) cur = Array.isArray(cur) && typeof s === 'number' ? cur[s] : isObject(cur) && typeof s === 'string' ? cur[s] : undefined;
  return cur;
}

/**
 * An Optional+Computed argument the configuration leaves unset: after_unknown marks it, yet the
 * provider sends nothing for it and S3 keeps its default. Set from an expression, it is unknown.
 */
export function optional(r: PlanResource, path: PathStep[], fallback: unknown): unknown {
  if (markedAt(r.unknown, path) && expressionAt(r, path) === undefined) return fallback;
  return known(r, path) ?? fallback;
}

/** A string that may come from another resource (a key ARN, a bucket, a role): resolved, or AfterApply. */
export function resolved(ctx: PlanContext, r: PlanResource, path: PathStep[]): string | undefined {
  const v = resolveString(ctx, r, path);
  if (v.state === 'unknown') throw new AfterApply(v.reason);
  return v.state === 'present' ? (v.value ?? undefined) || undefined : undefined;
}

export function observe<T>(read: () => Observed<T>): Observed<T> {
  try {
    return read();
  } catch (e) {
    if (e instanceof AfterApply) return unknown(e.message);
    throw e;
  }
}

/** Whether the configuration sets an argument or block (as opposed to leaving an Optional+Computed one to the provider). */
export const configures = (r: PlanResource, attr: string): boolean => r.config?.expressions?.[attr] !== undefined;

/**
 * `rule` blocks that form a set: Terraform orders a set's elements its own way in the plan, so the
 * configuration's i-th block need not be the planned i-th. With more than one element, a value only
 * apply will tell cannot be matched to the expression it comes from.
 */
export function setElements(r: PlanResource, path: PathStep[]): Record<string, unknown>[] {
  const elements = list(known(r, path));
  if (elements.length > 1) {
    let tree: unknown = r.unknown;
    for (const s of path) tree = Array.isArray(tree) && typeof s === 'number' ? tree[s] : isObject(tree) && typeof s === 'string' ? tree[s] : undefined;
    const leaf = firstMarked(tree, []);
    if (leaf) throw new AfterApply(`${r.address} ${[...path, ...leaf].join('.')} is known only after apply, in one of ${elements.length} unordered ${String(path.at(-1))} blocks`);
  }
  return elements;
}
