/**
 * Key-policy structure shared by the kms-* rules, statement by statement: which statements to
 * probe and whom they name, and the vocabulary that explains a finding. The verdicts come from the
 * policy evaluator through kms-policy-probes.ts (the evaluator is the judge, structure explains):
 * Deny statements, NotPrincipal and condition operators are weighed there, not here.
 */
import type { KeyInventory, KeyMetadata } from '../model/inventory.js';
import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';
import { actionMatches, conditionValues, coversAction, describeStatement, listedActions } from '../policy/statements.js';
import { parsePolicyJson, patternCovers, principalAccount, principalsOf, toArray } from '../policy/statements.js';
import { notApplicable, unknown, type Outcome, type RuleContext } from './define-rule.js';
import { bucketListGap } from './membership.js';

export interface IndexedStatement {
  s: PolicyStatement;
  index: number;
  /** describeStatement(): the Sid, or Statement[i]. */
  label: string;
}

export type KeyPolicyRead =
  | { ok: true; doc: PolicyDocument; md: KeyMetadata; allows: IndexedStatement[] }
  | { ok: false; outcome: Outcome };

export const keyArnOf = (key: KeyInventory): string => (key.metadata.state === 'present' ? key.metadata.value.arn : key.arn);

/** The policy of a customer-managed key, or the outcome to return when there is none to judge. */
export function readCustomerKeyPolicy(key: KeyInventory): KeyPolicyRead {
  const md = key.metadata;
  if (md.state === 'unknown') return { ok: false, outcome: unknown(md.reason) };
  if (md.state === 'absent') return { ok: false, outcome: unknown('the key does not exist (kms-key-enabled reports it)') };
  if (md.value.keyManager !== 'CUSTOMER') return { ok: false, outcome: notApplicable('AWS-managed key: AWS owns its key policy (kms-key-type reports the key)') };
  const p = key.policy;
  if (p.state === 'unknown') return { ok: false, outcome: unknown(p.reason) };
  if (p.state === 'absent') return { ok: false, outcome: unknown(p.note ?? 'no key policy was read') };
  // Re-validate: a present document may still come from a hand-written plan or demo inventory.
  const parsed = parsePolicyJson(JSON.stringify(p.value));
  if (!parsed.ok) return { ok: false, outcome: unknown(`key policy is malformed: ${parsed.reason}`) };
  const allows = parsed.document.Statement.flatMap((s, index) => (s.Effect === 'Allow' ? [{ s, index, label: describeStatement(s, index) }] : []));
  return { ok: true, doc: parsed.document, md: md.value, allows };
}

/** The own account's root as a key policy may write it: the root ARN or the bare account id. */
export const ownRoots = (ctx: RuleContext): string[] => [`arn:${ctx.lookups.partition}:iam::${ctx.lookups.accountId}:root`, ctx.lookups.accountId];

/** Every principal is the own account root: the statement delegates to IAM policies rather than grants. */
export function isOwnRootOnly(s: PolicyStatement, ctx: RuleContext): boolean {
  const p = principalsOf(s.Principal);
  const roots = ownRoots(ctx);
  return s.NotPrincipal === undefined && p.aws.length > 0 && p.service.length + p.federated.length + p.canonical.length === 0 && p.aws.every((a) => roots.includes(a));
}

/** Allow <own root> kms:* (or *) on Resource "*", unconditionally: the statement that prevents lockout. */
export function isRootAdminStatement(s: PolicyStatement, ctx: RuleContext): boolean {
  const roots = ownRoots(ctx);
  return (
    s.Effect === 'Allow' &&
    s.NotPrincipal === undefined &&
    principalsOf(s.Principal).aws.some((a) => roots.includes(a)) &&
    grantsAllKms(s) &&
    toArray(s.Resource).includes('*') &&
    Object.keys(s.Condition ?? {}).length === 0
  );
}

export const grantsAllKms = (s: PolicyStatement): boolean => s.Action !== undefined && toArray(s.Action).some((a) => a === '*' || a.toLowerCase() === 'kms:*');

/** Allow with Principal "*", {"AWS":"*"} or NotPrincipal (everyone but the listed). */
export const grantsEveryone = (s: PolicyStatement): boolean => s.NotPrincipal !== undefined || principalsOf(s.Principal).everyone;

/** Only service principals (cloudtrail.amazonaws.com …): scoped by aws:SourceArn, not kms:ViaService. */
export function isServiceOnly(s: PolicyStatement): boolean {
  const p = principalsOf(s.Principal);
  return s.NotPrincipal === undefined && p.service.length > 0 && p.aws.length + p.federated.length + p.canonical.length === 0;
}

