import { describe, expect, it } from 'vitest';
import { absent, present } from '../../model/observed.js';
import type { TerraformPlan } from './plan-file.js';
import { PlanIndex } from './plan-index.js';
import type { PlanContext } from './context.js';
import { accountPublicAccessBlockFromPlan, bucketsFromPlan } from './s3.js';
import { planOf, refTo, type PlannedRes } from '../../testing/terraform-plan.js';

type Res = PlannedRes;

const ref = refTo;
const bucketRef = (name = 'stage') => ({ bucket: ref(`aws_s3_bucket.${name}.id`, `aws_s3_bucket.${name}`) });

const plan = planOf;

const ctxOf = (p: TerraformPlan): PlanContext => ({ index: new PlanIndex(p), account: '111122223333', partition: 'aws', regionOf: () => 'eu-west-1' });
const bucket = (name = 'stage', values: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}): Res => ({
  type: 'aws_s3_bucket',
  name,
  values: { bucket: `b-${name}`, tags: { team: 'data' }, ...values },
  // Provider v5: every deprecated inline block is Optional+Computed, so unknown when unset.
  unknown: { arn: true, id: true, versioning: true, server_side_encryption_configuration: true, logging: true, lifecycle_rule: true, replication_configuration: true, acl: true, grant: true, policy: true },
  expressions: { bucket: { constant_value: `b-${name}` }, ...expressions },
});
/** A split resource whose `bucket` is aws_s3_bucket.<of>.id, known only after apply. */
const split = (type: string, values: Record<string, unknown>, unknown: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}, of = 'stage'): Res => ({
  type,
  name: of,
  values,
  unknown: { bucket: true, id: true, ...unknown },
  expressions: { ...bucketRef(of), ...expressions },
});
const only = (...r: Res[]) => {
  const [b] = bucketsFromPlan(ctxOf(plan(...r)));
  return b!;
};

const KEY: Res = { type: 'aws_kms_key', name: 'stage', values: { deletion_window_in_days: 10 }, unknown: { arn: true, key_id: true, id: true } };
const sse = (bucketKey: unknown, keyExpr?: unknown): Res =>
  split(
    'aws_s3_bucket_server_side_encryption_configuration',
    { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }], bucket_key_enabled: bucketKey }] },
    { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }] },
    { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: keyExpr ?? ref('aws_kms_key.stage.arn', 'aws_kms_key.stage'), sse_algorithm: { constant_value: 'aws:kms' } }] }] },
  );

