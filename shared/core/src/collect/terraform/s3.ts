/**
 * S3 buckets as a Terraform plan leaves them: each `aws_s3_bucket` with its split configuration
 * resources (`aws_s3_bucket_versioning`, `_server_side_encryption_configuration`, …) joined by
 * their `bucket` argument, and the deprecated inline blocks of `aws_s3_bucket` where the
 * configuration actually sets them (provider v4+ marks them Optional+Computed, so an unset inline
 * block is "known after apply" in every plan and says nothing).
 */
import type { AclGrant, BucketInventory, EncryptionRule, Lifecycle, LifecycleRule, Logging, PublicAccessBlock, Replication, ReplicationRule, Versioning } from '../../model/inventory.js';
import { absent, notRead, present, unknown, type Observed } from '../../model/observed.js';
import type { PolicyDocument } from '../../model/policy-document.js';
import { bucketNameOf, pendingId, resolveString, type PlanContext } from './context.js';
import { knownPolicyAt, type PolicyReader } from './plan-attributes.js';
import type { PathStep, PlanResource } from './plan-index.js';
import { configures, isObject, known, knownTree, list, num, observe, optional, resolved, setElements, str, tagMap } from './s3-values.js';

// --- split resources ---------------------------------------------------------------------------

function encryptionRules(ctx: PlanContext, r: PlanResource, base: PathStep[]): EncryptionRule[] {
  return setElements(r, [...base, 'rule']).map((rule, i) => {
    const p = [...base, 'rule', i];
    const byDefault = [...p, 'apply_server_side_encryption_by_default', 0];
    const sseAlgorithm = str(known(r, [...byDefault, 'sse_algorithm'])) ?? 'none';
    const kmsMasterKeyId = resolved(ctx, r, [...byDefault, 'kms_master_key_id']);
    return { sseAlgorithm, ...(kmsMasterKeyId ? { kmsMasterKeyId } : {}), bucketKeyEnabled: known(r, [...p, 'bucket_key_enabled']) === true };
  });
}

function versioningOf(r: PlanResource): Versioning {
  const c = list(known(r, ['versioning_configuration']))[0];
  const status = known(r, ['versioning_configuration', 0, 'status']);
  const mfa = c ? optional(r, ['versioning_configuration', 0, 'mfa_delete'], undefined) : undefined;
  return {
    // "Disabled" is Terraform's word for a bucket whose versioning was never turned on.
    status: status === 'Enabled' || status === 'Suspended' ? status : 'Never',
    mfaDelete: mfa === 'Enabled' || mfa === 'Disabled' ? mfa : 'Never',
  };
}

function publicAccessBlockOf(r: PlanResource): PublicAccessBlock {
  return {
    blockPublicAcls: known(r, ['block_public_acls']) === true,
    ignorePublicAcls: known(r, ['ignore_public_acls']) === true,
    blockPublicPolicy: known(r, ['block_public_policy']) === true,
    restrictPublicBuckets: known(r, ['restrict_public_buckets']) === true,
  };
}

