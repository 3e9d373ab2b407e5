/**
 * What the estimators need to know about a bucket's use, read from its CloudWatch usage, or taken
 * from the profile's cost assumptions where CloudWatch has no figure. Every assumed figure says so
 * (basis 'assumed' plus a note with the value and where it came from).
 */
import type { BucketInventory } from '../model/inventory.js';
import type { Profile } from '../profile/schema.js';
import type { Basis } from './cost-line.js';
import { formatCount, formatObjectSize } from './format-amounts.js';

export type CostAssumptions = Profile['cost']['assumptions'];

export interface RequestVolume {
  /** Per month. */
  puts: number;
  gets: number;
  basis: Basis;
  /** Where the figures come from, in words with the values. */
  note: string;
}

export interface ObjectSize {
  bytes: number;
  basis: Basis;
  /** "measured: … bytes / … objects" or "assumed from …, since …". */
  source: string;
  /** "average object 1 MB " + source. */
  note: string;
}

/** Why a usage figure had to be assumed, from the state of the bucket's CloudWatch usage. */
function usageGap(bucket: BucketInventory, what: string): string {
  const u = bucket.usage;
  if (u.state === 'unknown') return `CloudWatch usage is unknown: ${u.reason}`;
  if (u.state === 'absent') return 'the bucket publishes no CloudWatch metrics';
  return `the bucket has no ${what}`;
}

/** PUTs and GETs a month: S3 request metrics when the bucket has them, otherwise the profile assumption. */
export function requestVolumeOf(bucket: BucketInventory, a: CostAssumptions): RequestVolume {
  const usage = bucket.usage.state === 'present' ? bucket.usage.value : undefined;
  if (usage?.requests) {
    const r = usage.requests;
    return {
      puts: r.put,
      gets: r.get,
      basis: 'measured',
      note: `measured: ${formatCount(r.put)} PUTs and ${formatCount(r.get)} GETs a month from S3 request metrics (filter ${r.filterId}, ${r.days} days observed, scaled to a 30-day month)`,
    };
  }
  return {
    puts: a.putsPerBucketMonth,
    gets: a.getsPerBucketMonth,
    basis: 'assumed',
    note: `assumed: ${formatCount(a.putsPerBucketMonth)} PUTs and ${formatCount(a.getsPerBucketMonth)} GETs a month from profile cost.assumptions, since ${usageGap(bucket, 'S3 request metrics')}`,
  };
}

/** StorageTypes that are billing artefacts (minimum-size and archive overheads, staging), not object bytes. */
export const isOverheadStorageType = (storageType: string): boolean => /Overhead|Staging/.test(storageType);

/** Average object size: stored bytes over NumberOfObjects (both include noncurrent versions), else the assumption. */
export function averageObjectSizeOf(bucket: BucketInventory, a: CostAssumptions): ObjectSize {
  const usage = bucket.usage.state === 'present' ? bucket.usage.value : undefined;
  if (usage?.objectCount && usage.objectCount > 0) {
    const bytes = Object.entries(usage.storageBytes)
      .filter(([type]) => !isOverheadStorageType(type))
      .reduce((s, [, b]) => s + b, 0);
    if (bytes > 0) {
      const avg = bytes / usage.objectCount;
      const source = `measured: ${formatCount(bytes)} bytes / ${formatCount(usage.objectCount)} objects`;
      return { bytes: avg, basis: 'measured', source, note: `average object ${formatObjectSize(avg)} ${source}` };
    }
  }
  const source = `assumed from profile cost.assumptions.averageObjectSizeBytes, since ${usageGap(bucket, 'object count')}`;
  return { bytes: a.averageObjectSizeBytes, basis: 'assumed', source, note: `average object ${formatObjectSize(a.averageObjectSizeBytes)} ${source}` };
}

