import { describe, expect, it } from 'vitest';
import { present, unknown } from '../../model/observed.js';
import { KEY_ARN, inventoryWith, makeBucket, makeBucketWithRequests, makeLogBucket, runCostRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const noBucketKey = present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN, bucketKeyEnabled: false }]);

const cases = [
  { name: 'SSE-KMS with Bucket Key', bucket: makeBucket(), status: 'pass', says: ['Bucket Key is on', 'assumed'] },
  {
    // 1,000,000 PUTs → 1,000,000 requests × $0.03 / 10,000 = $3.00; with a Bucket Key 10,000–100,000 remain,
    // so the saving is 900,000–990,000 requests = $2.70–$2.97.
    name: 'no Bucket Key, 1,000,000 PUTs measured',
    bucket: makeBucketWithRequests({ put: 1_000_000, get: 0 }, { encryption: noBucketKey }),
    status: 'fail',
    says: ['1,000,000 KMS requests', '$3.00/month', 'saving $2.70–$2.97/month', 'measured'],
  },
  {
    // Assumed 100,000 PUTs + 300,000 GETs = 400,000 requests = $1.20; saving 360,000–396,000 = $1.08–$1.19.
    name: 'no Bucket Key, no request metrics (assumed volume)',
    bucket: makeBucket({ encryption: noBucketKey }),
    status: 'fail',
    says: ['400,000 KMS requests', '$1.20/month', '$1.08–$1.19', 'assumed'],
  },
  {
    name: 'no Bucket Key, CloudWatch usage unknown: the assumption stands in and says why',
    bucket: makeBucket({ encryption: noBucketKey, usage: unknown('cloudwatch:GetMetricData throttled') }),
    status: 'fail',
    says: ['assumed', 'cloudwatch:GetMetricData throttled'],
  },
  {
    // 100,000 PUTs replicated to one destination add 2 × 100,000 requests: 600,000 = $1.80.
    name: 'no Bucket Key, replicating',
    bucket: makeBucket({
      encryption: noBucketKey,
      replication: present({ roleArn: 'arn:aws:iam::111122223333:role/r', rules: [{ id: 'crr', status: 'Enabled', destinationBucketArn: 'arn:aws:s3:::dest', sseKmsEncryptedObjects: 'Enabled' }] }),
    }),
    status: 'fail',
    says: ['600,000 KMS requests', '$1.80/month'],
  },
  { name: 'SSE-S3 only', bucket: makeBucket({ encryption: present([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]) }), status: 'not_applicable', says: ['AES256'] },
  {
    name: 'DSSE-KMS (no Bucket Key possible)',
    bucket: makeBucket({ encryption: present([{ sseAlgorithm: 'aws:kms:dsse', kmsMasterKeyId: KEY_ARN, bucketKeyEnabled: false }]) }),
    status: 'not_applicable',
    says: ['DSSE-KMS'],
  },
  { name: 'encryption unreadable', bucket: makeBucket({ encryption: unknown('access denied to s3:GetBucketEncryption') }), status: 'unknown', says: ['access denied to s3:GetBucketEncryption'] },
  { name: 'Region with no prices (made up)', bucket: makeBucket({ encryption: noBucketKey, region: 'xx-nowhere-1' }), status: 'unknown', says: ['no prices for region xx-nowhere-1'] },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ bucket, status, says }) => {
    const f = runCostRule(rule, inventoryWith('bucket', bucket));
    expect(f.status).toBe(status);
    for (const s of says) expect(f.message).toContain(s);
  });

  it('is not_applicable with --no-cost', () => {
    const f = runCostRule(rule, inventoryWith('bucket', makeBucket({ encryption: noBucketKey })), { costEnabled: false });
    expect(f.status).toBe('not_applicable');
    expect(f.message).toContain('--no-cost');
  });

  it('looks at support buckets too: their KMS requests cost the same', () => {
    const log = makeLogBucket({ encryption: noBucketKey });
    expect(runCostRule(rule, inventoryWith('bucket', log), { resource: log.name }).status).toBe('fail');
  });
});
