import type { ConditionBlock } from '../model/policy-document.js';
import { lookupKey, valueStrings, type ContextKeys, type ContextValue } from './context-keys.js';
import { matchPattern } from './variables.js';
import { triAll, triAny, triNot, type Tri } from './three-valued.js';

/**
 * IAM condition operators over a request context, in three-valued logic. The AWS rules encoded here
 * (reference_policies_elements_condition_operators, ..._single-vs-multi-valued-context-keys):
 * - an absent key makes a positive operator false and a negated one true; `…IfExists` makes it true;
 * - `ForAllValues:` over an absent or empty set is true, `ForAnyValue:` false;
 * - keys are case-insensitive, values case-sensitive except for the IgnoreCase operators;
 * - a key the context marks unknowable gives 'unknown', whatever the operator.
 */

export type PolicyValue = string | boolean | number;

export interface ConditionTrace {
  operator: string;
  key: string;
  policyValues: string[];
  /** What the context held for the key. */
  context: { state: 'present'; value: ContextValue } | { state: 'absent' } | { state: 'unknowable' };
  result: Tri;
  note?: string;
}

type Compare = (contextValue: string, policyValue: string, ctx: ContextKeys) => Tri;

/**
 * A policy value that is not a number (or date) is a policy AWS would have rejected; what it means
 * is unknowable, so the comparison is unknown rather than a silent false that could drop a Deny.
 * A request value that does not parse simply does not match.
 */
function numeric(test: (a: number, b: number) => boolean): Compare {
  return (c, p) => {
    const [a, b] = [Number(c), Number(p)];
    if (p.trim() === '' || !Number.isFinite(b)) return 'unknown';
    return Number.isFinite(a) && c.trim() !== '' && test(a, b);
  };
}

/** IAM dates: ISO 8601 or epoch seconds. */
function parseDate(v: string): number {
  return /^\d+$/.test(v.trim()) ? Number(v) * 1000 : Date.parse(v);
}

function date(test: (a: number, b: number) => boolean): Compare {
  return (c, p) => {
    const [a, b] = [parseDate(c), parseDate(p)];
    if (!Number.isFinite(b)) return 'unknown';
    return Number.isFinite(a) && test(a, b);
  };
}

function ipv4(v: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((n) => n > 255)) return undefined;
  return parts.reduce((acc, n) => acc * 256 + n, 0);
}

const ipInRange: Compare = (c, p) => {
  const [net, bitsText] = p.split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const [addr, base] = [ipv4(c), ipv4(net ?? '')];
  if (addr === undefined || base === undefined || !(bits >= 0 && bits <= 32)) {
    // IPv6 is not modelled: say so instead of answering.
    return c.includes(':') || p.includes(':') ? 'unknown' : false;
  }
  const size = 2 ** (32 - bits);
  return Math.floor(addr / size) === Math.floor(base / size);
};

interface OperatorSpec {
  compare: Compare;
  negated: boolean;
}

const positive: Record<string, Compare> = {
  stringequals: (c, p, ctx) => matchPattern(p, c, ctx, { wildcards: false, ignoreCase: false }),
  stringequalsignorecase: (c, p, ctx) => matchPattern(p, c, ctx, { wildcards: false, ignoreCase: true }),
  stringlike: (c, p, ctx) => matchPattern(p, c, ctx, { wildcards: true, ignoreCase: false }),
  // ArnEquals and ArnLike behave alike: both take wildcards per ARN field.
  arnequals: (c, p, ctx) => matchPattern(p, c, ctx, { wildcards: true, ignoreCase: false, arn: true }),
  arnlike: (c, p, ctx) => matchPattern(p, c, ctx, { wildcards: true, ignoreCase: false, arn: true }),
  numericequals: numeric((a, b) => a === b),
  numericlessthan: numeric((a, b) => a < b),
  numericlessthanequals: numeric((a, b) => a <= b),
  numericgreaterthan: numeric((a, b) => a > b),
  numericgreaterthanequals: numeric((a, b) => a >= b),
  dateequals: date((a, b) => a === b),
  datelessthan: date((a, b) => a < b),
  datelessthanequals: date((a, b) => a <= b),
  dategreaterthan: date((a, b) => a > b),
  dategreaterthanequals: date((a, b) => a >= b),
  bool: (c, p) => c.toLowerCase() === p.toLowerCase(),
  binaryequals: (c, p) => c === p,
  ipaddress: ipInRange,
};

const negatedOf: Record<string, string> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  arnnotequals: 'arnequals',
  arnnotlike: 'arnlike',
  numericnotequals: 'numericequals',
  datenotequals: 'dateequals',
  notipaddress: 'ipaddress',
};

