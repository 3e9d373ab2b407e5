import { describe, expect, it } from 'vitest';
import { absent, unknown } from '../../model/observed.js';
import { inventoryWith, KEY_ARN, makeKey, makeKeyWithMetadata, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const cases = [
  { name: 'customer-managed symmetric AWS_KMS key', key: makeKey(), status: 'pass' },
  { name: 'AWS-managed aws/s3 key used by the bucket', key: makeKeyWithMetadata({ keyManager: 'AWS' }), status: 'fail' },
  { name: 'asymmetric key spec', key: makeKeyWithMetadata({ keySpec: 'RSA_2048' }), status: 'fail' },
  { name: 'HMAC key usage', key: makeKeyWithMetadata({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' }), status: 'fail' },
  { name: 'imported key material', key: makeKeyWithMetadata({ origin: 'EXTERNAL' }), status: 'fail' },
  { name: 'metadata unreadable', key: makeKey({ metadata: unknown('access denied to kms:DescribeKey') }), status: 'unknown' },
  { name: 'key does not exist', key: makeKey({ metadata: absent('the key does not exist') }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status }) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: KEY_ARN }).status).toBe(status);
  });

  it('names each deviating field', () => {
    const f = runRule(rule, inventoryWith('key', makeKeyWithMetadata({ keySpec: 'RSA_2048', origin: 'AWS_CLOUDHSM' })), { resource: KEY_ARN });
    expect(f.messageId).toBe('deviates');
    expect(f.message).toContain('KeySpec is RSA_2048 (expected SYMMETRIC_DEFAULT); Origin is AWS_CLOUDHSM (expected AWS_KMS)');
  });

  it('says an AWS-managed key is not customer managed and who uses it', () => {
    const f = runRule(rule, inventoryWith('key', makeKeyWithMetadata({ keyManager: 'AWS' })), { resource: KEY_ARN });
    expect(f.messageId).toBe('awsManaged');
    expect(f.message).toContain('not customer managed, yet arn:aws:s3:::s3-snow-kms-test-v3 uses it');
  });
});
