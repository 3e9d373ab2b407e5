/**
 * Golden test (i), the seed example the seeds got wrong by a factor of 1,000: 1,000,000 objects
 * written a month to an SSE-KMS bucket.
 */
import { describe, expect, it } from 'vitest';
import type { CostLine } from '../model/cost.js';
import { present } from '../model/observed.js';
import { KEY_ARN, makeBucketWithRequests, makeInventory, makeKeyWithMetadata, makeProfile } from '../testing/inventory-builders.js';
import { estimateCost } from './estimate-cost.js';
import { kmsRequestCostAfterFreeTier, kmsRequestCounts } from './kms-request-cost.js';
import { bucketCostInputs } from './bucket-cost-inputs.js';
import { defaultPriceTable } from './price-table.js';

const PRICE = 0.03; // $ per 10,000 symmetric requests (eu-west-1 = us-east-1)
const FREE = 20_000; // requests a month, once per account

function seedInventory(bucketKeyEnabled: boolean) {
  const bucket = makeBucketWithRequests(
    { put: 1_000_000, get: 0 },
    { encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN, bucketKeyEnabled }]) },
  );
  // Created 2026-06-01, scanned 2026-12-01: 183 days < 365, no rotation yet, so the key is $1.00.
  const key = makeKeyWithMetadata({ creationDate: '2026-06-01T00:00:00Z' });
  return makeInventory({ buckets: [bucket], keys: [key] });
}

const byComponent = (lines: CostLine[], component: string) => lines.filter((l) => l.component === component);
const amount = (lines: CostLine[]) => lines.reduce((s, l) => s + l.monthlyAmount, 0);

describe('seed example: 1,000,000 objects a month', () => {
  it('without Bucket Key: 1,000,000 KMS requests = $3.00, $2.94 after the free tier, plus $1 for the key', () => {
    const cost = estimateCost(seedInventory(false), makeProfile(), defaultPriceTable);
    const [kms] = byComponent(cost.lines, 'kms-requests');
    // 1,000,000 PUTs × 1 GenerateDataKey = 1,000,000 requests = 100 × 10k requests.
    expect(kms!.quantity * 10_000).toBe(1_000_000);
    expect(kms!.unit).toBe('10k requests');
    expect(kms!.unitPrice).toBe(PRICE);
    expect(kms!.basis).toBe('measured');
    // 100 × $0.03 = $3.00 (not $3,000).
    expect(kms!.monthlyAmount).toBeCloseTo(3.0, 10);

    const [free] = byComponent(cost.lines, 'kms-free-tier');
    // One account line: −20,000 requests = −2 × 10k × $0.03 = −$0.06.
    expect(free!.resourceId).toBe('arn:aws:iam::111122223333:root');
    expect(free!.monthlyAmount).toBeCloseTo(-0.06, 10);
    // $3.00 − $0.06 = $2.94.
    expect(kms!.monthlyAmount + free!.monthlyAmount).toBeCloseTo(2.94, 10);

    // The key: 1 key-month × $1.00, no rotation line.
    expect(amount(byComponent(cost.lines, 'kms-key'))).toBeCloseTo(1.0, 10);
    expect(byComponent(cost.lines, 'kms-key-rotation')).toEqual([]);

    // Bucket Key would leave 1 %–10 %: 10,000–100,000 requests; saving (1,000,000 − 100,000) × $0.03/10k = $2.70
    // to (1,000,000 − 10,000) × $0.03/10k = $2.97, before the free tier.
    expect(cost.savings).toHaveLength(1);
    expect(cost.savings[0]!.monthlyLow).toBeCloseTo(2.7, 10);
    expect(cost.savings[0]!.monthlyHigh).toBeCloseTo(2.97, 10);
    expect(cost.savings[0]!.note).toContain('only objects written after enabling it benefit');
  });

  it('with Bucket Key: 10,000–100,000 requests, $0.00–$0.24 after the free tier', () => {
    const inventory = seedInventory(true);
    const profile = makeProfile();
    const cost = estimateCost(inventory, profile, defaultPriceTable);
    const [kms] = byComponent(cost.lines, 'kms-requests');
    // 1,000,000 × 1 % = 10,000 (low); 1,000,000 × 10 % = 100,000 (high). The line counts the high end:
    // 100,000 = 10 × 10k × $0.03 = $0.30, and the note gives the range ($0.03–$0.30).
    expect(kms!.quantity * 10_000).toBeCloseTo(100_000, 6);
    expect(kms!.monthlyAmount).toBeCloseTo(0.3, 10);
    expect(kms!.note).toContain('10,000–100,000 requests ($0.03–$0.30 before the free tier)');

    // After the account's 20,000 free requests:
    // high: (100,000 − 20,000) / 10,000 × $0.03 = $0.24 — the estimate's KMS request total;
    const [free] = byComponent(cost.lines, 'kms-free-tier');
    expect(kms!.monthlyAmount + free!.monthlyAmount).toBeCloseTo(0.24, 10);
    // low: 10,000 requests are all within the free tier → $0.00.
    const counts = kmsRequestCounts(bucketCostInputs(inventory.buckets[0]!, inventory, profile).kms!);
    expect(counts.low).toBeCloseTo(10_000, 6);
    expect(kmsRequestCostAfterFreeTier(counts.low, PRICE, FREE)).toBe(0);
    expect(kmsRequestCostAfterFreeTier(counts.high, PRICE, FREE)).toBeCloseTo(0.24, 10);
    // Nothing left to save.
    expect(cost.savings).toEqual([]);
  });
});
