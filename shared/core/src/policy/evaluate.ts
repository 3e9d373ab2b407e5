import { allOf, anyOf, anyStatement, constantTerm, missReason, type Term } from './allow-terms.js';
import type { RequestContext } from './context.js';
import { matchPolicy, type MatchedStatement, type NamedPolicy, type PolicySource } from './statement-match.js';

/**
 * The access decision for one request, following AWS's evaluation logic
 * (reference_policies_evaluation-logic, …-cross-account; kms key-policies):
 * 1. an explicit Deny in any policy wins;
 * 2. KMS and sts:AssumeRole: the key/trust policy must allow, either naming the caller (enough in the
 *    same account) or its account root, which delegates to IAM so an identity policy must allow too;
 *    cross-account, both the key/trust policy and the caller's identity policy must allow;
 * 3. anything else (S3): same account, an identity or a resource-policy Allow suffices; cross-account
 *    both must allow;
 * 4. session policies cap identity permissions and resource grants to the role, not grants naming the session.
 * A statement whose applicability depends on an unknowable key makes the decision 'unknown' whenever
 * it could change the outcome: the evaluator never guesses 'allowed'.
 */

export type Decision =
  | { result: 'allowed'; chain: MatchedStatement[]; notes: string[] }
  | { result: 'denied'; kind: 'explicit'; statement: MatchedStatement }
  | { result: 'denied'; kind: 'implicit'; needed: string; nearMisses: MatchedStatement[] }
  | { result: 'unknown'; reason: string; statements: MatchedStatement[] };

export interface EvaluationInput {
  identityPolicies?: NamedPolicy[];
  /** Bucket policy, or the role trust policy for sts:AssumeRole. */
  resourcePolicy?: NamedPolicy;
  keyPolicy?: NamedPolicy;
  /** Present only when the caller is a session created with session policies. */
  sessionPolicies?: NamedPolicy[];
  context: RequestContext;
  /** The caller's identity policies live where the scan cannot read them (e.g. Snowflake's account): treat them as allowing. */
  assumeIdentityAllows?: boolean;
}

/** Actions whose resource policy (key or trust policy) must itself allow, even in the same account. */
const STRICT_RESOURCE = /^(kms:|sts:(AssumeRole|TagSession))/i;
const DIRECT = new Set(['direct', 'everyone', 'not-listed']);

function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

interface Collected {
  identity: MatchedStatement[];
  session: MatchedStatement[];
  resource: MatchedStatement[];
  strictPolicy?: NamedPolicy;
}

function collect(input: EvaluationInput, strict: boolean): Collected {
  const ctx = input.context;
  const hasIdentity = ctx.principal.type === 'AWS';
  const of = (policies: NamedPolicy[] | undefined, source: PolicySource): MatchedStatement[] => (policies ?? []).flatMap((p) => matchPolicy(p, source, ctx));
  const isKms = /^kms:/i.test(ctx.action);
  const strictPolicy = strict ? (isKms ? (input.keyPolicy ?? input.resourcePolicy) : input.resourcePolicy) : undefined;
  const resourcePolicy = strict ? strictPolicy : input.resourcePolicy;
  return {
    identity: hasIdentity ? of(input.identityPolicies, 'identity') : [],
    session: hasIdentity ? of(input.sessionPolicies, 'session') : [],
    resource: resourcePolicy ? matchPolicy(resourcePolicy, strict && isKms ? 'key' : 'resource', ctx) : [],
    ...(strictPolicy ? { strictPolicy } : {}),
  };
}

/** The Allow expression for the request, given whether caller and resource share an account. */
function allowTerm(input: EvaluationInput, c: Collected, sameAccount: boolean, strict: boolean): Term {
  const ctx = input.context;
  const p = ctx.principal;
  const subject = `${ctx.action} on ${ctx.resource} for ${p.arn}`;
  const kind = /^kms:/i.test(ctx.action) ? 'key policy' : strict ? 'trust policy' : 'resource policy';
  const allows = (list: MatchedStatement[]): MatchedStatement[] => list.filter((s) => s.effect === 'Allow');
  const res = allows(c.resource);

  const identity = input.assumeIdentityAllows
    ? constantTerm(true, '', `the identity policies of ${p.arn} are not visible and were assumed to allow ${ctx.action}`)
    : anyStatement(allows(c.identity), `no identity policy statement allows ${subject}`);
  const session = input.sessionPolicies === undefined ? constantTerm(true, '') : anyStatement(allows(c.session), `no session policy statement allows ${subject}`);
  const identityEff = allOf(identity, session);

  const bySession = anyStatement(res.filter((s) => s.principalMatch === 'session'), '');
  const byRole = allOf(anyStatement(res.filter((s) => s.principalMatch !== undefined && DIRECT.has(s.principalMatch)), ''), session);
  const direct = { ...anyOf(bySession, byRole), needed: `no ${kind} statement allows ${ctx.action} to ${p.arn}${p.type === 'AWS' ? ' directly' : ''}` };
  const rootArn = `arn:aws:iam::${p.account ?? '?'}:root`;
  const account = anyStatement(res.filter((s) => s.principalMatch === 'account'), `no ${kind} statement allows ${ctx.action} to the account root ${rootArn} (delegation to IAM)`);

  if (p.type !== 'AWS') return direct; // services, federated and anonymous callers have no identity policies
  if (sameAccount && strict) return anyOf(direct, allOf(account, identityEff));
  if (sameAccount) return anyOf(identityEff, direct);
  const resourceSide = res.length === 0 && !c.strictPolicy && !strict
    ? constantTerm(false, `the ${kind} of account ${ctx.resourceAccount ?? accountOfArn(ctx.resource) ?? '?'} has no statement allowing ${ctx.action} to ${p.arn} or ${rootArn} (cross-account access needs both sides)`)
    : { ...anyOf(direct, account), needed: `no ${kind} statement allows ${ctx.action} to ${p.arn} or ${rootArn} (cross-account access needs both sides)` };
  return allOf(resourceSide, identityEff);
}

