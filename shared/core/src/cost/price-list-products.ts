/**
 * Maps AWS Price List products (GetProducts, FormatVersion aws_v1) onto the price table's fields.
 * Pure: the collector (collect/aws/price-list.ts) reads the products, this decides which price each
 * one is. A field is read only from products that name it unambiguously; anything else is left to
 * the built-in table, and the caller says which fields those are.
 *
 * Product shape: { product: { productFamily, attributes: { usagetype, operation, regionCode, … } },
 * terms: { OnDemand: { <sku>.<offer>: { priceDimensions: { <rate>: { unit, beginRange, endRange,
 * pricePerUnit: { USD } } } } } } }. Usage types carry a Region prefix outside us-east-1
 * ("EUC1-TimedStorage-ByteHrs"), so they are matched on their suffix.
 */
import { STORAGE_CLASSES, type StorageClass } from './price-table-types.js';

export interface PriceListProduct {
  product?: { productFamily?: string; attributes?: Record<string, string | undefined> };
  terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, PriceDimension> }> };
}

interface PriceDimension {
  unit?: string;
  beginRange?: string;
  endRange?: string;
  pricePerUnit?: { USD?: string };
}

/** The price-table fields the Price List can give, as paths into RegionPrices. */
export type PriceListField =
  | `s3.storageGbMonth.${StorageClass}`
  | `s3.putPer1k.${StorageClass}`
  | `s3.getPer1k.${StorageClass}`
  | `s3.transitionPer1k.${StorageClass}`
  | 'kms.keyMonth'
  | 'kms.symmetricRequestsPer10k'
  | 'transfer.interRegionPerGb'
  | 'cloudtrail.dataEventsPer100k';

/** The Price List services read, by service code. */
export const PRICE_LIST_SERVICES = ['AmazonS3', 'awskms', 'AWSCloudTrail', 'AWSDataTransfer'] as const;
export type PriceListService = (typeof PRICE_LIST_SERVICES)[number];

const CODES: Record<StorageClass, string> = {
  STANDARD: '',
  STANDARD_IA: 'SIA-',
  ONEZONE_IA: 'ZIA-',
  INTELLIGENT_TIERING: 'INT-',
  GLACIER_IR: 'GIR-',
  GLACIER: 'GLACIER-',
  DEEP_ARCHIVE: 'GDA-',
};

/** Storage usage types (S3 User Guide, "Understanding your AWS billing and usage reports for Amazon S3"). */
const STORAGE_USAGE: Record<StorageClass, string> = {
  STANDARD: 'TimedStorage-ByteHrs',
  STANDARD_IA: 'TimedStorage-SIA-ByteHrs',
  ONEZONE_IA: 'TimedStorage-ZIA-ByteHrs',
  // The Frequent Access tier: the one the table prices Intelligent-Tiering at.
  INTELLIGENT_TIERING: 'TimedStorage-INT-FA-ByteHrs',
  GLACIER_IR: 'TimedStorage-GIR-ByteHrs',
  GLACIER: 'TimedStorage-GlacierByteHrs',
  DEEP_ARCHIVE: 'TimedStorage-GDA-ByteHrs',
};

/**
 * Lifecycle transitions into a class: Requests-Tier4 for the IA classes and Intelligent-Tiering
 * (operation empty), Requests-Tier3 with the class's transition operation for the Glacier classes.
 * GLACIER_IR transitions share Requests-Tier4 at another price under an operation not confirmed
 * here, so they are not read (the built-in figure stays).
 */
const TRANSITION: Partial<Record<StorageClass, { usage: string; operation: string }>> = {
  STANDARD_IA: { usage: 'Requests-Tier4', operation: '' },
  ONEZONE_IA: { usage: 'Requests-Tier4', operation: '' },
  INTELLIGENT_TIERING: { usage: 'Requests-Tier4', operation: '' },
  GLACIER: { usage: 'Requests-Tier3', operation: 'S3-GlacierTransition' },
  DEEP_ARCHIVE: { usage: 'Requests-Tier3', operation: 'S3-GDATransition' },
};

interface Matcher {
  field: PriceListField;
  service: PriceListService;
  matches: (p: PriceListProduct, attrs: Record<string, string | undefined>) => boolean;
  /** From the Price List unit to the table's unit (per request → per 1,000, …). */
  factor: number;
  unit?: RegExp;
}

const usageIs = (attrs: Record<string, string | undefined>, usage: string): boolean => {
  const u = attrs['usagetype'] ?? '';
  return u === usage || u.endsWith(`-${usage}`);
};

