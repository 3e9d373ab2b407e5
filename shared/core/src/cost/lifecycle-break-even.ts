/**
 * The small-object trap, per object: does a lifecycle transition save more storage than its
 * request fee, minimum billable size, archive overhead and minimum storage duration cost? Every
 * object is taken as the bucket's average size (the only size distribution CloudWatch gives).
 */
import type { Lifecycle, LifecycleRule } from '../model/inventory.js';
import { formatObjectSize } from './format-amounts.js';
import { STORAGE_CLASSES, type RegionPrices, type StorageClass } from './price-table-types.js';
import { DAYS_PER_MONTH, SMALL_OBJECT_BYTES, bytesToGiB } from './units.js';

const ARCHIVE: ReadonlySet<StorageClass> = new Set(['GLACIER', 'DEEP_ARCHIVE']);
/** These never took objects under 128 KB, whatever TransitionDefaultMinimumObjectSize says. */
const NEVER_SMALL: ReadonlySet<StorageClass> = new Set(['STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING']);

export interface PerObjectCost {
  transitionFee: number;
  /** Storage a month in the class the object leaves, and in the class it enters (minimum size and archive overhead included). */
  monthlyBefore: number;
  monthlyAfter: number;
  /** Over the months in the new class: staying put, versus fee + storage billed for at least the minimum duration. */
  costIfStaying: number;
  costIfMoved: number;
  /** costIfStaying − costIfMoved: negative means the transition loses money. */
  net: number;
}

export interface TransitionAnalysis {
  /** 'rule "tiering"' or 'Rules[0]'. */
  rule: string;
  path: 'current' | 'noncurrent';
  storageClass: string;
  fromClass: StorageClass;
  days: number;
  objectBytes: number;
  /** Whether an object of objectBytes makes this transition at all. */
  transitions: boolean;
  why: string;
  /** False where break-even is not modelled (Intelligent-Tiering, a class with no price). */
  modelled: boolean;
  monthsInClass: number;
  billedMonths: number;
  perObject?: PerObjectCost;
  /** Months for the storage saving to repay the fee (minimum durations aside); Infinity when it never does. */
  breakEvenMonths?: number;
  losesMoney: boolean;
}

export const ruleLabel = (r: LifecycleRule, i: number): string => (r.id ? `rule "${r.id}"` : `Rules[${i}]`);

const isStorageClass = (c: string): c is StorageClass => (STORAGE_CLASSES as readonly string[]).includes(c);

/** Whether an object of `size` makes a transition into `cls` under this rule and configuration. */
export function objectTransitions(rule: LifecycleRule, cls: StorageClass, size: number, defaultMinimum: string | undefined): { ok: boolean; why: string } {
  const f = rule.filter;
  if (f.objectSizeLessThan !== undefined && size >= f.objectSizeLessThan) return { ok: false, why: `the rule only takes objects under ${f.objectSizeLessThan} bytes (ObjectSizeLessThan)` };
  if (size >= SMALL_OBJECT_BYTES) {
    if (f.objectSizeGreaterThan !== undefined && size <= f.objectSizeGreaterThan) return { ok: false, why: `the rule only takes objects over ${f.objectSizeGreaterThan} bytes (ObjectSizeGreaterThan)` };
    return { ok: true, why: `objects of ${formatObjectSize(size)} transition` };
  }
  if (NEVER_SMALL.has(cls)) return { ok: false, why: `S3 never moves objects under 128 KB to ${cls}` };
  if (f.objectSizeGreaterThan !== undefined) {
    return size > f.objectSizeGreaterThan
      ? { ok: true, why: `ObjectSizeGreaterThan ${f.objectSizeGreaterThan} takes precedence over the 128 KB default, so objects of ${formatObjectSize(size)} transition` }
      : { ok: false, why: `the rule only takes objects over ${f.objectSizeGreaterThan} bytes (ObjectSizeGreaterThan)` };
  }
  if (defaultMinimum === 'varies_by_storage_class' && ARCHIVE.has(cls)) return { ok: true, why: `varies_by_storage_class: objects under 128 KB still move to ${cls}` };
  const setting = defaultMinimum ?? 'unset: the S3 default, all_storage_classes_128K';
  return { ok: false, why: `objects under 128 KB do not transition to ${cls} (TransitionDefaultMinimumObjectSize ${setting})` };
}

/** Storage a month for one object of `size` in `cls`: at least the minimum billable size, plus archive overhead. */
export function objectMonthlyStorage(cls: StorageClass, size: number, rp: RegionPrices): number {
  const s3 = rp.s3;
  if (ARCHIVE.has(cls)) return bytesToGiB(size + s3.archiveOverheadClassBytes) * s3.storageGbMonth[cls] + bytesToGiB(s3.archiveOverheadStandardBytes) * s3.storageGbMonth.STANDARD;
  return bytesToGiB(Math.max(size, s3.minBillableBytes[cls])) * s3.storageGbMonth[cls];
}