const all = (c: Collected): MatchedStatement[] => [...c.identity, ...c.session, ...c.resource];

function decide(input: EvaluationInput, c: Collected, sameAccount: boolean, strict: boolean): Decision {
  const denies = all(c).filter((s) => s.effect === 'Deny');
  const explicit = denies.find((s) => s.applies === true);
  if (explicit) return { result: 'denied', kind: 'explicit', statement: explicit };
  const pendingDenies = denies.filter((s) => s.applies === 'unknown');
  const allow = allowTerm(input, c, sameAccount, strict);

  if (allow.value === false) {
    const nearMisses = all(c).filter((s) => s.effect === 'Allow' && s.actionMatches && s.applies === false && (s.source === 'identity' || s.source === 'session' || s.principalMatch !== undefined));
    const closest = nearMisses.length > 0 ? ` (closest: ${nearMisses.map(missReason).join('; ')})` : '';
    return { result: 'denied', kind: 'implicit', needed: `${allow.needed}${closest}`, nearMisses };
  }
  if (allow.value === true && pendingDenies.length === 0) return { result: 'allowed', chain: allow.chain, notes: allow.notes };
  const statements = [...allow.unknowns, ...pendingDenies];
  const reason =
    allow.value === true
      ? `allowed by ${allow.chain.map((s) => s.ref).join(' + ')} unless ${pendingDenies.map((s) => s.ref).join(', ')} applies, which depends on context the scan cannot know`
      : `the allow depends on context the scan cannot know: ${allow.unknowns.map((s) => s.ref).join(', ')}`;
  return { result: 'unknown', reason: reason + unknowableKeys(statements), statements };
}

function unknowableKeys(statements: MatchedStatement[]): string {
  const keys = [...new Set(statements.flatMap((s) => s.conditions.filter((t) => t.result === 'unknown').map((t) => t.key)))];
  return keys.length > 0 ? ` (${keys.join(', ')})` : '';
}

const sameDecision = (a: Decision, b: Decision): boolean =>
  a.result === b.result && (a.result !== 'denied' || b.result !== 'denied' || a.kind === b.kind);

/** Evaluates one request against the policies that govern it. */
export function evaluateRequest(input: EvaluationInput): Decision {
  const ctx = input.context;
  const strict = STRICT_RESOURCE.test(ctx.action);
  const c = collect(input, strict);
  if (strict && !c.strictPolicy) {
    const what = /^kms:/i.test(ctx.action) ? 'key policy' : 'trust policy';
    // Every key and role has one; a missing one means the scan could not read it, not that it is empty.
    const denies = all(c).find((s) => s.effect === 'Deny' && s.applies === true);
    if (denies) return { result: 'denied', kind: 'explicit', statement: denies };
    return { result: 'unknown', reason: `the ${what} of ${ctx.resource} was not supplied`, statements: [] };
  }
  const resourceAccount = ctx.resourceAccount ?? accountOfArn(ctx.resource);
  const principalAccount = ctx.principal.account;
  if (resourceAccount !== undefined && principalAccount !== undefined) return decide(input, c, resourceAccount === principalAccount, strict);
  if (ctx.principal.type !== 'AWS') return decide(input, c, false, strict);
  const same = decide(input, c, true, strict);
  const cross = decide(input, c, false, strict);
  if (sameDecision(same, cross)) return same;
  return { result: 'unknown', reason: `the account owning ${ctx.resource} is unknown: the request is ${same.result} if it is ${principalAccount ?? 'the caller'}'s and ${cross.result} otherwise`, statements: all(c) };
}
