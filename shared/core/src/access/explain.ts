/**
 * "Why is this denied?" — one request by a principal, followed through every authorization the
 * architecture puts in its way, each decided by the policy evaluator over the scanned inventory:
 *
 * - sts:AssumeRole on a role: the role's trust policy (the Snowflake user, with its ExternalId);
 * - an S3 request: the caller's identity policies and the bucket policy; then, for object reads and
 *   writes on an SSE-KMS bucket, the KMS request S3 makes as the caller (kms:GenerateDataKey for a
 *   write, kms:Decrypt for a read) against the key policy and the identity policies — the seeds'
 *   "Access Denied on upload / download" — and whether that key exists and is usable at all (the
 *   seeds' "invalid KMS key");
 * - a KMS request straight to a key: key policy and identity policies, outside S3.
 *
 * Pure: inventory in, explanation out. The CLI's `envelope explain` scans, then calls this.
 */
import { resolveKeyRef } from '../model/key-ref.js';
import type { BucketInventory, Inventory, KeyInventory, RoleInventory } from '../model/inventory.js';
import { isSseKms } from '../model/encryption.js';
import {
  assumeRoleContext,
  kmsViaS3Context,
  OFFLINE_UNKNOWABLE,
  principalFromArn,
  s3RequestContext,
  type RequestContext,
  type RequestPrincipal,
} from '../policy/context.js';
import { describeDecision } from '../policy/describe.js';
import { evaluateRequest, type Decision, type EvaluationInput } from '../policy/evaluate.js';
import type { NamedPolicy } from '../policy/statement-match.js';

export interface AccessQuestion {
  /** IAM role or user ARN, an assumed-role session ARN, or a service principal. */
  principal: string;
  action: string;
  /** Role ARN for sts:AssumeRole, bucket or object ARN for S3, key ARN for KMS. */
  resource: string;
  /** sts:ExternalId sent with sts:AssumeRole. */
  externalId?: string;
  /** The key a PutObject names in x-amz-server-side-encryption-aws-kms-key-id; default: none, so the bucket default applies. */
  sseKmsKeyId?: string;
  /** aws:SecureTransport; default true (the SDKs use HTTPS). */
  secureTransport?: boolean;
  /** s3:prefix for s3:ListBucket. */
  prefix?: string;
}

export type StepResult = 'allowed' | 'denied' | 'unknown';

export interface AccessStep {
  /** What this step authorizes, in words: "S3 s3:PutObject on …", "KMS kms:GenerateDataKey via S3 on …". */
  title: string;
  principal: string;
  action: string;
  resource: string;
  result: StepResult;
  /** One line: the statements that allow, the statement that denies, or what is missing. */
  reason: string;
  /** The evaluator's decision, when the step was evaluated (not for a key that does not exist). */
  decision?: Decision;
  /** Facts the step rests on that the scan assumed rather than saw. */
  notes: string[];
}

export interface AccessExplanation {
  question: AccessQuestion;
  result: StepResult;
  steps: AccessStep[];
  /** The first step that denies or cannot be decided, in one sentence. */
  summary: string;
}

export class ExplainError extends Error {}

const OBJECT_WRITE = /^s3:PutObject$/i;
/** S3 API operations whose IAM permission is s3:PutObject (IAM has no s3:UploadPart action). */
const PUT_OBJECT_APIS = /^s3:(CopyObject|CreateMultipartUpload|UploadPart|UploadPartCopy|CompleteMultipartUpload)$/i;
const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'sts:TagSession'] as const;
const OBJECT_READ = /^s3:(GetObject|GetObjectVersion)$/i;

interface Caller {
  principal: RequestPrincipal;
  /** The role or user ARN whose identity policies apply (the role behind a session). */
  identityArn: string;
  sessionArn: string;
  role?: RoleInventory;
  identity: Pick<EvaluationInput, 'identityPolicies' | 'assumeIdentityAllows'>;
  notes: string[];
  /** Why the identity side cannot be decided (an own-account principal that was not scanned). */
  blind?: string;
}

