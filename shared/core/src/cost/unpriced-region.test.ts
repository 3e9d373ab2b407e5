/**
 * A Region the price table does not know: explicit "no prices for region" lines, never silent zeros.
 * The built-in table prices every commercial Region, so the Region here is made up (a new Region,
 * or one of another partition, behaves the same).
 */
import { describe, expect, it } from 'vitest';
import { present } from '../model/observed.js';
import { ACCOUNT, makeBucket, makeBucketWithRequests, makeInventory, makeKeyWithMetadata, makeProfile } from '../testing/inventory-builders.js';
import { UNPRICED_COMPONENT, isUnpriced, unpricedReason } from './cost-line.js';
import { estimateCost } from './estimate-cost.js';
import { defaultPriceTable } from './price-table.js';

const REGION = 'xx-nowhere-1';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`;

function nowhere() {
  const bucket = makeBucketWithRequests(
    { put: 1_000_000, get: 0 },
    { name: 'nowhere', arn: 'arn:aws:s3:::nowhere', region: REGION, encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY, bucketKeyEnabled: false }]) },
  );
  const key = makeKeyWithMetadata({ arn: KEY, creationDate: '2026-06-01T00:00:00Z' }, { arn: KEY, region: REGION });
  return makeInventory({ buckets: [bucket], keys: [key] });
}

describe('unknown Region', () => {
  const cost = estimateCost(nowhere(), makeProfile(), defaultPriceTable);

  it('marks every line of the Region unpriced, keeping what was not priced', () => {
    expect(cost.lines.length).toBeGreaterThan(0);
    for (const l of cost.lines) {
      expect(l.component).toBe(UNPRICED_COMPONENT);
      expect(l.monthlyAmount).toBe(0);
      expect(l.unitPrice).toBe(0);
      expect(l.note).toMatch(/^no prices for region xx-nowhere-1 \(/);
      expect(unpricedReason(l)).toBe('no prices for region xx-nowhere-1');
    }
    // The KMS request line still says how many requests were not priced: 1,000,000 = 100 × 10k.
    const kms = cost.lines.find((l) => l.note?.includes('(kms-requests)'))!;
    expect(kms.quantity).toBe(100);
    expect(kms.unit).toBe('10k requests');
    expect(kms.note).toContain('1,000,000 requests');
  });

  it('says so in the assumptions, and the total leaves the lines out rather than calling them free', () => {
    expect(cost.monthlyTotal).toBe(0);
    const note = cost.assumptions.find((a) => a.startsWith('No prices for region xx-nowhere-1'));
    expect(note).toBeDefined();
    expect(note).toContain(`${cost.lines.length} line(s) are marked component "unpriced"`);
    expect(note).toContain('They are not free');
  });

  it('the free tier offsets no unpriced requests, and no saving is claimed', () => {
    expect(cost.lines.some((l) => l.note?.includes('(kms-free-tier)') || l.component === 'kms-free-tier')).toBe(false);
    expect(cost.savings.filter((s) => s.resourceId === 'arn:aws:s3:::nowhere')).toEqual([]);
  });

  it('priced Regions beside it keep their figures', () => {
    const inv = nowhere();
    const both = estimateCost({ ...inv, buckets: [...inv.buckets, makeBucket()] }, makeProfile(), defaultPriceTable);
    const priced = both.lines.filter((l) => !isUnpriced(l));
    expect(priced.every((l) => l.region === 'eu-west-1' || l.component === 'kms-free-tier')).toBe(true);
    // 100 GB STANDARD in eu-west-1 × $0.023 = $2.30.
    expect(priced.find((l) => l.component === 's3-storage:STANDARD')!.monthlyAmount).toBeCloseTo(2.3, 10);
    expect(both.assumptions.some((a) => a.startsWith('No prices for region xx-nowhere-1'))).toBe(true);
  });

  it('an override file that adds the Region prices it', () => {
    const table = { ...defaultPriceTable, regions: { ...defaultPriceTable.regions, [REGION]: defaultPriceTable.regions['us-east-1']! } };
    const priced = estimateCost(nowhere(), makeProfile(), table);
    expect(priced.lines.some(isUnpriced)).toBe(false);
    expect(priced.monthlyTotal).toBeGreaterThan(0);
  });
});
