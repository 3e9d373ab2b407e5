/**
 * Golden test (ii): the worked example of cost-quotas.md §2.7. A bucket in us-east-1 holds 5 TiB in
 * STANDARD; a month brings 1,000,000 new objects of 500 KB and 5,000,000 GETs; it replicates to
 * eu-west-1; CloudTrail data events cover it; no Bucket Key; lifecycle 30 d STANDARD_IA, 90 d GLACIER.
 */
import { describe, expect, it } from 'vitest';
import type { CostLine } from '../model/cost.js';
import { present } from '../model/observed.js';
import { ACCOUNT, makeBucket, makeInventory, makeKeyWithMetadata, makeProfile } from '../testing/inventory-builders.js';
import { estimateCloudTrailDataEvents } from './cloudtrail-cost.js';
import { estimateCost } from './estimate-cost.js';
import { kmsRequestCost, kmsRequestCounts } from './kms-request-cost.js';
import { bucketCostInputs } from './bucket-cost-inputs.js';
import { defaultPriceTable } from './price-table.js';

const TIB = 1024 ** 4;
const SOURCE_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/source`;
const REPLICA_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/replica`;

function workedExample() {
  const bucket = makeBucket({
    name: 'worked-example',
    arn: 'arn:aws:s3:::worked-example',
    region: 'us-east-1',
    encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: SOURCE_KEY, bucketKeyEnabled: false }]),
    replication: present({
      roleArn: `arn:aws:iam::${ACCOUNT}:role/replication`,
      rules: [{ id: 'crr', status: 'Enabled', destinationBucketArn: 'arn:aws:s3:::worked-example-replica', replicaKmsKeyId: REPLICA_KEY, sseKmsEncryptedObjects: 'Enabled' }],
    }),
    // 5 TiB / 10,737,418 objects = 512,000 bytes = 500 KB on average (5 × 2^40 / (500 × 2^10) = 10,737,418.24).
    usage: present({ storageBytes: { StandardStorage: 5 * TIB }, objectCount: 10_737_418, requests: { put: 1_000_000, get: 5_000_000, filterId: 'EntireBucket', days: 30 } }),
  });
  const keyOf = (arn: string, region: string) =>
    makeKeyWithMetadata({ arn, creationDate: '2026-10-01T00:00:00Z' }, { arn, region, referencedBy: ['arn:aws:s3:::worked-example'], rotation: present({ enabled: false }) });
  return makeInventory({ buckets: [bucket], keys: [keyOf(SOURCE_KEY, 'us-east-1'), keyOf(REPLICA_KEY, 'eu-west-1')] });
}

const one = (lines: CostLine[], component: string) => {
  const found = lines.filter((l) => l.component === component);
  expect(found, component).toHaveLength(1);
  return found[0]!;
};

