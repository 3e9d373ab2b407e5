import { describe, expect, it } from 'vitest';
import type { Inventory, KeyInventory, KeyMetadata } from '../../model/inventory.js';
import { present, unknown } from '../../model/observed.js';
import {
  KEY_ARN,
  KMS_MRK_ARN,
  KMS_MRK_REPLICA_ARN,
  KMS_REPLICA_BUCKET,
  kmsReplicationProfile,
  makeBucket,
  makeInventory,
  makeKey,
  makeMrkInventory,
  makeMrkPrimary,
  makeMrkReplica,
  makeProfile,
  runRule,
} from '../../testing/inventory-builders.js';
import rule from './rule.js';

const md = (k: KeyInventory) => (k.metadata as { value: KeyMetadata }).value;
const mrkWith = (primary: KeyInventory, replica?: KeyInventory): Inventory => ({ ...makeMrkInventory(), keys: replica ? [primary, replica] : [primary] });
const replicating = makeBucket({
  replication: present({ roleArn: 'arn:aws:iam::111122223333:role/s3-replication-role', rules: [{ status: 'Enabled', destinationBucketArn: `arn:aws:s3:::${KMS_REPLICA_BUCKET}`, replicaKmsKeyId: KMS_MRK_REPLICA_ARN }] }),
});
const singleRegion = (bucket = makeBucket()) => makeInventory({ buckets: [bucket] });

const cases = [
  { name: 'MRK primary with an Enabled replica in us-east-1', inv: makeMrkInventory(), key: KMS_MRK_ARN, status: 'pass' },
  { name: 'replica not in the inventory (state not read)', inv: mrkWith(makeMrkPrimary()), key: KMS_MRK_ARN, status: 'unknown' },
  { name: 'MRK primary without a replica in us-east-1', inv: mrkWith(makeMrkPrimary({ metadata: present({ ...md(makeMrkPrimary()), replicaKeys: [] }) })), key: KMS_MRK_ARN, status: 'fail' },
  { name: 'replica Disabled', inv: mrkWith(makeMrkPrimary(), makeMrkReplica({ metadata: present({ ...md(makeMrkReplica()), keyState: 'Disabled', enabled: false }) })), key: KMS_MRK_ARN, status: 'fail' },
  { name: 'single-Region key of a replicating bucket', inv: singleRegion(replicating), key: KEY_ARN, status: 'fail' },
  { name: 'single-Region key of a source bucket not yet replicating', inv: singleRegion(), key: KEY_ARN, status: 'fail' },
  { name: 'replica metadata unreadable', inv: mrkWith(makeMrkPrimary(), makeMrkReplica({ metadata: unknown('kms:DescribeKey timed out') })), key: KMS_MRK_ARN, status: 'unknown' },
  { name: 'key metadata unreadable', inv: makeInventory({ keys: [makeKey({ metadata: unknown('access denied') })] }), key: KEY_ARN, status: 'unknown' },
  { name: 'single-Region key, bucket replication unreadable', inv: singleRegion(makeBucket({ replication: unknown('access denied') })), key: KEY_ARN, status: 'unknown' },
  { name: 'the replica itself (evaluated on the primary)', inv: makeMrkInventory(), key: KMS_MRK_REPLICA_ARN, status: 'not_applicable' },
  { name: 'single-Region key no architecture bucket uses', inv: makeInventory({ buckets: [] }), key: KEY_ARN, status: 'not_applicable' },
  // A replicating bucket that may be a log bucket (its role undetermined): the key may need to be multi-Region, or not.
  { name: 'single-Region key of a replicating bucket that may be a support bucket', inv: singleRegion({ ...replicating, role: { kind: 'undetermined', reason: 'the trail list could not be read' } }), key: KEY_ARN, status: 'unknown' },
  // Buckets the scan could not list may replicate under this key, or name a destination.
  { name: 'single-Region key, the bucket list unread', inv: { ...makeInventory({ buckets: [] }), bucketList: unknown('denied') }, key: KEY_ARN, status: 'unknown' },
  // A bucket whose encryption is unread may be a replicating bucket under this key.
  { name: 'single-Region key, another bucket’s encryption unread', inv: makeInventory({ buckets: [makeBucket({ encryption: unknown('denied') })] }), key: KEY_ARN, status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ inv, key, status }) => {
    expect(runRule(rule, inv, { resource: key, profile: kmsReplicationProfile() }).status).toBe(status);
  });

  it('is not applicable when the profile expects no replication', () => {
    expect(runRule(rule, makeMrkInventory(), { resource: KMS_MRK_ARN, profile: makeProfile() }).status).toBe('not_applicable');
  });

  it('names the missing Region, the replica state and the replicating bucket', () => {
    const msg = (i: number) => runRule(rule, cases[i]!.inv, { resource: cases[i]!.key, profile: kmsReplicationProfile() }).message;
    expect(msg(2)).toBe('The multi-Region primary has no replica in us-east-1 (replicas: none).');
    expect(msg(3)).toContain(`The replica in us-east-1 (${KMS_MRK_REPLICA_ARN}) is Disabled`);
    expect(msg(4)).toContain('single-Region key, but s3-snow-kms-test-v3 replicate(s) across Regions');
    expect(msg(1)).toContain('the replica in us-east-1 was not read: no bucket or replication rule references it');
  });
});