/** The actions that encrypt or decrypt data, which S3 calls on a caller's behalf. */
export const DATA_PLANE_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
];

export const dataPlaneActions = (s: PolicyStatement): string[] => DATA_PLANE_ACTIONS.filter((a) => coversAction(s, a));

/** The data-plane part of the statement as written, for messages ("kms:GenerateDataKey*", "NotAction …"). */
export const dataPlaneAsWritten = (s: PolicyStatement): string[] =>
  s.Action !== undefined
    ? toArray(s.Action).filter((p) => DATA_PLANE_ACTIONS.some((a) => actionMatches(p, a)))
    : [`every action but ${toArray(s.NotAction).join(', ')} (NotAction)`];

/** The statement's actions (NotAction reads as "*") that no `allowed` pattern covers. */
export const actionsOutside = (s: PolicyStatement, allowed: readonly string[]): string[] =>
  listedActions(s).filter((a) => !allowed.some((u) => patternCovers(u, a, true)));

/** A principal of another account (an IAM ARN or bare account id; "*" is not-public's business). */
export function isExternalPrincipal(p: string, ctx: RuleContext): boolean {
  const account = principalAccount(p);
  return account !== undefined && account !== ctx.lookups.accountId;
}

/** Principals for messages: "*", "everyone except …", or the listed ARNs and services. */
export function principalText(s: PolicyStatement): string {
  if (s.NotPrincipal !== undefined) return `everyone except ${principalText({ ...s, Principal: s.NotPrincipal, NotPrincipal: undefined } as PolicyStatement)}`;
  const p = principalsOf(s.Principal);
  if (p.everyone) return '*';
  return [...p.aws, ...p.service, ...p.federated, ...p.canonical].join(', ') || 'no principal';
}

/**
 * Why the statement is not bound to S3 in the key's Region, or undefined when it is. StringEquals
 * values must all be the expected service (several values are OR); StringLike counts only
 * without wildcards. Operators AND, so an exact StringEquals is enough whatever else is there.
 */
export function viaServiceProblem(s: PolicyStatement, keyRegion: string): { kind: 'missing' | 'weak' | 'wrong'; detail: string } | undefined {
  const expected = `s3.${keyRegion}.amazonaws.com`;
  const eq = conditionValues(s.Condition, 'StringEquals', 'kms:ViaService');
  if (eq && eq.length > 0) {
    const other = eq.filter((v) => v !== expected);
    return other.length === 0 ? undefined : { kind: 'wrong', detail: `StringEquals kms:ViaService admits ${other.join(', ')} (expected only ${expected})` };
  }
  const like = conditionValues(s.Condition, 'StringLike', 'kms:ViaService');
  if (like && like.length > 0) {
    if (like.some((v) => /[*?]/.test(v))) return { kind: 'weak', detail: `StringLike kms:ViaService ${like.join(', ')} (a wildcard admits more than ${expected})` };
    const other = like.filter((v) => v !== expected);
    return other.length === 0 ? undefined : { kind: 'wrong', detail: `StringLike kms:ViaService admits ${other.join(', ')} (expected only ${expected})` };
  }
  return { kind: 'missing', detail: `no StringEquals kms:ViaService = ${expected}` };
}

/**
 * Replication roles of buckets whose replication rules name this key as ReplicaKmsKeyID, and the
 * buckets whose replication configuration could not be read (they might name it), the buckets the
 * scan could not list among them.
 */
export function replicationRolesFor(key: KeyInventory, ctx: RuleContext): { roles: string[]; unreadable: string[] } {
  const roles = new Set<string>();
  const unreadable: string[] = [];
  const arn = keyArnOf(key);
  for (const b of ctx.inventory.buckets) {
    if (b.replication.state === 'unknown') unreadable.push(b.name);
    if (b.replication.state !== 'present') continue;
    for (const r of b.replication.value.rules) {
      if (!r.replicaKmsKeyId) continue;
      const region = r.replicaKmsKeyId.split(':')[3] || key.region;
      if (r.replicaKmsKeyId === arn || ctx.lookups.key(r.replicaKmsKeyId, region) === key) roles.add(b.replication.value.roleArn);
    }
  }
  const unlisted = bucketListGap(ctx.inventory);
  if (unlisted) unreadable.push(`the buckets the scan could not list (${unlisted})`);
  return { roles: [...roles], unreadable };
}
