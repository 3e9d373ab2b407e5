import type { AdvancedEventSelector, ClassicEventSelector, Inventory, TrailInventory } from '../model/index.js';
export { arnFieldCoversPrefix, describeCoverage, fieldMatches, full, isLogging, managementCoverage, s3DataCoverage, type Coverage } from '../model/trail-coverage.js';

/** The trail list, or why it cannot be trusted. */
export function trailsOf(inv: Inventory): { trails: TrailInventory[] } | { reason: string } {
  const list = inv.trailList;
  if (list === undefined) return { reason: 'the trail list was not read (cloudtrail:DescribeTrails)' };
  if (list.state === 'unknown') return { reason: `could not list trails: ${list.reason}` };
  return { trails: inv.trails };
}

/** What one trail lacks for a rule, or why it cannot be judged. Empty `missing` and no `unsure` = qualifies. */
export interface TrailVerdict {
  missing: string[];
  unsure?: string;
}

export type AnyTrail = { state: 'pass'; trail: TrailInventory } | { state: 'unknown'; reason: string } | { state: 'fail'; details: string };

/**
 * Account-level trail rules pass when some trail qualifies. A trail that might qualify but whose
 * status or selectors are unreadable makes the answer unknown, never pass.
 */
export function anyTrail(trails: TrailInventory[], judge: (t: TrailInventory) => TrailVerdict): AnyTrail {
  const unsure: string[] = [];
  const problems: string[] = [];
  for (const t of trails) {
    const v = judge(t);
    if (v.missing.length === 0 && !v.unsure) return { state: 'pass', trail: t };
    if (v.missing.length === 0) unsure.push(`${t.name}: ${v.unsure}`);
    else problems.push(`${t.name}: ${v.missing.join(', ')}`);
  }
  if (unsure.length) return { state: 'unknown', reason: `no trail is known to qualify, and some could not be read (${unsure.join('; ')})` };
  return { state: 'fail', details: problems.join('; ') };
}

/** The logging half of a verdict: pushes onto `v`. */
export function judgeLogging(t: TrailInventory, v: TrailVerdict): void {
  if (t.status.state === 'unknown') v.unsure ??= `trail status: ${t.status.reason}`;
  else if (t.status.state === 'absent' || !t.status.value.isLogging) v.missing.push('not logging');
  else if (t.status.value.latestDeliveryError) v.missing.push(`delivery error ${t.status.value.latestDeliveryError}`);
}

/** The selectors, or undefined after recording why they cannot be used. */
export function selectorsFor(t: TrailInventory, v: TrailVerdict): { classic?: ClassicEventSelector[]; advanced?: AdvancedEventSelector[] } | undefined {
  if (t.selectors.state === 'unknown') {
    v.unsure ??= `event selectors: ${t.selectors.reason}`;
    return undefined;
  }
  if (t.selectors.state === 'absent') {
    v.missing.push('no event selectors');
    return undefined;
  }
  return t.selectors.value;
}
