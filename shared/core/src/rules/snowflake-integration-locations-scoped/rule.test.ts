import { describe, expect, it } from 'vitest';
import { architectureProfile } from '../../testing/architecture-inventory.js';
import { makeProfile, runRule } from '../../testing/inventory-builders.js';
import { INTEGRATION, makeIntegration, snowflakeArchitecture } from '../../testing/snowflake-builders.js';
import rule from './rule.js';

const narrow = makeProfile({ scope: { bucketNames: ['s3-snow-kms-*'] } });
const cases = [
  { name: 'one prefix of a scoped bucket', i: makeIntegration(), status: 'pass' },
  { name: 'two locations, brackets and spaces tolerated', i: makeIntegration({ STORAGE_ALLOWED_LOCATIONS: '[s3://s3-snow-kms-test-v3/data/, s3://s3-snow-kms-test-v3/other/]' }), status: 'pass' },
  { name: '"*" allowed', i: makeIntegration({ STORAGE_ALLOWED_LOCATIONS: '*' }), status: 'fail' },
  { name: 's3://* allowed', i: makeIntegration({ STORAGE_ALLOWED_LOCATIONS: 's3://s3-snow-kms-test-v3/data/,s3://*' }), status: 'fail' },
  { name: 'a bucket-name wildcard', i: makeIntegration({ STORAGE_ALLOWED_LOCATIONS: 's3://acme-*/data/' }), status: 'fail' },
  { name: 'a bucket outside the profile scope', i: makeIntegration({ STORAGE_ALLOWED_LOCATIONS: 's3://s3-snow-kms-test-v3/data/,s3://unrelated-bucket/' }), profile: narrow, status: 'fail' },
  { name: 'empty list', i: makeIntegration({ STORAGE_ALLOWED_LOCATIONS: '' }), status: 'not_applicable' },
  { name: 'allowed locations not shown', i: makeIntegration({ STORAGE_ALLOWED_LOCATIONS: undefined }), status: 'unknown' },
  { name: 'blocked locations not shown', i: makeIntegration({ STORAGE_BLOCKED_LOCATIONS: undefined }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', (c) => {
    expect(runRule(rule, snowflakeArchitecture({ integrations: [c.i] }), { resource: INTEGRATION, profile: 'profile' in c ? c.profile : architectureProfile() }).status).toBe(c.status);
  });

  it('quotes the wildcard', () => {
    const f = runRule(rule, snowflakeArchitecture({ integrations: [makeIntegration({ STORAGE_ALLOWED_LOCATIONS: 's3://*' })] }), { resource: INTEGRATION, profile: architectureProfile() });
    expect(f.message).toContain('allows "s3://*"');
  });
});
