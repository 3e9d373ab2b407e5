import type { CostLine } from '../model/cost.js';
import { defaultPriceTable } from './price-table.js';
import { STORAGE_CLASSES, type PriceTable, type RegionPrices, type StorageClass } from './price-table-types.js';

export type Basis = CostLine['basis'];

/** What a count read from the inventory is: measured in an account, planned in a Terraform plan. */
export const inventoryBasis = (inventory: { source: { kind: string } }): Basis => (inventory.source.kind === 'terraform-plan' ? 'planned' : 'measured');

/** The weakest of several bases: assumed over planned over measured. */
export const combinedBasis = (...bases: Basis[]): Basis => (bases.includes('assumed') ? 'assumed' : bases.includes('planned') ? 'planned' : 'measured');

/**
 * The marker for a line that could not be priced (a Region missing from the price table, a
 * CloudWatch StorageType with no price). It keeps the quantity and unit of what was not priced,
 * has unitPrice 0 and monthlyAmount 0, and its note starts with the reason ("no prices for region
 * ap-south-1"). An unpriced line is not free: the monthly total leaves it out, and estimateCost
 * says so in the assumptions.
 */
export const UNPRICED_COMPONENT = 'unpriced';

export const isUnpriced = (line: CostLine): boolean => line.component === UNPRICED_COMPONENT;

/** The reason an unpriced line carries ("no prices for region ap-south-1"), or undefined for a priced line. */
export function unpricedReason(line: CostLine): string | undefined {
  if (!isUnpriced(line)) return undefined;
  return /^(.+?) \([^)]*\): not priced and not in the total/.exec(line.note ?? '')?.[1];
}

export const noPricesForRegion = (region: string): string => `no prices for region ${region}`;

/** A line before pricing: monthlyAmount is always quantity × unitPrice (quantity counts `unit`s). */
export type LineDraft = Omit<CostLine, 'monthlyAmount'>;

/**
 * Builds a cost line. Amounts keep full precision (renderers round to cents), so a total of many
 * small lines is not a sum of rounding errors. With `unpricedBecause`, the line becomes an
 * unpriced marker instead.
 */
export function costLine(draft: LineDraft, unpricedBecause?: string): CostLine {
  if (unpricedBecause !== undefined) {
    const what = `${unpricedBecause} (${draft.component}): not priced and not in the total`;
    return withOptional({ ...draft, component: UNPRICED_COMPONENT, unitPrice: 0, monthlyAmount: 0, note: draft.note ? `${what}; ${draft.note}` : what });
  }
  return withOptional({ ...draft, monthlyAmount: draft.quantity * draft.unitPrice });
}

function withOptional(line: CostLine): CostLine {
  const out: CostLine = { ...line };
  if (out.region === undefined) delete out.region;
  if (out.note === undefined) delete out.note;
  return out;
}

const zeros = (): Record<StorageClass, number> => Object.fromEntries(STORAGE_CLASSES.map((c) => [c, 0])) as Record<StorageClass, number>;

/**
 * Stands in for a Region with no prices, so quantities can still be worked out; every line built
 * from it is marked unpriced. Prices are zero; the billing rules (minimum sizes and durations,
 * archive overheads, the rotation cap) are AWS's, the same everywhere.
 */
const billingRules = defaultPriceTable.regions['us-east-1']!;
const NO_PRICES: RegionPrices = {
  kms: { keyMonth: 0, rotationSurchargeMonth: 0, rotationSurchargeCap: billingRules.kms.rotationSurchargeCap, symmetricRequestsPer10k: 0 },
  s3: { ...billingRules.s3, storageGbMonth: zeros(), putPer1k: zeros(), getPer1k: zeros(), transitionPer1k: zeros() },
  transfer: { interRegionPerGb: 0 },
  cloudtrail: { dataEventsPer100k: 0 },
};

/** The Region's prices, or the all-zero stand-in plus the reason every line from it is unpriced. */
export function pricesIn(prices: PriceTable, region: string): { rp: RegionPrices; unpricedBecause?: string } {
  const rp = prices.regions[region];
  return rp ? { rp } : { rp: NO_PRICES, unpricedBecause: noPricesForRegion(region) };
}

export const sumAmounts = (lines: readonly CostLine[]): number => lines.reduce((s, l) => s + l.monthlyAmount, 0);
