import { describe, expect, it } from 'vitest';
import { unknown } from '../../model/observed.js';
import { architectureProfile } from '../../testing/architecture-inventory.js';
import { runRule } from '../../testing/inventory-builders.js';
import { makeStage, snowflakeArchitecture, STAGE } from '../../testing/snowflake-builders.js';
import rule from './rule.js';

const cases = [
  { name: 'integration, no credentials', s: makeStage(), status: 'pass' },
  { name: 'embedded credentials', s: makeStage({ STORAGE_INTEGRATION: undefined, HAS_CREDENTIALS: 'Y' }), status: 'fail', says: 'embedded credentials' },
  { name: 'neither (public location)', s: makeStage({ STORAGE_INTEGRATION: undefined, HAS_CREDENTIALS: 'N' }), status: 'fail', says: 'public' },
  { name: 'plan: no integration, credentials not read', s: makeStage({ STORAGE_INTEGRATION: undefined, HAS_CREDENTIALS: undefined }), status: 'fail' },
  { name: 'plan: integration only after apply', s: makeStage({ STORAGE_INTEGRATION: undefined }, { unknownProperties: { STORAGE_INTEGRATION: 'known after apply' } }), status: 'unknown' },
  { name: 'internal stage', s: makeStage({ TYPE: 'INTERNAL', STORAGE_INTEGRATION: undefined }), status: 'not_applicable' },
  { name: 'stage unread', s: makeStage({}, { properties: unknown('SHOW STAGES failed') }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', (c) => {
    const f = runRule(rule, snowflakeArchitecture({ stages: [c.s] }), { resource: STAGE, profile: architectureProfile() });
    expect(f.status).toBe(c.status);
    if ('says' in c) expect(f.message).toContain(c.says);
  });
});
