import { describe, expect, it } from 'vitest';
import { absent, present, unknown } from '../../model/observed.js';
import type { BucketInventory } from '../../model/inventory.js';
import { inventoryWithTrails, makeTrail, makeTrailBucket, runRule, TRAIL_BUCKET } from '../../testing/inventory-builders.js';
import { makeProfile } from '../../testing/inventory-builders.js';
import rule from './rule.js';

/** The profile that holds the trail bucket to CIS 3.4 (server access logging on). */
const cis = makeProfile({ cloudtrail: { requireBucketAccessLogging: true } });

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
  { name: 'access logging off, not required (the default)', inv: withBucket(makeTrailBucket({ logging: absent() })), status: 'pass' },
  { name: 'access logging off, required', inv: withBucket(makeTrailBucket({ logging: absent() })), profile: cis, status: 'fail' },
  { name: 'versioning unknown', inv: withBucket(makeTrailBucket({ versioning: unknown('denied') })), status: 'unknown' },
  { name: 'logging unknown, not required', inv: withBucket(makeTrailBucket({ logging: unknown('denied') })), status: 'pass' },
  { name: 'logging unknown, required', inv: withBucket(makeTrailBucket({ logging: unknown('denied') })), profile: cis, status: 'unknown' },
  { name: 'logging off (required) and versioning unknown', inv: withBucket(makeTrailBucket({ logging: absent(), versioning: unknown('denied') })), profile: cis, status: 'fail' },
  { name: 'logging off (not required) and versioning unknown', inv: withBucket(makeTrailBucket({ logging: absent(), versioning: unknown('denied') })), status: 'unknown' },
  { name: 'bucket not in the scan', inv: withBucket(undefined), status: 'unknown' },
  { name: 'trail without a bucket', inv: withBucket(makeTrailBucket(), makeTrail({ s3BucketName: undefined })), status: 'fail' },
  { name: 'trail bucket known only after apply (a plan)', inv: withBucket(makeTrailBucket(), makeTrail({ s3BucketName: undefined, s3BucketNameUnknown: 'aws_cloudtrail.t s3_bucket_name is known only after apply' })), status: 'unknown' },
] as const satisfies readonly { name: string; inv: unknown; status: string; profile?: ReturnType<typeof makeProfile> }[];

describe(rule.id, () => {
  it.each(cases)('$name → $status', (c) => {
    expect(runRule(rule, c.inv, { profile: 'profile' in c ? c.profile : undefined }).status).toBe(c.status);
  });

  it('a pass says whether the bucket logs its access, and that the profile does not require it', () => {
    expect(runRule(rule, withBucket(makeTrailBucket({ logging: absent() }))).message).toMatch(/server access logging off \(not required: cloudtrail.requireBucketAccessLogging is false\)/);
    expect(runRule(rule, withBucket(makeTrailBucket())).message).toContain('server access logging on');
  });

  it('says cross-account or not scanned', () => {
    expect(runRule(rule, withBucket(undefined)).message).toContain('cross-account or not scanned');
  });
});