function lifecycleOf(r: PlanResource): Lifecycle {
  const rules = list(known(r, ['rule'])).map((rule, i): LifecycleRule => {
    knownTree(r, ['rule', i]);
    const f = list(rule.filter)[0] ?? {};
    const and = list(f.and)[0] ?? {};
    const tags = { ...tagMap(f.tag), ...tagMap(and.tags) };
    const prefix = str(f.prefix) ?? str(and.prefix) ?? str(rule.prefix);
    const gt = num(f.object_size_greater_than) ?? num(and.object_size_greater_than);
    const lt = num(f.object_size_less_than) ?? num(and.object_size_less_than);
    const expiration = list(rule.expiration)[0];
    const noncurrentExpiration = list(rule.noncurrent_version_expiration)[0];
    const abort = list(rule.abort_incomplete_multipart_upload)[0];
    return {
      ...(str(rule.id) ? { id: str(rule.id)! } : {}),
      status: rule.status === 'Enabled' ? 'Enabled' : 'Disabled',
      filter: { ...(prefix ? { prefix } : {}), ...(Object.keys(tags).length ? { tags } : {}), ...(gt !== undefined ? { objectSizeGreaterThan: gt } : {}), ...(lt !== undefined ? { objectSizeLessThan: lt } : {}) },
      transitions: list(rule.transition).map((t) => ({ ...(num(t.days) !== undefined ? { days: num(t.days)! } : {}), ...(str(t.date) ? { date: str(t.date)! } : {}), storageClass: String(t.storage_class) })),
      noncurrentTransitions: list(rule.noncurrent_version_transition).map((t) => ({ ...(num(t.noncurrent_days) !== undefined ? { noncurrentDays: num(t.noncurrent_days)! } : {}), storageClass: String(t.storage_class) })),
      ...(num(expiration?.days) ? { expirationDays: num(expiration?.days)! } : {}),
      ...(num(noncurrentExpiration?.noncurrent_days) !== undefined ? { noncurrentExpirationDays: num(noncurrentExpiration?.noncurrent_days)! } : {}),
      ...(num(abort?.days_after_initiation) !== undefined ? { abortIncompleteMultipartDays: num(abort?.days_after_initiation)! } : {}),
    };
  });
  // Optional+Computed: unset, S3 applies its default; set from something apply decides, unknown.
  const minSize = configures(r, 'transition_default_minimum_object_size') ? known(r, ['transition_default_minimum_object_size']) : r.values.transition_default_minimum_object_size;
  return { rules, ...(str(minSize) ? { transitionDefaultMinimumObjectSize: str(minSize)! } : {}) };
}

function loggingOf(ctx: PlanContext, r: PlanResource, base: PathStep[]): Observed<Logging> {
  const targetBucket = resolved(ctx, r, [...base, 'target_bucket']);
  const targetPrefix = str(known(r, [...base, 'target_prefix']));
  return targetBucket ? present({ targetBucket, ...(targetPrefix ? { targetPrefix } : {}) }) : absent();
}

function replicationOf(ctx: PlanContext, r: PlanResource): Replication {
  const rules = list(known(r, ['rule'])).map((rule, i): ReplicationRule => {
    const p: PathStep[] = ['rule', i];
    for (const part of ['status', 'filter', 'prefix', 'source_selection_criteria']) knownTree(r, [...p, part]);
    const f = list(rule.filter)[0] ?? {};
    const and = list(f.and)[0] ?? {};
    const tags = { ...tagMap(f.tag), ...tagMap(and.tags) };
    const prefix = str(f.prefix) ?? str(and.prefix) ?? str(rule.prefix);
    const dest: PathStep[] = [...p, 'destination', 0];
    const destinationBucketArn = resolved(ctx, r, [...dest, 'bucket']) ?? '';
    const destinationAccount = resolved(ctx, r, [...dest, 'account']);
    const replicaKmsKeyId = list(known(r, [...dest, 'encryption_configuration'])).length ? resolved(ctx, r, [...dest, 'encryption_configuration', 0, 'replica_kms_key_id']) : undefined;
    const sse = list(list(rule.source_selection_criteria)[0]?.sse_kms_encrypted_objects)[0]?.status;
    return {
      ...(str(rule.id) ? { id: str(rule.id)! } : {}),
      status: rule.status === 'Enabled' ? 'Enabled' : 'Disabled',
      ...(prefix ? { prefix } : {}),
      ...(Object.keys(tags).length ? { tags } : {}),
      destinationBucketArn,
      ...(destinationAccount ? { destinationAccount } : {}),
      ...(replicaKmsKeyId ? { replicaKmsKeyId } : {}),
      ...(sse === 'Enabled' || sse === 'Disabled' ? { sseKmsEncryptedObjects: sse } : {}),
    };
  });
  return { roleArn: resolved(ctx, r, ['role']) ?? '', rules };
}

