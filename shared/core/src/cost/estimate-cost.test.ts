import { describe, expect, it } from 'vitest';
import { present, unknown } from '../model/observed.js';
import { costSectionSchema } from '../report/schema.js';
import bucketKeyRule from '../rules/cost-bucket-key-disabled/rule.js';
import replicationRule from '../rules/cost-replication-transfer/rule.js';
import unusedKeyRule from '../rules/cost-unused-kms-key/rule.js';
import { BUCKET, BUCKET_ARN, inventoryWithTrails, KEY_ARN, makeBucket, makeInventory, makeKeyWithMetadata, makeMrkInventory, makeProfile, makeTrail, runCostRule } from '../testing/inventory-builders.js';
import { isUnpriced, sumAmounts } from './cost-line.js';
import { estimateCost } from './estimate-cost.js';
import { formatUsd, formatUsdRange } from './format-amounts.js';
import { defaultPriceTable } from './price-table.js';
import { estimateStorage } from './storage-cost.js';

const GIB = 1024 ** 3;
const noBucketKey = present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN, bucketKeyEnabled: false }]);

describe('estimateCost', () => {
  it('returns a cost section the report schema accepts, its total the sum of its lines', () => {
    const cost = estimateCost(makeInventory(), makeProfile());
    expect(costSectionSchema.parse(cost)).toEqual(cost);
    expect(cost.priceTableDate).toBe(defaultPriceTable.priceTableDate);
    expect(cost.currency).toBe('USD');
    expect(cost.monthlyTotal).toBe(sumAmounts(cost.lines));
    for (const l of cost.lines) expect(l.monthlyAmount).toBe(l.quantity * l.unitPrice);
  });

  it('names every assumption it used, with its value', () => {
    const { assumptions } = estimateCost(makeInventory(), makeProfile());
    const text = assumptions.join('\n');
    expect(text).toContain('Request volume assumed at 100,000 PUTs and 300,000 GETs per bucket per month');
    expect(text).toContain(`for: ${BUCKET}, ${BUCKET}-logs`);
    expect(text).toContain('A Bucket Key leaves 1 %–10 % of the KMS requests');
    expect(text).toContain('Lifecycle: in steady state');
    expect(text).toContain('12 months (cost.assumptions.retentionMonths)');
    // eu-west-1's prices are read, not inferred: no caveat for the Region.
    expect(text).not.toContain('Prices for eu-west-1');
    expect(text).toContain('GB means GiB');
    // The average object size is measured here (100 GiB / 100,000 objects): not listed as assumed.
    expect(text).not.toContain('Average object size assumed');
    // No replication in this inventory: no replication assumption.
    expect(text).not.toContain('Replication:');
  });

  it('labels assumed lines and lists what it could not estimate', () => {
    const inv = makeInventory({ buckets: [makeBucket({ usage: unknown('cloudwatch:GetMetricData AccessDenied') })] });
    const cost = estimateCost(inv, makeProfile());
    expect(cost.lines.some((l) => l.component.startsWith('s3-storage'))).toBe(false);
    expect(cost.assumptions).toContain(`Not estimated: storage of ${BUCKET} (CloudWatch usage unknown: cloudwatch:GetMetricData AccessDenied).`);
    expect(cost.assumptions.some((a) => a.startsWith('Average object size assumed at 1 MB'))).toBe(true);
    const kms = cost.lines.find((l) => l.component === 'kms-requests')!;
    expect(kms.basis).toBe('assumed');
    expect(kms.note).toContain('CloudWatch usage is unknown: cloudwatch:GetMetricData AccessDenied');
  });

  it('applies the KMS free tier once for the account, never per bucket', () => {
    // Two buckets without Bucket Key: 2 × 400,000 assumed requests = 800,000 = $2.40; one −20,000 line = −$0.06.
    const a = makeBucket({ encryption: noBucketKey });
    const b = makeBucket({ name: 'second', arn: 'arn:aws:s3:::second', encryption: noBucketKey });
    const cost = estimateCost(makeInventory({ buckets: [a, b] }), makeProfile());
    const free = cost.lines.filter((l) => l.component === 'kms-free-tier');
    expect(free).toHaveLength(1);
    expect(free[0]!.monthlyAmount).toBeCloseTo(-0.06, 10);
    expect(sumAmounts(cost.lines.filter((l) => l.component === 'kms-requests'))).toBeCloseTo(2.4, 10);
    expect(cost.savings.map((s) => s.resourceId)).toEqual([a.arn, b.arn]);
  });

  it('gives the same figures as the cost rules', () => {
    const inv = makeInventory({ buckets: [makeBucket({ encryption: noBucketKey })], keys: [makeKeyWithMetadata({ creationDate: '2024-11-01T00:00:00Z' }, { referencedBy: [] })] });
    const cost = estimateCost(inv, makeProfile());
    const finding = runCostRule(bucketKeyRule, inv);
    expect(finding.evidence!['costLine']).toEqual(cost.lines.find((l) => l.component === 'kms-requests'));
    const saving = cost.savings.find((s) => s.resourceId === makeBucket().arn)!;
    expect(finding.message).toContain(`saving ${formatUsdRange(saving.monthlyLow, saving.monthlyHigh)}/month`);

    const keySaving = cost.savings.find((s) => s.resourceId === KEY_ARN)!;
    expect(runCostRule(unusedKeyRule, inv, { resource: KEY_ARN }).message).toContain(`${formatUsd(keySaving.monthlyLow)}/month`);

    const mrk = makeMrkInventory();
    const mrkCost = estimateCost(mrk, makeProfile());
    const replication = sumAmounts(mrkCost.lines.filter((l) => l.resourceId === mrk.buckets[0]!.arn && l.component.startsWith('replication-')));
    const r = runCostRule(replicationRule, mrk, { resource: BUCKET });
    expect((r.evidence!['monthly'] as { total: number }).total).toBeCloseTo(replication, 12);
    expect(r.message).toContain(`costs about ${formatUsd(replication)}/month`);
    expect(mrkCost.assumptions.some((a) => a.startsWith('Replication:'))).toBe(true);
  });
});

