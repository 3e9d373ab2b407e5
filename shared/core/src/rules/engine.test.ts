/**
 * What the engine decides before a rule runs: support buckets and unreferenced keys are
 * not_applicable to architecture rules, and when a failed read leaves either undecided, the
 * architecture rules are unknown (a verdict only where it would not apply anyway).
 */
import { describe, expect, it } from 'vitest';
import type { BucketInventory, Inventory } from '../model/inventory.js';
import { present, unknown } from '../model/observed.js';
import { BUCKET, KEY_ARN, makeBucket, makeInventory, makeKeyWithMetadata, runRule } from '../testing/inventory-builders.js';
import { rules } from './registry.js';

const byId = (id: string) => rules.find((r) => r.id === id)!;
const UNDETERMINED = { kind: 'undetermined' as const, reason: 'the trail list could not be read (access denied), and a trail may deliver its logs here' };
const undetermined = (b: BucketInventory): Inventory => makeInventory({ buckets: [{ ...b, role: UNDETERMINED }] });

describe('a bucket that may be a support bucket (role undetermined)', () => {
  // SSE-S3 only: a stage bucket fails the encryption rule; a log bucket would not be judged by it.
  const plain = makeBucket({ encryption: present([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]) });

  it('an architecture rule that would fail is unknown, with why', () => {
    expect(runRule(byId('s3-default-encryption-cmk'), makeInventory({ buckets: [plain] })).status).toBe('fail');
    const f = runRule(byId('s3-default-encryption-cmk'), undetermined(plain));
    expect(f.status).toBe('unknown');
    expect(f.message).toBe(`Could not evaluate: whether ${BUCKET} is a stage bucket or a support bucket is not known: ${UNDETERMINED.reason}`);
  });

  it('an architecture rule that would pass is unknown too', () => {
    expect(runRule(byId('s3-lifecycle-matches-architecture'), undetermined(makeBucket())).status).toBe('unknown');
  });

  it('an architecture rule that does not apply either way stays not_applicable', () => {
    expect(runRule(byId('s3-bucket-key-enabled'), undetermined(plain)).status).toBe('not_applicable');
  });

  it('safety rules still judge it', () => {
    expect(runRule(byId('s3-versioning-enabled'), undetermined(makeBucket({ versioning: present({ status: 'Suspended', mfaDelete: 'Disabled' }) }))).status).toBe('fail');
    expect(runRule(byId('s3-bucket-public-access-block'), undetermined(makeBucket())).status).toBe('pass');
  });
});

describe('a key nothing seen references', () => {
  const unreferenced = makeKeyWithMetadata({}, { referencedBy: [], rotation: present({ enabled: false }) });

  it('is not_applicable to architecture key rules when everything that could reference it was read', () => {
    expect(runRule(byId('kms-rotation-enabled'), makeInventory({ keys: [unreferenced] }), { resource: KEY_ARN }).status).toBe('not_applicable');
  });

  it('is unknown to them when a read that could reference it failed', () => {
    const inv = makeInventory({ keys: [unreferenced], buckets: [makeBucket({ encryption: unknown('access denied to s3:GetBucketEncryption') })] });
    const f = runRule(byId('kms-rotation-enabled'), inv, { resource: KEY_ARN });
    expect(f.status).toBe('unknown');
    expect(f.message).toContain(`the default encryption of ${BUCKET} could not be read`);
  });
});
