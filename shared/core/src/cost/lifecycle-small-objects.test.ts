/**
 * Golden test (iii): transitioning tiny objects costs more than it saves, and the break-even table
 * of cost-quotas.md §2.4 (us-east-1 prices, storage only, minimum durations aside).
 */
import { describe, expect, it } from 'vitest';
import { inventoryWith, makeBucketOfObjects, makeInventory, makeProfile } from '../testing/inventory-builders.js';
import { bucketCostInputs } from './bucket-cost-inputs.js';
import { estimateCost } from './estimate-cost.js';
import { breakEvenMonths, objectMonthlyStorage } from './lifecycle-break-even.js';
import { analyseLifecycle } from './lifecycle-cost.js';
import { defaultPriceTable } from './price-table.js';
import type { StorageClass } from './price-table-types.js';

const KB = 1024;
const GB = 1024 ** 3;
const rp = defaultPriceTable.regions['us-east-1']!;

describe('10 KB objects, varies_by_storage_class, 30 d STANDARD_IA + 90 d GLACIER, 1,000,000 new objects a month', () => {
  // In us-east-1, the Region of the break-even table (eu-west-1 charges $0.033 per 1,000 GLACIER transitions).
  const bucket = makeBucketOfObjects(10 * KB, 100_000, { minimumSize: 'varies_by_storage_class', requests: { put: 1_000_000, get: 0 } }, { region: 'us-east-1' });
  const inventory = inventoryWith('bucket', bucket, makeInventory({ buckets: [] }));
  const profile = makeProfile();

  it('IA takes no object under 128 KB; GLACIER does, and loses money on each', () => {
    const [ia, glacier] = analyseLifecycle(bucketCostInputs(bucket, inventory, profile).lifecycle!, defaultPriceTable);
    expect(ia!.transitions).toBe(false);
    expect(ia!.why).toBe('S3 never moves objects under 128 KB to STANDARD_IA');
    expect(glacier!.transitions).toBe(true);
    expect(glacier!.fromClass).toBe('STANDARD');
    // No expiration: the object stays cost.assumptions.retentionMonths = 12 months (≥ GLACIER's 90-day minimum).
    expect(glacier!.monthsInClass).toBe(12);
    expect(glacier!.billedMonths).toBe(12);
    const p = glacier!.perObject!;
    // Staying in STANDARD: 10 KB × $0.023/GB = 0.23 / 2^20 $ a month; × 12 = $0.00000263.
    expect(p.monthlyBefore).toBeCloseTo((10 * KB * 0.023) / GB, 15);
    expect(p.costIfStaying).toBeCloseTo(((10 * KB * 0.023) / GB) * 12, 15);
    // In GLACIER: (10 + 32) KB × $0.0036 + 8 KB × $0.023 = (0.1512 + 0.184) / 2^20 $ a month, more than STANDARD.
    expect(p.monthlyAfter).toBeCloseTo((42 * KB * 0.0036 + 8 * KB * 0.023) / GB, 15);
    expect(p.monthlyAfter).toBeGreaterThan(p.monthlyBefore);
    // Moving: $0.03 / 1,000 fee + 12 months of that = $0.00003 + $0.00000384 = $0.00003384.
    expect(p.costIfMoved).toBeCloseTo(0.00003 + ((42 * KB * 0.0036 + 8 * KB * 0.023) / GB) * 12, 15);
    // Net: $0.00000263 − $0.00003384 = −$0.0000312 per object: −$31.20 per million objects.
    expect(p.net * 1_000_000).toBeCloseTo(-31.2, 1);
    expect(glacier!.breakEvenMonths).toBe(Number.POSITIVE_INFINITY);
    expect(glacier!.losesMoney).toBe(true);
  });

  it('still pays the GLACIER transition fees every month: 1,000 × 1k × $0.03 = $30.00, and no IA line', () => {
    const cost = estimateCost(inventory, profile, defaultPriceTable);
    const transitions = cost.lines.filter((l) => l.component.startsWith('s3-lifecycle-transition'));
    expect(transitions.map((l) => l.component)).toEqual(['s3-lifecycle-transition:GLACIER']);
    expect(transitions[0]!.monthlyAmount).toBeCloseTo(30.0, 10);
  });

  it('under the S3 default (all_storage_classes_128K, or unset) nothing transitions and nothing is charged', () => {
    const safe = makeBucketOfObjects(10 * KB, 100_000, { requests: { put: 1_000_000, get: 0 } }, { region: 'us-east-1' });
    const cost = estimateCost(inventoryWith('bucket', safe, makeInventory({ buckets: [] })), profile, defaultPriceTable);
    expect(cost.lines.filter((l) => l.component.startsWith('s3-lifecycle-transition'))).toEqual([]);
  });
});

