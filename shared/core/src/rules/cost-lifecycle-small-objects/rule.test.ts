import { describe, expect, it } from 'vitest';
import { absent, present, unknown } from '../../model/observed.js';
import { inventoryWith, makeBucket, makeBucketOfObjects, runCostRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const KB = 1024;
const VARIES = 'varies_by_storage_class';

const cases = [
  {
    // eu-west-1 prices (a GLACIER transition is $0.033 per 1,000 there). 1.02 MB objects (measured:
    // 100 GiB / 100,000): IA pays back in about 1 month; GLACIER, compared with the STANDARD_IA the
    // objects leave, in 3.8 ($0.033 fee / ((1.02 MB × $0.0125) − (1.02 MB + 32 KB) × $0.0036 − 8 KB × $0.023)).
    name: '1 MB objects, 30 d IA + 90 d GLACIER',
    bucket: makeBucket(),
    status: 'pass',
    says: ['1.02 MB (measured', 'STANDARD_IA at day 30 pays back in 1 month;', 'GLACIER at day 90 pays back in 3.8 months'],
  },
  {
    // 10 KB into GLACIER, stays 12 months (no expiration: cost.assumptions.retentionMonths). Per million objects:
    // staying in STANDARD: 10 KB × 1e6 = 9.54 GB × $0.023 × 12 = $2.63;
    // moving: $33.00 fee + (42 KB × 1e6 = 40.05 GB × $0.0036 + 8 KB × 1e6 = 7.63 GB × $0.023) × 12 = $33.00 + $3.84 = $36.84.
    // Loss $36.84 − $2.63 = $34.20 per million objects.
    name: '10 KB objects, varies_by_storage_class: GLACIER loses',
    bucket: makeBucketOfObjects(10 * KB, 100_000, { minimumSize: VARIES }),
    status: 'fail',
    says: ['rule "tiering" moves objects of about 10 KB', 'GLACIER at day 90', 'the transition ($33.00)', 'cost $36.84, against $2.63 left in STANDARD for 12 months: a loss of $34.20 per million objects', 'never pays back'],
  },
  {
    name: '10 KB objects, the 128 KB default: nothing transitions',
    bucket: makeBucketOfObjects(10 * KB, 100_000),
    status: 'pass',
    says: ['objects under 128 KB do not transition to GLACIER (TransitionDefaultMinimumObjectSize unset: the S3 default, all_storage_classes_128K)', 'S3 never moves objects under 128 KB to STANDARD_IA'],
  },
  {
    name: '10 KB objects into DEEP_ARCHIVE (break-even about 13,000 months at $0.055 per 1,000 transitions)',
    bucket: makeBucketOfObjects(10 * KB, 100_000, { minimumSize: VARIES, transitions: [{ days: 90, storageClass: 'DEEP_ARCHIVE' }] }),
    status: 'fail',
    says: ['DEEP_ARCHIVE at day 90', 'the transition ($55.00)', 'pays back only after 13,04'],
  },
  {
    // 1 MB objects expire 10 days after reaching GLACIER, which bills 90 days: the minimum duration loses.
    name: 'GLACIER 10 days before expiry (minimum duration)',
    bucket: makeBucketOfObjects(1024 * KB, 100_000, { expirationDays: 100 }),
    status: 'fail',
    says: ['GLACIER at day 90', '3 months of GLACIER storage', 'GLACIER bills at least 3 months (its minimum duration), but the objects leave it after 0.3 months'],
  },
  {
    name: 'usage unknown: the assumed 1 MB average stands in',
    bucket: makeBucket({ usage: unknown('cloudwatch:GetMetricData AccessDenied') }),
    status: 'pass',
    says: ['assumed from profile cost.assumptions.averageObjectSizeBytes', 'AccessDenied'],
  },
  { name: 'no lifecycle configuration', bucket: makeBucket({ lifecycle: absent() }), status: 'not_applicable', says: ['no lifecycle'] },
  {
    name: 'expiration only',
    bucket: makeBucket({ lifecycle: present({ rules: [{ id: 'x', status: 'Enabled', filter: {}, transitions: [], noncurrentTransitions: [], noncurrentExpirationDays: 90 }] }) }),
    status: 'not_applicable',
    says: ['no Enabled lifecycle rule transitions'],
  },
  { name: 'lifecycle unreadable', bucket: makeBucket({ lifecycle: unknown('AccessDenied: s3:GetLifecycleConfiguration') }), status: 'unknown', says: ['AccessDenied'] },
  { name: 'Region with no prices (made up)', bucket: makeBucket({ region: 'xx-nowhere-1' }), status: 'unknown', says: ['no prices for region xx-nowhere-1'] },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ bucket, status, says }) => {
    const f = runCostRule(rule, inventoryWith('bucket', bucket));
    expect(f.status).toBe(status);
    for (const s of says) expect(f.message).toContain(s);
  });

  it('is not_applicable with --no-cost', () => {
    const bucket = makeBucketOfObjects(10 * KB, 100_000, { minimumSize: VARIES });
    expect(runCostRule(rule, inventoryWith('bucket', bucket), { costEnabled: false }).status).toBe('not_applicable');
  });

  it('gives the monthly loss and fees at the bucket’s rate, labelled measured', () => {
    // 1,000,000 PUTs a month × $0.033 / 1,000 = $33.00/month of GLACIER transition fees; the loss is $34.20 per million (above).
    const bucket = makeBucketOfObjects(10 * KB, 100_000, { minimumSize: VARIES, requests: { put: 1_000_000, get: 0 } });
    const f = runCostRule(rule, inventoryWith('bucket', bucket));
    expect(f.message).toContain("At 1,000,000 new objects a month (measured) that is $34.20 lost on each month's objects");
    expect(f.message).toContain('(transition fees $33.00/month)');
  });
});
