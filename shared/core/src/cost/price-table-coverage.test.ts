/**
 * The built-in table prices every Region a scan can meet, for every price the estimators read. A
 * Region added without a field, or a Region the SDK knows and the table does not, fails here.
 */
import { BucketLocationConstraint } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { DEMO_REGION, DEMO_REPLICA_REGION } from '../demo/fixture.js';
import { isUnpriced } from './cost-line.js';
import { defaultPriceTable } from './price-table.js';
import { regionPricesSchema } from './price-table-schema.js';
import { STORAGE_CLASSES, type RegionPrices } from './price-table-types.js';
import { estimateReplication } from './replication-cost.js';

/**
 * Every field an estimator or cost rule reads, and whether it is a price that must be above zero
 * (a zero price would be a silent "free"). Found by reading every file of src/cost/ and the cost-*
 * rules: storage-cost, s3-request-cost, lifecycle-cost, lifecycle-break-even, replication-cost,
 * kms-key-cost, kms-request-cost, cloudtrail-cost.
 */
const READ_BY_ESTIMATORS: { path: string; positive: boolean }[] = [
  { path: 'kms.keyMonth', positive: true },
  { path: 'kms.rotationSurchargeMonth', positive: true },
  { path: 'kms.rotationSurchargeCap', positive: true },
  { path: 'kms.symmetricRequestsPer10k', positive: true },
  ...STORAGE_CLASSES.map((c) => ({ path: `s3.storageGbMonth.${c}`, positive: true })),
  { path: 's3.putPer1k.STANDARD', positive: true },
  { path: 's3.getPer1k.STANDARD', positive: true },
  ...STORAGE_CLASSES.map((c) => ({ path: `s3.transitionPer1k.${c}`, positive: c !== 'STANDARD' })),
  ...STORAGE_CLASSES.map((c) => ({ path: `s3.minBillableBytes.${c}`, positive: false })),
  ...STORAGE_CLASSES.map((c) => ({ path: `s3.minDurationDays.${c}`, positive: false })),
  { path: 's3.archiveOverheadStandardBytes', positive: true },
  { path: 's3.archiveOverheadClassBytes', positive: true },
  { path: 'transfer.interRegionPerGb', positive: true },
  { path: 'cloudtrail.dataEventsPer100k', positive: true },
];

/** The fields of `prices` that are missing, not a finite number, negative, or zero where a price must be positive. */
function missingFields(prices: unknown): string[] {
  return READ_BY_ESTIMATORS.filter(({ path, positive }) => {
    const v = path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), prices);
    return typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (positive && v === 0);
  }).map(({ path }) => path);
}

const regions = Object.entries(defaultPriceTable.regions);

describe('built-in price table coverage', () => {
  it('covers 36 Regions', () => {
    expect(regions).toHaveLength(36);
  });

  it.each(regions)('%s has every price the estimators read, and nothing else', (_region, prices) => {
    expect(missingFields(prices)).toEqual([]);
    // Complete and strict: the same check a --price-table file's new Region must pass.
    expect(regionPricesSchema.safeParse(prices).success).toBe(true);
  });

  it('the check finds a Region that lacks a field or prices one at $0', () => {
    const broken = structuredClone(defaultPriceTable.regions['eu-central-1']!) as RegionPrices;
    delete (broken.s3.putPer1k as Partial<RegionPrices['s3']['putPer1k']>).STANDARD;
    broken.transfer.interRegionPerGb = 0;
    expect(missingFields(broken)).toEqual(['s3.putPer1k.STANDARD', 'transfer.interRegionPerGb']);
  });

  it('prices every commercial Region the S3 client can create a bucket in (us-east-1 and the aws partition)', () => {
    // BucketLocationConstraint lists the Regions of the SDK this build ships; "EU" is the legacy name
    // of eu-west-1, and the cn-* and us-gov-* Regions are other partitions (other prices, not covered).
    const commercial = ['us-east-1', ...Object.values(BucketLocationConstraint)].filter((r) => r !== 'EU' && !/^(cn|us-gov)-/.test(r));
    expect(commercial.length).toBeGreaterThan(30);
    expect(commercial.filter((r) => !defaultPriceTable.regions[r])).toEqual([]);
  });

  it('prices every Region of the seeds, the demo account and the issue’s replication destination', () => {
    const named = [
      'us-east-1', // seed 004: the key policy's kms:ViaService s3.us-east-1 and the key ARN
      'eu-west-1', // seed 000's stage
      'eu-west-2', // seed 003: "copy snapshot from eu-west-2 to ap-southeast-2"
      'ap-southeast-2', // seed 003
      'eu-central-1', // issue 17: a replication destination in the seeds' setup
      DEMO_REGION,
      DEMO_REPLICA_REGION,
    ];
    expect(named.filter((r) => !defaultPriceTable.regions[r])).toEqual([]);
  });

  it('every inferred figure says so in its Region note; read Regions carry none', () => {
    const inferred = regions.filter(([, p]) => p.note !== undefined).map(([r]) => r).sort();
    expect(inferred).toEqual(['ap-east-2', 'ap-southeast-4', 'ap-southeast-6', 'ap-southeast-7', 'eu-central-2', 'eu-south-2', 'me-central-1', 'me-west-1', 'mx-central-1', 'sa-west-1']);
    for (const [, p] of regions) if (p.note) expect(p.note).toMatch(/inferred from .+, not read for this Region/);
  });

  it('the figures of a read Region are its own (eu-central-1, Frankfurt)', () => {
    const fra = defaultPriceTable.regions['eu-central-1']!;
    expect(fra.s3.storageGbMonth.STANDARD).toBe(0.0245);
    expect(fra.s3.putPer1k.STANDARD).toBe(0.0054);
    expect(fra.s3.transitionPer1k.GLACIER).toBe(0.036);
    expect(fra.transfer.interRegionPerGb).toBe(0.02);
    // Sao Paulo is the dear one: inter-Region transfer $0.138/GB.
    expect(defaultPriceTable.regions['sa-east-1']!.transfer.interRegionPerGb).toBe(0.138);
  });

  it('replication to eu-central-1 is priced, not "not priced"', () => {
    const lines = estimateReplication(
      {
        resourceId: 'arn:aws:s3:::stage',
        sourceRegion: 'eu-west-1',
        destinationBucketArn: 'arn:aws:s3:::stage-replica',
        destinationRegion: 'eu-central-1',
        objectsPerMonth: 100_000,
        averageObjectBytes: 1024 ** 2,
        basis: 'measured',
        volumeNote: 'measured',
        replicaStorageBytes: { StandardStorage: 100 * 1024 ** 3 },
        storageNote: 'replica storage',
        notes: [],
      },
      defaultPriceTable,
    );
    expect(lines.filter(isUnpriced)).toEqual([]);
    // 100,000 × 1 MiB = 97.66 GiB × $0.02 out of eu-west-1; 100 × 1k PUTs × $0.0054 and 100 GiB × $0.0245 in Frankfurt.
    expect(lines.find((l) => l.component === 'replication-transfer')!.monthlyAmount).toBeCloseTo((100_000 / 1024) * 0.02, 10);
    expect(lines.find((l) => l.component === 'replication-put:STANDARD')!.monthlyAmount).toBeCloseTo(100 * 0.0054, 10);
    expect(lines.find((l) => l.component.startsWith('replication-storage'))!.monthlyAmount).toBeCloseTo(100 * 0.0245, 10);
  });
});