/** The caller as AWS sees it: a role acts through a session; its identity policies come from the scan. */
function callerOf(inv: Inventory, arn: string): Caller {
  const base = principalFromArn(arn);
  if (base.type !== 'AWS') return { principal: base, identityArn: arn, sessionArn: arn, identity: {}, notes: [] };
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  const roleMatch = /^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  const roleName = session?.[3] ?? roleMatch?.[1];
  const role = roleName ? inv.roles.find((r) => r.name === roleName && r.account === base.account) : undefined;
  const identityArn = role?.arn ?? arn;
  const sessionArn = session ? arn : roleMatch ? `arn:${inv.account.partition}:sts::${base.account}:assumed-role/${roleName}/envelope-explain` : arn;
  const principal: RequestPrincipal = { arn: sessionArn, account: base.account!, type: 'AWS' };
  if (base.account !== inv.account.id)
    return {
      principal,
      identityArn,
      sessionArn,
      identity: { assumeIdentityAllows: true },
      notes: [`${identityArn} belongs to account ${base.account}, whose IAM policies the scan cannot read: they were assumed to allow the request`],
    };
  if (!role)
    return {
      principal,
      identityArn,
      sessionArn,
      identity: { identityPolicies: [] },
      notes: [],
      blind: roleName ? `the identity policies of ${identityArn} were not scanned (add the role to iam.appRoles in the profile)` : `the identity policies of ${identityArn} are not read: envelope reads roles, not IAM users or groups`,
    };
  if (role.policies.state === 'unknown') return { principal, identityArn, sessionArn, role, identity: { identityPolicies: [] }, notes: [], blind: `the policies of ${role.arn} could not be read: ${role.policies.reason}` };
  if (role.policies.state === 'absent') return { principal, identityArn, sessionArn, role, identity: { identityPolicies: [] }, notes: [], blind: `the role ${role.arn} does not exist` };
  return {
    principal,
    identityArn,
    sessionArn,
    role,
    identity: { identityPolicies: role.policies.value.map((p) => ({ name: `${p.kind} policy "${p.name}" of ${role.name}`, policy: p.document })) },
    notes: [],
  };
}

function step(title: string, ctx: RequestContext, input: EvaluationInput, caller: Caller, notes: string[] = []): AccessStep {
  const decision = evaluateRequest(input);
  let result: StepResult = decision.result;
  let reason = describeDecision(decision);
  // Never a guessed allow: an own-account caller the scan could not read stays undecided unless a
  // resource policy alone settles it (an explicit deny, or a grant that needs no identity policy).
  if (caller.blind && decision.result !== 'allowed' && !(decision.result === 'denied' && decision.kind === 'explicit')) {
    result = 'unknown';
    reason = `${caller.blind}; ${reason}`;
  }
  return { title, principal: ctx.principal.arn, action: ctx.action, resource: ctx.resource, result, reason, decision, notes: [...caller.notes, ...notes] };
}

function parseS3Arn(arn: string): { bucket: string; key?: string } | undefined {
  const m = /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.+))?$/.exec(arn);
  return m ? { bucket: m[1]!, ...(m[2] !== undefined ? { key: m[2] } : {}) } : undefined;
}

const named = (name: string, policy: NamedPolicy['policy']): NamedPolicy => ({ name, policy });

/** Which key encrypts the object, and how sure the scan is of it. */
function objectKey(inv: Inventory, bucket: BucketInventory, objectKeyName: string, q: AccessQuestion, write: boolean): { keyRef?: string; bucketKey: boolean; notes: string[]; none?: string } {
  if (write && q.sseKmsKeyId) return { keyRef: q.sseKmsKeyId, bucketKey: defaultRule(bucket)?.bucketKeyEnabled ?? false, notes: [] };
  if (!write) {
    const seen = bucket.objectSample.state === 'present' ? bucket.objectSample.value.find((o) => o.key === objectKeyName) : undefined;
    if (seen) {
      if (!seen.sse || !isSseKms(seen.sse)) return { bucketKey: false, notes: [], none: `the object is encrypted with ${seen.sse ?? 'no server-side encryption'}, so reading it needs no KMS permission` };
      return { ...(seen.kmsKeyId ? { keyRef: seen.kmsKeyId } : {}), bucketKey: seen.bucketKeyEnabled ?? false, notes: ['the object\'s key is the one HeadObject reported'] };
    }
  }
  const rule = defaultRule(bucket);
  if (bucket.encryption.state === 'unknown') return { bucketKey: false, notes: [], none: `unknown: the bucket's default encryption could not be read (${bucket.encryption.reason})` };
  if (!rule || !isSseKms(rule.sseAlgorithm)) return { bucketKey: false, notes: [], none: `the bucket's default encryption is ${rule?.sseAlgorithm ?? 'SSE-S3'}, so ${write ? 'writing' : 'reading'} needs no KMS permission` };
  const notes = write ? ['no x-amz-server-side-encryption-aws-kms-key-id header: the bucket\'s default key applies'] : ['assuming the object was written under the bucket\'s default key (it was not in the object sample)'];
  if (!rule.kmsMasterKeyId) {
    const aws = resolveKeyRef('alias/aws/s3', bucket.region, { account: inv.account.id, partition: inv.account.partition, aliases: inv.aliases });
    return { ...(aws ? { keyRef: aws } : {}), bucketKey: rule.bucketKeyEnabled, notes: [...notes, 'default encryption names no key, so S3 uses the AWS-managed key aws/s3'] };
  }
  return { keyRef: rule.kmsMasterKeyId, bucketKey: rule.bucketKeyEnabled, notes };
}

