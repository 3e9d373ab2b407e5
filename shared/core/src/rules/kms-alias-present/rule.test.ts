import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../model/inventory.js';
import { present, unknown } from '../../model/observed.js';
import { makeBucket } from '../../testing/inventory-builders.js';
import {
  ACCOUNT,
  KEY_ARN,
  KMS_MRK_REPLICA_ARN,
  KMS_REPLICA_REGION,
  makeInventory,
  makeKey,
  makeKeyWithMetadata,
  makeMrkInventory,
  REGION,
  runRule,
} from '../../testing/inventory-builders.js';
import rule from './rule.js';

const TRAIL_KEY_ID = '5678efgh-12ab-34cd-56ef-1234567890ab';
const TRAIL_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${TRAIL_KEY_ID}`;
const trailKey = makeKeyWithMetadata({ keyId: TRAIL_KEY_ID, arn: TRAIL_KEY_ARN }, { arn: TRAIL_KEY_ARN, referencedBy: ['arn:aws:cloudtrail:eu-west-1:111122223333:trail/org'] });
const alias = (name: string, targetKeyId: string) => ({ name, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:${name}`, targetKeyId });
const profileAlias = alias('alias/snowflake-s3-kms', '1234abcd-12ab-34cd-56ef-1234567890ab');
const withAliases = (list: ReturnType<typeof alias>[], base: Inventory = makeInventory()): Inventory => ({ ...base, aliases: { ...base.aliases, [REGION]: present(list) } });
const withTrailKey = (inv: Inventory): Inventory => ({ ...inv, keys: [...inv.keys, trailKey] });
const replicaOnly = (): Inventory => {
  // The replica Region's bucket is gone: the replica is no one's default key, only a replication target.
  const inv = makeMrkInventory();
  const aliases = present([{ name: 'alias/snowflake-s3-kms-replica', arn: '', targetKeyId: 'mrk-1234abcd12ab34cd56ef1234567890ab' }]);
  return { ...inv, buckets: inv.buckets.filter((b) => b.region !== KMS_REPLICA_REGION), aliases: { ...inv.aliases, [KMS_REPLICA_REGION]: aliases } };
};

const unreadBucket = (): Inventory => makeInventory({ buckets: [makeBucket({ encryption: unknown('access denied to s3:GetBucketEncryption') })] });

const maybeStage = (): Inventory =>
  makeInventory({
    buckets: [makeBucket(), makeBucket({ name: 'maybe-logs', arn: 'arn:aws:s3:::maybe-logs', role: { kind: 'undetermined', reason: 'the trail list could not be read' }, encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: TRAIL_KEY_ARN, bucketKeyEnabled: true }]) })],
  });

const cases = [
  { name: 'profile key with the profile alias', inv: makeInventory(), key: KEY_ARN, status: 'pass' },
  { name: 'profile alias missing on the bucket’s key', inv: withAliases([]), key: KEY_ARN, status: 'fail' },
  { name: 'profile alias targets another key', inv: withAliases([alias('alias/snowflake-s3-kms', 'other-key-id'), alias('alias/mine', '1234abcd-12ab-34cd-56ef-1234567890ab')]), key: KEY_ARN, status: 'fail' },
  { name: 'trail key with a customer alias', inv: withTrailKey(withAliases([profileAlias, alias('alias/cloudtrail', TRAIL_KEY_ID)])), key: TRAIL_KEY_ARN, status: 'pass' },
  { name: 'trail key without an alias', inv: withTrailKey(makeInventory()), key: TRAIL_KEY_ARN, status: 'fail' },
  { name: 'trail key with only an alias/aws/ name', inv: withTrailKey(withAliases([profileAlias, alias('alias/aws/cloudtrail', TRAIL_KEY_ID)])), key: TRAIL_KEY_ARN, status: 'fail' },
  { name: 'MRK replica that encrypts the replica bucket carries the profile alias', inv: makeMrkInventory(), key: KMS_MRK_REPLICA_ARN, status: 'pass' },
  { name: 'MRK replica used only by replication, with a customer alias', inv: replicaOnly(), key: KMS_MRK_REPLICA_ARN, status: 'pass' },
  // An architecture bucket whose default encryption is unread may be encrypted with the trail key:
  // then a customer alias other than the profile alias may not be enough.
  { name: 'customer-aliased key, a bucket’s encryption unread', inv: withTrailKey(withAliases([profileAlias, alias('alias/cloudtrail', TRAIL_KEY_ID)], unreadBucket())), key: TRAIL_KEY_ARN, status: 'unknown' },
  { name: 'key without an alias, a bucket’s encryption unread', inv: withTrailKey(withAliases([profileAlias], unreadBucket())), key: TRAIL_KEY_ARN, status: 'fail' },
  // The trail key encrypts a bucket that may be a stage bucket: then it would be the profile key.
  { name: 'customer-aliased key of a bucket that may be a stage bucket', inv: withTrailKey(withAliases([profileAlias, alias('alias/cloudtrail', TRAIL_KEY_ID)], maybeStage())), key: TRAIL_KEY_ARN, status: 'unknown' },
  { name: 'customer-aliased key, the bucket list unread', inv: withTrailKey({ ...withAliases([profileAlias, alias('alias/cloudtrail', TRAIL_KEY_ID)]), buckets: [], bucketList: unknown('denied') }), key: TRAIL_KEY_ARN, status: 'unknown' },
  { name: 'key with the profile alias, a bucket’s encryption unread', inv: withAliases([profileAlias], unreadBucket()), key: KEY_ARN, status: 'pass' },
  { name: 'aliases unreadable', inv: makeInventory({ aliases: { [REGION]: unknown('access denied to kms:ListAliases') } }), key: KEY_ARN, status: 'unknown' },
  { name: 'aliases not read in the key’s Region', inv: makeInventory({ aliases: {} }), key: KEY_ARN, status: 'unknown' },
  { name: 'metadata unreadable', inv: makeInventory({ keys: [makeKey({ metadata: unknown('kms:DescribeKey timed out') })] }), key: KEY_ARN, status: 'unknown' },
  { name: 'AWS-managed key', inv: makeInventory({ keys: [makeKeyWithMetadata({ keyManager: 'AWS' })] }), key: KEY_ARN, status: 'not_applicable' },
  // The account names its key otherwise: profile-values-resolve reports the alias once; this key is named.
  { name: 'profile alias missing, the bucket’s key has its own alias', inv: withAliases([alias('alias/snowflake-data-key', '1234abcd-12ab-34cd-56ef-1234567890ab')]), key: KEY_ARN, status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ inv, key, status }) => {
    expect(runRule(rule, inv, { resource: key }).status).toBe(status);
  });

  it('names the alias, the Region and what the key is', () => {
    expect(runRule(rule, cases[1].inv, { resource: KEY_ARN }).message).toBe(
      'This key is the default encryption key of s3-snow-kms-test-v3, but alias/snowflake-s3-kms does not exist in eu-west-1 (its customer aliases: none).',
    );
    expect(runRule(rule, cases[2].inv, { resource: KEY_ARN }).message).toContain('targets key other-key-id, not 1234abcd-12ab-34cd-56ef-1234567890ab');
  });
});
