import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';
import { evaluateConditions, type ConditionTrace } from './conditions.js';
import type { RequestContext } from './context.js';
import { matchStatementPrincipal, type PrincipalMatch } from './principals.js';
import { coversAction, describeStatement, resourceMatches, toArray } from './statements.js';
import { triAll, triAny, triNot, type Tri } from './three-valued.js';
import { hasVariables, matchPattern } from './variables.js';

/** Where a policy sits in the evaluation. */
export type PolicySource = 'identity' | 'session' | 'resource' | 'key';

export interface NamedPolicy {
  name: string;
  policy: PolicyDocument;
}

/** One statement of one policy, with why it does or does not apply to the request. */
export interface MatchedStatement {
  policy: string;
  source: PolicySource;
  index: number;
  sid?: string;
  /** `<policy> statement "<Sid>"` or `<policy> Statement[<i>]`. */
  ref: string;
  effect: 'Allow' | 'Deny';
  actionMatches: boolean;
  resourceMatches: Tri;
  /** Only for resource and key policies. */
  principalMatch?: PrincipalMatch;
  conditions: ConditionTrace[];
  /** Whether the statement applies to this request. */
  applies: Tri;
}

function resourceEntryMatches(pattern: string, ctx: RequestContext): Tri {
  if (!hasVariables(pattern)) return resourceMatches(pattern, ctx.resource);
  return matchPattern(pattern, ctx.resource, ctx, { wildcards: true, ignoreCase: false });
}

/** Resource / NotResource against the request resource, with policy variables resolved. */
export function statementResourceMatch(s: PolicyStatement, ctx: RequestContext): Tri {
  if (s.Resource !== undefined) return triAny(toArray(s.Resource).map((p) => resourceEntryMatches(p, ctx)));
  if (s.NotResource !== undefined) return triNot(triAny(toArray(s.NotResource).map((p) => resourceEntryMatches(p, ctx))));
  return true;
}

/** Evaluates statement `index` of `named` for the request. */
export function matchStatement(named: NamedPolicy, source: PolicySource, s: PolicyStatement, index: number, ctx: RequestContext): MatchedStatement {
  const actionOk = coversAction(s, ctx.action);
  const resourceOk = statementResourceMatch(s, ctx);
  const needsPrincipal = source === 'resource' || source === 'key';
  const principalMatch = needsPrincipal ? matchStatementPrincipal(s, ctx) : undefined;
  const { result, traces } = evaluateConditions(s.Condition, ctx);
  const principalOk = !needsPrincipal || principalMatch !== undefined;
  // Conditions only matter once action, resource and principal apply; an unknown there cannot flip a non-match.
  const applies = actionOk && principalOk ? triAll([resourceOk, result]) : false;
  return {
    policy: named.name,
    source,
    index,
    ...(s.Sid ? { sid: s.Sid } : {}),
    ref: `${named.name} ${describeStatement(s, index)}`,
    effect: s.Effect,
    actionMatches: actionOk,
    resourceMatches: resourceOk,
    ...(principalMatch ? { principalMatch } : {}),
    conditions: traces,
    applies,
  };
}

/** Every statement of a policy, evaluated. */
export function matchPolicy(named: NamedPolicy, source: PolicySource, ctx: RequestContext): MatchedStatement[] {
  return toArray(named.policy.Statement).map((s, i) => matchStatement(named, source, s, i, ctx));
}
