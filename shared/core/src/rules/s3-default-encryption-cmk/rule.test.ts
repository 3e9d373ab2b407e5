import { describe, expect, it } from 'vitest';
import type { EncryptionRule, Inventory, KeyMetadata } from '../../model/inventory.js';
import { absent, present, unknown } from '../../model/observed.js';
import { ACCOUNT, inventoryWith, KEY_ARN, KEY_ID, makeBucket, makeInventory, makeKey, makeProfile, REGION, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/99999999-aaaa-bbbb-cccc-000000000000`;
const md = (makeKey().metadata as { value: KeyMetadata }).value;

const withEncryption = (...rules: EncryptionRule[]) => inventoryWith('bucket', makeBucket({ encryption: present(rules) }));
const kms = (kmsMasterKeyId?: string, sseAlgorithm = 'aws:kms'): EncryptionRule => ({ sseAlgorithm, bucketKeyEnabled: true, ...(kmsMasterKeyId ? { kmsMasterKeyId } : {}) });
const withKey = (overrides: Parameters<typeof makeKey>[0]) => inventoryWith('key', makeKey(overrides));
const withMetadata = (changes: Partial<KeyMetadata>) => withKey({ metadata: present({ ...md, ...changes }) });
const withAliases = (aliases: Inventory['aliases']) => makeInventory({ aliases });

const cases: { name: string; inv: Inventory; status: string; messageId: string }[] = [
  { name: 'SSE-KMS with the profile key ARN', inv: makeInventory(), status: 'pass', messageId: 'cmk' },
  { name: 'DSSE-KMS with the profile key ARN', inv: withEncryption(kms(KEY_ARN, 'aws:kms:dsse')), status: 'pass', messageId: 'cmk' },
  { name: 'SSE-S3 (AES256)', inv: withEncryption({ sseAlgorithm: 'AES256', bucketKeyEnabled: false }), status: 'fail', messageId: 'defaultOnly' },
  { name: 'no encryption configuration', inv: inventoryWith('bucket', makeBucket({ encryption: absent() })), status: 'fail', messageId: 'defaultOnly' },
  { name: 'aws:kms without KMSMasterKeyID (aws/s3)', inv: withEncryption(kms()), status: 'fail', messageId: 'awsManagedKey' },
  { name: 'profile alias name instead of ARN', inv: withEncryption(kms('alias/snowflake-s3-kms')), status: 'fail', messageId: 'notFullArn' },
  { name: 'alias ARN instead of key ARN', inv: withEncryption(kms(`arn:aws:kms:${REGION}:${ACCOUNT}:alias/snowflake-s3-kms`)), status: 'fail', messageId: 'notFullArn' },
  { name: 'bare key id', inv: withEncryption(kms(KEY_ID)), status: 'fail', messageId: 'notFullArn' },
  { name: 'key ARN in another Region', inv: withEncryption(kms(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`)), status: 'fail', messageId: 'otherRegion' },
  { name: 'another key in the same Region', inv: withEncryption(kms(OTHER_KEY)), status: 'fail', messageId: 'wrongKey' },
  // A profile alias the account does not have is reported once, by profile-values-resolve.
  { name: 'profile alias does not exist', inv: withAliases({ [REGION]: present([]) }), status: 'unknown', messageId: 'unknown' },
  // …but a key that fails on its own state fails whichever key the profile meant.
  { name: 'profile alias does not exist, the bucket’s key is disabled', inv: { ...withMetadata({ keyState: 'Disabled', enabled: false }), aliases: { [REGION]: present([]) } }, status: 'fail', messageId: 'keyNotEnabled' },
  { name: 'profile alias does not exist, the bucket’s key is gone', inv: { ...withKey({ metadata: absent() }), aliases: { [REGION]: present([]) } }, status: 'fail', messageId: 'keyMissing' },
  { name: 'aliases unreadable', inv: withAliases({ [REGION]: unknown('access denied to kms:ListAliases') }), status: 'unknown', messageId: 'unknown' },
  { name: 'aliases not read in the Region', inv: withAliases({}), status: 'unknown', messageId: 'unknown' },
  { name: 'key does not exist', inv: withKey({ metadata: absent() }), status: 'fail', messageId: 'keyMissing' },
  { name: 'AWS-managed key', inv: withMetadata({ keyManager: 'AWS' }), status: 'fail', messageId: 'notCustomer' },
  { name: 'key disabled', inv: withMetadata({ keyState: 'Disabled', enabled: false }), status: 'fail', messageId: 'keyNotEnabled' },
  { name: 'key pending deletion', inv: withMetadata({ keyState: 'PendingDeletion', enabled: false }), status: 'fail', messageId: 'keyNotEnabled' },
  { name: 'key recorded in another Region', inv: withKey({ region: 'eu-central-1' }), status: 'fail', messageId: 'keyOtherRegion' },
  { name: 'key metadata unreadable', inv: withKey({ metadata: unknown('access denied to kms:DescribeKey') }), status: 'unknown', messageId: 'unknown' },
  { name: 'key not in the inventory', inv: makeInventory({ keys: [] }), status: 'unknown', messageId: 'unknown' },
  { name: 'encryption unreadable', inv: inventoryWith('bucket', makeBucket({ encryption: unknown('access denied to s3:GetBucketEncryption') })), status: 'unknown', messageId: 'unknown' },
];

describe(rule.id, () => {
  it.each(cases)('$name → $status ($messageId)', ({ inv, status, messageId }) => {
    const f = runRule(rule, inv);
    expect([f.status, f.messageId]).toEqual([status, messageId]);
  });

  it('an explicit profile key ARN needs no alias lookup', () => {
    const profile = makeProfile({ kms: { keyArns: [KEY_ARN] } });
    expect(runRule(rule, withAliases({ [REGION]: unknown('access denied') }), { profile }).status).toBe('pass');
  });

  it('fails on SSE-S3 even when the profile key cannot be resolved', () => {
    const inv = inventoryWith('bucket', makeBucket({ encryption: present([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]) }), withAliases({}));
    const f = runRule(rule, inv);
    expect(f.status).toBe('fail');
    expect(f.message).toBe('Default encryption only: SSEAlgorithm is AES256 (SSE-S3), not SSE-KMS with the profile’s customer-managed key.');
  });

  it('names both keys when the wrong one is used', () => {
    expect(runRule(rule, withEncryption(kms(OTHER_KEY))).message).toBe(`Default encryption uses ${OTHER_KEY}, not the profile key ${KEY_ARN}.`);
  });

  it('says the alias is missing, and why it cannot tell when aliases are unreadable', () => {
    expect(runRule(rule, withAliases({ [REGION]: present([]) })).message).toBe(
      `Could not evaluate: the profile key does not resolve: the profile alias alias/snowflake-s3-kms (kms.alias) does not exist in ${REGION} (profile-values-resolve reports it; run \`envelope init\` to write a profile from the account)`,
    );
    expect(runRule(rule, withAliases({ [REGION]: unknown('access denied to kms:ListAliases') })).message).toContain('access denied to kms:ListAliases');
  });
});
