import { actionMatches } from './statements.js';

/** A request-context value as IAM sees it: single-valued keys are scalars, multivalued keys arrays. */
export type ContextValue = string | string[] | boolean | number;

/** The part of a request context that conditions and policy variables read. */
export interface ContextKeys {
  keys: Record<string, ContextValue>;
  /** Keys the request would carry but this offline context cannot know. Wildcards allowed (`aws:PrincipalTag/*`). */
  unknowable?: readonly string[];
}

export type KeyLookup =
  | { state: 'present'; value: ContextValue }
  | { state: 'absent' }
  | { state: 'unknowable' };

/** Condition keys are case-insensitive; a key set explicitly in `keys` wins over `unknowable`. */
export function lookupKey(ctx: ContextKeys, key: string): KeyLookup {
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(ctx.keys)) {
    if (name.toLowerCase() === wanted) return { state: 'present', value };
  }
  if ((ctx.unknowable ?? []).some((pattern) => actionMatches(pattern, key))) return { state: 'unknowable' };
  return { state: 'absent' };
}

/** The scalar strings a context value stands for (booleans and numbers as IAM renders them). */
export const valueStrings = (v: ContextValue): string[] => (Array.isArray(v) ? v : [String(v)]);