const defaultRule = (b: BucketInventory) => (b.encryption.state === 'present' ? b.encryption.value[0] : undefined);

/** A key S3 cannot use fails before any policy is read: KMS answers NotFound, Disabled or KMSInvalidStateException. */
function keyUnusable(key: KeyInventory | undefined, keyArn: string, bucketRegion: string): { result: StepResult; reason: string } | undefined {
  const region = keyArn.split(':')[3];
  if (region && region !== bucketRegion) return { result: 'denied', reason: `invalid KMS key: ${keyArn} is in ${region}, but S3 in ${bucketRegion} can only use keys of its own Region (KMS.NotFoundException)` };
  if (!key) return { result: 'unknown', reason: `the key ${keyArn} was not scanned` };
  const md = key.metadata;
  if (md.state === 'absent') return { result: 'denied', reason: `invalid KMS key: ${keyArn} does not exist (DescribeKey: NotFoundException); check the ARN with aws kms describe-key --key-id ${keyArn}` };
  if (md.state === 'unknown') return { result: 'unknown', reason: `the key ${keyArn} could not be read: ${md.reason}` };
  if (md.value.keyState !== 'Enabled') return { result: 'denied', reason: `the key ${keyArn} is ${md.value.keyState}, so KMS refuses every request (KMS.DisabledException / KMSInvalidStateException)` };
  if (key.policy.state !== 'present') return { result: 'unknown', reason: `the key policy of ${keyArn} was not read${key.policy.state === 'unknown' ? `: ${key.policy.reason}` : ''}` };
  return undefined;
}

function findKey(inv: Inventory, keyArn: string): KeyInventory | undefined {
  return inv.keys.find((k) => k.arn === keyArn || (k.metadata.state === 'present' && k.metadata.value.arn === keyArn));
}

