/**
 * The shape of a dated price table. The data lives in price-table.ts (built-in) or a user file
 * (--price-table), validated by price-table-schema.ts.
 */
export const STORAGE_CLASSES = ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];

export interface RegionPrices {
  kms: {
    /** Customer-managed key, per key-month (each multi-Region primary and replica is a key). */
    keyMonth: number;
    /** Added per key-month for each of the first `rotationSurchargeCap` rotations. */
    rotationSurchargeMonth: number;
    rotationSurchargeCap: number;
    /** Symmetric requests (Encrypt, Decrypt, GenerateDataKey, …), per 10,000. */
    symmetricRequestsPer10k: number;
  };
  s3: {
    storageGbMonth: Record<StorageClass, number>;
    putPer1k: Record<StorageClass, number>;
    getPer1k: Record<StorageClass, number>;
    /** Lifecycle transition into the class, per 1,000 objects (STANDARD: 0). */
    transitionPer1k: Record<StorageClass, number>;
    /** Objects smaller than this are billed as this size (128 KB for the IA classes and GLACIER_IR). */
    minBillableBytes: Record<StorageClass, number>;
    minDurationDays: Record<StorageClass, number>;
    /** GLACIER and DEEP_ARCHIVE bill 8 KB per object at STANDARD and 32 KB at the class rate. */
    archiveOverheadStandardBytes: number;
    archiveOverheadClassBytes: number;
  };
  transfer: { interRegionPerGb: number };
  cloudtrail: { dataEventsPer100k: number };
}

export interface PriceTable {
  /** The day these prices were read (ISO date); shown on every cost output. */
  priceTableDate: string;
  currency: 'USD';
  /** Where the figures come from, and which are unverified. */
  sources: string[];
  /** KMS free tier, requests per month, counted across all Regions of an account. */
  kmsFreeTierRequestsPerMonth: number;
  regions: Record<string, RegionPrices & { note?: string }>;
  /**
   * Where a Region's prices came from, when not (only) from this table as dated: the AWS Price List
   * (--prices aws) or an override file. A Region without an entry is priced by the table as dated.
   */
  regionSources?: Record<string, string>;
}
