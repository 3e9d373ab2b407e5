import { describe, expect, it } from 'vitest';
import { absent, present, unknown } from '../../model/observed.js';
import { inventoryWith, makeBucket, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const cases = [
  { name: 'Enabled', bucket: makeBucket(), status: 'pass' },
  { name: 'Enabled with MFA delete', bucket: makeBucket({ versioning: present({ status: 'Enabled', mfaDelete: 'Enabled' }) }), status: 'pass' },
  { name: 'Suspended', bucket: makeBucket({ versioning: present({ status: 'Suspended', mfaDelete: 'Disabled' }) }), status: 'fail' },
  { name: 'never enabled', bucket: makeBucket({ versioning: present({ status: 'Never', mfaDelete: 'Never' }) }), status: 'fail' },
  { name: 'no versioning configuration', bucket: makeBucket({ versioning: absent() }), status: 'fail' },
  { name: 'versioning unreadable', bucket: makeBucket({ versioning: unknown('access denied to s3:GetBucketVersioning') }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ bucket, status }) => {
    expect(runRule(rule, inventoryWith('bucket', bucket)).status).toBe(status);
  });

  it('says that Suspended is not Enabled', () => {
    const f = runRule(rule, inventoryWith('bucket', makeBucket({ versioning: present({ status: 'Suspended', mfaDelete: 'Disabled' }) })));
    expect(f.message).toContain('Versioning is Suspended');
    expect(f.evidence).toEqual({ status: 'Suspended' });
  });

  it('carries the reason when it cannot see', () => {
    const f = runRule(rule, inventoryWith('bucket', makeBucket({ versioning: unknown('access denied to s3:GetBucketVersioning') })));
    expect(f.message).toContain('access denied to s3:GetBucketVersioning');
  });
});