describe('estimateCost: CloudTrail data events', () => {
  const dataLines = (inv: Parameters<typeof estimateCost>[0]) => estimateCost(inv, makeProfile()).lines.filter((l) => l.component === 'cloudtrail-data-events');
  const withReadOnly = (value: string) =>
    makeTrail({
      name: `trail-${value}`,
      arn: `arn:aws:cloudtrail:eu-west-1:111122223333:trail/trail-${value}`,
      selectors: present({
        advanced: [
          {
            name: 'data',
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Data'] },
              { field: 'resources.type', equals: ['AWS::S3::Object'] },
              { field: 'readOnly', equals: [value] },
            ],
          },
        ],
      }),
    });

  it('prices the assumed 100,000 PUTs + 300,000 GETs a month at $0.10 per 100,000 events, per trail that records them', () => {
    const [line] = dataLines(inventoryWithTrails());
    expect(line).toMatchObject({ resourceId: BUCKET_ARN, quantity: 4, unitPrice: 0.1, monthlyAmount: 0.4, basis: 'assumed' });
    expect(line!.note).toMatch(/trail .* records read and write data events/);
    // A second trail recording the same events bills them again.
    const twice = dataLines(inventoryWithTrails([makeTrail(), makeTrail({ name: 'second', arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/second' })]));
    expect(sumAmounts(twice)).toBeCloseTo(0.8, 10);
  });

  it('read-only and write-only selectors bill only their half', () => {
    expect(dataLines(inventoryWithTrails([withReadOnly('true')])).find((l) => l.resourceId === BUCKET_ARN)?.quantity).toBe(3);
    expect(dataLines(inventoryWithTrails([withReadOnly('false')])).find((l) => l.resourceId === BUCKET_ARN)?.quantity).toBe(1);
  });

  it('a trail that is not logging costs nothing; one whose selectors are unreadable is listed as not estimated', () => {
    expect(dataLines(inventoryWithTrails([makeTrail({ status: present({ isLogging: false }) })]))).toEqual([]);
    const cost = estimateCost(inventoryWithTrails([makeTrail({ selectors: unknown('AccessDenied') })]), makeProfile());
    expect(cost.lines.filter((l) => l.component === 'cloudtrail-data-events')).toEqual([]);
    expect(cost.assumptions.some((a) => a.startsWith(`Not estimated: CloudTrail data events of ${BUCKET} in trail`))).toBe(true);
  });

  it('says how data events are counted only when it priced some', () => {
    expect(estimateCost(makeInventory(), makeProfile()).assumptions.some((a) => a.startsWith('CloudTrail data events'))).toBe(false);
    expect(estimateCost(inventoryWithTrails(), makeProfile()).assumptions.some((a) => a.startsWith('CloudTrail data events'))).toBe(true);
  });
});

describe('estimateStorage', () => {
  it('prices each CloudWatch StorageType at its class, including the overheads CloudWatch reports', () => {
    const lines = estimateStorage(
      {
        resourceId: 'b',
        region: 'us-east-1',
        storageBytes: { StandardStorage: 10 * GIB, StandardIAStorage: 10 * GIB, StandardIASizeOverhead: GIB, GlacierStorage: 100 * GIB, GlacierObjectOverhead: GIB, GlacierS3ObjectOverhead: GIB },
        objectCount: 1000,
      },
      defaultPriceTable,
    );
    const by = Object.fromEntries(lines.map((l) => [l.note!.split(' (')[0], l.monthlyAmount]));
    // 10 × 0.023; 10 × 0.0125; 1 × 0.0125; 100 × 0.0036; 1 × 0.0036; 1 × 0.023.
    expect(by['STANDARD']).toBeCloseTo(0.23, 10);
    expect(by['STANDARD_IA']).toBeCloseTo(0.125, 10);
    expect(by['STANDARD_IA 128 KB minimum-size overhead']).toBeCloseTo(0.0125, 10);
    expect(by['GLACIER']).toBeCloseTo(0.36, 10);
    expect(by['GLACIER 32 KB per-object overhead']).toBeCloseTo(0.0036, 10);
    expect(by['GLACIER 8 KB per-object overhead']).toBeCloseTo(0.023, 10);
    expect(lines.map((l) => l.component).sort()).toEqual([
      's3-storage-overhead:GLACIER',
      's3-storage-overhead:GLACIER',
      's3-storage-overhead:STANDARD_IA',
      's3-storage:GLACIER',
      's3-storage:STANDARD',
      's3-storage:STANDARD_IA',
    ]);
    // The overhead is reported, so none is estimated from the object count.
    expect(lines.some((l) => l.unit === 'object-month' || l.basis === 'assumed')).toBe(false);
  });

  it('estimates the archive overhead from the object count when CloudWatch does not report it (assumed)', () => {
    // 1,000,000 objects, half the bytes in GLACIER → 500,000 archived objects × (8 KB × $0.023 + 32 KB × $0.0036) / GB.
    const lines = estimateStorage({ resourceId: 'b', region: 'us-east-1', storageBytes: { StandardStorage: 50 * GIB, GlacierStorage: 50 * GIB }, objectCount: 1_000_000 }, defaultPriceTable);
    const overhead = lines.find((l) => l.component === 's3-storage-overhead:GLACIER')!;
    expect(overhead.basis).toBe('assumed');
    expect(overhead.quantity).toBe(500_000);
    expect(overhead.monthlyAmount).toBeCloseTo((500_000 * (8192 * 0.023 + 32768 * 0.0036)) / GIB, 10);
  });

  it('marks a StorageType with no price as unpriced', () => {
    const [l] = estimateStorage({ resourceId: 'b', region: 'us-east-1', storageBytes: { ReducedRedundancyStorage: GIB } }, defaultPriceTable);
    expect(isUnpriced(l!)).toBe(true);
    expect(l!.note).toMatch(/^no price for StorageType ReducedRedundancyStorage/);
  });
});

describe('formatUsd', () => {
  it.each([
    [3, '$3.00'],
    [2.94, '$2.94'],
    [-0.06, '-$0.06'],
    [1234.5, '$1,234.50'],
    [0, '$0.00'],
    [0.0042, '$0.0042'],
    [9.5367431640625, '$9.54'],
  ])('%s → %s', (amount, text) => {
    expect(formatUsd(amount)).toBe(text);
  });
});