describe('break-even months versus staying in STANDARD (cost-quotas.md §2.4)', () => {
  const breakEven = (size: number, cls: StorageClass) => breakEvenMonths('STANDARD', cls, size, rp);
  // months = fee / (STANDARD − class) per month; e.g. 100 KB → GLACIER: $0.00003 / ((100 × 0.023 − (132 × 0.0036 + 8 × 0.023)) / 2^20) = 19.2.
  // [size, class, months as the research table prints them, decimals printed]
  it.each([
    [40 * KB, 'GLACIER_IR', 51, 0],
    [40 * KB, 'GLACIER', 66, 0],
    [40 * KB, 'DEEP_ARCHIVE', 79, 0],
    [100 * KB, 'STANDARD_IA', 15.0, 1],
    [100 * KB, 'GLACIER_IR', 11.7, 1],
    [100 * KB, 'GLACIER', 19.2, 1],
    [100 * KB, 'DEEP_ARCHIVE', 26.4, 1],
    [128 * KB, 'STANDARD_IA', 7.8, 1],
    [128 * KB, 'GLACIER_IR', 8.6, 1],
    [128 * KB, 'GLACIER', 14.4, 1],
    [128 * KB, 'DEEP_ARCHIVE', 20.2, 1],
    [256 * KB, 'STANDARD_IA', 3.9, 1],
    [256 * KB, 'GLACIER', 6.7, 1],
    [1024 * KB, 'STANDARD_IA', 1.0, 1],
    [1024 * KB, 'GLACIER', 1.6, 1],
    [1024 * KB, 'DEEP_ARCHIVE', 2.3, 1],
  ] as const)('%d bytes → %s: %s months', (size, cls, months, digits) => {
    expect(breakEven(size, cls)).toBeCloseTo(months, digits);
  });

  it('1 KB loses in every class; 10 KB in every class but DEEP_ARCHIVE', () => {
    for (const cls of ['STANDARD_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const) expect(breakEven(KB, cls)).toBe(Number.POSITIVE_INFINITY);
    for (const cls of ['STANDARD_IA', 'GLACIER_IR', 'GLACIER'] as const) expect(breakEven(10 * KB, cls)).toBe(Number.POSITIVE_INFINITY);
  });

  it('10 KB → DEEP_ARCHIVE takes about 11,900 months; 10 KB → GLACIER never pays back', () => {
    expect(breakEven(10 * KB, 'DEEP_ARCHIVE')).toBeGreaterThan(11_800);
    expect(breakEven(10 * KB, 'DEEP_ARCHIVE')).toBeLessThan(11_950);
    expect(breakEven(10 * KB, 'GLACIER')).toBe(Number.POSITIVE_INFINITY);
  });

  it('bills 128 KB minimum in IA classes and 40 KB overhead in archives', () => {
    // A 1 KB object in STANDARD_IA is billed as 128 KB: 128 KB × $0.0125/GB.
    expect(objectMonthlyStorage('STANDARD_IA', KB, rp)).toBeCloseTo((128 * KB * 0.0125) / GB, 18);
    // In DEEP_ARCHIVE: (1 + 32) KB × $0.00099 + 8 KB × $0.023.
    expect(objectMonthlyStorage('DEEP_ARCHIVE', KB, rp)).toBeCloseTo((33 * KB * 0.00099 + 8 * KB * 0.023) / GB, 18);
  });
});
