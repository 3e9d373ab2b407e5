import { describe, expect, it } from 'vitest';
import type { Inventory, ObjectHead } from '../../model/inventory.js';
import { absent, present, unknown } from '../../model/observed.js';
import { ACCOUNT, inventoryWith, KEY_ARN, makeBucket, makeInventory, makeProfile, REGION, runRule } from '../../testing/inventory-builders.js';
import rule, { PLAN_HAS_NO_OBJECTS } from './rule.js';

const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/99999999-aaaa-bbbb-cccc-000000000000`;
const cmk = (key: string, kmsKeyId = KEY_ARN): ObjectHead => ({ key, sse: 'aws:kms', kmsKeyId, bucketKeyEnabled: true });
const withObjects = (...objects: ObjectHead[]) => inventoryWith('bucket', makeBucket({ objectSample: present(objects) }));
const withAliases = (aliases: Inventory['aliases']) => makeInventory({ aliases });

const cases: { name: string; inv: Inventory; status: string; messageId: string }[] = [
  { name: 'every sampled object under the profile key', inv: withObjects(cmk('data/a.parquet'), cmk('data/b.parquet')), status: 'pass', messageId: 'allCmk' },
  { name: 'DSSE-KMS under the profile key', inv: withObjects({ ...cmk('data/a.parquet'), sse: 'aws:kms:dsse' }), status: 'pass', messageId: 'allCmk' },
  // Seed 001's bucket-1 story: written before default encryption was switched to the CMK.
  { name: 'one object still SSE-S3', inv: withObjects(cmk('data/new.parquet'), { key: 'data/old.csv', sse: 'AES256' }), status: 'fail', messageId: 'notKms' },
  { name: 'object with no SSE at all', inv: withObjects({ key: 'legacy.csv' }), status: 'fail', messageId: 'notKms' },
  { name: 'object under another key', inv: withObjects(cmk('data/a.parquet'), cmk('data/b.parquet', OTHER_KEY)), status: 'fail', messageId: 'wrongKey' },
  // Reported once by profile-values-resolve, not on every bucket.
  { name: 'profile alias does not exist', inv: withAliases({ [REGION]: present([]) }), status: 'unknown', messageId: 'unknown' },
  { name: 'SSE-S3 object fails even when aliases are unreadable', inv: inventoryWith('bucket', makeBucket({ objectSample: present([{ key: 'x', sse: 'AES256' }]) }), withAliases({ [REGION]: unknown('throttled') })), status: 'fail', messageId: 'notKms' },
  { name: 'aliases unreadable', inv: withAliases({ [REGION]: unknown('access denied to kms:ListAliases') }), status: 'unknown', messageId: 'unknown' },
  { name: 'empty bucket', inv: inventoryWith('bucket', makeBucket({ objectSample: absent('the bucket has no objects') })), status: 'not_applicable', messageId: 'not_applicable' },
  { name: 'empty sample', inv: withObjects(), status: 'not_applicable', messageId: 'not_applicable' },
  { name: 'HeadObject denied', inv: inventoryWith('bucket', makeBucket({ objectSample: unknown('access denied to s3:HeadObject (data/a.parquet)') })), status: 'unknown', messageId: 'unknown' },
];

describe(rule.id, () => {
  it.each(cases)('$name → $status ($messageId)', ({ inv, status, messageId }) => {
    const f = runRule(rule, inv);
    expect([f.status, f.messageId]).toEqual([status, messageId]);
  });

  it('names the objects and their encryption', () => {
    const f = runRule(rule, withObjects(cmk('data/new.parquet'), { key: 'data/old.csv', sse: 'AES256' }, { key: 'legacy.csv' }));
    expect(f.message).toBe(
      '2 of 3 sampled objects are not SSE-KMS: data/old.csv (SSE-S3, AES256), legacy.csv (no server-side encryption). Objects written before default encryption was set to the CMK keep their old encryption.',
    );
  });

  it('names the wrong key and the expected one', () => {
    const f = runRule(rule, withObjects(cmk('data/b.parquet', OTHER_KEY)));
    expect(f.message).toBe(`1 of 1 sampled objects are SSE-KMS under a key other than the profile key ${KEY_ARN}: data/b.parquet (${OTHER_KEY}).`);
  });

  it('keeps long lists short in the message and whole in the evidence', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ key: `k${i}`, sse: 'AES256' }));
    const f = runRule(rule, withObjects(...many));
    expect(f.message).toContain('k4 (SSE-S3, AES256) and 3 more');
    expect((f.evidence?.objects as unknown[]).length).toBe(8);
  });

  it('uses an explicit profile key ARN', () => {
    const profile = makeProfile({ kms: { keyArns: [OTHER_KEY] } });
    expect(runRule(rule, withObjects(cmk('a', OTHER_KEY)), { profile }).status).toBe('pass');
  });

  it('says why the bucket is not applicable', () => {
    expect(runRule(rule, withObjects()).message).toBe('Not applicable: bucket has no objects');
  });

  it('is not applicable to a Terraform plan, which holds no objects, even with a sample in the inventory', () => {
    const inv = withObjects({ key: 'legacy.csv' });
    const f = runRule(rule, { ...inv, source: { ...inv.source, kind: 'terraform-plan' } });
    expect([f.status, f.message]).toEqual(['not_applicable', `Not applicable: ${PLAN_HAS_NO_OBJECTS}`]);
  });
});

