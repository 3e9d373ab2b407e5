/**
 * (c) S3 storage by class, from the CloudWatch BucketSizeBytes StorageTypes of a bucket (GiB,
 * measured), and the GLACIER / DEEP_ARCHIVE per-object overhead.
 */
import type { CostLine } from '../model/cost.js';
import { costLine, pricesIn, type Basis } from './cost-line.js';
import { formatCount } from './format-amounts.js';
import type { PriceTable, StorageClass } from './price-table-types.js';
import { bytesToGiB } from './units.js';

interface StorageTypePrice {
  /** The class whose price applies. */
  storageClass: StorageClass;
  /** Component suffix: the class or tier the bytes are in ("s3-storage:GLACIER", "s3-storage-overhead:GLACIER"). */
  label: string;
  overhead?: true;
  what: string;
}

/**
 * CloudWatch StorageType → the price-table class it is billed at. Intelligent-Tiering tiers bill at
 * the list price of the class they mirror (IA tier = STANDARD_IA's, Archive Instant = GLACIER_IR's,
 * …); the table has one INTELLIGENT_TIERING figure, the Frequent Access tier.
 */
export const STORAGE_TYPE_PRICES: Readonly<Record<string, StorageTypePrice>> = {
  StandardStorage: { storageClass: 'STANDARD', label: 'STANDARD', what: 'STANDARD' },
  StandardIAStorage: { storageClass: 'STANDARD_IA', label: 'STANDARD_IA', what: 'STANDARD_IA' },
  StandardIASizeOverhead: { storageClass: 'STANDARD_IA', label: 'STANDARD_IA', overhead: true, what: 'STANDARD_IA 128 KB minimum-size overhead' },
  OneZoneIAStorage: { storageClass: 'ONEZONE_IA', label: 'ONEZONE_IA', what: 'ONEZONE_IA' },
  OneZoneIASizeOverhead: { storageClass: 'ONEZONE_IA', label: 'ONEZONE_IA', overhead: true, what: 'ONEZONE_IA 128 KB minimum-size overhead' },
  GlacierInstantRetrievalStorage: { storageClass: 'GLACIER_IR', label: 'GLACIER_IR', what: 'GLACIER_IR' },
  GlacierInstantRetrievalSizeOverhead: { storageClass: 'GLACIER_IR', label: 'GLACIER_IR', overhead: true, what: 'GLACIER_IR 128 KB minimum-size overhead' },
  GlacierStorage: { storageClass: 'GLACIER', label: 'GLACIER', what: 'GLACIER' },
  GlacierObjectOverhead: { storageClass: 'GLACIER', label: 'GLACIER', overhead: true, what: 'GLACIER 32 KB per-object overhead (GLACIER rate)' },
  GlacierS3ObjectOverhead: { storageClass: 'STANDARD', label: 'GLACIER', overhead: true, what: 'GLACIER 8 KB per-object overhead (STANDARD rate)' },
  DeepArchiveStorage: { storageClass: 'DEEP_ARCHIVE', label: 'DEEP_ARCHIVE', what: 'DEEP_ARCHIVE' },
  DeepArchiveObjectOverhead: { storageClass: 'DEEP_ARCHIVE', label: 'DEEP_ARCHIVE', overhead: true, what: 'DEEP_ARCHIVE 32 KB per-object overhead (DEEP_ARCHIVE rate)' },
  DeepArchiveS3ObjectOverhead: { storageClass: 'STANDARD', label: 'DEEP_ARCHIVE', overhead: true, what: 'DEEP_ARCHIVE 8 KB per-object overhead (STANDARD rate)' },
  IntelligentTieringFAStorage: { storageClass: 'INTELLIGENT_TIERING', label: 'INTELLIGENT_TIERING_FA', what: 'INTELLIGENT_TIERING Frequent Access' },
  IntelligentTieringIAStorage: { storageClass: 'STANDARD_IA', label: 'INTELLIGENT_TIERING_IA', what: 'INTELLIGENT_TIERING Infrequent Access (STANDARD_IA rate)' },
  IntelligentTieringAIAStorage: { storageClass: 'GLACIER_IR', label: 'INTELLIGENT_TIERING_AIA', what: 'INTELLIGENT_TIERING Archive Instant Access (GLACIER_IR rate)' },
  IntelligentTieringAAStorage: { storageClass: 'GLACIER', label: 'INTELLIGENT_TIERING_AA', what: 'INTELLIGENT_TIERING Archive Access (GLACIER rate)' },
  IntelligentTieringDAAStorage: { storageClass: 'DEEP_ARCHIVE', label: 'INTELLIGENT_TIERING_DAA', what: 'INTELLIGENT_TIERING Deep Archive Access (DEEP_ARCHIVE rate)' },
};

