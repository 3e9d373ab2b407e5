import type { PolicyStatement } from '../model/policy-document.js';
import { isAccountRoot, principalAccount, principalsOf } from './statements.js';
import { roleArnOfSession, type RequestContext } from './context.js';
import { lookupKey } from './context-keys.js';

/**
 * How a resource-policy statement's Principal / NotPrincipal applies to the caller:
 * - 'direct': names the caller (user, role, or the role behind a session);
 * - 'session': names the exact assumed-role session ARN;
 * - 'account': names the caller's account root ("123456789012" or arn:…:root), which delegates to IAM;
 * - 'everyone': "*" or {"AWS": "*"};
 * - 'not-listed': a NotPrincipal the caller is not excluded from.
 */
export type PrincipalMatch = 'direct' | 'session' | 'account' | 'everyone' | 'not-listed';

const RANK: Record<PrincipalMatch, number> = { session: 5, direct: 4, everyone: 3, 'not-listed': 2, account: 1 };

/** The identities AWS checks for a caller, outermost first: account, then role, then session. */
export function principalChain(ctx: RequestContext): string[] {
  const p = ctx.principal;
  if (p.type !== 'AWS') return [p.arn];
  const chain: string[] = [];
  if (p.account) chain.push(`arn:aws:iam::${p.account}:root`);
  const role = roleOf(ctx);
  if (role) chain.push(role);
  if (!chain.includes(p.arn)) chain.push(p.arn);
  return chain;
}

/** The role ARN behind a session: aws:PrincipalArn when the context has it (it keeps the path), else derived. */
function roleOf(ctx: RequestContext): string | undefined {
  const derived = roleArnOfSession(ctx.principal.arn);
  if (!derived) return undefined;
  const key = lookupKey(ctx, 'aws:PrincipalArn');
  const name = derived.slice(derived.lastIndexOf('/'));
  return key.state === 'present' && typeof key.value === 'string' && key.value.includes(':role/') && key.value.endsWith(name) ? key.value : derived;
}

const sameAccountRoot = (entry: string, account: string | undefined): boolean => account !== undefined && isAccountRoot(entry) && principalAccount(entry) === account;

/** Whether one Principal-element entry (under AWS) names the caller, and how. */
function awsEntryMatch(entry: string, ctx: RequestContext): PrincipalMatch | undefined {
  const p = ctx.principal;
  if (p.type !== 'AWS') return undefined;
  if (sameAccountRoot(entry, p.account)) return isAccountRoot(p.arn) || p.arn === entry ? 'direct' : 'account';
  if (entry === p.arn) return roleArnOfSession(p.arn) ? 'session' : 'direct';
  const role = roleOf(ctx);
  if (role !== undefined && (entry === role || entry === roleArnOfSession(p.arn))) return 'direct';
  return undefined;
}

function best(matches: (PrincipalMatch | undefined)[]): PrincipalMatch | undefined {
  return matches.reduce<PrincipalMatch | undefined>((acc, m) => (m && (!acc || RANK[m] > RANK[acc]) ? m : acc), undefined);
}

/** Principal element: how it names the caller, or undefined when it does not. */
export function matchPrincipalBlock(block: PolicyStatement['Principal'], ctx: RequestContext): PrincipalMatch | undefined {
  if (block === undefined) return undefined;
  const listed = principalsOf(block);
  if (listed.everyone) return 'everyone';
  const p = ctx.principal;
  if (p.type === 'Service') return listed.service.some((s) => s.toLowerCase() === p.arn.toLowerCase()) ? 'direct' : undefined;
  if (p.type === 'Federated') return listed.federated.includes(p.arn) ? 'direct' : undefined;
  return best(listed.aws.map((entry) => awsEntryMatch(entry, ctx)));
}

/**
 * NotPrincipal: the caller is excluded only when every identity in its chain is listed (AWS: name the
 * account, and for a session the role and the session too, or the statement still applies).
 */
export function matchNotPrincipalBlock(block: PolicyStatement['NotPrincipal'], ctx: RequestContext): PrincipalMatch | undefined {
  if (block === undefined) return undefined;
  const listed = principalsOf(block);
  if (listed.everyone) return undefined;
  const p = ctx.principal;
  const names = p.type === 'Service' ? listed.service.map((s) => s.toLowerCase()) : p.type === 'Federated' ? listed.federated : listed.aws;
  const has = (id: string): boolean =>
    p.type === 'Service' ? names.includes(id.toLowerCase()) : names.some((n) => n === id || (isAccountRoot(n) && isAccountRoot(id) && principalAccount(n) === principalAccount(id)));
  return principalChain(ctx).every(has) ? undefined : 'not-listed';
}

/** Principal or NotPrincipal of a resource-policy statement against the caller. */
export function matchStatementPrincipal(s: PolicyStatement, ctx: RequestContext): PrincipalMatch | undefined {
  if (s.NotPrincipal !== undefined) return matchNotPrincipalBlock(s.NotPrincipal, ctx);
  return matchPrincipalBlock(s.Principal, ctx);
}
