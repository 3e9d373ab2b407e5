import { builtInRegionPrices } from './price-table-regions.js';
import type { PriceTable } from './price-table-types.js';

/**
 * The built-in dated price table: every commercial AWS Region, compiled 2026-12-06 from the
 * sources named per Region in price-table-regions.ts. A Region missing here (a new one, or another
 * partition such as aws-cn or aws-us-gov) is "not priced", never $0: see cost-line.ts.
 */
export const defaultPriceTable: PriceTable = {
  priceTableDate: '2026-12-06',
  currency: 'USD',
  sources: [
    'S3: AWS price feed of the S3 pricing page (meteredUnitMaps/s3), as captured 2024-09-25 by github.com/StephenWetzel/aws_s3_pricing_scraper (commit 1466b74)',
    'Inter-Region transfer: AWS Price List (AWSDataTransfer, InterRegion Outbound) via Infracost data_transfer_test.golden (commit da0a586); ap-southeast-3 from skyplane aws_transfer_costs.csv (2022)',
    'KMS: https://aws.amazon.com/kms/pricing/ and the KMS Developer Guide, "Key rotation and pricing" (rotation surcharge capped at the second rotation); the same in every Region',
    'CloudTrail: https://aws.amazon.com/cloudtrail/pricing/ (data events $0.10 per 100,000); the same in every Region',
    'Minimum sizes and durations and archive overheads from the S3 User Guide storage-class pages',
    'Inferred, not read: all prices of ap-east-2, ap-southeast-6, ap-southeast-7, me-west-1, mx-central-1 and sa-west-1; inter-Region transfer of ap-southeast-4, eu-central-2, eu-south-2 and me-central-1; DEEP_ARCHIVE GET everywhere (each such Region carries a note)',
  ],
  kmsFreeTierRequestsPerMonth: 20_000,
  regions: builtInRegionPrices,
};
