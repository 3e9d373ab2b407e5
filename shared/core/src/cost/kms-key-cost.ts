/**
 * (a) KMS keys: $1 per customer-managed key-month, plus $1 for each of the first two rotations
 * (the 2024 cap: later rotations are free). Each multi-Region primary and replica is its own key.
 * AWS-managed keys and keys pending deletion are not billed.
 */
import type { CostLine } from '../model/cost.js';
import type { Inventory, KeyInventory } from '../model/inventory.js';
import { costLine, inventoryBasis, pricesIn, type Basis } from './cost-line.js';
import { formatCount } from './format-amounts.js';
import type { PriceTable } from './price-table-types.js';
import { MS_PER_DAY } from './units.js';

export const DEFAULT_ROTATION_PERIOD_DAYS = 365;

export interface KeyCostInput {
  resourceId: string;
  region: string;
  /** Rotations completed so far; the surcharge counts min(rotations, cap). */
  rotations: number;
  /** True when the rotation count is not known and the cap stands in for it. */
  rotationsAtCap?: boolean;
  /** Of the rotation count. */
  basis: Basis;
  /** Of the key itself: measured when the account was read, planned when a plan creates or keeps it. */
  keyBasis: Basis;
  /** How the rotation count was found. */
  note: string;
  /** What the key is, on its key-month line (default "customer-managed key"). */
  what?: string;
}

export type KeyBilling =
  | { state: 'billed'; input: KeyCostInput }
  | { state: 'free'; reason: string }
  | { state: 'unknown'; reason: string };

/** floor(age / period): the rotations automatic rotation has made since the key was created. */
export function rotationsSoFar(creationDate: string, collectedAt: string, periodDays = DEFAULT_ROTATION_PERIOD_DAYS): number {
  const ageDays = (Date.parse(collectedAt) - Date.parse(creationDate)) / MS_PER_DAY;
  if (!Number.isFinite(ageDays) || ageDays <= 0 || periodDays <= 0) return 0;
  return Math.floor(ageDays / periodDays);
}

const PENDING_DELETION = new Set(['PendingDeletion', 'PendingReplicaDeletion']);

/** Whether and how a key is billed, from its DescribeKey metadata and rotation status. */
export function keyBillingOf(key: KeyInventory, inventory: Pick<Inventory, 'collectedAt' | 'keys' | 'source'>): KeyBilling {
  const md = key.metadata;
  if (md.state === 'unknown') return { state: 'unknown', reason: `key metadata unreadable: ${md.reason}` };
  if (md.state === 'absent') return { state: 'free', reason: 'the key does not exist' };
  const m = md.value;
  if (m.keyManager !== 'CUSTOMER') return { state: 'free', reason: `${m.keyManager} managed key: no monthly charge` };
  if (PENDING_DELETION.has(m.keyState)) return { state: 'free', reason: `${m.keyState}: not billed while pending deletion (billing resumes if the deletion is cancelled)` };

  let rotation = key.rotation;
  // Rotation is a shared property of a multi-Region key, set on the primary.
  if (rotation.state !== 'present' && m.multiRegionKeyType === 'REPLICA' && m.primaryKeyArn) {
    const primary = inventory.keys.find((k) => k.arn === m.primaryKeyArn);
    if (primary?.rotation.state === 'present') rotation = primary.rotation;
  }
  // A plan's settings are planned, not measured: the count and the rotation it reads come from the plan.
  const read = inventoryBasis(inventory);
  const base = { resourceId: key.arn, region: key.region, keyBasis: read };
  if (rotation.state === 'unknown') {
    return { state: 'billed', input: { ...base, rotations: Number.POSITIVE_INFINITY, rotationsAtCap: true, basis: 'assumed', note: `rotation status unknown (${rotation.reason}): assumed at the surcharge cap` } };
  }
  if (rotation.state === 'absent' || !rotation.value.enabled) {
    return { state: 'billed', input: { ...base, rotations: 0, basis: read, note: 'automatic rotation off: no rotation surcharge counted' } };
  }
  const period = rotation.value.periodDays ?? DEFAULT_ROTATION_PERIOD_DAYS;
  if (!m.creationDate) {
    return { state: 'billed', input: { ...base, rotations: Number.POSITIVE_INFINITY, rotationsAtCap: true, basis: 'assumed', note: `rotation on every ${period} days, creation date unknown: assumed at the surcharge cap` } };
  }
  const rotations = rotationsSoFar(m.creationDate, inventory.collectedAt, period);
  return {
    state: 'billed',
    input: { ...base, rotations, basis: read, note: `rotation every ${period} days since ${m.creationDate.slice(0, 10)}: floor(age / ${period}) = ${formatCount(rotations)} rotation(s)` },
  };
}

/** The key-month line and, when the key has rotated, the rotation surcharge line. */
export function estimateKeyCost(input: KeyCostInput, prices: PriceTable): CostLine[] {
  const { rp, unpricedBecause } = pricesIn(prices, input.region);
  const { resourceId, region } = input;
  const lines = [costLine({ resourceId, component: 'kms-key', region, quantity: 1, unit: 'key-month', unitPrice: rp.kms.keyMonth, basis: input.keyBasis, note: input.what ?? 'customer-managed key' }, unpricedBecause)];
  const cap = rp.kms.rotationSurchargeCap;
  const billed = Math.min(input.rotations, cap);
  if (billed > 0) {
    const capNote = input.rotations > cap ? `; capped at ${cap} (${input.rotationsAtCap ? 'count unknown' : `${formatCount(input.rotations)} rotations`})` : '';
    lines.push(
      costLine(
        { resourceId, component: 'kms-key-rotation', region, quantity: billed, unit: 'rotation-month', unitPrice: rp.kms.rotationSurchargeMonth, basis: input.basis, note: `${input.note}${capNote}` },
        unpricedBecause,
      ),
    );
  }
  return lines;
}

/** What the key costs a month, split as the cost-unused-kms-key message shows it. */
export function keyMonthlySplit(lines: readonly CostLine[]): { key: number; rotations: number; rotationCount: number; total: number } {
  const key = lines.filter((l) => l.component === 'kms-key').reduce((s, l) => s + l.monthlyAmount, 0);
  const rot = lines.filter((l) => l.component === 'kms-key-rotation');
  const rotations = rot.reduce((s, l) => s + l.monthlyAmount, 0);
  return { key, rotations, rotationCount: rot.reduce((s, l) => s + l.quantity, 0), total: key + rotations };
}
