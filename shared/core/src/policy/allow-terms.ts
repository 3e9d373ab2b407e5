import { describeCondition } from './conditions.js';
import type { MatchedStatement } from './statement-match.js';
import { triAll, triAny, type Tri } from './three-valued.js';

/**
 * The pieces an access decision is built from, each a three-valued fact with its evidence: the
 * statements that make it true (chain), the statements whose conditions cannot be known (unknowns),
 * and, when false, a sentence saying what would be needed.
 */
export interface Term {
  value: Tri;
  chain: MatchedStatement[];
  unknowns: MatchedStatement[];
  needed: string;
  notes: string[];
}

/** True when any of `statements` applies (Allow statements of one kind). */
export function anyStatement(statements: MatchedStatement[], needed: string): Term {
  const value = triAny(statements.map((s) => s.applies));
  const first = statements.find((s) => s.applies === true);
  return { value, chain: first ? [first] : [], unknowns: statements.filter((s) => s.applies === 'unknown'), needed, notes: [] };
}

export const constantTerm = (value: Tri, needed: string, note?: string): Term => ({ value, chain: [], unknowns: [], needed, notes: note ? [note] : [] });

export function allOf(...terms: Term[]): Term {
  const value = triAll(terms.map((t) => t.value));
  const failing = terms.filter((t) => t.value !== true);
  const given = terms.filter((t) => t.value === true).flatMap((t) => t.chain.map((s) => s.ref));
  const needed = failing.map((t) => t.needed).join('; ') + (given.length > 0 ? ` (already granted by ${given.join(', ')})` : '');
  return {
    value,
    chain: value === true ? terms.flatMap((t) => t.chain) : [],
    unknowns: value === false ? [] : terms.flatMap((t) => t.unknowns),
    needed,
    notes: terms.flatMap((t) => t.notes),
  };
}

export function anyOf(...terms: Term[]): Term {
  const value = triAny(terms.map((t) => t.value));
  const winner = terms.find((t) => t.value === true);
  return {
    value,
    chain: winner?.chain ?? [],
    unknowns: value === true ? [] : terms.flatMap((t) => t.unknowns),
    needed: terms.map((t) => t.needed).join(', and '),
    notes: winner ? winner.notes : terms.flatMap((t) => t.notes),
  };
}

/** Why an Allow statement that names the action (and principal) still does not apply. */
export function missReason(s: MatchedStatement): string {
  if (s.resourceMatches === false) return `${s.ref} names the action but not this resource`;
  const failed = s.conditions.filter((c) => c.result === false).map(describeCondition);
  return `${s.ref} names the action but its condition ${failed.join(' and ')} is false`;
}
