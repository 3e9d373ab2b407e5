import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../model/policy-document.js';
import { absent, present, unknown } from '../model/observed.js';
import {
  ACCOUNT,
  BUCKET_ARN,
  KEY_ARN,
  keyPolicy,
  makeBucket,
  makeInventory,
  makeKey,
  makeLogBucket,
  makeSnowflakeRole,
  REGION,
  SNOWFLAKE_EXTERNAL_ID,
  SNOWFLAKE_ROLE_ARN,
  SNOWFLAKE_USER_ARN,
  snowflakeRolePolicy,
  withRolePolicy,
} from '../testing/inventory-builders.js';
import { explainAccess, ExplainError, type AccessQuestion } from './explain.js';

const OBJECT = `${BUCKET_ARN}/data/part-0001.csv`;
const rootOnly = { Version: '2012-10-17', Statement: keyPolicy().Statement.filter((s) => s.Sid !== 'AllowSnowflakeRoleViaS3') };
const roleWithKms = (actions: string[]) =>
  withRolePolicy({
    Version: '2012-10-17',
    Statement: snowflakeRolePolicy().Statement.map((s): PolicyStatement => (s.Sid === 'StageKey' ? { ...s, Action: actions } : s)),
  });
const account = (over: Parameters<typeof makeInventory>[0] = {}) => makeInventory({ roles: [makeSnowflakeRole()], ...over });
const put = (extra: Partial<AccessQuestion> = {}): AccessQuestion => ({ principal: SNOWFLAKE_ROLE_ARN, action: 's3:PutObject', resource: OBJECT, sseKmsKeyId: KEY_ARN, ...extra });
const get = (extra: Partial<AccessQuestion> = {}): AccessQuestion => ({ principal: SNOWFLAKE_ROLE_ARN, action: 's3:GetObject', resource: OBJECT, ...extra });

