/**
 * (e) CloudTrail data events: $0.10 per 100,000 events, charged for every delivery, the first
 * included: each trail whose selectors cover the bucket's object requests bills them again. KMS
 * Decrypt / GenerateDataKey calls are management events (free on the first trail), not priced here.
 */
import type { CostLine } from '../model/cost.js';
import { costLine, pricesIn, type Basis } from './cost-line.js';
import { formatCount } from './format-amounts.js';
import type { PriceTable } from './price-table-types.js';

export interface CloudTrailDataEventInput {
  /** The bucket whose object requests the trails record. */
  resourceId: string;
  region: string;
  /** Object-level requests a month that the trails' event selectors cover. */
  eventsPerMonth: number;
  /** Trails whose data-event selectors cover the bucket. */
  trailsCovering: number;
  basis: Basis;
  note?: string;
}

export function estimateCloudTrailDataEvents(input: CloudTrailDataEventInput, prices: PriceTable): CostLine[] {
  if (input.trailsCovering <= 0 || input.eventsPerMonth <= 0) return [];
  const { rp, unpricedBecause } = pricesIn(prices, input.region);
  const events = input.eventsPerMonth * input.trailsCovering;
  const what = `${formatCount(input.eventsPerMonth)} data events × ${input.trailsCovering} trail(s) = ${formatCount(events)} deliveries`;
  return [
    costLine(
      {
        resourceId: input.resourceId,
        component: 'cloudtrail-data-events',
        region: input.region,
        quantity: events / 100_000,
        unit: '100k events',
        unitPrice: rp.cloudtrail.dataEventsPer100k,
        basis: input.basis,
        note: input.note ? `${what}; ${input.note}` : what,
      },
      unpricedBecause,
    ),
  ];
}
