import { describe, expect, it } from 'vitest';
import { absent, present, unknown } from '../../model/observed.js';
import { inventoryWith, makeBucket, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const cases = [
  { name: 'BucketOwnerEnforced', bucket: makeBucket(), status: 'pass' },
  { name: 'BucketOwnerPreferred', bucket: makeBucket({ ownershipControls: present('BucketOwnerPreferred') }), status: 'fail' },
  { name: 'ObjectWriter', bucket: makeBucket({ ownershipControls: present('ObjectWriter') }), status: 'fail' },
  { name: 'no ownership controls', bucket: makeBucket({ ownershipControls: absent() }), status: 'fail' },
  { name: 'ownership controls unreadable', bucket: makeBucket({ ownershipControls: unknown('access denied to s3:GetBucketOwnershipControls') }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ bucket, status }) => {
    expect(runRule(rule, inventoryWith('bucket', bucket)).status).toBe(status);
  });

  it('names the ownership setting it found', () => {
    const f = runRule(rule, inventoryWith('bucket', makeBucket({ ownershipControls: present('BucketOwnerPreferred') })));
    expect(f.message).toBe('ACLs are in effect: ObjectOwnership is BucketOwnerPreferred, not BucketOwnerEnforced.');
  });

  it('carries the reason when it cannot see', () => {
    const f = runRule(rule, inventoryWith('bucket', makeBucket({ ownershipControls: unknown('access denied to s3:GetBucketOwnershipControls') })));
    expect(f.message).toContain('access denied to s3:GetBucketOwnershipControls');
  });
});
