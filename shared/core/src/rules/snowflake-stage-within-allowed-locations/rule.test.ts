import { describe, expect, it } from 'vitest';
import { architectureProfile } from '../../testing/architecture-inventory.js';
import { BUCKET, runRule } from '../../testing/inventory-builders.js';
import { makeIntegration, makeStage, snowflakeArchitecture, STAGE } from '../../testing/snowflake-builders.js';
import rule from './rule.js';

const url = (u: string) => makeStage({ URL: JSON.stringify([u]) });
const cases = [
  { name: 'at the allowed location', s: makeStage(), status: 'pass' },
  { name: 'below it', s: url(`s3://${BUCKET}/data/2025/`), status: 'pass' },
  { name: 'a sibling prefix sharing the name start', s: url(`s3://${BUCKET}/database/`), status: 'fail' },
  { name: 'another bucket', s: url('s3://other-bucket/data/'), status: 'fail' },
  { name: 'inside a blocked location', s: url(`s3://${BUCKET}/data/secret/`), i: makeIntegration({ STORAGE_BLOCKED_LOCATIONS: `s3://${BUCKET}/data/secret/` }), status: 'fail' },
  { name: '"*" allows anything', s: url('s3://other-bucket/x/'), i: makeIntegration({ STORAGE_ALLOWED_LOCATIONS: '*' }), status: 'pass' },
  { name: 'no integration', s: makeStage({ STORAGE_INTEGRATION: undefined }), status: 'not_applicable' },
  { name: 'integration not visible', s: makeStage({ STORAGE_INTEGRATION: 'OTHER_INT' }), status: 'unknown' },
  { name: 'blocked list not shown', s: makeStage(), i: makeIntegration({ STORAGE_BLOCKED_LOCATIONS: undefined }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', (c) => {
    const inv = snowflakeArchitecture({ stages: [c.s], ...('i' in c ? { integrations: [c.i] } : {}) });
    expect(runRule(rule, inv, { resource: STAGE, profile: architectureProfile() }).status).toBe(c.status);
  });

  it('lists the allowed locations a stage is outside of', () => {
    const f = runRule(rule, snowflakeArchitecture({ stages: [url('s3://other-bucket/data/')] }), { resource: STAGE, profile: architectureProfile() });
    expect(f.message).toContain(`not inside any allowed location of S3_INTEGRATION_KMS (s3://${BUCKET}/data/)`);
  });
});