const MATCHERS: Matcher[] = [
  ...STORAGE_CLASSES.map((c): Matcher => ({ field: `s3.storageGbMonth.${c}`, service: 'AmazonS3', matches: (_p, a) => usageIs(a, STORAGE_USAGE[c]), factor: 1, unit: /^GB-Mo$/i })),
  ...STORAGE_CLASSES.map((c): Matcher => ({ field: `s3.putPer1k.${c}`, service: 'AmazonS3', matches: (_p, a) => usageIs(a, `Requests-${CODES[c]}Tier1`), factor: 1000, unit: /^requests?$/i })),
  ...STORAGE_CLASSES.map((c): Matcher => ({ field: `s3.getPer1k.${c}`, service: 'AmazonS3', matches: (_p, a) => usageIs(a, `Requests-${CODES[c]}Tier2`), factor: 1000, unit: /^requests?$/i })),
  ...Object.entries(TRANSITION).map(
    ([c, t]): Matcher => ({
      field: `s3.transitionPer1k.${c as StorageClass}`,
      service: 'AmazonS3',
      matches: (_p, a) => usageIs(a, t.usage) && (a['operation'] ?? '') === t.operation,
      factor: 1000,
      unit: /^requests?$/i,
    }),
  ),
  { field: 'kms.keyMonth', service: 'awskms', matches: (_p, a) => usageIs(a, 'KMS-Keys'), factor: 1 },
  { field: 'kms.symmetricRequestsPer10k', service: 'awskms', matches: (_p, a) => usageIs(a, 'KMS-Requests'), factor: 10_000 },
  {
    field: 'cloudtrail.dataEventsPer100k',
    service: 'AWSCloudTrail',
    matches: (p) => p.product?.productFamily === 'Management Tools - AWS CloudTrail Data Events Recorded',
    factor: 100_000,
  },
];

/**
 * Prices the estimators read that are not taken from the Price List: the KMS rotation surcharge is
 * billed as key-months, not a product of its own, and the GLACIER_IR transition's product is not
 * identified (above). (Billing rules such as minimum sizes are AWS's rules, not prices.)
 */
export const NOT_IN_PRICE_LIST = ['kms.rotationSurchargeMonth', 's3.transitionPer1k.GLACIER_IR'] as const;

/** Every field the Price List can give (the rest of the table always comes from the built-in table). */
export const PRICE_LIST_FIELDS: readonly PriceListField[] = [...MATCHERS.map((m) => m.field), 'transfer.interRegionPerGb'];

export interface RegionRead {
  /** Fields read, with their value in the table's unit. */
  prices: Partial<Record<PriceListField, number>>;
  /** Fields several products matched at different prices: not read, and why. */
  ambiguous: Partial<Record<PriceListField, string>>;
}

/**
 * The prices of one Region in the products of each service. Products of another Region, and
 * entries that are not products, are ignored.
 */
export function pricesFromProducts(region: string, products: Partial<Record<PriceListService, readonly PriceListProduct[]>>): RegionRead {
  const out: RegionRead = { prices: {}, ambiguous: {} };
  for (const m of MATCHERS) {
    const found = new Set<number>();
    for (const p of products[m.service] ?? []) {
      const attrs = p.product?.attributes ?? {};
      if (attrs['regionCode'] !== undefined && attrs['regionCode'] !== region) continue;
      if (!m.matches(p, attrs)) continue;
      const price = paidPrice(p, m.unit);
      if (price !== undefined) found.add(round(price * m.factor));
    }
    if (found.size === 1) out.prices[m.field] = [...found][0]!;
    else if (found.size > 1) out.ambiguous[m.field] = `${found.size} products at different prices (${[...found].sort((a, b) => a - b).join(', ')})`;
  }
  const transfer = interRegionRate(region, products.AWSDataTransfer ?? []);
  if (transfer !== undefined) out.prices['transfer.interRegionPerGb'] = transfer;
  return out;
}

/**
 * Transfer out to another Region is priced per destination (us-east-1 → us-east-2 is cheaper); the
 * table keeps one rate per source Region, the one most destinations have (the higher on a tie).
 */
function interRegionRate(region: string, products: readonly PriceListProduct[]): number | undefined {
  const counts = new Map<number, number>();
  for (const p of products) {
    const a = p.product?.attributes ?? {};
    if (a['transferType'] !== 'InterRegion Outbound' || a['fromRegionCode'] !== region || a['toRegionCode'] === region) continue;
    const price = paidPrice(p, /^GB$/i);
    if (price !== undefined) counts.set(round(price), (counts.get(round(price)) ?? 0) + 1);
  }
  let best: number | undefined;
  for (const [price, n] of counts) if (best === undefined || n > counts.get(best)! || (n === counts.get(best)! && price > best)) best = price;
  return best;
}

/**
 * The first paid tier of a product's on-demand price: the dimension with the lowest beginRange and
 * a price above zero (a free-tier dimension, such as KMS's first 20,000 requests, is skipped; the
 * free tier is applied once per account elsewhere). Undefined when the unit is not the expected
 * one or no dimension has a positive USD price.
 */
function paidPrice(p: PriceListProduct, unit: RegExp | undefined): number | undefined {
  const dims = Object.values(p.terms?.OnDemand ?? {}).flatMap((t) => Object.values(t.priceDimensions ?? {}));
  let best: { begin: number; price: number } | undefined;
  for (const d of dims) {
    if (unit && !unit.test(d.unit ?? '')) continue;
    const price = Number(d.pricePerUnit?.USD);
    const begin = Number(d.beginRange ?? '0');
    if (!Number.isFinite(price) || price <= 0 || !Number.isFinite(begin)) continue;
    if (!best || begin < best.begin) best = { begin, price };
  }
  return best?.price;
}

/** Price List figures are decimal strings; × 1,000 in binary floating point leaves 0.005000000000000001. */
const round = (n: number): number => Number(n.toPrecision(12));
