import { describe, expect, it } from 'vitest';
import { absent, present, unknown } from '../../model/observed.js';
import { inventoryWith, KEY_ARN, makeKey, makeProfile, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

import type { KeyMetadata } from '../../model/inventory.js';

const base = makeKey().metadata as { state: 'present'; value: KeyMetadata };
const withMetadata = (changes: Partial<KeyMetadata>) => makeKey({ metadata: present({ ...base.value, ...changes }) });

const cases = [
  { name: 'rotation on, 365 days', key: makeKey(), status: 'pass' },
  { name: 'rotation on, no period in response (AWS default)', key: makeKey({ rotation: present({ enabled: true }) }), status: 'pass' },
  { name: 'rotation off', key: makeKey({ rotation: present({ enabled: false }) }), status: 'fail' },
  { name: 'rotation every 730 days', key: makeKey({ rotation: present({ enabled: true, periodDays: 730 }) }), status: 'fail' },
  { name: 'rotation status denied', key: makeKey({ rotation: unknown('access denied to kms:GetKeyRotationStatus') }), status: 'unknown' },
  { name: 'key metadata unreadable', key: makeKey({ metadata: unknown('kms:DescribeKey timed out') }), status: 'unknown' },
  { name: 'imported key material', key: makeKey({ rotation: absent('keys with origin EXTERNAL cannot rotate automatically') }), status: 'not_applicable' },
  { name: 'AWS-managed key', key: withMetadata({ keyManager: 'AWS' }), status: 'not_applicable' },
  { name: 'multi-Region replica whose primary was not read', key: withMetadata({ multiRegion: true, multiRegionKeyType: 'REPLICA', primaryKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/mrk-0' }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status }) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: KEY_ARN }).status).toBe(status);
  });

  it('leaves a multi-Region replica to its primary when the primary was read', () => {
    const replicaArn = 'arn:aws:kms:us-east-1:111122223333:key/mrk-1';
    const replica = makeKey({ arn: replicaArn, region: 'us-east-1', metadata: present({ ...base.value, arn: replicaArn, keyId: 'mrk-1', multiRegion: true, multiRegionKeyType: 'REPLICA', primaryKeyArn: KEY_ARN }) });
    const f = runRule(rule, inventoryWith('key', replica), { resource: replicaArn });
    expect(f.status).toBe('not_applicable');
  });

  it('honours the profile maximum', () => {
    const key = makeKey({ rotation: present({ enabled: true, periodDays: 365 }) });
    const strict = makeProfile({ kms: { rotationMaxDays: 180 } });
    const f = runRule(rule, inventoryWith('key', key), { resource: KEY_ARN, profile: strict });
    expect(f.status).toBe('fail');
    expect(f.message).toContain('365 days, more than the profile maximum of 180');
  });
});
