import type { PriceTable, RegionPrices } from './price-table-types.js';

/**
 * us-east-1 list prices, read 2026-11-24 (see ../../../../shared research: cost-quotas.md §1–2).
 * KMS: $1/key-month, +$1 for each of the first two rotations (capped since 2024), $0.03 per 10,000
 * symmetric requests, 20,000 free requests a month per account. S3 storage per GB-month (GiB),
 * requests and lifecycle transitions per 1,000. Inter-Region transfer $0.02/GB. CloudTrail data
 * events $0.10 per 100,000.
 */
const US_EAST_1: RegionPrices = {
  kms: { keyMonth: 1, rotationSurchargeMonth: 1, rotationSurchargeCap: 2, symmetricRequestsPer10k: 0.03 },
  s3: {
    storageGbMonth: { STANDARD: 0.023, STANDARD_IA: 0.0125, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.023, GLACIER_IR: 0.004, GLACIER: 0.0036, DEEP_ARCHIVE: 0.00099 },
    putPer1k: { STANDARD: 0.005, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.005, GLACIER_IR: 0.02, GLACIER: 0.03, DEEP_ARCHIVE: 0.05 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.0004, DEEP_ARCHIVE: 0.0004 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.03, DEEP_ARCHIVE: 0.05 },
    minBillableBytes: { STANDARD: 0, STANDARD_IA: 131_072, ONEZONE_IA: 131_072, INTELLIGENT_TIERING: 0, GLACIER_IR: 131_072, GLACIER: 0, DEEP_ARCHIVE: 0 },
    minDurationDays: { STANDARD: 0, STANDARD_IA: 30, ONEZONE_IA: 30, INTELLIGENT_TIERING: 0, GLACIER_IR: 90, GLACIER: 90, DEEP_ARCHIVE: 180 },
    archiveOverheadStandardBytes: 8_192,
    archiveOverheadClassBytes: 32_768,
  },
  transfer: { interRegionPerGb: 0.02 },
  cloudtrail: { dataEventsPer100k: 0.1 },
};

const SAME_AS_US_EAST_1 = 'taken equal to us-east-1: not verified against the Region’s own price list';

export const defaultPriceTable: PriceTable = {
  priceTableDate: '2026-11-24',
  currency: 'USD',
  sources: [
    'KMS: https://aws.amazon.com/kms/pricing/ and the KMS Developer Guide, "Key rotation and pricing" (rotation surcharge capped at the second rotation)',
    'S3: https://aws.amazon.com/s3/pricing/ (us-east-1); minimum sizes and durations from the S3 User Guide storage-class pages',
    'Data transfer: inter-Region $0.02/GB from us-east-1 and eu-west-1',
    'CloudTrail: https://aws.amazon.com/cloudtrail/pricing/ (data events $0.10 per 100,000)',
    'GLACIER_IR request and transition prices are from third-party copies of the price list (unverified)',
  ],
  kmsFreeTierRequestsPerMonth: 20_000,
  regions: {
    'us-east-1': US_EAST_1,
    'eu-west-1': { ...US_EAST_1, note: SAME_AS_US_EAST_1 },
    'eu-west-2': { ...US_EAST_1, note: SAME_AS_US_EAST_1 },
  },
};
