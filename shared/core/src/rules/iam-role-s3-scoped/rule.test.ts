import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { absent, present, unknown } from '../../model/observed.js';
import { ACCOUNT, BUCKET, BUCKET_ARN, inventoryWith, makeProfile, makeRole, makeSnowflakeRole, runRule, snowflakeRolePolicy, withRolePolicy } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const base = snowflakeRolePolicy().Statement;
const replaced = (sid: string, changes: Partial<PolicyStatement>) => withRolePolicy({ Version: '2012-10-17', Statement: base.map((s) => (s.Sid === sid ? { ...s, ...changes } : s)) });
const plus = (...extra: PolicyStatement[]) => withRolePolicy({ Version: '2012-10-17', Statement: [...base, ...extra] });

const cases = [
  { name: 'the stage policy: data prefix, prefix-bound ListBucket', role: makeSnowflakeRole(), status: 'pass' },
  { name: 'a Deny on top is ignored', role: plus({ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), status: 'pass' },
  { name: 's3:* on the objects', role: replaced('StageObjects', { Action: 's3:*' }), status: 'fail' },
  { name: 's3:Get* wildcard', role: replaced('StageObjects', { Action: ['s3:Get*', 's3:PutObject'] }), status: 'fail' },
  { name: 'Action "*"', role: plus({ Effect: 'Allow', Action: '*', Resource: `${BUCKET_ARN}/data/*` }), status: 'fail' },
  { name: 'an action outside the stage set', role: plus({ Effect: 'Allow', Action: 's3:PutBucketPolicy', Resource: BUCKET_ARN }), status: 'fail' },
  { name: 'Resource "*"', role: replaced('StageObjects', { Resource: '*' }), status: 'fail' },
  { name: 'every bucket (arn:aws:s3:::*/*)', role: replaced('StageObjects', { Resource: 'arn:aws:s3:::*/*' }), status: 'fail' },
  { name: 'a bucket-name wildcard', role: replaced('StageObjects', { Resource: 'arn:aws:s3:::s3-snow-*/data/*' }), status: 'fail' },
  { name: 'objects on the whole bucket, not the data prefix', role: replaced('StageObjects', { Resource: `${BUCKET_ARN}/*` }), status: 'fail' },
  { name: 'NotAction', role: replaced('StageObjects', { Action: undefined, NotAction: 'iam:*' }), status: 'fail' },
  { name: 'NotResource', role: replaced('StageObjects', { Resource: undefined, NotResource: 'arn:aws:s3:::other/*' }), status: 'fail' },
  { name: 'ListBucket without an s3:prefix condition', role: replaced('StageList', { Condition: undefined }), status: 'fail' },
  { name: 'ListBucket with s3:prefix "*" (the Snowflake-Labs module)', role: replaced('StageList', { Condition: { StringLike: { 's3:prefix': ['*'] } } }), status: 'fail' },
  { name: 'ListBucket with a prefix outside the data prefix', role: replaced('StageList', { Condition: { StringLike: { 's3:prefix': ['logs/*'] } } }), status: 'fail' },
  { name: 'ListBucket with StringEquals on the exact prefix', role: replaced('StageList', { Condition: { StringEquals: { 's3:prefix': 'data/' } } }), status: 'pass' },
  { name: 'a resource pattern across partitions and services (arn:*:s3:::*)', role: replaced('StageObjects', { Resource: 'arn:*:s3:::*' }), status: 'fail' },
  { name: 'a resource pattern over every service (arn:aws:*:*:*:*)', role: replaced('StageObjects', { Resource: 'arn:aws:*:*:*:*' }), status: 'fail' },
  { name: 'an access point ARN', role: replaced('StageObjects', { Resource: `arn:aws:s3:eu-west-1:${ACCOUNT}:accesspoint/ap/object/*` }), status: 'fail' },
  { name: 'a bucket that is not a stage bucket', role: plus({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::attacker-exfil/data/*' }), status: 'fail' },
  { name: 'the log bucket (a support bucket)', role: plus({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}-logs/data/*` }), status: 'fail' },
  { name: 'a KMS statement beside (not S3)', role: plus({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:eu-west-1:111122223333:key/x' }), status: 'pass' },
  { name: 'no S3 statements at all', role: withRolePolicy({ Version: '2012-10-17', Statement: [base[3]!] }), status: 'pass' },
  { name: 'replication role (its own rule judges it)', role: makeRole({ policies: present([{ name: 'r', kind: 'inline', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }]) }), status: 'not_applicable' },
  { name: 'policies unreadable', role: makeSnowflakeRole({ policies: unknown('AccessDenied on iam:ListRolePolicies') }), status: 'unknown' },
  // A profile role that does not exist is reported once, by profile-values-resolve.
  { name: 'missing application role', role: makeRole({ arn: `arn:aws:iam::${ACCOUNT}:role/etl`, name: 'etl', purposes: ['app'], trustPolicy: absent('the role does not exist'), policies: absent('the role does not exist') }), status: 'unknown' },
  { name: 'missing Snowflake role', role: makeSnowflakeRole({ trustPolicy: absent('the role does not exist'), policies: absent('the role does not exist') }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ role, status }) => {
    expect(runRule(rule, inventoryWith('role', role)).status).toBe(status);
  });

  it('with an empty data prefix, objects on the whole bucket are in scope, and so is every listing', () => {
    const profile = makeProfile({ s3: { dataPrefix: '' } });
    const role = replaced('StageObjects', { Resource: `${BUCKET_ARN}/*` });
    expect(runRule(rule, inventoryWith('role', role), { profile }).status).toBe('pass');
    expect(runRule(rule, inventoryWith('role', replaced('StageList', { Condition: { StringLike: { 's3:prefix': '*' } } })), { profile }).status).toBe('pass');
    expect(runRule(rule, inventoryWith('role', replaced('StageList', { Condition: undefined })), { profile }).status).toBe('pass');
  });

  it('ListBucketVersions is a listing too: it needs the s3:prefix condition', () => {
    const profile = makeProfile({ iam: { appRoles: [], s3Actions: ['s3:GetObject', 's3:ListBucket', 's3:ListBucketVersions'] } });
    const role = withRolePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucketVersions', Resource: BUCKET_ARN }] });
    const f = runRule(rule, inventoryWith('role', role), { profile });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/without an s3:prefix condition/);
  });

  it('a profile can widen the action set', () => {
    const profile = makeProfile({ iam: { appRoles: [], s3Actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:DeleteObject', 's3:DeleteObjectVersion'] } });
    const role = plus({ Effect: 'Allow', Action: 's3:AbortMultipartUpload', Resource: `${BUCKET_ARN}/data/*` });
    expect(runRule(rule, inventoryWith('role', role)).status).toBe('fail');
    expect(runRule(rule, inventoryWith('role', role), { profile }).status).toBe('pass');
  });

  it('names the policy and statement and the scope it found', () => {
    const f = runRule(rule, inventoryWith('role', replaced('StageList', { Condition: { StringLike: { 's3:prefix': ['*'] } } })));
    expect(f.message).toContain('inline policy "snowflake-stage-access" statement "StageList"');
    expect(runRule(rule, inventoryWith('role', makeSnowflakeRole())).message).toContain(`${BUCKET_ARN}/data/*`);
    expect(BUCKET).toBeTruthy();
  });

  // Whether the role's buckets are stage buckets rests on the bucket list and the buckets' roles.
  it('the bucket list unread: the role\'s buckets may be stage buckets, so unknown, not "not a stage bucket"', () => {
    const inv = { ...inventoryWith('role', makeSnowflakeRole()), buckets: [], bucketList: unknown('access denied to s3:ListBuckets') };
    const f = runRule(rule, inv);
    expect(f.status).toBe('unknown');
    expect(f.message).toContain('access denied to s3:ListBuckets');
    // A profile whose scope leaves the bucket out decides it without the list.
    expect(runRule(rule, inv, { profile: makeProfile({ scope: { bucketNames: ['*'], excludeBucketNames: [BUCKET] } }) }).status).toBe('fail');
  });

  it('a bucket that may be a support bucket: unknown', () => {
    const inv = inventoryWith('role', makeSnowflakeRole());
    const maybe = { ...inv, buckets: inv.buckets.map((b) => (b.name === BUCKET ? { ...b, role: { kind: 'undetermined' as const, reason: 'the trail list could not be read' } } : b)) };
    expect(runRule(rule, maybe).status).toBe('unknown');
  });
});
