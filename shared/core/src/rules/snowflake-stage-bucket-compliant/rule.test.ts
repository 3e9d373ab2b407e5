import { describe, expect, it } from 'vitest';
import { present, unknown } from '../../model/observed.js';
import { architectureProfile, architectureWith } from '../../testing/architecture-inventory.js';
import { BUCKET, runRule } from '../../testing/inventory-builders.js';
import { makeStage, snowflakeArchitecture, STAGE } from '../../testing/snowflake-builders.js';
import rule from './rule.js';

const run = (inv: ReturnType<typeof snowflakeArchitecture>) => runRule(rule, inv, { resource: STAGE, profile: architectureProfile() });
const withBucket = (edit: Record<string, unknown>) => {
  const inv = snowflakeArchitecture();
  return { ...inv, buckets: inv.buckets.map((b) => (b.name === BUCKET ? { ...b, ...edit } : b)) };
};

describe(rule.id, () => {
  it.each([
    { name: 'compliant bucket and key', inv: snowflakeArchitecture(), status: 'pass' },
    { name: 'Bucket Key off', inv: withBucket({ encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab', bucketKeyEnabled: false }]) }), status: 'fail', says: 's3-bucket-key-enabled' },
    { name: 'versioning suspended', inv: withBucket({ versioning: present({ status: 'Suspended', mfaDelete: 'Disabled' }) }), status: 'fail', says: 's3-versioning-enabled' },
    { name: 'encryption unreadable', inv: withBucket({ encryption: unknown('AccessDenied') }), status: 'unknown' },
    { name: 'bucket of another account', inv: snowflakeArchitecture({ stages: [makeStage({ URL: '["s3://elsewhere/data/"]' })] }), status: 'unknown' },
    { name: 'rotation off on the key', inv: snowflakeArchitecture({}, architectureWith('rotation-off')), status: 'fail', says: 'kms-rotation-enabled' },
  ])('$name → $status', ({ inv, status, says }) => {
    const f = run(inv);
    expect(f.status).toBe(status);
    if (says) expect(f.message).toContain(says);
  });
});