describe('bucketsFromPlan: a bucket with its split resources', () => {
  it('SSE-KMS with the key the plan creates: its stand-in ARN, bucket key on', () => {
    const b = only(bucket(), KEY, sse(true));
    expect(b.name).toBe('b-stage');
    expect(b.arn).toBe('arn:aws:s3:::b-stage');
    expect(b.encryption).toEqual(present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.stage', bucketKeyEnabled: true }]));
    expect(b.tags).toEqual(present({ team: 'data' }));
  });

  it('bucket_key_enabled null is off; kms_master_key_id "" is the AWS-managed key (no id)', () => {
    const b = only(
      bucket(),
      split('aws_s3_bucket_server_side_encryption_configuration', { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: '' }], bucket_key_enabled: null }] }),
    );
    expect(b.encryption).toEqual(present([{ sseAlgorithm: 'aws:kms', bucketKeyEnabled: false }]));
  });

  it('two rules of a set with a key known only after apply: which rule it belongs to is not in the plan', () => {
    const two = split(
      'aws_s3_bucket_server_side_encryption_configuration',
      { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }], bucket_key_enabled: true }, { apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256' }], bucket_key_enabled: false }] },
      { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }, { apply_server_side_encryption_by_default: [{}] }] },
      { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: { constant_value: 'AES256' } }] }, { apply_server_side_encryption_by_default: [{ kms_master_key_id: ref('aws_kms_key.stage.arn', 'aws_kms_key.stage') }] }] },
    );
    const e = only(bucket(), KEY, two).encryption;
    expect(e.state === 'unknown' && e.reason).toContain('in one of 2 unordered rule blocks');
  });

  it('a key built from a variable is unknown, never a guess', () => {
    const b = only(bucket(), sse(true, ref('var.key_arn')));
    expect(b.encryption.state).toBe('unknown');
    expect(b.encryption.state === 'unknown' && b.encryption.reason).toContain('known only after apply (from var.key_arn)');
  });

  it('versioning Enabled, mfa_delete left to the provider; "Disabled" means never enabled', () => {
    const v = (status: string, mfaExpr?: unknown) =>
      only(bucket(), split('aws_s3_bucket_versioning', { versioning_configuration: [{ status }] }, { versioning_configuration: [{ mfa_delete: true }] }, { versioning_configuration: [{ status: { constant_value: status }, ...(mfaExpr ? { mfa_delete: mfaExpr } : {}) }] })).versioning;
    expect(v('Enabled')).toEqual(present({ status: 'Enabled', mfaDelete: 'Never' }));
    expect(v('Disabled')).toEqual(present({ status: 'Never', mfaDelete: 'Never' }));
    expect(v('Enabled', ref('var.mfa')).state).toBe('unknown');
  });

  it('public access block, ownership controls; ACLs disabled by BucketOwnerEnforced', () => {
    const b = only(
      bucket(),
      split('aws_s3_bucket_public_access_block', { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: false }),
      split('aws_s3_bucket_ownership_controls', { rule: [{ object_ownership: 'BucketOwnerEnforced' }] }),
    );
    expect(b.publicAccessBlock).toEqual(present({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: false }));
    expect(b.ownershipControls).toEqual(present('BucketOwnerEnforced'));
    expect(b.acl.state).toBe('absent');
  });

  it('a canned public-read ACL with ObjectWriter ownership is an AllUsers READ grant', () => {
    const b = only(bucket(), split('aws_s3_bucket_ownership_controls', { rule: [{ object_ownership: 'ObjectWriter' }] }), split('aws_s3_bucket_acl', { acl: 'public-read' }));
    expect(b.acl.state === 'present' && b.acl.value.map((g) => `${g.granteeUri ?? g.granteeType} ${g.permission}`)).toEqual(['CanonicalUser FULL_CONTROL', 'http://acs.amazonaws.com/groups/global/AllUsers READ']);
  });

  it('policy: a known JSON string is parsed; one known only after apply is unknown', () => {
    const known = only(bucket(), split('aws_s3_bucket_policy', { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }] }) }));
    expect(known.policy.state === 'present' && known.policy.value.Statement[0]!.Effect).toBe('Deny');
    expect(known.policyStatus).toEqual(present({ isPublic: false }));
    const later = only(bucket(), split('aws_s3_bucket_policy', {}, { policy: true }, { policy: ref('data.aws_iam_policy_document.stage.json', 'data.aws_iam_policy_document.stage') }));
    expect(later.policy.state).toBe('unknown');
    expect(only(bucket()).policy).toEqual(absent());
    expect(only(bucket()).policyStatus.state).toBe('absent');
  });

  it('policy status: non-public only where S3 would certainly say so, else unknown (never a guess)', () => {
    const status = (...Statement: unknown[]) => only(bucket(), split('aws_s3_bucket_policy', { policy: JSON.stringify({ Version: '2012-10-17', Statement }) })).policyStatus;
    const deny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    const service = { Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: '*' };
    const anyoneFromTrail = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:PutObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/t' } } };
    expect(status(deny, service, anyoneFromTrail)).toEqual(present({ isPublic: false }));
    expect(status({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }).state).toBe('unknown');
    expect(status({ ...anyoneFromTrail, Condition: { StringLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*' } } }).state).toBe('unknown');
    expect(status({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: '*' }).state).toBe('unknown');
  });

  it('lifecycle: filters, transitions, noncurrent expiration, abort multipart; null/[] normalise', () => {
    const b = only(
      bucket(),
      split('aws_s3_bucket_lifecycle_configuration', {
        rule: [
          {
            id: 'tiering',
            status: 'Enabled',
            filter: [{ and: [], prefix: '', tag: [], object_size_greater_than: null }],
            transition: [{ days: 30, date: null, storage_class: 'STANDARD_IA' }],
            abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
            expiration: [],
            noncurrent_version_expiration: [],
          },
          { id: 'nc', status: 'Enabled', filter: [{ prefix: 'data/' }], noncurrent_version_expiration: [{ noncurrent_days: 90 }] },
        ],
      }),
    );
    expect(b.lifecycle).toEqual(
      present({
        rules: [
          { id: 'tiering', status: 'Enabled', filter: {}, transitions: [{ days: 30, storageClass: 'STANDARD_IA' }], noncurrentTransitions: [], abortIncompleteMultipartDays: 7 },
          { id: 'nc', status: 'Enabled', filter: { prefix: 'data/' }, transitions: [], noncurrentTransitions: [], noncurrentExpirationDays: 90 },
        ],
      }),
    );
    const partly = only(bucket(), split('aws_s3_bucket_lifecycle_configuration', { rule: [{ id: 'x', status: 'Enabled' }] }, { rule: [{ filter: [{ prefix: true }] }] }));
    expect(partly.lifecycle.state === 'unknown' && partly.lifecycle.reason).toContain('rule.0.filter.0.prefix is known only after apply');
  });

  it('logging: a target bucket of the plan resolves to its name', () => {
    const b = bucketsFromPlan(
      ctxOf(plan(bucket(), bucket('logs'), split('aws_s3_bucket_logging', { target_prefix: 'p/' }, { target_bucket: true }, { target_bucket: ref('aws_s3_bucket.logs.id', 'aws_s3_bucket.logs') }))),
    ).find((x) => x.name === 'b-stage')!;
    expect(b.logging).toEqual(present({ targetBucket: 'b-logs', targetPrefix: 'p/' }));
  });

  it('replication: role, destination bucket ARN and the replica key through resolveString', () => {
    const b = only(
      bucket(),
      bucket('replica'),
      { type: 'aws_kms_key', name: 'replica', values: {}, unknown: { arn: true } },
      { type: 'aws_iam_role', name: 'replication', values: { name: 'repl', path: '/' }, unknown: { arn: true } },
      split(
        'aws_s3_bucket_replication_configuration',
        {
          rule: [{ id: 'all', status: 'Enabled', filter: [{ prefix: '' }], destination: [{ encryption_configuration: [{}], storage_class: 'STANDARD' }], source_selection_criteria: [{ sse_kms_encrypted_objects: [{ status: 'Enabled' }] }] }],
        },
        { role: true, rule: [{ destination: [{ bucket: true, encryption_configuration: [{ replica_kms_key_id: true }] }] }] },
        {
          role: ref('aws_iam_role.replication.arn', 'aws_iam_role.replication'),
          rule: [{ destination: [{ bucket: ref('aws_s3_bucket.replica.arn', 'aws_s3_bucket.replica'), encryption_configuration: [{ replica_kms_key_id: ref('aws_kms_key.replica.arn', 'aws_kms_key.replica') }] }] }],
        },
      ),
    );
    expect(b.replication).toEqual(
      present({
        roleArn: 'arn:aws:iam::111122223333:role/repl',
        rules: [{ id: 'all', status: 'Enabled', destinationBucketArn: 'arn:aws:s3:::b-replica', replicaKmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.replica', sseKmsEncryptedObjects: 'Enabled' }],
      }),
    );
  });
});

describe('bucketsFromPlan: what the plan does not configure', () => {
  it('nothing configured: SSE-S3 (the S3 default), versioning never, no PAB, no policy, lifecycle, logging or replication', () => {
    const b = only(bucket());
    expect(b.encryption).toEqual(present([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]));
    expect(b.versioning).toEqual(present({ status: 'Never', mfaDelete: 'Never' }));
    expect(b.publicAccessBlock.state).toBe('absent');
    expect([b.policy.state, b.lifecycle.state, b.logging.state, b.replication.state, b.ownershipControls.state]).toEqual(['absent', 'absent', 'absent', 'absent', 'absent']);
    expect(b.objectSample.state).toBe('unknown');
    expect(b.usage.state).toBe('unknown');
  });

  it('a split resource whose bucket cannot be resolved makes that aspect unknown on every bucket', () => {
    const bs = bucketsFromPlan(ctxOf(plan(bucket(), bucket('other'), { ...split('aws_s3_bucket_versioning', { versioning_configuration: [{ status: 'Enabled' }] }), expressions: { bucket: ref('var.bucket') } })));
    for (const b of bs) {
      expect(b.versioning.state).toBe('unknown');
      expect(b.versioning.state === 'unknown' && b.versioning.reason).toContain('aws_s3_bucket_versioning.stage may configure this bucket');
    }
  });

  it('an existing bucket the plan configures but does not manage: what it sets is read, the rest unknown', () => {
    const onExisting = { ...split('aws_s3_bucket_versioning', { bucket: 'existing', versioning_configuration: [{ status: 'Enabled' }] }), unknown: {}, expressions: { bucket: { constant_value: 'existing' } } };
    const [b, ...rest] = bucketsFromPlan(ctxOf(plan(onExisting)));
    expect(rest).toEqual([]);
    expect(b!.name).toBe('existing');
    expect(b!.versioning).toEqual(present({ status: 'Enabled', mfaDelete: 'Never' }));
    expect(b!.encryption).toEqual({ state: 'unknown', reason: 'the plan configures existing without managing the bucket (no aws_s3_bucket for it): its default encryption is not in the plan' });
    expect([b!.publicAccessBlock.state, b!.policy.state, b!.tags.state, b!.policyStatus.state]).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('a split resource for another bucket leaves this one alone', () => {
    const bs = bucketsFromPlan(ctxOf(plan(bucket(), bucket('other'), split('aws_s3_bucket_versioning', { versioning_configuration: [{ status: 'Enabled' }] }, {}, {}, 'other'))));
    expect(bs.map((b) => [b.name, b.versioning.state === 'present' && b.versioning.value.status])).toEqual([
      ['b-stage', 'Never'],
      ['b-other', 'Enabled'],
    ]);
  });
});

describe('bucketsFromPlan: deprecated inline blocks, only when set', () => {
  it('inline SSE, versioning, logging and lifecycle_rule are read when the configuration sets them', () => {
    const values = {
      server_side_encryption_configuration: [{ rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/abc' }], bucket_key_enabled: true }] }],
      versioning: [{ enabled: true, mfa_delete: false }],
      logging: [{ target_bucket: 'logs', target_prefix: '' }],
      lifecycle_rule: [{ id: 'x', enabled: true, prefix: '', tags: {}, abort_incomplete_multipart_upload_days: 7, transition: [{ days: 30, storage_class: 'GLACIER' }], expiration: [], noncurrent_version_transition: [], noncurrent_version_expiration: [] }],
    };
    const r = bucket('stage', values, Object.fromEntries(Object.keys(values).map((k) => [k, [{}]])));
    for (const k of Object.keys(values)) delete (r.unknown as Record<string, unknown>)[k];
    const b = only(r);
    expect(b.encryption).toEqual(present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/abc', bucketKeyEnabled: true }]));
    expect(b.versioning).toEqual(present({ status: 'Enabled', mfaDelete: 'Never' }));
    expect(b.logging).toEqual(present({ targetBucket: 'logs' }));
    expect(b.lifecycle).toEqual(present({ rules: [{ id: 'x', status: 'Enabled', filter: {}, transitions: [{ days: 30, storageClass: 'GLACIER' }], noncurrentTransitions: [], abortIncompleteMultipartDays: 7 }] }));
  });

  it('an inline block set from something only apply knows is unknown', () => {
    const b = only(bucket('stage', {}, { logging: [{ target_bucket: ref('var.log_bucket') }] }));
    expect(b.logging.state).toBe('unknown');
  });

  it('the split resource wins over an inline block', () => {
    const r = bucket('stage', { versioning: [{ enabled: false, mfa_delete: false }] }, { versioning: [{ enabled: { constant_value: false } }] });
    delete (r.unknown as Record<string, unknown>).versioning;
    expect(only(r, split('aws_s3_bucket_versioning', { versioning_configuration: [{ status: 'Enabled' }] })).versioning).toEqual(present({ status: 'Enabled', mfaDelete: 'Never' }));
  });
});

describe('accountPublicAccessBlockFromPlan', () => {
  it('read from aws_s3_account_public_access_block', () => {
    const p = plan({ type: 'aws_s3_account_public_access_block', name: 'this', values: { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true } });
    expect(accountPublicAccessBlockFromPlan(ctxOf(p))).toEqual(present({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }));
  });
  it('not in the plan: unknown, never absent', () => {
    expect(accountPublicAccessBlockFromPlan(ctxOf(plan(bucket())))).toEqual({ state: 'unknown', reason: 'the plan does not manage account-level Block Public Access' });
  });
});
