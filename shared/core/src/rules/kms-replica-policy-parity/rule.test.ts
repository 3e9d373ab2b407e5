import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../model/inventory.js';
import type { PolicyStatement } from '../../model/policy-document.js';
import { present, unknown } from '../../model/observed.js';
import {
  KEY_ARN,
  KMS_REPLICA_BUCKET,
  KMS_MRK_ARN,
  KMS_MRK_REPLICA_ARN,
  KMS_REPLICA_REGION,
  KMS_REPLICATION_ROLE_ARN,
  kmsPolicyWith,
  kmsReplicationStatement,
  makeInventory,
  makeMrkInventory,
  makeMrkPrimary,
  makeMrkReplica,
  runRule,
} from '../../testing/inventory-builders.js';
import rule, { REPLICATION_ROLE_STATEMENT } from './rule.js';

/** The replica's policy rebuilt: the seed statements for its Region, minus `drop`, plus `add`. */
const replicaPolicy = (drop: string[], add: PolicyStatement[], policyRegion = KMS_REPLICA_REGION) =>
  present(kmsPolicyWith({ drop, add }, policyRegion));
const withReplica = (change: Parameters<typeof makeMrkReplica>[0], base: Inventory = makeMrkInventory()): Inventory => ({
  ...base,
  keys: [makeMrkPrimary(), makeMrkReplica(change)],
});
// AWS's documented grant with a Bucket Key on the destination (makeMrkInventory's replica bucket has one): Encrypt plus Decrypt.
const roleGrant = kmsReplicationStatement(['kms:Encrypt', 'kms:Decrypt'], KMS_REPLICA_REGION);
const encryptOnly = kmsReplicationStatement(['kms:Encrypt'], KMS_REPLICA_REGION);
const destinationBucketKey = (encryption: Inventory['buckets'][number]['encryption'], inv: Inventory = makeMrkInventory()): Inventory => ({
  ...inv,
  buckets: inv.buckets.map((b) => (b.name === KMS_REPLICA_BUCKET ? { ...b, encryption } : b)),
});
const replicaEncryption = (bucketKeyEnabled: boolean) => present([{ sseAlgorithm: 'aws:kms' as const, kmsMasterKeyId: KMS_MRK_REPLICA_ARN, bucketKeyEnabled }]);
const open: PolicyStatement = { Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:DescribeKey', Resource: '*' };
const denyRole: PolicyStatement = { Sid: 'NoEncrypt', Effect: 'Deny', Principal: { AWS: KMS_REPLICATION_ROLE_ARN }, Action: 'kms:Encrypt', Resource: '*' };
const objectsOnly = { ...roleGrant, Condition: { ...roleGrant.Condition, ArnLike: { 'kms:EncryptionContext:aws:s3:arn': `arn:aws:s3:::${KMS_REPLICA_BUCKET}/*` } } };
const partnerRoot: PolicyStatement = { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'kms:Decrypt', Resource: '*' };
const withRoleIam = (inv: Inventory): Inventory => ({
  ...inv,
  roles: inv.roles.map((r) => ({ ...r, policies: present([{ name: 'replication', kind: 'inline' as const, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: KMS_MRK_REPLICA_ARN }] } }]) })),
});
const noReplication = (inv: Inventory): Inventory => ({ ...inv, buckets: inv.buckets.map((b) => ({ ...b, replication: { state: 'absent' } as const })) });
const replicationUnreadable = (inv: Inventory): Inventory => ({ ...inv, buckets: inv.buckets.map((b) => ({ ...b, replication: unknown('access denied to s3:GetReplicationConfiguration') })) });

