import { describe, expect, it } from 'vitest';
import type { BucketInventory, RoleInventory } from '../../model/inventory.js';
import type { PolicyStatement } from '../../model/policy-document.js';
import { absent, present, unknown } from '../../model/observed.js';
import { ACCOUNT, BUCKET, BUCKET_ARN, KEY_ARN, makeBucket, makeInventory, makeLogBucket, makeRole, REGION, runRule } from '../../testing/inventory-builders.js';
import rule, { DOCUMENTED_POLICY } from './rule.js';

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/s3-replication-role`;
const DEST_REGION = 'us-east-1';
const DEST_ARN = `arn:aws:s3:::${BUCKET}-replica`;
const REPLICA_KEY = `arn:aws:kms:${DEST_REGION}:${ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab`;

const statements: PolicyStatement[] = [
  { Sid: 'SourceBucket', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: BUCKET_ARN },
  { Sid: 'SourceObjects', Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Resource: `${BUCKET_ARN}/*` },
  { Sid: 'Destination', Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: `${DEST_ARN}/*` },
  { Sid: 'SourceKey', Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN, Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } } },
  { Sid: 'ReplicaKey', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: REPLICA_KEY, Condition: { StringLike: { 'kms:viaservice': `s3.${DEST_REGION}.amazonaws.com` } } },
];
const replaced = (sid: string, changes: Partial<PolicyStatement>) => statements.map((s) => (s.Sid === sid ? { ...s, ...changes } : s));
const roleWith = (Statement: PolicyStatement[], extra: Partial<RoleInventory> = {}) =>
  makeRole({ policies: present([{ name: 'replication', kind: 'inline', document: { Version: '2012-10-17', Statement } }]), ...extra });
const source = makeBucket({
  replication: present({ roleArn: ROLE_ARN, rules: [{ id: 'crr', status: 'Enabled', destinationBucketArn: DEST_ARN, replicaKmsKeyId: REPLICA_KEY, sseKmsEncryptedObjects: 'Enabled' }] }),
});
/** The destination bucket, scanned, with or without an S3 Bucket Key (or its encryption unread). */
const destination = (encryption: BucketInventory['encryption']) =>
  makeBucket({ name: `${BUCKET}-replica`, arn: DEST_ARN, region: DEST_REGION, encryption, replication: absent() });
const bucketKey = (on: boolean) => present([{ sseAlgorithm: 'aws:kms' as const, kmsMasterKeyId: REPLICA_KEY, bucketKeyEnabled: on }]);
const replicaKeyWith = (Action: string[]) => replaced('ReplicaKey', { Action });

const cases = [
  { name: 'exactly the replication actions', role: roleWith(statements), status: 'pass' },
  { name: 'plus a Deny (ignored)', role: roleWith([...statements, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }]), status: 'pass' },
  { name: 'no policies at all', role: makeRole({ policies: present([]) }), status: 'pass' },
  { name: 'no replication', role: roleWith(statements), bucket: makeBucket(), status: 'not_applicable' },
  { name: 's3:* on the destination', role: roleWith(replaced('Destination', { Action: 's3:*' })), status: 'fail' },
  { name: 's3:Replicate* wildcard', role: roleWith(replaced('Destination', { Action: 's3:Replicate*' })), status: 'fail' },
  { name: 'kms:*', role: roleWith(replaced('SourceKey', { Action: 'kms:*' })), status: 'fail' },
  { name: 'extra action s3:GetObject', role: roleWith(replaced('SourceObjects', { Action: ['s3:GetObjectVersionForReplication', 's3:GetObject'] })), status: 'fail' },
  { name: 'NotAction', role: roleWith(replaced('SourceBucket', { Action: undefined, NotAction: 'iam:*' })), status: 'fail' },
  { name: 'Resource "*" on S3 actions', role: roleWith(replaced('SourceObjects', { Resource: '*' })), status: 'fail' },
  { name: 'Resource arn:aws:s3:::* on S3 actions', role: roleWith(replaced('SourceObjects', { Resource: 'arn:aws:s3:::*' })), status: 'fail' },
  { name: 'KMS without ViaService', role: roleWith(replaced('SourceKey', { Condition: undefined })), status: 'fail' },
  { name: 'ViaService for another service', role: roleWith(replaced('SourceKey', { Condition: { StringEquals: { 'kms:ViaService': `ec2.${REGION}.amazonaws.com` } } })), status: 'fail' },
  { name: 'ViaService wildcard Region', role: roleWith(replaced('SourceKey', { Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } } })), status: 'fail' },
  { name: 'ViaService in an unrelated Region', role: roleWith(replaced('SourceKey', { Condition: { StringEquals: { 'kms:ViaService': 's3.ap-south-1.amazonaws.com' } } })), status: 'fail' },
  { name: 'role not scanned', role: null, status: 'unknown' },
  { name: 'role deleted (NoSuchEntity)', role: makeRole({ trustPolicy: absent('the role does not exist'), policies: absent('the role does not exist') }), status: 'fail' },
  { name: 'role policies unreadable', role: makeRole({ policies: unknown('access denied to iam:ListRolePolicies') }), status: 'unknown' },
  { name: 'replication unreadable', role: roleWith(statements), bucket: makeBucket({ replication: unknown('access denied') }), status: 'unknown' },
  // AWS's documented policy (S3 User Guide, "Replicating encrypted objects"): Decrypt on the source key, Encrypt on the replica key …
  { name: 'kms:GenerateDataKey* on the replica key', role: roleWith(replicaKeyWith(['kms:Encrypt', 'kms:GenerateDataKey*'])), status: 'fail' },
  { name: 'kms:Encrypt through S3 in the source Region', role: roleWith(replaced('SourceKey', { Action: ['kms:Decrypt', 'kms:Encrypt'] })), status: 'fail' },
  { name: 'kms:GenerateDataKey through S3 in the source Region', role: roleWith(replaced('SourceKey', { Action: ['kms:Decrypt', 'kms:GenerateDataKey'] })), status: 'fail' },
  // … plus kms:Decrypt on the replica key when the destination uses an S3 Bucket Key.
  { name: 'kms:Decrypt on the replica key, destination with a Bucket Key', role: roleWith(replicaKeyWith(['kms:Encrypt', 'kms:Decrypt'])), others: [destination(bucketKey(true))], status: 'pass' },
  { name: 'kms:Decrypt on the replica key, destination without a Bucket Key', role: roleWith(replicaKeyWith(['kms:Encrypt', 'kms:Decrypt'])), others: [destination(bucketKey(false))], status: 'fail' },
  { name: 'kms:Decrypt on the replica key, destination encryption unread', role: roleWith(replicaKeyWith(['kms:Encrypt', 'kms:Decrypt'])), others: [destination(unknown('access denied to s3:GetEncryptionConfiguration'))], status: 'unknown' },
  { name: 'kms:Decrypt on the replica key, destination not scanned', role: roleWith(replicaKeyWith(['kms:Encrypt', 'kms:Decrypt'])), status: 'unknown' },
  { name: 'kms:Encrypt alone on the replica key, destination with a Bucket Key', role: roleWith(replicaKeyWith(['kms:Encrypt'])), others: [destination(bucketKey(true))], status: 'pass' },
] as const;