/** Archive classes whose objects carry 8 KB at STANDARD and 32 KB at the class rate, and the StorageTypes CloudWatch reports them under. */
const ARCHIVES = [
  { storageClass: 'GLACIER' as const, data: 'GlacierStorage', overhead: ['GlacierObjectOverhead', 'GlacierS3ObjectOverhead'] },
  { storageClass: 'DEEP_ARCHIVE' as const, data: 'DeepArchiveStorage', overhead: ['DeepArchiveObjectOverhead', 'DeepArchiveS3ObjectOverhead'] },
];

export interface StorageInput {
  resourceId: string;
  region: string;
  /** Bytes by CloudWatch StorageType. */
  storageBytes: Readonly<Record<string, number>>;
  /** NumberOfObjects over all storage types, when known. */
  objectCount?: number;
  /** Component prefix: 's3-storage' for a bucket, 'replication-storage' for its replica. */
  component?: string;
  basis?: Basis;
  note?: string;
}

const STANDARD_TIER_BYTES = 50 * 1024 ** 4;

/** One line per StorageType at its class price; StorageTypes with no price become unpriced lines. */
export function estimateStorage(input: StorageInput, prices: PriceTable): CostLine[] {
  const { rp, unpricedBecause } = pricesIn(prices, input.region);
  const prefix = input.component ?? 's3-storage';
  const basis = input.basis ?? 'measured';
  const lines: CostLine[] = [];
  const extra = input.note ? `; ${input.note}` : '';
  for (const [type, bytes] of Object.entries(input.storageBytes).sort(([a], [b]) => a.localeCompare(b))) {
    if (bytes <= 0) continue;
    const gib = bytesToGiB(bytes);
    const known = STORAGE_TYPE_PRICES[type];
    const draft = { resourceId: input.resourceId, region: input.region, quantity: gib, unit: 'GB-month', basis };
    if (!known) {
      lines.push(costLine({ ...draft, component: `${prefix}:${type}`, unitPrice: 0, note: `CloudWatch StorageType ${type}${extra}` }, unpricedBecause ?? `no price for StorageType ${type}`));
      continue;
    }
    const tier = known.storageClass === 'STANDARD' && bytes > STANDARD_TIER_BYTES ? '; first-tier price: STANDARD above 50 TB is cheaper' : '';
    const component = `${prefix}${known.overhead ? '-overhead' : ''}:${known.label}`;
    lines.push(costLine({ ...draft, component, unitPrice: rp.s3.storageGbMonth[known.storageClass], note: `${known.what} (${type}), ${formatCount(bytes)} bytes${tier}${extra}` }, unpricedBecause));
  }
  lines.push(...estimatedArchiveOverhead(input, prefix, prices));
  return lines;
}

/**
 * When CloudWatch reports archived bytes but not their overhead StorageTypes, the overhead is
 * estimated from the object count, taking archived objects as the archived share of the bytes
 * (assumed: objects of equal size).
 */
function estimatedArchiveOverhead(input: StorageInput, prefix: string, prices: PriceTable): CostLine[] {
  const { rp, unpricedBecause } = pricesIn(prices, input.region);
  const total = Object.entries(input.storageBytes).reduce((s, [t, b]) => (STORAGE_TYPE_PRICES[t] && !/Overhead/.test(t) ? s + b : s), 0);
  const lines: CostLine[] = [];
  for (const a of ARCHIVES) {
    const archived = input.storageBytes[a.data] ?? 0;
    if (archived <= 0 || a.overhead.some((t) => (input.storageBytes[t] ?? 0) > 0) || !input.objectCount || total <= 0) continue;
    const objects = (input.objectCount * archived) / total;
    const perObjectGbMonth = (bytes: number, price: number) => bytesToGiB(bytes) * price;
    const unitPrice = perObjectGbMonth(rp.s3.archiveOverheadStandardBytes, rp.s3.storageGbMonth.STANDARD) + perObjectGbMonth(rp.s3.archiveOverheadClassBytes, rp.s3.storageGbMonth[a.storageClass]);
    lines.push(
      costLine(
        {
          resourceId: input.resourceId,
          component: `${prefix}-overhead:${a.storageClass}`,
          region: input.region,
          quantity: objects,
          unit: 'object-month',
          unitPrice,
          basis: 'assumed',
          note: `${formatCount(objects)} archived objects ≈ ${formatCount(input.objectCount)} objects × ${a.data} share of bytes (assumed equal sizes); each bills ${formatCount(rp.s3.archiveOverheadStandardBytes)} bytes at STANDARD + ${formatCount(rp.s3.archiveOverheadClassBytes)} bytes at ${a.storageClass}`,
        },
        unpricedBecause,
      ),
    );
  }
  return lines;
}