describe('explainAccess: the seed troubleshooting table, computed', () => {
  it('Access Denied on upload: no kms:GenerateDataKey in the role policy, and the key policy only delegates to IAM', () => {
    const e = explainAccess(account({ roles: [roleWithKms(['kms:Decrypt'])], keys: [makeKey({ policy: present(rootOnly) })] }), put());
    expect(e.result).toBe('denied');
    expect(e.steps.map((s) => [s.action, s.result])).toEqual([
      ['s3:PutObject', 'allowed'],
      ['kms:GenerateDataKey', 'denied'],
    ]);
    expect(e.summary).toMatch(/KMS kms:GenerateDataKey via S3 on arn:aws:kms/);
    expect(e.steps[1]!.reason).toMatch(/no identity policy statement allows kms:GenerateDataKey/);
    // The key policy delegates to IAM (root), which is why the identity side decides.
    expect(e.steps[1]!.reason).toMatch(/granted by key policy of .* statement "EnableRootAdmin"/);
  });

  it('Access Denied on download: no kms:Decrypt', () => {
    const e = explainAccess(account({ roles: [roleWithKms(['kms:GenerateDataKey'])], keys: [makeKey({ policy: present(rootOnly) })] }), get());
    expect(e.result).toBe('denied');
    expect(e.steps[1]).toMatchObject({ action: 'kms:Decrypt', result: 'denied' });
    expect(e.steps[1]!.reason).toMatch(/no identity policy statement allows kms:Decrypt/);
  });

  it('Invalid KMS key: the bucket default names a key that does not exist', () => {
    const missing = `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-0000-0000-000000000000`;
    const bucket = makeBucket({ encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: missing, bucketKeyEnabled: true }]) });
    const inv = account({ buckets: [bucket, makeLogBucket()], keys: [makeKey(), makeKey({ arn: missing, metadata: absent('NotFoundException'), policy: absent('no key') })] });
    const e = explainAccess(inv, get());
    expect(e.result).toBe('denied');
    expect(e.summary).toContain(`invalid KMS key: ${missing} does not exist`);
    expect(e.summary).toContain('aws kms describe-key');
  });

  it('Invalid KMS key: a key of another Region', () => {
    const elsewhere = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-0000-0000-0000-000000000000`;
    const e = explainAccess(account(), put({ sseKmsKeyId: elsewhere }));
    // The bucket policy's wrong-key Deny refuses it first, naming its statement.
    expect(e.steps[0]!.reason).toMatch(/explicitly denied by bucket policy of .* statement "DenyWrongKmsKey"/);
    const bucket = makeBucket({ policy: absent('no policy'), encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: elsewhere, bucketKeyEnabled: true }]) });
    const e2 = explainAccess(account({ buckets: [bucket, makeLogBucket()] }), put({ sseKmsKeyId: undefined }));
    expect(e2.steps[1]!.reason).toMatch(/is in us-east-1, but S3 in eu-west-1 can only use keys of its own Region/);
  });
});

describe('explainAccess: the compliant chain and its guards', () => {
  it('the Snowflake role reads and writes the stage through S3 and KMS, naming every statement', () => {
    for (const q of [get(), put()]) {
      const e = explainAccess(account(), q);
      expect(e.result, q.action).toBe('allowed');
      expect(e.steps).toHaveLength(2);
      expect(e.steps[0]!.reason).toMatch(/allowed by inline policy "snowflake-stage-access" of snowflake-s3-kms-role statement "StageObjects"/);
      // Same account: the key policy's direct grant is enough on its own.
      expect(e.steps[1]!.reason).toMatch(/AllowSnowflakeRoleViaS3/);
    }
  });

  it('an upload without the key-id header is refused by the wrong-key Deny (negated operator on an absent key)', () => {
    const e = explainAccess(account(), put({ sseKmsKeyId: undefined }));
    expect(e.result).toBe('denied');
    expect(e.summary).toMatch(/statement "DenyWrongKmsKey"/);
  });

  it('plain HTTP is refused by the TLS Deny', () => {
    const e = explainAccess(account(), get({ secureTransport: false }));
    expect(e.summary).toMatch(/explicitly denied by .*"DenyInsecureTransport"/);
  });

  it('outside the data prefix the role has no grant', () => {
    const e = explainAccess(account(), get({ resource: `${BUCKET_ARN}/logs/x` }));
    expect(e.result).toBe('denied');
    expect(e.steps).toHaveLength(1);
    expect(e.summary).toMatch(/no identity policy statement allows s3:GetObject/);
  });

  it('a disabled key refuses every request', () => {
    const md = makeKey().metadata;
    if (md.state !== 'present') throw new Error('the builder key has metadata');
    const disabled = makeKey({ metadata: present({ ...md.value, keyState: 'Disabled' }) });
    expect(explainAccess(account({ keys: [disabled] }), get()).summary).toMatch(/is Disabled, so KMS refuses/);
  });

  it('the key cannot be used directly, outside S3 (kms:ViaService)', () => {
    const e = explainAccess(account(), { principal: SNOWFLAKE_ROLE_ARN, action: 'kms:Decrypt', resource: KEY_ARN });
    expect(e.result).toBe('denied');
    expect(e.steps[0]!.title).toMatch(/called directly/);
    expect(e.steps[0]!.reason).toMatch(/kms:ViaService/);
  });

  it('an own-account role the scan did not read is undecided, never allowed or denied by guess', () => {
    const e = explainAccess(account(), get({ principal: `arn:aws:iam::${ACCOUNT}:role/unscanned` }));
    expect(e.result).toBe('unknown');
    expect(e.summary).toMatch(/were not scanned \(add the role to iam\.appRoles/);
  });
});

describe('explainAccess: what the reviewer found', () => {
  it('an unread bucket policy leaves a cross-account request undecided, not denied', () => {
    const bucket = makeBucket({ policy: unknown('AccessDenied on s3:GetBucketPolicy') });
    const e = explainAccess(account({ buckets: [bucket, makeLogBucket()] }), get({ principal: 'arn:aws:iam::444455556666:role/reader' }));
    expect(e.steps[0]!.result).toBe('unknown');
    expect(e.steps[0]!.reason).toMatch(/the bucket policy could not be read and may allow it/);
    // The key policy, which was read, settles it: it grants nothing to account 444455556666.
    expect(e.result).toBe('denied');
    expect(e.summary).toMatch(/^Denied at KMS kms:Decrypt/);
  });

  it('S3 API names that IAM authorizes as s3:PutObject are asked as s3:PutObject, and say so', () => {
    const e = explainAccess(account(), put({ action: 's3:UploadPart' }));
    expect(e.result).toBe('allowed');
    expect(e.steps[0]!.action).toBe('s3:PutObject');
    expect(e.steps[0]!.notes[0]).toBe('s3:UploadPart is authorized by the IAM action s3:PutObject');
    expect(e.question.action).toBe('s3:UploadPart');
  });

  it('an upload that works but could not go multipart says so (no kms:Decrypt)', () => {
    const e = explainAccess(account({ roles: [roleWithKms(['kms:GenerateDataKey'])], keys: [makeKey({ policy: present(rootOnly) })] }), put());
    expect(e.result).toBe('allowed');
    expect(e.steps[1]!.notes.join(' ')).toMatch(/multipart uploads also need kms:Decrypt, which is implicitly denied/);
  });

  it('an alias that cannot be resolved because the alias list is unreadable is undecided, not an invalid key', () => {
    const bucket = makeBucket({ encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/snowflake-s3-kms', bucketKeyEnabled: true }]) });
    const e = explainAccess(account({ buckets: [bucket, makeLogBucket()], aliases: { [REGION]: unknown('AccessDenied on kms:ListAliases') } }), get());
    expect(e.result).toBe('unknown');
    expect(e.summary).toMatch(/aliases of eu-west-1 could not be read \(AccessDenied on kms:ListAliases\)/);
  });

  it('the requested STS action is the one evaluated: the trust allows sts:AssumeRole only', () => {
    const e = explainAccess(account(), { principal: SNOWFLAKE_USER_ARN, action: 'sts:TagSession', resource: SNOWFLAKE_ROLE_ARN, externalId: SNOWFLAKE_EXTERNAL_ID });
    expect(e.result).toBe('denied');
    expect(e.steps[0]!.action).toBe('sts:TagSession');
    expect(() => explainAccess(account(), { principal: SNOWFLAKE_USER_ARN, action: 'sts:GetCallerIdentity', resource: SNOWFLAKE_ROLE_ARN })).toThrow(/explain covers sts:AssumeRole/);
  });

  it('s3:ListBucket is allowed under the data prefix and denied without it', () => {
    const list = (prefix?: string) => explainAccess(account(), { principal: SNOWFLAKE_ROLE_ARN, action: 's3:ListBucket', resource: BUCKET_ARN, ...(prefix !== undefined ? { prefix } : {}) });
    expect(list('data/').result).toBe('allowed');
    expect(list('logs/').result).toBe('denied');
    expect(list().result).toBe('denied');
  });

  it('an allowed answer names what is not modelled', () => {
    expect(explainAccess(account(), get()).summary).toMatch(/not modelled: SCPs, permission boundaries/);
  });
});

describe('explainAccess: sts:AssumeRole by the Snowflake user', () => {
  const assume = (externalId?: string): AccessQuestion => ({
    principal: SNOWFLAKE_USER_ARN,
    action: 'sts:AssumeRole',
    resource: SNOWFLAKE_ROLE_ARN,
    ...(externalId !== undefined ? { externalId } : {}),
  });

  it('with the integration ExternalId: allowed by the trust statement, Snowflake\'s side assumed', () => {
    const e = explainAccess(account(), assume(SNOWFLAKE_EXTERNAL_ID));
    expect(e.result).toBe('allowed');
    expect(e.steps[0]!.reason).toMatch(/trust policy of snowflake-s3-kms-role statement "SnowflakeAssume"/);
    expect(e.steps[0]!.notes.join(' ')).toMatch(/whose IAM policies the scan cannot read/);
  });

  it('without it, or with another: denied, naming the condition that failed', () => {
    for (const id of [undefined, 'ACME_SFCRole=2_old=']) {
      const e = explainAccess(account(), assume(id));
      expect(e.result).toBe('denied');
      expect(e.steps[0]!.reason).toMatch(/sts:ExternalId/);
    }
  });
});

describe('explainAccess: questions the scan cannot answer', () => {
  it.each([
    [{ principal: SNOWFLAKE_ROLE_ARN, action: 's3:GetObject', resource: 'arn:aws:s3:::not-scanned/x' }, /bucket not-scanned is not in the scan/],
    [{ principal: SNOWFLAKE_ROLE_ARN, action: 's3:GetObject', resource: 'not-an-arn' }, /--resource not-an-arn is not an S3 bucket or object ARN/],
    [{ principal: SNOWFLAKE_USER_ARN, action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCOUNT}:role/other` }, /role .*other is not in the scan/],
    [{ principal: SNOWFLAKE_ROLE_ARN, action: 'ec2:RunInstances', resource: '*' }, /explain covers s3:\*, kms:\* and sts:AssumeRole/],
  ])('%o → ExplainError', (q, message) => {
    expect(() => explainAccess(account(), q)).toThrow(ExplainError);
    expect(() => explainAccess(account(), q)).toThrow(message);
  });
});