function operatorSpec(base: string): OperatorSpec | undefined {
  const direct = positive[base];
  if (direct) return { compare: direct, negated: false };
  const inner = negatedOf[base];
  const compare = inner === undefined ? undefined : positive[inner];
  return compare ? { compare, negated: true } : undefined;
}

export interface ParsedOperator {
  qualifier?: 'ForAnyValue' | 'ForAllValues';
  base: string; // lower-cased, without qualifier and IfExists
  ifExists: boolean;
}

export function parseOperator(operator: string): ParsedOperator {
  let rest = operator;
  let qualifier: ParsedOperator['qualifier'];
  const q = /^(ForAnyValue|ForAllValues):/i.exec(rest);
  if (q) {
    qualifier = q[1]?.toLowerCase() === 'foranyvalue' ? 'ForAnyValue' : 'ForAllValues';
    rest = rest.slice(q[0].length);
  }
  const ifExists = /IfExists$/i.test(rest);
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  return { ...(qualifier ? { qualifier } : {}), base: rest.toLowerCase(), ifExists };
}

/** One context value against the policy values: positive operators OR the values, negated ones NOR them. */
function scalarMatch(spec: OperatorSpec, contextValue: string, policyValues: string[], ctx: ContextKeys): Tri {
  const any = triAny(policyValues.map((p) => spec.compare(contextValue, p, ctx)));
  return spec.negated ? triNot(any) : any;
}

/** Evaluates one operator/key pair of a Condition block. */
export function evaluateCondition(operator: string, key: string, values: PolicyValue | PolicyValue[], ctx: ContextKeys): ConditionTrace {
  const policyValues = (Array.isArray(values) ? values : [values]).map(String);
  const found = lookupKey(ctx, key);
  const trace = (result: Tri, note?: string): ConditionTrace => ({ operator, key, policyValues, context: found, result, ...(note ? { note } : {}) });
  const op = parseOperator(operator);

  if (found.state === 'unknowable') return trace('unknown', `the request context cannot know ${key}`);

  if (op.base === 'null') {
    if (op.qualifier || op.ifExists) return trace('unknown', `${operator} is not a valid operator`);
    const absent = found.state === 'absent' || (Array.isArray(found.value) && found.value.length === 0);
    return trace(triAny(policyValues.map((p) => (p.toLowerCase() === 'true' ? absent : p.toLowerCase() === 'false' ? !absent : false))));
  }

  const spec = operatorSpec(op.base);
  if (!spec) return trace('unknown', `unsupported condition operator ${operator}`);

  if (found.state === 'absent') {
    if (op.ifExists) return trace(true, 'key absent, IfExists matches');
    if (op.qualifier === 'ForAllValues') return trace(true, 'key absent, ForAllValues over an empty set is true');
    if (op.qualifier === 'ForAnyValue') return trace(false, 'key absent, ForAnyValue over an empty set is false');
    return spec.negated ? trace(true, 'key absent, negated operator matches') : trace(false, 'key absent');
  }

  const contextValues = valueStrings(found.value);
  if (op.qualifier === 'ForAnyValue') return trace(triAny(contextValues.map((c) => scalarMatch(spec, c, policyValues, ctx))));
  if (op.qualifier === 'ForAllValues') return trace(triAll(contextValues.map((c) => scalarMatch(spec, c, policyValues, ctx))));
  if (Array.isArray(found.value)) {
    // A single-valued operator on a multivalued key never matches; for a negated operator AWS does not say, so do not guess.
    return spec.negated
      ? trace('unknown', `${operator} on multivalued key ${key} without ForAnyValue/ForAllValues is undefined`)
      : trace(false, `${operator} on multivalued key ${key} without ForAnyValue/ForAllValues never matches`);
  }
  return trace(scalarMatch(spec, contextValues[0] ?? '', policyValues, ctx));
}

/** A whole Condition element: every operator and every key within it must hold (AND). */
export function evaluateConditions(block: ConditionBlock | undefined, ctx: ContextKeys): { result: Tri; traces: ConditionTrace[] } {
  const traces = Object.entries(block ?? {}).flatMap(([operator, keys]) =>
    Object.entries(keys).map(([key, values]) => evaluateCondition(operator, key, values, ctx)),
  );
  return { result: triAll(traces.map((t) => t.result)), traces };
}

/** A short human rendering of a condition trace, for explanations. */
export function describeCondition(t: ConditionTrace): string {
  const seen = t.context.state === 'present' ? JSON.stringify(t.context.value) : t.context.state;
  return `${t.operator} ${t.key} ${JSON.stringify(t.policyValues.length === 1 ? t.policyValues[0] : t.policyValues)} (request: ${seen})`;
}
