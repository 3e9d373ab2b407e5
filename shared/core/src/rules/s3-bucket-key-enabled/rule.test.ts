import { describe, expect, it } from 'vitest';
import { present, unknown } from '../../model/observed.js';
import { inventoryWith, makeBucket, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const cases = [
  { name: 'SSE-KMS with Bucket Key', bucket: makeBucket(), status: 'pass' },
  {
    name: 'SSE-KMS without Bucket Key',
    bucket: makeBucket({ encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'k', bucketKeyEnabled: false }]) }),
    status: 'fail',
  },
  {
    name: 'DSSE-KMS (which cannot use a Bucket Key)',
    bucket: makeBucket({ encryption: present([{ sseAlgorithm: 'aws:kms:dsse', kmsMasterKeyId: 'k', bucketKeyEnabled: false }]) }),
    status: 'not_applicable',
  },
  { name: 'SSE-S3 only', bucket: makeBucket({ encryption: present([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]) }), status: 'not_applicable' },
  { name: 'encryption unreadable', bucket: makeBucket({ encryption: unknown('access denied to s3:GetBucketEncryption') }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ bucket, status }) => {
    expect(runRule(rule, inventoryWith('bucket', bucket)).status).toBe(status);
  });

  it('carries the reason when it cannot see', () => {
    const f = runRule(rule, inventoryWith('bucket', makeBucket({ encryption: unknown('access denied to s3:GetBucketEncryption') })));
    expect(f.message).toContain('access denied to s3:GetBucketEncryption');
  });
});
