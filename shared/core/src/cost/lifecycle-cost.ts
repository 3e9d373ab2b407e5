/**
 * (d) Lifecycle projection for a bucket: the monthly transition request charges (in steady state
 * every object written in a month makes each transition of its rule once), and the per-object
 * break-even of each transition (lifecycle-break-even.ts) for the small-object trap.
 */
import type { CostLine } from '../model/cost.js';
import type { Lifecycle } from '../model/inventory.js';
import { combinedBasis, costLine, pricesIn, type Basis } from './cost-line.js';
import { formatCount } from './format-amounts.js';
import { analyseTransitions, ruleLabel, type TransitionAnalysis } from './lifecycle-break-even.js';
import type { PriceTable } from './price-table-types.js';

export interface LifecycleInput {
  resourceId: string;
  region: string;
  lifecycle: Lifecycle;
  /** New objects a month (PUTs), and where the figure comes from. */
  objectsPerMonth: number;
  objectsBasis: Basis;
  objectsNote: string;
  averageObjectBytes: number;
  sizeBasis: Basis;
  sizeNote: string;
  /** Months an object stays in its last class when the rule sets no expiration. */
  retentionMonths: number;
}

export function analyseLifecycle(input: LifecycleInput, prices: PriceTable): TransitionAnalysis[] {
  return analyseTransitions(input.lifecycle, input.averageObjectBytes, input.retentionMonths, pricesIn(prices, input.region).rp);
}

/**
 * One line per current-version transition an average object makes. Noncurrent transitions are not
 * priced: how fast versions become noncurrent is not measured. Date-based transitions are one-off.
 */
export function estimateLifecycleTransitions(input: LifecycleInput, prices: PriceTable): CostLine[] {
  const { rp, unpricedBecause } = pricesIn(prices, input.region);
  const basis: Basis = combinedBasis(input.objectsBasis, input.sizeBasis);
  return analyseLifecycle(input, prices)
    .filter((a) => a.path === 'current' && a.transitions)
    .map((a) => {
      const cls = a.storageClass as keyof typeof rp.s3.transitionPer1k;
      return costLine(
        {
          resourceId: input.resourceId,
          component: `s3-lifecycle-transition:${a.storageClass}`,
          region: input.region,
          quantity: input.objectsPerMonth / 1000,
          unit: '1k transitions',
          unitPrice: rp.s3.transitionPer1k[cls],
          basis,
          note: `${a.rule}: ${formatCount(input.objectsPerMonth)} objects a month to ${a.storageClass} at day ${a.days} (steady state: each new object transitions once); ${input.objectsNote}; ${input.sizeNote}`,
        },
        unpricedBecause,
      );
    });
}

/** Transitions a rule makes on a date rather than an age: a one-off charge, named in the assumptions. */
export function dateTransitions(lifecycle: Lifecycle): string[] {
  return lifecycle.rules.flatMap((r, i) =>
    r.status === 'Enabled' ? r.transitions.filter((t) => t.days === undefined && t.date).map((t) => `${ruleLabel(r, i)} to ${t.storageClass} on ${t.date}`) : [],
  );
}
