import { describe, expect, it } from 'vitest';
import { absent, present, unknown } from '../../model/observed.js';
import { inventoryWith, makeBucket, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

// Every observable state passes: this rule informs, it never fails.
const cases = [
  { name: 'MFA delete Disabled, with lifecycle', bucket: makeBucket(), status: 'pass' },
  { name: 'MFA delete Enabled', bucket: makeBucket({ versioning: present({ status: 'Enabled', mfaDelete: 'Enabled' }), lifecycle: absent() }), status: 'pass' },
  { name: 'MFA delete never configured, versioning never enabled', bucket: makeBucket({ versioning: present({ status: 'Never', mfaDelete: 'Never' }) }), status: 'pass' },
  { name: 'no versioning configuration', bucket: makeBucket({ versioning: absent() }), status: 'pass' },
  { name: 'versioning unreadable', bucket: makeBucket({ versioning: unknown('access denied to s3:GetBucketVersioning') }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ bucket, status }) => {
    expect(runRule(rule, inventoryWith('bucket', bucket)).status).toBe(status);
  });

  it('is information only, at info severity', () => {
    const f = runRule(rule, inventoryWith('bucket', makeBucket()));
    expect(f.severity).toBe('info');
    expect(f.message).toBe(
      'MFA delete is Disabled (information only; versioning is Enabled). It cannot coexist with a lifecycle configuration, which this architecture requires, so it is not expected.',
    );
  });

  it('explains the lifecycle conflict when MFA delete is on', () => {
    const f = runRule(rule, inventoryWith('bucket', makeBucket({ versioning: present({ status: 'Enabled', mfaDelete: 'Enabled' }) })));
    expect(f.message).toContain('lifecycle rules (s3-lifecycle-matches-architecture) cannot be applied');
  });

  it('carries the reason when it cannot see', () => {
    const f = runRule(rule, inventoryWith('bucket', makeBucket({ versioning: unknown('access denied to s3:GetBucketVersioning') })));
    expect(f.message).toContain('access denied to s3:GetBucketVersioning');
  });
});