/** Canned ACLs as the grants S3 stores for them (the owner's FULL_CONTROL is in every one). */
const GROUPS = { all: 'http://acs.amazonaws.com/groups/global/AllUsers', auth: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers', log: 'http://acs.amazonaws.com/groups/s3/LogDelivery' };
const group = (uri: string, permission: string): AclGrant => ({ granteeType: 'Group', granteeUri: uri, permission });
const OWNER_FULL_CONTROL: AclGrant = { granteeType: 'CanonicalUser', permission: 'FULL_CONTROL' };
function cannedAcl(acl: string): AclGrant[] | undefined {
  switch (acl) {
    case 'private':
    case 'bucket-owner-read':
    case 'bucket-owner-full-control':
    case 'aws-exec-read':
      return [OWNER_FULL_CONTROL];
    case 'public-read':
      return [OWNER_FULL_CONTROL, group(GROUPS.all, 'READ')];
    case 'public-read-write':
      return [OWNER_FULL_CONTROL, group(GROUPS.all, 'READ'), group(GROUPS.all, 'WRITE')];
    case 'authenticated-read':
      return [OWNER_FULL_CONTROL, group(GROUPS.auth, 'READ')];
    case 'log-delivery-write':
      return [OWNER_FULL_CONTROL, group(GROUPS.log, 'WRITE'), group(GROUPS.log, 'READ_ACP')];
    default:
      return undefined;
  }
}

function aclOf(r: PlanResource): Observed<AclGrant[]> {
  const acl = str(known(r, ['acl']));
  if (acl) return cannedAcl(acl) ? present(cannedAcl(acl)!) : unknown(`${r.address} acl "${acl}" is not a canned ACL envelope knows`);
  const grants = list(known(r, ['access_control_policy', 0, 'grant'])).map((g): AclGrant => {
    const grantee = list(g.grantee)[0] ?? {};
    return {
      granteeType: str(grantee.type) ?? 'Unknown',
      ...(str(grantee.uri) ? { granteeUri: str(grantee.uri)! } : {}),
      ...(str(grantee.id) ? { granteeId: str(grantee.id)! } : {}),
      permission: str(g.permission) ?? 'Unknown',
    };
  });
  return present(grants);
}

// --- deprecated inline blocks of aws_s3_bucket --------------------------------------------------

function inlineVersioning(r: PlanResource): Versioning {
  const enabled = known(r, ['versioning', 0, 'enabled']);
  const mfa = known(r, ['versioning', 0, 'mfa_delete']);
  return { status: enabled === true ? 'Enabled' : 'Never', mfaDelete: mfa === true ? 'Enabled' : 'Never' };
}

function inlineLifecycle(r: PlanResource): Lifecycle {
  const rules = list(known(r, ['lifecycle_rule'])).map((rule, i): LifecycleRule => {
    knownTree(r, ['lifecycle_rule', i]);
    const tags = isObject(rule.tags) ? tagMap(rule.tags) : undefined;
    const expiration = list(rule.expiration)[0];
    const noncurrentExpiration = list(rule.noncurrent_version_expiration)[0];
    return {
      ...(str(rule.id) ? { id: str(rule.id)! } : {}),
      status: rule.enabled === true ? 'Enabled' : 'Disabled',
      filter: { ...(str(rule.prefix) ? { prefix: str(rule.prefix)! } : {}), ...(tags ? { tags } : {}) },
      transitions: list(rule.transition).map((t) => ({ ...(num(t.days) !== undefined ? { days: num(t.days)! } : {}), ...(str(t.date) ? { date: str(t.date)! } : {}), storageClass: String(t.storage_class) })),
      noncurrentTransitions: list(rule.noncurrent_version_transition).map((t) => ({ ...(num(t.days) !== undefined ? { noncurrentDays: num(t.days)! } : {}), storageClass: String(t.storage_class) })),
      ...(num(expiration?.days) ? { expirationDays: num(expiration?.days)! } : {}),
      ...(num(noncurrentExpiration?.days) !== undefined ? { noncurrentExpirationDays: num(noncurrentExpiration?.days)! } : {}),
      ...(num(rule.abort_incomplete_multipart_upload_days) ? { abortIncompleteMultipartDays: num(rule.abort_incomplete_multipart_upload_days)! } : {}),
    };
  });
  return { rules };
}

function inlineReplication(ctx: PlanContext, r: PlanResource): Replication {
  const base: PathStep[] = ['replication_configuration', 0];
  const rules = setElements(r, [...base, 'rules']).map((rule, i): ReplicationRule => {
    const p: PathStep[] = [...base, 'rules', i];
    for (const part of ['status', 'filter', 'prefix', 'source_selection_criteria']) knownTree(r, [...p, part]);
    const f = list(rule.filter)[0] ?? {};
    const tags = tagMap(f.tags);
    const prefix = str(f.prefix) ?? str(rule.prefix);
    const dest: PathStep[] = [...p, 'destination', 0];
    const replicaKmsKeyId = resolved(ctx, r, [...dest, 'replica_kms_key_id']);
    const destinationAccount = resolved(ctx, r, [...dest, 'account_id']);
    const sse = list(list(rule.source_selection_criteria)[0]?.sse_kms_encrypted_objects)[0]?.enabled;
    return {
      ...(str(rule.id) ? { id: str(rule.id)! } : {}),
      status: rule.status === 'Enabled' ? 'Enabled' : 'Disabled',
      ...(prefix ? { prefix } : {}),
      ...(tags ? { tags } : {}),
      destinationBucketArn: resolved(ctx, r, [...dest, 'bucket']) ?? '',
      ...(destinationAccount ? { destinationAccount } : {}),
      ...(replicaKmsKeyId ? { replicaKmsKeyId } : {}),
      ...(sse === true ? { sseKmsEncryptedObjects: 'Enabled' as const } : sse === false ? { sseKmsEncryptedObjects: 'Disabled' as const } : {}),
    };
  });
  return { roleArn: resolved(ctx, r, [...base, 'role']) ?? '', rules };
}

function inlineAcl(r: PlanResource): Observed<AclGrant[]> {
  if (configures(r, 'grant')) {
    return present(
      list(known(r, ['grant'])).flatMap((g) =>
        (Array.isArray(g.permissions) ? g.permissions : []).map((permission) => ({
          granteeType: g.type === 'Group' ? 'Group' : 'CanonicalUser',
          ...(str(g.uri) ? { granteeUri: str(g.uri)! } : {}),
          ...(str(g.id) ? { granteeId: str(g.id)! } : {}),
          permission: String(permission),
        })),
      ),
    );
  }
  const acl = str(known(r, ['acl'])) ?? 'private';
  return cannedAcl(acl) ? present(cannedAcl(acl)!) : unknown(`${r.address} acl "${acl}" is not a canned ACL envelope knows`);
}

// --- joining ------------------------------------------------------------------------------------

const SPLIT = {
  encryption: 'aws_s3_bucket_server_side_encryption_configuration',
  versioning: 'aws_s3_bucket_versioning',
  publicAccessBlock: 'aws_s3_bucket_public_access_block',
  policy: 'aws_s3_bucket_policy',
  lifecycle: 'aws_s3_bucket_lifecycle_configuration',
  logging: 'aws_s3_bucket_logging',
  replication: 'aws_s3_bucket_replication_configuration',
  ownershipControls: 'aws_s3_bucket_ownership_controls',
  acl: 'aws_s3_bucket_acl',
} as const;
type Aspect = keyof typeof SPLIT;

/**
 * The split resources of each aspect, by the bucket name their `bucket` argument resolves to; the
 * ones whose bucket only apply will tell may configure any bucket of the plan.
 */
function splitResources(ctx: PlanContext) {
  const byBucket = new Map<string, PlanResource>();
  const unresolved = new Map<Aspect, { address: string; reason: string }[]>();
  for (const aspect of Object.keys(SPLIT) as Aspect[]) {
    for (const r of ctx.index.ofType(SPLIT[aspect])) {
      const bucket = resolveString(ctx, r, ['bucket']);
      if (bucket.state === 'present' && bucket.value) byBucket.set(`${aspect}|${bucket.value}`, r);
      else unresolved.set(aspect, [...(unresolved.get(aspect) ?? []), { address: r.address, reason: bucket.state === 'unknown' ? bucket.reason : 'no bucket' }]);
    }
  }
  return {
    of: (aspect: Aspect, bucket: string) => byBucket.get(`${aspect}|${bucket}`),
    unresolved: (aspect: Aspect) => unresolved.get(aspect) ?? [],
    /** Buckets the split resources configure, with one of those resources each. */
    named: () => new Map([...byBucket].map(([k, r]) => [k.slice(k.indexOf('|') + 1), r])),
  };
}

const ASPECT_NAMES: Record<Aspect, string> = {
  encryption: 'default encryption',
  versioning: 'versioning',
  publicAccessBlock: 'Block Public Access',
  policy: 'bucket policy',
  lifecycle: 'lifecycle',
  logging: 'access logging',
  replication: 'replication',
  ownershipControls: 'ownership controls',
  acl: 'ACL',
};

/** Every bucket the plan leaves behind, with its configuration as far as the plan determines it. */
export function bucketsFromPlan(ctx: PlanContext, readPolicy: PolicyReader = knownPolicyAt): BucketInventory[] {
  const split = splitResources(ctx);
  // A bucket named by bucket_prefix gets its name at apply: a stand-in, so its rules still run.
  const managed = ctx.index.ofType('aws_s3_bucket').map((b) => ({ name: bucketNameOf(b) ?? pendingId(b), b, at: b }));
  // An existing bucket the plan configures (a policy, versioning…) without managing it: what the
  // plan sets is judged, the rest of the bucket is not in the plan.
  const names = new Set(managed.map((m) => m.name));
  const external = [...split.named()].filter(([name]) => !names.has(name)).map(([name, at]) => ({ name, b: undefined, at }));
  return [...managed, ...external].map(({ name, b, at }): BucketInventory => {
    /** The split resource configuring an aspect; unknown when one exists whose bucket is not resolvable. */
    const aspect = <T>(key: Aspect, fromSplit: (r: PlanResource) => Observed<T>, fromInline: (() => Observed<T>) | undefined, none: () => Observed<T>): Observed<T> => {
      const r = split.of(key, name);
      if (r) return observe(() => fromSplit(r));
      const maybe = split.unresolved(key);
      if (maybe.length) return unknown(`${maybe.map((m) => m.address).join(', ')} may configure this bucket: ${maybe[0]!.reason}`);
      if (!b) return unknown(`the plan configures ${name} without managing the bucket (no aws_s3_bucket for it): its ${ASPECT_NAMES[key]} is not in the plan`);
      return fromInline ? observe(fromInline) : none();
    };
    const inline = <T>(attr: string, read: () => Observed<T>) => (b && configures(b, attr) ? read : undefined);

    const encryption = aspect<EncryptionRule[]>(
      'encryption',
      (r) => present(encryptionRules(ctx, r, [])),
      inline('server_side_encryption_configuration', () => present(encryptionRules(ctx, b!, ['server_side_encryption_configuration', 0]))),
      // S3 encrypts every bucket with SSE-S3 by default since January 2023: no configuration is AES256.
      () => present([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]),
    );
    const versioning = aspect<Versioning>('versioning', (r) => present(versioningOf(r)), inline('versioning', () => present(inlineVersioning(b!))), () =>
      present({ status: 'Never', mfaDelete: 'Never' }),
    );
    const publicAccessBlock = aspect<PublicAccessBlock>('publicAccessBlock', (r) => present(publicAccessBlockOf(r)), undefined, () => absent('no aws_s3_bucket_public_access_block in the plan'));
    const policy = aspect<PolicyDocument>('policy', (r) => readPolicy(ctx, r, 'policy'), inline('policy', () => readPolicy(ctx, b!, 'policy')), () => absent());
    const ownershipControls = aspect<string>(
      'ownershipControls',
      (r) => {
        const v = str(known(r, ['rule', 0, 'object_ownership']));
        return v ? present(v) : absent();
      },
      undefined,
      () => absent('no aws_s3_bucket_ownership_controls in the plan'),
    );
    const enforced = ownershipControls.state === 'present' && ownershipControls.value === 'BucketOwnerEnforced';
    const acl: Observed<AclGrant[]> = enforced
      ? absent('ACLs are disabled (BucketOwnerEnforced); grants have no effect')
      : aspect<AclGrant[]>('acl', aclOf, b && (configures(b, 'acl') || configures(b, 'grant')) ? () => inlineAcl(b) : undefined, () => present([OWNER_FULL_CONTROL]));
    const lifecycle = aspect<Lifecycle>('lifecycle', (r) => present(lifecycleOf(r)), inline('lifecycle_rule', () => present(inlineLifecycle(b!))), () => absent());
    const logging = aspect<Logging>('logging', (r) => loggingOf(ctx, r, []), inline('logging', () => loggingOf(ctx, b!, ['logging', 0])), () => absent());
    const replication = aspect<Replication>('replication', (r) => present(replicationOf(ctx, r)), inline('replication_configuration', () => present(inlineReplication(ctx, b!))), () => absent());
    const tags = observe(() => {
      if (!b) return unknown<Record<string, string>>(`the plan does not manage the bucket ${name}: its tags are not in the plan`);
      const t = known(b, ['tags_all']) ?? known(b, ['tags']);
      return present(isObject(t) ? Object.fromEntries(Object.entries(t).filter((e): e is [string, string] => typeof e[1] === 'string')) : {});
    });

    return {
      name,
      arn: `arn:${ctx.partition}:s3:::${name}`,
      region: ctx.regionOf(at),
      account: ctx.account,
      role: { kind: 'architecture' as const },
      tags,
      encryption,
      versioning,
      publicAccessBlock,
      policy,
      policyStatus: policyStatusOf(policy),
      ownershipControls,
      acl,
      lifecycle,
      logging,
      replication,
      objectSample: notRead('a plan has no objects'),
      usage: notRead('a plan has no usage'),
    };
  });
}

/**
 * S3's public-status evaluation of a policy not yet applied, where it is certain: S3 calls a policy
 * non-public when every Allow grants only to fixed principals (no wildcard, no NotPrincipal), or is
 * restricted by a fixed-value condition on one of the keys S3 accepts ("The meaning of public",
 * S3 Block Public Access documentation). Anything else stays unknown — envelope does not guess "public".
 */
const FIXED_KEYS = new Set(['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceowner', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:principalorgid', 'aws:principalaccount', 'aws:principalarn', 'aws:userid']);
const FIXED_OPERATORS = new Set(['stringequals', 'arnequals', 'stringlike', 'arnlike']);
const fixed = (v: unknown): boolean => typeof v === 'string' && v !== '' && !/[*?]|\$\{/.test(v);
const values = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

function statementNonPublic(s: PolicyDocument['Statement'][number]): boolean {
  if (s.Effect !== 'Allow') return true;
  if (s.NotPrincipal !== undefined || s.Principal === undefined) return false;
  const principals = s.Principal === '*' ? ['*'] : Object.values(s.Principal).flatMap(values);
  if (principals.every(fixed)) return true;
  return Object.entries(s.Condition ?? {}).some(
    ([operator, block]) => FIXED_OPERATORS.has(operator.toLowerCase()) && Object.entries(block).some(([key, v]) => FIXED_KEYS.has(key.toLowerCase()) && values(v).every(fixed)),
  );
}

function policyStatusOf(policy: Observed<PolicyDocument>): Observed<{ isPublic: boolean }> {
  if (policy.state === 'absent') return absent('no bucket policy');
  if (policy.state === 'present' && policy.value.Statement.every(statementNonPublic)) return present({ isPublic: false });
  return unknown(policy.state === 'unknown' ? policy.reason : 'S3 evaluates a bucket policy’s public status once it is applied; this one grants to a wildcard principal without a fixed-value condition envelope can vouch for');
}

/**
 * Account-level Block Public Access: the plan's `aws_s3_account_public_access_block`, else unknown —
 * the account may well have it, set outside this configuration, and a plan cannot tell.
 */
export function accountPublicAccessBlockFromPlan(ctx: PlanContext): Observed<PublicAccessBlock> {
  const r = ctx.index.ofType('aws_s3_account_public_access_block')[0];
  if (!r) return unknown('the plan does not manage account-level Block Public Access');
  return observe(() => present(publicAccessBlockOf(r)));
}