/** Months for the storage saving of moving one object from `from` to `to` to repay the transition fee; Infinity when the move saves nothing. */
export function breakEvenMonths(from: StorageClass, to: StorageClass, size: number, rp: RegionPrices): number {
  const saving = objectMonthlyStorage(from, size, rp) - objectMonthlyStorage(to, size, rp);
  return saving > 0 ? rp.s3.transitionPer1k[to] / 1000 / saving : Number.POSITIVE_INFINITY;
}

interface Step {
  days: number;
  storageClass: string;
}

/** Every days-based transition of every Enabled rule, current and noncurrent paths, for an object of `objectBytes`. */
export function analyseTransitions(lifecycle: Lifecycle, objectBytes: number, retentionMonths: number, rp: RegionPrices): TransitionAnalysis[] {
  const out: TransitionAnalysis[] = [];
  lifecycle.rules.forEach((rule, i) => {
    if (rule.status !== 'Enabled') return;
    const current = rule.transitions.flatMap((t) => (t.days !== undefined ? [{ days: t.days, storageClass: t.storageClass }] : []));
    const noncurrent = rule.noncurrentTransitions.flatMap((t) => (t.noncurrentDays !== undefined ? [{ days: t.noncurrentDays, storageClass: t.storageClass }] : []));
    out.push(...analysePath(rule, ruleLabel(rule, i), 'current', current, rule.expirationDays, lifecycle, objectBytes, retentionMonths, rp));
    out.push(...analysePath(rule, ruleLabel(rule, i), 'noncurrent', noncurrent, rule.noncurrentExpirationDays, lifecycle, objectBytes, retentionMonths, rp));
  });
  return out;
}

function analysePath(
  rule: LifecycleRule,
  label: string,
  path: 'current' | 'noncurrent',
  steps: Step[],
  expirationDays: number | undefined,
  lifecycle: Lifecycle,
  size: number,
  retentionMonths: number,
  rp: RegionPrices,
): TransitionAnalysis[] {
  const sorted = [...steps].sort((a, b) => a.days - b.days);
  const takes = sorted.map((s) => {
    if (!isStorageClass(s.storageClass)) return { ok: false, why: `no price for storage class ${s.storageClass}` };
    if (expirationDays !== undefined && expirationDays <= s.days) return { ok: false, why: `objects expire at day ${expirationDays}, before the transition` };
    return objectTransitions(rule, s.storageClass, size, lifecycle.transitionDefaultMinimumObjectSize);
  });
  let from: StorageClass = 'STANDARD';
  return sorted.map((s, k) => {
    const take = takes[k]!;
    const next = sorted.find((n, j) => j > k && takes[j]!.ok);
    const monthsInClass = next ? (next.days - s.days) / DAYS_PER_MONTH : expirationDays !== undefined ? (expirationDays - s.days) / DAYS_PER_MONTH : retentionMonths;
    const base = { rule: label, path, storageClass: s.storageClass, fromClass: from, days: s.days, objectBytes: size, transitions: take.ok, why: take.why, monthsInClass };
    if (!take.ok || !isStorageClass(s.storageClass)) return { ...base, modelled: false, billedMonths: 0, losesMoney: false };
    const cls = s.storageClass;
    const billedMonths = Math.max(monthsInClass, rp.s3.minDurationDays[cls] / DAYS_PER_MONTH);
    const transitionFee = rp.s3.transitionPer1k[cls] / 1000;
    const monthlyBefore = objectMonthlyStorage(from, size, rp);
    const monthlyAfter = objectMonthlyStorage(cls, size, rp);
    const costIfStaying = monthlyBefore * monthsInClass;
    const costIfMoved = monthlyAfter * billedMonths + transitionFee;
    from = cls;
    if (cls === 'INTELLIGENT_TIERING') {
      return { ...base, why: `${take.why}; Intelligent-Tiering moves objects between tiers by access, so break-even is not modelled`, modelled: false, billedMonths, losesMoney: false };
    }
    return {
      ...base,
      modelled: true,
      billedMonths,
      perObject: { transitionFee, monthlyBefore, monthlyAfter, costIfStaying, costIfMoved, net: costIfStaying - costIfMoved },
      breakEvenMonths: breakEvenMonths(base.fromClass, cls, size, rp),
      losesMoney: costIfStaying - costIfMoved < 0,
    };
  });
}