function explainS3(inv: Inventory, q: AccessQuestion, caller: Caller): AccessStep[] {
  const target = parseS3Arn(q.resource);
  if (!target) throw new ExplainError(`--resource ${q.resource} is not an S3 bucket or object ARN (arn:aws:s3:::bucket or arn:aws:s3:::bucket/key)`);
  const bucket = inv.buckets.find((b) => b.name === target.bucket);
  if (!bucket) throw new ExplainError(`bucket ${target.bucket} is not in the scan (check the profile's scope and --region)`);
  const write = OBJECT_WRITE.test(q.action);
  const sse = write && q.sseKmsKeyId ? { sse: { algorithm: 'aws:kms' as const, kmsKeyId: q.sseKmsKeyId } } : {};
  const ctx = s3RequestContext({
    principal: caller.principal,
    principalArn: caller.identityArn,
    action: q.action,
    bucket: bucket.name,
    ...(target.key !== undefined ? { key: target.key } : {}),
    bucketAccount: bucket.account,
    region: bucket.region,
    secureTransport: q.secureTransport ?? true,
    ...(q.prefix !== undefined ? { prefix: q.prefix } : {}),
    ...sse,
  });
  const notes: string[] = [];
  let resourcePolicy: NamedPolicy | undefined;
  if (bucket.policy.state === 'present') resourcePolicy = named(`bucket policy of ${bucket.name}`, bucket.policy.value);
  else if (bucket.policy.state === 'unknown') notes.push(`the bucket policy could not be read (${bucket.policy.reason})`);
  const s3Step = step(`S3 ${q.action} on ${q.resource}`, ctx, { ...caller.identity, ...(resourcePolicy ? { resourcePolicy } : {}), context: ctx }, caller, notes);
  // An unread bucket policy could deny (when the rest allows) or grant (when the rest does not).
  if (bucket.policy.state === 'unknown' && !(s3Step.decision?.result === 'denied' && s3Step.decision.kind === 'explicit')) {
    s3Step.reason = `unknown: ${s3Step.reason}, but the bucket policy could not be read and may ${s3Step.result === 'allowed' ? 'deny' : 'allow'} it`;
    s3Step.result = 'unknown';
  }
  const steps = [s3Step];
  const deny = s3Step.decision?.result === 'denied' && s3Step.decision.kind === 'explicit' ? s3Step.decision.statement : undefined;
  if (write && !q.sseKmsKeyId && deny?.conditions.some((c) => /x-amz-server-side-encryption-aws-kms-key-id/i.test(c.key)))
    s3Step.notes.push('the request sent no x-amz-server-side-encryption-aws-kms-key-id header, and a negated condition (StringNotEquals) counts a missing header as a mismatch: writers must name the key (aws s3 cp --sse aws:kms --sse-kms-key-id <key ARN>; ask again with --sse-kms-key-id)');

  const read = OBJECT_READ.test(q.action);
  // S3 refuses before it calls KMS.
  if (target.key === undefined || (!write && !read) || s3Step.result === 'denied') return steps;
  const k = objectKey(inv, bucket, target.key, q, write);
  if (k.none) {
    if (k.none.startsWith('unknown:'))
      steps.push({ title: 'KMS', principal: caller.sessionArn, action: write ? 'kms:GenerateDataKey' : 'kms:Decrypt', resource: '?', result: 'unknown', reason: k.none, notes: [] });
    return steps;
  }
  const kmsAction = write ? 'kms:GenerateDataKey' : 'kms:Decrypt';
  const keyArn = k.keyRef ? resolveKeyRef(k.keyRef, bucket.region, { account: bucket.account, partition: inv.account.partition, aliases: inv.aliases }) : undefined;
  const title = `KMS ${kmsAction} via S3 on`;
  if (!keyArn) {
    const ref = k.keyRef ?? 'alias/aws/s3';
    const aliases = inv.aliases[bucket.region];
    const base = { title: `${title} ${ref}`, principal: caller.sessionArn, action: kmsAction, resource: ref, notes: k.notes };
    if (aliases?.state !== 'present') steps.push({ ...base, result: 'unknown', reason: `the aliases of ${bucket.region} could not be read${aliases?.state === 'unknown' ? ` (${aliases.reason})` : ''}, so ${ref} cannot be resolved` });
    else if (ref === 'alias/aws/s3')
      // S3 creates aws/s3 on first use; its policy admits every principal of the account through S3.
      steps.push({ ...base, result: 'unknown', reason: 'the AWS-managed key aws/s3 is not listed yet (S3 creates it on first use); its key policy allows the account\'s principals through S3, so the identity policies decide' });
    else steps.push({ ...base, result: 'denied', reason: `invalid KMS key: ${ref} names no key in ${bucket.region} (no such alias)` });
    return steps;
  }
  const key = findKey(inv, keyArn);
  const unusable = keyUnusable(key, keyArn, bucket.region);
  if (unusable) {
    steps.push({ title: `${title} ${keyArn}`, principal: caller.sessionArn, action: kmsAction, resource: keyArn, ...unusable, notes: k.notes });
    return steps;
  }
  const kctx = kmsViaS3Context({
    principal: caller.principal,
    principalArn: caller.identityArn,
    action: kmsAction,
    keyArn: key!.metadata.state === 'present' ? key!.metadata.value.arn : keyArn,
    bucket: bucket.name,
    key: target.key,
    region: bucket.region,
    bucketKeyEnabled: k.bucketKey,
  });
  const keyPolicy = named(`key policy of ${keyArn.split('/').pop()}`, (key!.policy as { value: NamedPolicy['policy'] }).value);
  const kmsStep = step(`${title} ${keyArn}`, kctx, { ...caller.identity, keyPolicy, context: kctx }, caller, k.notes);
  steps.push(kmsStep);
  if (write && kmsStep.result === 'allowed') {
    // Multipart uploads (the CLI and SDKs switch to them above 8 MB) also decrypt the data key.
    const dctx = { ...kctx, action: 'kms:Decrypt' };
    const d = evaluateRequest({ ...caller.identity, keyPolicy, context: dctx });
    if (d.result !== 'allowed') kmsStep.notes.push(`multipart uploads also need kms:Decrypt, which is ${describeDecision(d)}: large uploads would fail with Access Denied`);
  }
  return steps;
}

