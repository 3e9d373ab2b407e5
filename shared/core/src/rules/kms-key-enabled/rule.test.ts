import { describe, expect, it } from 'vitest';
import { absent, unknown } from '../../model/observed.js';
import { inventoryWith, KEY_ARN, makeKey, makeKeyWithMetadata, makeProfile, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const cases = [
  { name: 'Enabled', key: makeKey(), status: 'pass' },
  { name: 'PendingDeletion', key: makeKeyWithMetadata({ keyState: 'PendingDeletion', enabled: false, deletionDate: '2030-01-31T00:00:00.000Z' }), status: 'fail' },
  { name: 'PendingReplicaDeletion (MRK primary)', key: makeKeyWithMetadata({ keyState: 'PendingReplicaDeletion', enabled: false, pendingDeletionWindowInDays: 30 }), status: 'fail' },
  { name: 'Disabled', key: makeKeyWithMetadata({ keyState: 'Disabled', enabled: false }), status: 'fail' },
  { name: 'PendingImport', key: makeKeyWithMetadata({ keyState: 'PendingImport', enabled: false, origin: 'EXTERNAL' }), status: 'fail' },
  { name: 'Unavailable (custom key store)', key: makeKeyWithMetadata({ keyState: 'Unavailable', enabled: false }), status: 'fail' },
  { name: 'key does not exist, bucket references it', key: makeKey({ metadata: absent('the key does not exist'), policy: absent(), rotation: absent() }), status: 'fail' },
  { name: 'metadata unreadable', key: makeKey({ metadata: unknown('access denied to kms:DescribeKey') }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status }) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: KEY_ARN }).status).toBe(status);
  });

  it('a key only kms.keyArns names is unknown when it does not exist (profile-values-resolve reports it); a bucket reference makes it a failure', () => {
    const profile = makeProfile({ kms: { keyArns: [KEY_ARN] } });
    const gone = { metadata: absent('the key does not exist'), policy: absent(), rotation: absent() } as const;
    const onlyProfile = runRule(rule, inventoryWith('key', makeKey({ ...gone, referencedBy: ['profile snowflake-s3-kms'] })), { resource: KEY_ARN, profile });
    expect([onlyProfile.status, onlyProfile.message]).toEqual(['unknown', expect.stringContaining(`kms.keyArns names ${KEY_ARN}, which does not exist`)]);
    const alsoBucket = runRule(rule, inventoryWith('key', makeKey({ ...gone, referencedBy: ['profile snowflake-s3-kms', 'arn:aws:s3:::s3-snow-kms-test-v3'] })), { resource: KEY_ARN, profile });
    expect(alsoBucket.status).toBe('fail');
  });

  it.each([
    [cases[1].key, 'scheduled for deletion on 2030-01-31T00:00:00.000Z'],
    [cases[2].key, 'deleted 30 days after its last replica is deleted'],
    [cases[3].key, 'The key state is Disabled'],
    [cases[6].key, 'does not exist, but arn:aws:s3:::s3-snow-kms-test-v3 references it'],
  ])('reports the state and its date or window (%#)', (key, text) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: KEY_ARN }).message).toContain(text);
  });
});
