/**
 * (b) KMS requests S3 makes for an SSE-KMS bucket: one GenerateDataKey per PUT, one Decrypt per
 * GET, and for each replicated object a Decrypt at the source and an Encrypt at the destination.
 * A Bucket Key leaves a share of them (AWS: "up to 99 %" fewer), given as a range. The account's
 * free tier (20,000 requests a month across all Regions) is one negative line for the account,
 * never subtracted per bucket.
 */
import type { CostLine, CostSaving } from '../model/cost.js';
import { combinedBasis, costLine, isUnpriced, pricesIn, type Basis } from './cost-line.js';
import { formatCount, formatPercent, formatUsd, formatUsdRange } from './format-amounts.js';
import type { PriceTable } from './price-table-types.js';

export const KMS_REQUEST_COMPONENT = 'kms-requests';
const PER = 10_000;

export interface KmsRequestInput {
  resourceId: string;
  region: string;
  /** Per month. */
  puts: number;
  gets: number;
  /** Objects replicated per month, summed over destinations: two KMS requests each. */
  replicatedObjects: number;
  basis: Basis;
  /** Where puts and gets come from (measured or assumed, with the values). */
  volumeNote: string;
  bucketKey: boolean;
  /** Share of requests a Bucket Key leaves: low..high (profile bucketKeyResidualLow/High). */
  residualLow: number;
  residualHigh: number;
}

export interface KmsRequestCounts {
  withoutBucketKey: number;
  /** With a Bucket Key a range; without one, both equal withoutBucketKey. */
  low: number;
  high: number;
}

/** PUTs + GETs + 2 × replicated objects; with a Bucket Key, that × residualLow..residualHigh. */
export function kmsRequestCounts(input: KmsRequestInput): KmsRequestCounts {
  const withoutBucketKey = input.puts + input.gets + 2 * input.replicatedObjects;
  if (!input.bucketKey) return { withoutBucketKey, low: withoutBucketKey, high: withoutBucketKey };
  return { withoutBucketKey, low: withoutBucketKey * input.residualLow, high: withoutBucketKey * input.residualHigh };
}

/** Dollars for `requests` at `pricePer10k`. */
export const kmsRequestCost = (requests: number, pricePer10k: number): number => (requests / PER) * pricePer10k;

/** What an account pays for `requests` a month once the free tier is taken off. */
export const kmsRequestCostAfterFreeTier = (requests: number, pricePer10k: number, freeTier: number): number =>
  kmsRequestCost(Math.max(0, requests - freeTier), pricePer10k);

/**
 * One line per bucket. With a Bucket Key the quantity is the high end of the range (the total
 * should not understate a cost), and the note gives the whole range.
 */
export function estimateKmsRequests(input: KmsRequestInput, prices: PriceTable): CostLine[] {
  const { rp, unpricedBecause } = pricesIn(prices, input.region);
  const price = rp.kms.symmetricRequestsPer10k;
  const c = kmsRequestCounts(input);
  const parts = [`${formatCount(input.puts)} PUTs (GenerateDataKey)`, `${formatCount(input.gets)} GETs (Decrypt)`];
  if (input.replicatedObjects > 0) parts.push(`2 × ${formatCount(input.replicatedObjects)} replicated objects (Decrypt at the source, Encrypt at the destination)`);
  let note = `${formatCount(c.withoutBucketKey)} requests = ${parts.join(' + ')}; ${input.volumeNote}`;
  if (input.bucketKey) {
    note +=
      `; Bucket Key on: ${formatPercent(input.residualLow)}–${formatPercent(input.residualHigh)} of them remain, ` +
      `${formatCount(c.low)}–${formatCount(c.high)} requests (${formatUsdRange(kmsRequestCost(c.low, price), kmsRequestCost(c.high, price))} before the free tier); this line counts the high end`;
  } else {
    note += '; no Bucket Key: one KMS request per object request';
  }
  return [
    costLine({ resourceId: input.resourceId, component: KMS_REQUEST_COMPONENT, region: input.region, quantity: c.high / PER, unit: '10k requests', unitPrice: price, basis: input.basis, note }, unpricedBecause),
  ];
}

/**
 * Enabling a Bucket Key on a bucket without one: saves (without − with) requests, a range because
 * the share left is. Before the account's free tier, so savings of several buckets add up.
 */
export function bucketKeySaving(input: KmsRequestInput, prices: PriceTable): CostSaving | undefined {
  const rp = prices.regions[input.region];
  if (input.bucketKey || !rp) return undefined;
  const { withoutBucketKey: n } = kmsRequestCounts(input);
  const price = rp.kms.symmetricRequestsPer10k;
  return {
    resourceId: input.resourceId,
    action: 'Enable S3 Bucket Key on the default encryption rule',
    monthlyLow: kmsRequestCost(n * (1 - input.residualHigh), price),
    monthlyHigh: kmsRequestCost(n * (1 - input.residualLow), price),
    note:
      `${formatCount(n)} KMS requests a month (${formatUsd(kmsRequestCost(n, price))}) would fall to ${formatCount(n * input.residualLow)}–${formatCount(n * input.residualHigh)}; ` +
      `only objects written after enabling it benefit (existing objects keep per-object keys until re-written, e.g. with CopyObject); before the account's KMS free tier; ${input.basis}`,
  };
}

/**
 * The account's free tier as one negative line, against the priced KMS request lines of every
 * Region (unpriced lines cannot be offset). Priced at the lowest request price among them, so the
 * credit is never overstated.
 */
export function kmsFreeTierLine(accountRootArn: string, lines: readonly CostLine[], prices: PriceTable): CostLine[] {
  const kms = lines.filter((l) => l.component === KMS_REQUEST_COMPONENT && !isUnpriced(l));
  if (kms.length === 0 || prices.kmsFreeTierRequestsPerMonth <= 0) return [];
  const requests = kms.reduce((s, l) => s + l.quantity * PER, 0);
  const free = Math.min(requests, prices.kmsFreeTierRequestsPerMonth);
  if (free <= 0) return [];
  const price = Math.min(...kms.map((l) => l.unitPrice));
  return [
    costLine({
      resourceId: accountRootArn,
      component: 'kms-free-tier',
      quantity: -free / PER,
      unit: '10k requests',
      unitPrice: price,
      basis: combinedBasis(...kms.map((l) => l.basis)),
      note: `${formatCount(prices.kmsFreeTierRequestsPerMonth)} free KMS requests a month per account (all Regions), applied once against the ${formatCount(requests)} requests of the KMS request lines`,
    }),
  ];
}