describe('worked example (cost-quotas.md §2.7)', () => {
  const inventory = workedExample();
  const cost = estimateCost(inventory, makeProfile(), defaultPriceTable);

  it('storage (source): 5,120 GB × $0.023 = $117.76', () => {
    const l = one(cost.lines, 's3-storage:STANDARD');
    expect(l.quantity).toBe(5120);
    expect(l.unitPrice).toBe(0.023);
    expect(l.monthlyAmount).toBeCloseTo(117.76, 10);
    expect(l.basis).toBe('measured');
  });

  it('PUT + GET: 1,000 × $0.005 = $5.00 and 5,000 × $0.0004 = $2.00', () => {
    expect(one(cost.lines, 's3-requests:PUT').monthlyAmount).toBeCloseTo(5.0, 10);
    expect(one(cost.lines, 's3-requests:GET').monthlyAmount).toBeCloseTo(2.0, 10);
  });

  it('KMS: 1M GenerateDataKey + 5M Decrypt + 1M Decrypt (replication) + 1M Encrypt = 8M requests = $24.00; $0.24–$2.40 with Bucket Keys', () => {
    const l = one(cost.lines, 'kms-requests');
    // 800 × 10k requests × $0.03 = $24.00.
    expect(l.quantity).toBe(800);
    expect(l.monthlyAmount).toBeCloseTo(24.0, 10);
    // With Bucket Keys on both sides: 8M × 1 % = 80,000 → $0.24; 8M × 10 % = 800,000 → $2.40.
    const withBucketKey = kmsRequestCounts({ ...bucketCostInputs(inventory.buckets[0]!, inventory, makeProfile()).kms!, bucketKey: true });
    expect(kmsRequestCost(withBucketKey.low, 0.03)).toBeCloseTo(0.24, 10);
    expect(kmsRequestCost(withBucketKey.high, 0.03)).toBeCloseTo(2.4, 10);
    // Saving: 8M × 90 % × $0.03/10k = $21.60 to 8M × 99 % × $0.03/10k = $23.76.
    const [saving] = cost.savings;
    expect(saving!.monthlyLow).toBeCloseTo(21.6, 10);
    expect(saving!.monthlyHigh).toBeCloseTo(23.76, 10);
  });

  it('replication transfer: 1M × 500 KB ≈ 476.84 GB × $0.02 = $9.54', () => {
    const l = one(cost.lines, 'replication-transfer');
    // 1,000,000 × 512,000 bytes / 2^30 = 476.84 GB.
    expect(l.quantity).toBeCloseTo(476.837, 3);
    expect(l.unitPrice).toBe(0.02);
    expect(l.monthlyAmount).toBeCloseTo(9.54, 2);
    expect(l.note).toContain('us-east-1 → eu-west-1');
  });

  it('replica PUTs at the destination: 1,000 × $0.005 = $5.00, plus replica storage 5,120 GB × $0.023 = $117.76 in eu-west-1', () => {
    const put = one(cost.lines, 'replication-put:STANDARD');
    expect(put.region).toBe('eu-west-1');
    expect(put.monthlyAmount).toBeCloseTo(5.0, 10);
    const storage = one(cost.lines, 'replication-storage:STANDARD');
    expect(storage.region).toBe('eu-west-1');
    expect(storage.monthlyAmount).toBeCloseTo(117.76, 10);
  });

  it('CloudTrail data events: 6M (1M PUT + 5M GET) on one trail = 60 × 100k × $0.10 = $6.00', () => {
    const [l] = estimateCloudTrailDataEvents({ resourceId: 'arn:aws:s3:::worked-example', region: 'us-east-1', eventsPerMonth: 6_000_000, trailsCovering: 1, basis: 'measured' }, defaultPriceTable);
    expect(l!.quantity).toBe(60);
    expect(l!.monthlyAmount).toBeCloseTo(6.0, 10);
    // Every delivery is charged: a second trail doubles it.
    expect(estimateCloudTrailDataEvents({ resourceId: 'b', region: 'us-east-1', eventsPerMonth: 6_000_000, trailsCovering: 2, basis: 'measured' }, defaultPriceTable)[0]!.monthlyAmount).toBeCloseTo(12.0, 10);
  });

  it('lifecycle: 1M objects a month → IA at day 30 ($10.00) and GLACIER at day 90 ($30.00) = $40.00', () => {
    // 1,000 × 1k transitions × $0.01 and × $0.03; 500 KB ≥ 128 KB, so the default minimum size lets them move.
    const ia = one(cost.lines, 's3-lifecycle-transition:STANDARD_IA');
    const glacier = one(cost.lines, 's3-lifecycle-transition:GLACIER');
    expect(ia.monthlyAmount).toBeCloseTo(10.0, 10);
    expect(glacier.monthlyAmount).toBeCloseTo(30.0, 10);
    expect(ia.monthlyAmount + glacier.monthlyAmount).toBeCloseTo(40.0, 10);
  });

  it('keys: source and replica key at $1.00 each; free tier −20,000 requests = −$0.06 once', () => {
    expect(cost.lines.filter((l) => l.component === 'kms-key').map((l) => [l.region, l.monthlyAmount])).toEqual([
      ['us-east-1', 1],
      ['eu-west-1', 1],
    ]);
    expect(one(cost.lines, 'kms-free-tier').monthlyAmount).toBeCloseTo(-0.06, 10);
  });

  it('monthly total is the sum of the lines: 117.76 + 5 + 2 + 24 + 9.54 + 5 + 117.76 + 40 + 2 − 0.06 = $323.00', () => {
    const transfer = ((1_000_000 * ((5 * TIB) / 10_737_418)) / 1024 ** 3) * 0.02; // $9.5367…
    const expected = 117.76 + 5 + 2 + 24 + transfer + 5 + 117.76 + 10 + 30 + 1 + 1 - 0.06;
    expect(cost.monthlyTotal).toBeCloseTo(expected, 8);
    expect(cost.monthlyTotal).toBeCloseTo(323.0, 2);
    expect(cost.lines.every((l) => l.basis === 'measured')).toBe(true);
  });
});
