/**
 * Role reading shared by the iam-* rules: which statements of a trust policy grant sts:AssumeRole
 * and to whom, and the identity policies of the roles that use the stage buckets.
 */
import type { RoleInventory } from '../model/inventory.js';
import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';
import type { NamedPolicy } from '../policy/statement-match.js';
import { coversAction, describeStatement, parsePolicyJson, principalAccount, principalsOf, toArray } from '../policy/statements.js';
import { notApplicable, unknown, type Outcome, type RuleContext } from './define-rule.js';
import { missingProfileRole } from './profile-values.js';
import type { Profile } from '../profile/schema.js';

export interface TrustGrant {
  s: PolicyStatement;
  label: string;
  /** AWS principals of other accounts ("*" included), as written. */
  external: string[];
  /** AWS principals of the own account. */
  internal: string[];
  service: string[];
  federated: string[];
  /** NotPrincipal: every principal but the listed ones may assume the role. */
  notPrincipal: boolean;
}

export type TrustRead = { ok: true; doc: PolicyDocument; grants: TrustGrant[] } | { ok: false; outcome: Outcome };

/** Roles that read or write stage data: the Snowflake role and the profile's application roles. */
export const usesStageData = (role: RoleInventory): boolean => role.purposes.includes('snowflake') || role.purposes.includes('app');

const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

/** The role's trust policy, split into its Allow statements that let someone assume the role. */
export function readTrust(role: RoleInventory, ctx: RuleContext): TrustRead {
  const t = role.trustPolicy;
  if (t.state === 'unknown') return { ok: false, outcome: unknown(`the trust policy could not be read: ${t.reason}`) };
  if (t.state === 'absent') return { ok: false, outcome: absentRole(role, t.note, ctx.profile) };
  // Re-validate: a present document may come from a hand-written plan or demo inventory.
  const parsed = parsePolicyJson(JSON.stringify(t.value));
  if (!parsed.ok) return { ok: false, outcome: unknown(`the trust policy is malformed: ${parsed.reason}`) };
  const grants: TrustGrant[] = [];
  parsed.document.Statement.forEach((s, i) => {
    if (s.Effect !== 'Allow' || !ASSUME_ACTIONS.some((a) => coversAction(s, a))) return;
    const p = principalsOf(s.NotPrincipal ?? s.Principal);
    const isExternal = (a: string) => a === '*' || (principalAccount(a) ?? ctx.lookups.accountId) !== ctx.lookups.accountId;
    grants.push({
      s,
      label: describeStatement(s, i),
      external: s.NotPrincipal !== undefined ? [] : [...(p.everyone ? ['*'] : []), ...p.aws.filter((a) => a !== '*' && isExternal(a))],
      internal: s.NotPrincipal !== undefined ? [] : p.aws.filter((a) => !isExternal(a)),
      service: s.NotPrincipal !== undefined ? [] : p.service,
      federated: s.NotPrincipal !== undefined ? [] : p.federated,
      notPrincipal: s.NotPrincipal !== undefined,
    });
  });
  return { ok: true, doc: parsed.document, grants };
}

/**
 * A role that does not exist: when the profile named it, the role the rules should judge is not
 * known (profile-values-resolve reports the name once), so unknown; a replication role only a
 * bucket names is not applicable here (s3-replication-role-least-privilege fails it).
 */
function absentRole(role: RoleInventory, note: string | undefined, profile: Profile): Outcome {
  const missing = missingProfileRole(role, profile);
  return missing ? unknown(missing) : notApplicable(note ?? 'the role does not exist');
}

export type RolePoliciesRead = { ok: true; policies: NamedPolicy[]; allows: { s: PolicyStatement; label: string }[] } | { ok: false; outcome: Outcome };

/** The role's inline and attached policies, with every Allow statement labelled by policy and Sid. */
export function readRolePolicies(role: RoleInventory, profile: Profile): RolePoliciesRead {
  const p = role.policies;
  if (p.state === 'unknown') return { ok: false, outcome: unknown(`the role's policies could not be read: ${p.reason}`) };
  if (p.state === 'absent') return { ok: false, outcome: absentRole(role, p.note, profile) };
  const policies: NamedPolicy[] = [];
  const allows: { s: PolicyStatement; label: string }[] = [];
  for (const item of p.value) {
    const parsed = parsePolicyJson(JSON.stringify(item.document));
    if (!parsed.ok) return { ok: false, outcome: unknown(`${item.kind} policy "${item.name}" is malformed: ${parsed.reason}`) };
    policies.push({ name: `${item.kind} policy "${item.name}"`, policy: parsed.document });
    parsed.document.Statement.forEach((s, i) => {
      if (s.Effect === 'Allow') allows.push({ s, label: `${item.kind} policy "${item.name}" ${describeStatement(s, i)}` });
    });
  }
  return { ok: true, policies, allows };
}

/** Whether the statement can grant any action of `service` (NotAction and "*" count). */
export const touchesService = (s: PolicyStatement, service: string): boolean =>
  s.NotAction !== undefined || toArray(s.Action).some((a) => a === '*' || a.toLowerCase().startsWith(`${service}:`) || /^[*?]+:/.test(a));

/**
 * A concrete caller standing for a trust principal, for probe requests: the principal itself when it
 * is an IAM user or role, a user of the account for an account root, and a user of an unrelated
 * account for "*".
 */
export function probeCallerFor(principal: string): string {
  if (principal === '*') return 'arn:aws:iam::999999999999:user/envelope-probe';
  const account = principalAccount(principal);
  if (account && (/^\d{12}$/.test(principal) || principal.endsWith(':root'))) return `arn:aws:iam::${account}:user/envelope-probe`;
  if (/[*?]/.test(principal)) return `arn:aws:iam::${account ?? '999999999999'}:user/envelope-probe`;
  return principal;
}