const cases = [
  { name: 'replica policy mirrors the primary and admits the replication role', inv: makeMrkInventory(), status: 'pass' },
  { name: 'no replication rule names the replica', inv: withReplica({ policy: replicaPolicy([], []) }, noReplication(makeMrkInventory())), status: 'pass' },
  { name: 'replica without the root statement', inv: withReplica({ policy: replicaPolicy(['EnableRootAdmin'], [roleGrant]) }), status: 'fail' },
  { name: 'replica open to *', inv: withReplica({ policy: replicaPolicy([], [roleGrant, open]) }), status: 'fail' },
  { name: 'replica policy copied with the primary’s Region in kms:ViaService', inv: withReplica({ policy: replicaPolicy([], [roleGrant], 'eu-west-1') }), status: 'fail' },
  { name: 'replica does not admit the replication role', inv: withReplica({ policy: replicaPolicy([], []) }), status: 'fail' },
  { name: 'replication role has only Decrypt on the replica', inv: withReplica({ policy: replicaPolicy([], [kmsReplicationStatement(['kms:Decrypt'], KMS_REPLICA_REGION)]) }), status: 'fail' },
  // Evaluated, where the structural check (an Allow naming the role and covering kms:Encrypt) said pass:
  { name: 'a Deny takes kms:Encrypt from the replication role', inv: withReplica({ policy: replicaPolicy([], [roleGrant, denyRole]) }), status: 'fail' },
  { name: 'role grant conditioned on object ARNs while the destination uses a Bucket Key', inv: withReplica({ policy: replicaPolicy([], [objectsOnly]) }), status: 'fail' },
  // All kms-policy-* rules run on the replica now, not only root-admin, not-public and via-service:
  { name: 'replica grants another account’s root', inv: withReplica({ policy: replicaPolicy([], [roleGrant, partnerRoot]) }), status: 'fail' },
  // Judged on the replica's key policy alone, as before (IAM delegation is said, not counted):
  { name: 'role reaches the replica only through IAM delegation', inv: withRoleIam(withReplica({ policy: replicaPolicy([], []) })), status: 'fail' },
  // kms:Decrypt for the role is required exactly when the destination uses an S3 Bucket Key.
  { name: 'role has kms:Encrypt only, destination with a Bucket Key', inv: withReplica({ policy: replicaPolicy([], [encryptOnly]) }), status: 'fail' },
  { name: 'role has kms:Encrypt only, destination without a Bucket Key', inv: destinationBucketKey(replicaEncryption(false), withReplica({ policy: replicaPolicy([], [encryptOnly]) })), status: 'pass' },
  { name: 'role has kms:Encrypt only, destination encryption unread', inv: destinationBucketKey(unknown('access denied to s3:GetEncryptionConfiguration'), withReplica({ policy: replicaPolicy([], [encryptOnly]) })), status: 'unknown' },
  { name: 'role has kms:Encrypt and kms:Decrypt, destination encryption unread', inv: destinationBucketKey(unknown('access denied to s3:GetEncryptionConfiguration'), withReplica({ policy: replicaPolicy([], [roleGrant]) })), status: 'pass' },
  { name: 'bucket replication unreadable', inv: replicationUnreadable(makeMrkInventory()), status: 'unknown' },
  { name: 'replica policy unreadable', inv: withReplica({ policy: unknown('access denied to kms:GetKeyPolicy') }), status: 'unknown' },
  { name: 'replica policy malformed', inv: withReplica({ policy: present({ Statement: [{ Effect: 'Allow' }] } as never) }), status: 'unknown' },
  { name: 'replica metadata unreadable', inv: withReplica({ metadata: unknown('kms:DescribeKey timed out') }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ inv, status }) => {
    expect(runRule(rule, inv, { resource: KMS_MRK_REPLICA_ARN }).status).toBe(status);
  });

  it.each([
    ['the multi-Region primary', makeMrkInventory(), KMS_MRK_ARN],
    ['a single-Region key', makeInventory(), KEY_ARN],
  ])('is not applicable to %s', (_name, inv, key) => {
    expect(runRule(rule, inv, { resource: key }).status).toBe('not_applicable');
  });

  it('names the failing rule and the missing role grant', () => {
    const msg = (i: number) => runRule(rule, cases[i]!.inv, { resource: KMS_MRK_REPLICA_ARN }).message;
    expect(msg(4)).toContain('kms-policy-via-service: Data-plane grants usable outside S3 in us-east-1: statement "AllowSnowflakeRoleViaS3"');
    expect(msg(5)).toBe(
      `The replica policy diverges: the replica's key policy does not allow the replication role ${KMS_REPLICATION_ROLE_ARN} kms:Encrypt and kms:Decrypt through S3 in us-east-1 (no statement allows it); AWS requires kms:Decrypt when the destination uses an S3 Bucket Key, as ${KMS_REPLICA_BUCKET} does, so replication of SSE-KMS objects into ${KMS_REPLICA_BUCKET} fails.`,
    );
  });

  const run = (name: string) => runRule(rule, cases.find((c) => c.name === name)!.inv, { resource: KMS_MRK_REPLICA_ARN }).message;

  it('names the Deny, the other failing rules, and IAM delegation', () => {
    expect(run('a Deny takes kms:Encrypt from the replication role')).toContain('kms:Encrypt through S3 in us-east-1 (statement "NoEncrypt" denies it)');
    expect(run('replica grants another account’s root')).toContain('kms-policy-external-principal-scoped: External grants are too broad: arn:aws:iam::444455556666:root');
    expect(run('role reaches the replica only through IAM delegation')).toContain("the role reaches the key only through the root statement's delegation to its IAM policies");
    expect(run('replica policy mirrors the primary and admits the replication role')).toBe(
      `The replica policy passes the root-admin, not-public, via-service, least-privilege and external-principal checks and admits the replication role ${KMS_REPLICATION_ROLE_ARN}.`,
    );
  });

  it('asks for kms:Decrypt with a Bucket Key, as AWS documents it', () => {
    expect(run('role has kms:Encrypt only, destination with a Bucket Key')).toBe(
      `The replica policy diverges: the replica's key policy does not allow the replication role ${KMS_REPLICATION_ROLE_ARN} kms:Decrypt through S3 in us-east-1 (no statement allows it); AWS requires kms:Decrypt when the destination uses an S3 Bucket Key, as ${KMS_REPLICA_BUCKET} does, so replication of SSE-KMS objects into ${KMS_REPLICA_BUCKET} fails.`,
    );
    expect(run('role has kms:Encrypt only, destination encryption unread')).toContain(`which replication into ${KMS_REPLICA_BUCKET} needs if it uses an S3 Bucket Key, and its default encryption was not read`);
  });

  it('passes the statement its remediation gives, with kms:Decrypt added for the Bucket Key', () => {
    expect(rule.remediation).toContain(REPLICATION_ROLE_STATEMENT);
    expect(rule.remediation).toContain('when the destination bucket uses an S3 Bucket Key add "kms:Decrypt" to its Action');
    const statement = JSON.parse(REPLICATION_ROLE_STATEMENT.replaceAll('REPLICATION_ROLE_ARN', KMS_REPLICATION_ROLE_ARN).replaceAll('REPLICA_REGION', KMS_REPLICA_REGION));
    expect(runRule(rule, withReplica({ policy: replicaPolicy([], [statement]) }), { resource: KMS_MRK_REPLICA_ARN }).status).toBe('fail');
    statement.Action.push('kms:Decrypt');
    expect(runRule(rule, withReplica({ policy: replicaPolicy([], [statement]) }), { resource: KMS_MRK_REPLICA_ARN }).status).toBe('pass');
  });
});
