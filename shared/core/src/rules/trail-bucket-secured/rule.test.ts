import { describe, expect, it } from 'vitest';
import { absent, present, unknown } from '../../model/observed.js';
import type { BucketInventory } from '../../model/inventory.js';
import { inventoryWithTrails, makeTrail, makeTrailBucket, runRule, TRAIL_BUCKET } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const withBucket = (b: BucketInventory | undefined, trail = makeTrail()) => {
  const inv = inventoryWithTrails([trail]);
  const buckets = inv.buckets.filter((x) => x.name !== TRAIL_BUCKET);
  return { ...inv, buckets: b ? [...buckets, b] : buckets };
};

const cases = [
  { name: 'private, versioned, logged', inv: withBucket(makeTrailBucket()), status: 'pass' },
  { name: 'public by policy status', inv: withBucket(makeTrailBucket({ policyStatus: present({ isPublic: true }) })), status: 'fail' },
  { name: 'versioning suspended', inv: withBucket(makeTrailBucket({ versioning: present({ status: 'Suspended', mfaDelete: 'Disabled' }) })), status: 'fail' },
  { name: 'never versioned', inv: withBucket(makeTrailBucket({ versioning: absent() })), status: 'fail' },
  { name: 'access logging off', inv: withBucket(makeTrailBucket({ logging: absent() })), status: 'fail' },
  { name: 'versioning unknown', inv: withBucket(makeTrailBucket({ versioning: unknown('denied') })), status: 'unknown' },
  { name: 'logging unknown', inv: withBucket(makeTrailBucket({ logging: unknown('denied') })), status: 'unknown' },
  { name: 'logging off and versioning unknown', inv: withBucket(makeTrailBucket({ logging: absent(), versioning: unknown('denied') })), status: 'fail' },
  { name: 'bucket not in the scan', inv: withBucket(undefined), status: 'unknown' },
  { name: 'trail without a bucket', inv: withBucket(makeTrailBucket(), makeTrail({ s3BucketName: undefined })), status: 'fail' },
  { name: 'trail bucket known only after apply (a plan)', inv: withBucket(makeTrailBucket(), makeTrail({ s3BucketName: undefined, s3BucketNameUnknown: 'aws_cloudtrail.t s3_bucket_name is known only after apply' })), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ inv, status }) => {
    expect(runRule(rule, inv).status).toBe(status);
  });

  it('says cross-account or not scanned', () => {
    expect(runRule(rule, withBucket(undefined)).message).toContain('cross-account or not scanned');
  });
});
