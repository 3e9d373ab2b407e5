import { describe, expect, it } from 'vitest';
import { absent, present, unknown } from '../../model/observed.js';
import { inventoryWithTrails, makeTrail, makeTrailKey, runRule, TRAIL_KEY_ARN, TRAIL_KEY_ID } from '../../testing/inventory-builders.js';
import type { KeyInventory } from '../../model/inventory.js';
import rule from './rule.js';

const withKey = (key: KeyInventory | undefined, trail = makeTrail()) => {
  const inv = inventoryWithTrails([trail]);
  const keys = inv.keys.filter((k) => k.arn !== TRAIL_KEY_ARN);
  return { ...inv, keys: key ? [...keys, key] : keys };
};
const md = (changes: object) => {
  const k = makeTrailKey();
  return { ...k, metadata: present({ ...(k.metadata as { value: object }).value, ...changes }) } as KeyInventory;
};

const cases = [
  { name: 'customer key, enabled, rotating', inv: withKey(makeTrailKey()), status: 'pass' },
  { name: 'key referenced by key id', inv: withKey(makeTrailKey(), makeTrail({ kmsKeyId: TRAIL_KEY_ID })), status: 'pass' },
  { name: 'no KmsKeyId', inv: withKey(makeTrailKey(), makeTrail({ kmsKeyId: undefined })), status: 'fail' },
  { name: 'KmsKeyId known only after apply (a plan)', inv: withKey(makeTrailKey(), makeTrail({ kmsKeyId: undefined, kmsKeyIdUnknown: 'aws_cloudtrail.t kms_key_id is known only after apply (from var.key)' })), status: 'unknown' },
  { name: 'AWS-managed key', inv: withKey(md({ keyManager: 'AWS' })), status: 'fail' },
  { name: 'disabled key', inv: withKey(md({ enabled: false, keyState: 'Disabled' })), status: 'fail' },
  { name: 'pending deletion', inv: withKey(md({ enabled: false, keyState: 'PendingDeletion' })), status: 'fail' },
  { name: 'rotation off', inv: withKey(makeTrailKey({ rotation: present({ enabled: false }) })), status: 'fail' },
  { name: 'rotation impossible (external origin)', inv: withKey(makeTrailKey({ rotation: absent('keys with origin EXTERNAL cannot rotate automatically') })), status: 'fail' },
  { name: 'key does not exist', inv: withKey(makeTrailKey({ metadata: absent('the key does not exist') })), status: 'fail' },
  { name: 'key metadata unknown', inv: withKey(makeTrailKey({ metadata: unknown('access denied to kms:DescribeKey') })), status: 'unknown' },
  { name: 'rotation unknown', inv: withKey(makeTrailKey({ rotation: unknown('access denied to kms:GetKeyRotationStatus') })), status: 'unknown' },
  { name: 'key not read', inv: withKey(undefined), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ inv, status }) => {
    expect(runRule(rule, inv).status).toBe(status);
  });

  it('names the key', () => {
    expect(runRule(rule, withKey(md({ keyManager: 'AWS' }))).message).toContain(TRAIL_KEY_ARN);
  });
});