const run = (role: RoleInventory | null, bucket = source, others: BucketInventory[] = []) =>
  runRule(rule, makeInventory({ buckets: [bucket, makeLogBucket(), ...others], roles: role ? [role] : [] }), { resource: BUCKET });

describe(rule.id, () => {
  it.each(cases)('$name → $status', (c) => {
    expect(run(c.role, 'bucket' in c ? c.bucket : undefined, 'others' in c ? [...c.others] : []).status).toBe(c.status);
  });

  it('names the policy, the statement and the problem', () => {
    expect(run(roleWith(replaced('Destination', { Action: 's3:*', Resource: '*' }))).message).toBe(
      'Replication role s3-replication-role grants more than replication needs: inline policy "replication" statement "Destination": wildcard action s3:* (list the replication actions explicitly) and S3 actions on Resource * (every bucket).',
    );
  });

  it('reports the ViaService scoping when it passes, and never passes an unseen role', () => {
    expect(run(roleWith(statements)).message).toContain(`KMS only via s3.${REGION}.amazonaws.com, s3.${DEST_REGION}.amazonaws.com`);
    expect(run(null).message).toContain(`replication role ${ROLE_ARN} was not scanned`);
    expect(run(makeRole({ policies: absent() })).status).toBe('pass');
  });

  it('says what replication calls instead of a KMS wildcard, and where an action does not belong', () => {
    expect(run(roleWith(replicaKeyWith(['kms:Encrypt', 'kms:GenerateDataKey*']))).message).toContain(
      'wildcard action kms:GenerateDataKey* (list what replication calls: kms:Decrypt on the source key, kms:Encrypt on the replica key, plus kms:Decrypt there when the destination uses an S3 Bucket Key)',
    );
    expect(run(roleWith(replaced('SourceKey', { Action: ['kms:Decrypt', 'kms:Encrypt'] }))).message).toContain(
      `kms:Encrypt through S3 in ${REGION}, the source Region: replication encrypts only replicas, with the replica key in the destination Region`,
    );
    expect(run(roleWith(replicaKeyWith(['kms:Encrypt', 'kms:Decrypt'])), source, [destination(bucketKey(false))]).message).toContain(
      `kms:Decrypt through S3 in ${DEST_REGION}, where the destination ${BUCKET}-replica uses no S3 Bucket Key`,
    );
    expect(run(roleWith(replicaKeyWith(['kms:Encrypt', 'kms:Decrypt']))).message).toContain(`the default encryption of ${BUCKET}-replica was not read`);
  });

  it('passes the documented policy its remediation gives, with the placeholders filled in', () => {
    const filled = DOCUMENTED_POLICY.replaceAll('SOURCE_BUCKET', BUCKET)
      .replaceAll('DEST_BUCKET', `${BUCKET}-replica`)
      .replaceAll('SOURCE_KEY_ARN', KEY_ARN)
      .replaceAll('REPLICA_KEY_ARN', REPLICA_KEY)
      .replaceAll('SOURCE_REGION', REGION)
      .replaceAll('DEST_REGION', DEST_REGION);
    expect(rule.remediation).toContain(DOCUMENTED_POLICY);
    expect(run(roleWith(JSON.parse(filled).Statement), source, [destination(bucketKey(true))]).status).toBe('pass');
  });
});
