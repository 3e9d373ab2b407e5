import { describe, expect, it } from 'vitest';
import { unknown } from '../../model/observed.js';
import { architectureProfile } from '../../testing/architecture-inventory.js';
import { runRule } from '../../testing/inventory-builders.js';
import { INTEGRATION, makeIntegration, snowflakeArchitecture } from '../../testing/snowflake-builders.js';
import rule from './rule.js';

const cases = [
  { name: 'enabled S3 integration', i: makeIntegration(), status: 'pass' },
  { name: 'S3GOV', i: makeIntegration({ STORAGE_PROVIDER: 'S3GOV' }), status: 'pass' },
  { name: 'disabled', i: makeIntegration({ ENABLED: 'false' }), status: 'fail' },
  { name: 'a GCS integration', i: makeIntegration({ STORAGE_PROVIDER: 'GCS' }), status: 'fail' },
  { name: 'ENABLED not shown', i: makeIntegration({ ENABLED: undefined }), status: 'unknown' },
  { name: 'DESC failed', i: makeIntegration({}, { properties: unknown('422') }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ i, status }) => {
    expect(runRule(rule, snowflakeArchitecture({ integrations: [i] }), { resource: INTEGRATION, profile: architectureProfile() }).status).toBe(status);
  });

  it('names the stages a disabled integration breaks', () => {
    const f = runRule(rule, snowflakeArchitecture({ integrations: [makeIntegration({ ENABLED: 'false' })] }), { resource: INTEGRATION, profile: architectureProfile() });
    expect(f.message).toContain('DEMO_KMS_V3.DEMO_SCHEMA.S3_STAGE_KMS');
  });
});
