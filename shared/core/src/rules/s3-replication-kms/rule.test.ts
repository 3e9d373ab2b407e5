import { describe, expect, it } from 'vitest';
import type { BucketInventory, KeyMetadata, ReplicationRule } from '../../model/inventory.js';
import { absent, present, unknown } from '../../model/observed.js';
import { ACCOUNT, BUCKET, KEY_ARN, makeBucket, makeInventory, makeKey, makeLogBucket, makeProfile, REGION, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const DEST_REGION = 'us-east-1';
const DEST = `${BUCKET}-replica`;
const MRK = 'mrk-1234abcd12ab34cd56ef1234567890ab';
const SRC_MRK = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${MRK}`;
const REPLICA = `arn:aws:kms:${DEST_REGION}:${ACCOUNT}:key/${MRK}`;
const OTHER_DEST_KEY = `arn:aws:kms:${DEST_REGION}:${ACCOUNT}:key/0000aaaa-00aa-00aa-00aa-000000000000`;

const md = (makeKey().metadata as { value: KeyMetadata }).value;
const key = (arn: string, region: string, changes: Partial<KeyMetadata> = {}) =>
  makeKey({ arn, region, metadata: present({ ...md, arn, keyId: arn.split('/').pop()!, ...changes }) });
const sourceKey = key(SRC_MRK, REGION, { multiRegion: true, multiRegionKeyType: 'PRIMARY', replicaKeys: [{ arn: REPLICA, region: DEST_REGION }] });
const replicaKey = key(REPLICA, DEST_REGION, { multiRegion: true, multiRegionKeyType: 'REPLICA', primaryKeyArn: SRC_MRK });
const otherDestKey = key(OTHER_DEST_KEY, DEST_REGION);

const crr = (changes: Partial<ReplicationRule> = {}): ReplicationRule => ({
  id: 'crr',
  status: 'Enabled',
  destinationBucketArn: `arn:aws:s3:::${DEST}`,
  replicaKmsKeyId: REPLICA,
  sseKmsEncryptedObjects: 'Enabled',
  ...changes,
});
const source = (rules: ReplicationRule[] = [crr()], changes: Partial<BucketInventory> = {}) =>
  makeBucket({
    encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: SRC_MRK, bucketKeyEnabled: true }]),
    replication: present({ roleArn: `arn:aws:iam::${ACCOUNT}:role/s3-replication-role`, rules }),
    ...changes,
  });
const dest = (changes: Partial<BucketInventory> = {}) =>
  makeBucket({ name: DEST, arn: `arn:aws:s3:::${DEST}`, region: DEST_REGION, replication: absent(), ...changes });

interface Case { name: string; bucket: BucketInventory; destination?: BucketInventory | null; keys?: ReturnType<typeof makeKey>[]; expected?: boolean; status: string }
const run = (c: Omit<Case, 'name' | 'status'>) => {
  const buckets = [c.bucket, ...(c.destination === null ? [] : [c.destination ?? dest()]), makeLogBucket()];
  const inventory = makeInventory({ buckets, keys: c.keys ?? [sourceKey, replicaKey, otherDestKey, makeKey()] });
  return runRule(rule, inventory, { resource: BUCKET, profile: makeProfile({ replication: { expected: c.expected ?? true, destinationRegions: [DEST_REGION] } }) });
};

const cases: Case[] = [
  { name: 'MRK primary replicated under its replica', bucket: source(), status: 'pass' },
  { name: 'single-Region source key, CMK in the destination', bucket: source([crr({ replicaKmsKeyId: OTHER_DEST_KEY })], { encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN, bucketKeyEnabled: true }]) }), status: 'pass' },
  { name: 'destination not scanned: its versioning cannot be verified', bucket: source(), destination: null, status: 'unknown' },
  { name: 'one disabled rule, one good rule', bucket: source([crr({ id: 'old', status: 'Disabled' }), crr()]), status: 'pass' },
  { name: 'no replication, not expected', bucket: makeBucket(), expected: false, status: 'not_applicable' },
  { name: 'no replication, expected', bucket: makeBucket(), status: 'fail' },
  { name: 'only disabled rules', bucket: source([crr({ status: 'Disabled' })]), status: 'fail' },
  { name: 'SseKmsEncryptedObjects off', bucket: source([crr({ sseKmsEncryptedObjects: 'Disabled' })]), status: 'fail' },
  { name: 'no ReplicaKmsKeyID', bucket: source([crr({ replicaKmsKeyId: undefined })]), status: 'fail' },
  { name: 'replica key in the source Region', bucket: source([crr({ replicaKmsKeyId: SRC_MRK })]), status: 'fail' },
  { name: 'destination in the source Region', bucket: source([crr({ replicaKmsKeyId: SRC_MRK })]), destination: dest({ region: REGION }), status: 'fail' },
  { name: 'rule on another prefix', bucket: source([crr({ prefix: 'logs/' })]), status: 'fail' },
  { name: 'rule filtered to tagged objects only', bucket: source([crr({ tags: { replicate: 'yes' } })]), status: 'fail' },
  { name: 'replica key AWS-managed', bucket: source(), keys: [sourceKey, key(REPLICA, DEST_REGION, { keyManager: 'AWS' })], status: 'fail' },
  { name: 'replica key pending deletion', bucket: source(), keys: [sourceKey, key(REPLICA, DEST_REGION, { keyState: 'PendingDeletion', enabled: false })], status: 'fail' },
  { name: 'MRK source, replica key is another CMK', bucket: source([crr({ replicaKmsKeyId: OTHER_DEST_KEY })]), status: 'fail' },
  { name: 'destination versioning suspended', bucket: source(), destination: dest({ versioning: present({ status: 'Suspended', mfaDelete: 'Disabled' }) }), status: 'fail' },
  { name: 'replication unreadable', bucket: makeBucket({ replication: unknown('access denied to s3:GetReplicationConfiguration') }), status: 'unknown' },
  { name: 'replica key not scanned', bucket: source(), keys: [sourceKey], status: 'unknown' },
  { name: 'replica key metadata unreadable', bucket: source(), keys: [sourceKey, makeKey({ arn: REPLICA, region: DEST_REGION, metadata: unknown('kms:DescribeKey denied') })], status: 'unknown' },
  { name: 'source encryption unreadable', bucket: source([crr()], { encryption: unknown('access denied to s3:GetBucketEncryption') }), status: 'unknown' },
  { name: 'destination versioning unreadable', bucket: source(), destination: dest({ versioning: unknown('access denied') }), status: 'unknown' },
  { name: 'bare key id, destination not scanned', bucket: source([crr({ replicaKmsKeyId: MRK })]), destination: null, status: 'unknown' },
];

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ name: _n, status, ...c }) => {
    expect(run(c).status).toBe(status);
  });

  it('says SSE-KMS objects are silently skipped', () => {
    expect(run({ bucket: source([crr({ sseKmsEncryptedObjects: 'Disabled' })]) }).message).toBe(
      'Replication rule "crr" does not replicate SSE-KMS objects as the architecture needs: SourceSelectionCriteria.SseKmsEncryptedObjects is not Enabled: SSE-KMS objects are silently not replicated.',
    );
  });

  it('names the MRK replica it expected', () => {
    expect(run({ bucket: source([crr({ replicaKmsKeyId: OTHER_DEST_KEY })]) }).message).toContain(
      `the source key is the multi-Region primary ${MRK}, but the replica key is ${OTHER_DEST_KEY}, not its replica (${REPLICA})`,
    );
  });

  it('does not ask a replication destination to replicate again', () => {
    const inventory = makeInventory({ buckets: [source(), dest(), makeLogBucket()], keys: [sourceKey, replicaKey] });
    const f = runRule(rule, inventory, { resource: DEST, profile: makeProfile({ replication: { expected: true, destinationRegions: [DEST_REGION] } }) });
    expect(f.status).toBe('not_applicable');
    expect(f.message).toContain(`replication destination of ${BUCKET}`);
  });

  it('notes what it could not verify when it passes', () => {
    expect(run({ bucket: source(), destination: null }).message).toContain(`destination ${DEST} was not scanned, so its versioning cannot be verified`);
  });

  // A bucket that does not replicate may be another bucket's destination, which need not replicate.
  it('no replication while another bucket\'s replication is unread: unknown, not "not configured"', () => {
    const profile = makeProfile({ replication: { expected: true, destinationRegions: [DEST_REGION] } });
    const inventory = makeInventory({ buckets: [source([], { replication: unknown('access denied to s3:GetBucketReplication') }), dest(), makeLogBucket()], keys: [sourceKey, replicaKey] });
    const f = runRule(rule, inventory, { resource: DEST, profile });
    expect(f.status).toBe('unknown');
    expect(f.message).toContain(`the replication configuration of ${BUCKET} could not be read`);
    const listUnread = makeInventory({ buckets: [dest()], bucketList: unknown('access denied to s3:ListBuckets') });
    expect(runRule(rule, listUnread, { resource: DEST, profile }).status).toBe('unknown');
    expect(runRule(rule, makeInventory({ buckets: [dest()] }), { resource: DEST, profile }).status).toBe('fail');
  });
});
