/**
 * The assumptions section of a cost estimate: every assumption estimateCost actually used, in
 * words with its value, and every figure it could not price or estimate. Nothing here is a default
 * the reader cannot see.
 */
import type { CostLine } from '../model/cost.js';
import type { Profile } from '../profile/schema.js';
import { UNPRICED_COMPONENT, unpricedReason } from './cost-line.js';
import { formatCount, formatObjectSize, formatPercent } from './format-amounts.js';
import type { PriceTable } from './price-table-types.js';

/** What the estimate leaned on, recorded while it runs. */
export class AssumptionsUsed {
  readonly assumedVolume: string[] = [];
  readonly assumedSize: string[] = [];
  readonly rotationAtCap: string[] = [];
  readonly notEstimated: string[] = [];
  readonly oneOff: string[] = [];
  kmsRequests = false;
  bucketKeyRange = false;
  lifecycle = false;
  replication = false;
  dataEvents = false;
}

export function describeAssumptions(used: AssumptionsUsed, lines: readonly CostLine[], profile: Profile, prices: PriceTable): string[] {
  const a = profile.cost.assumptions;
  const out: string[] = [
    `Prices from the table dated ${prices.priceTableDate} (${prices.currency}); GB means GiB (2^30 bytes), as S3 bills; amounts keep full precision and reports round them to cents.`,
  ];

  const priced = new Set(lines.filter((l) => l.component !== UNPRICED_COMPONENT && l.region).map((l) => l.region!));
  for (const region of [...priced].sort()) {
    const source = prices.regionSources?.[region];
    if (source) out.push(`Prices for ${region}: ${source}.`);
    const note = prices.regions[region]?.note;
    if (note) out.push(`Prices for ${region}: ${note}.`);
  }

  const unpriced = new Map<string, number>();
  for (const l of lines) {
    if (l.component !== UNPRICED_COMPONENT) continue;
    const reason = unpricedReason(l) ?? 'no price';
    unpriced.set(reason, (unpriced.get(reason) ?? 0) + 1);
  }
  for (const [reason, n] of unpriced) {
    out.push(
      `${capitalise(reason)} in the price table dated ${prices.priceTableDate}: ${n} line(s) are marked component "${UNPRICED_COMPONENT}" with monthlyAmount 0. They are not free: the monthly total leaves them out. Add the prices with a price-table override file.`,
    );
  }

  if (used.assumedVolume.length > 0)
    out.push(
      `Request volume assumed at ${formatCount(a.putsPerBucketMonth)} PUTs and ${formatCount(a.getsPerBucketMonth)} GETs per bucket per month (profile cost.assumptions.putsPerBucketMonth / getsPerBucketMonth) where S3 request metrics are absent, for: ${used.assumedVolume.join(', ')}.`,
    );
  if (used.assumedSize.length > 0)
    out.push(
      `Average object size assumed at ${formatObjectSize(a.averageObjectSizeBytes)} (${formatCount(a.averageObjectSizeBytes)} bytes, cost.assumptions.averageObjectSizeBytes) where NumberOfObjects is unavailable, for: ${used.assumedSize.join(', ')}.`,
    );
  if (used.kmsRequests)
    out.push(
      'KMS requests: each PUT is one GenerateDataKey and each GET one Decrypt without a Bucket Key; each replicated object adds a Decrypt at the source and an Encrypt at the destination, both priced at the source Region’s rate. The free tier is applied once per account, as its own line.',
    );
  if (used.bucketKeyRange)
    out.push(
      `A Bucket Key leaves ${formatPercent(a.bucketKeyResidualLow)}–${formatPercent(a.bucketKeyResidualHigh)} of the KMS requests (cost.assumptions.bucketKeyResidualLow / High; AWS says "up to 99 %" fewer). KMS request lines of Bucket-Key buckets count the high end and give the range in their note; Bucket Key savings are ranges before the account's free tier, and only objects written after enabling it benefit.`,
    );
  if (used.lifecycle)
    out.push(
      `Lifecycle: in steady state every object written in a month makes each current-version transition of its rule once; every object is taken as the bucket's average size; an object stays ${formatCount(a.retentionMonths)} months (cost.assumptions.retentionMonths) in its last class when the rule sets no expiration; a month is 30 days for minimum storage durations. Noncurrent-version transitions are not priced (the rate at which versions become noncurrent is not measured).`,
    );
  if (used.oneOff.length > 0) out.push(`One-off date transitions, not a monthly charge and not priced: ${used.oneOff.join('; ')}.`);
  if (used.replication)
    out.push(
      'Replication: every object written is copied once per destination, at the average object size; the destination storage class is not read, so replicas are taken to keep the source class (PUTs at the STANDARD price); a replica bucket this scan read prices its own storage.',
    );
  if (used.rotationAtCap.length > 0)
    out.push(`Rotations unknown (rotation status or creation date unreadable), assumed at the rotation surcharge cap, for: ${used.rotationAtCap.join(', ')}.`);
  if (used.dataEvents)
    out.push(
      'CloudTrail data events: every object request a logging trail\'s selectors record for the whole bucket is one event, billed once per trail that records it (the first trail too); read events are the GETs, write events the PUTs. Management events, KMS calls among them, are free on the first trail and not priced.',
    );
  for (const n of used.notEstimated) out.push(`Not estimated: ${n}.`);
  return out;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