function explainKms(inv: Inventory, q: AccessQuestion, caller: Caller): AccessStep[] {
  const key = findKey(inv, q.resource);
  const unusable = keyUnusable(key, q.resource, q.resource.split(':')[3] ?? '');
  if (unusable) return [{ title: `KMS ${q.action} on ${q.resource}`, principal: caller.sessionArn, action: q.action, resource: q.resource, ...unusable, notes: [] }];
  const keys: Record<string, string | boolean | string[]> = {};
  if (caller.principal.account) keys['kms:CallerAccount'] = caller.principal.account;
  if (caller.principal.type === 'AWS') keys['aws:PrincipalArn'] = caller.identityArn;
  // A direct call: no kms:ViaService; the encryption context is whatever the caller sends.
  const ctx: RequestContext = {
    principal: caller.principal,
    action: q.action,
    resource: q.resource,
    resourceAccount: q.resource.split(':')[4]!,
    keys: { ...keys, 'aws:SecureTransport': q.secureTransport ?? true, 'aws:ViaAWSService': false },
    unknowable: [...OFFLINE_UNKNOWABLE, 'kms:EncryptionContext:*', 'kms:EncryptionContextKeys', 'kms:GrantIsForAWSResource'],
  };
  const keyPolicy = named(`key policy of ${q.resource.split('/').pop()}`, (key!.policy as { value: NamedPolicy['policy'] }).value);
  return [step(`KMS ${q.action} on ${q.resource} (called directly, not through S3)`, ctx, { ...caller.identity, keyPolicy, context: ctx }, caller)];
}

function explainAssume(inv: Inventory, q: AccessQuestion, caller: Caller): AccessStep[] {
  const role = inv.roles.find((r) => r.arn === q.resource);
  if (!role) throw new ExplainError(`role ${q.resource} is not in the scan (the profile's snowflake.roleName and iam.appRoles name the roles read)`);
  const title = `STS ${q.action} on ${role.arn}${q.externalId !== undefined ? ' with the given ExternalId' : ' without an ExternalId'}`;
  if (!/^sts:/i.test(q.action)) throw new ExplainError(`--action ${q.action} is not an STS action`);
  if (role.trustPolicy.state === 'absent') return [{ title, principal: q.principal, action: q.action, resource: q.resource, result: 'denied', reason: `the role ${role.arn} does not exist`, notes: [] }];
  if (role.trustPolicy.state === 'unknown') return [{ title, principal: q.principal, action: q.action, resource: q.resource, result: 'unknown', reason: `the trust policy could not be read: ${role.trustPolicy.reason}`, notes: [] }];
  const base = principalFromArn(q.principal);
  const action = ASSUME_ACTIONS.find((a) => a.toLowerCase() === q.action.toLowerCase());
  if (!action) throw new ExplainError(`--action ${q.action}: explain covers ${ASSUME_ACTIONS.join(', ')} for STS`);
  const ctx = assumeRoleContext({ caller: base, roleArn: role.arn, action, ...(q.externalId !== undefined ? { externalId: q.externalId } : {}) });
  const identity = base.account === inv.account.id ? caller.identity : { assumeIdentityAllows: true };
  return [step(title, ctx, { ...identity, resourcePolicy: named(`trust policy of ${role.name}`, role.trustPolicy.value), context: ctx }, { ...caller, principal: base })];
}

/** Follows one request through the scanned policies. Throws ExplainError for a question the inventory cannot answer. */
export function explainAccess(inv: Inventory, asked: AccessQuestion): AccessExplanation {
  const mapped = PUT_OBJECT_APIS.test(asked.action);
  const q = mapped ? { ...asked, action: 's3:PutObject' } : asked;
  const caller = callerOf(inv, q.principal);
  const service = q.action.split(':')[0]?.toLowerCase();
  let steps: AccessStep[];
  if (service === 'sts') steps = explainAssume(inv, q, caller);
  else if (service === 's3') steps = explainS3(inv, q, caller);
  else if (service === 'kms') steps = explainKms(inv, q, caller);
  else throw new ExplainError(`--action ${q.action}: explain covers s3:*, kms:* and sts:AssumeRole requests`);
  if (mapped) steps[0]?.notes.unshift(`${asked.action} is authorized by the IAM action s3:PutObject`);
  const blocking = steps.find((s) => s.result === 'denied') ?? steps.find((s) => s.result === 'unknown');
  const result: StepResult = blocking?.result ?? 'allowed';
  const summary = blocking
    ? `${result === 'denied' ? 'Denied' : 'Undecided'} at ${blocking.title}: ${blocking.reason}`
    : `Allowed: ${steps.map((s) => s.action).join(' → ')} each allowed, by ${[...new Set(steps.flatMap((s) => (s.decision?.result === 'allowed' ? s.decision.chain.map((c) => c.ref) : [])))].join(', ')} (not modelled: SCPs, permission boundaries, VPC endpoint policies)`;
  return { question: asked, result, steps, summary };
}
