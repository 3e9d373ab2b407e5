/**
 * Membership questions over collections the scan may not have read whole: "which scanned bucket is
 * this?", "does anything reference this key?". The answer is found, not found, or unknown because
 * part of the collection could not be read. A rule that concludes "nothing references X" or "X is
 * not one of them" asks here, so an unread list never reads as an empty one.
 */
import { bucketNameOf } from '../model/encryption.js';
import type { BucketInventory, Inventory } from '../model/index.js';

export type Membership<T> = { state: 'found'; value: T } | { state: 'not-found' } | { state: 'unknown'; reason: string };

export const found = <T>(value: T): Membership<T> => ({ state: 'found', value });
export const notFound = <T = never>(): Membership<T> => ({ state: 'not-found' });
export const unsure = <T = never>(reason: string): Membership<T> => ({ state: 'unknown', reason });

/** The member when found; undefined when not found or unknown — for reading a member's fields, never for concluding it is absent. */
export const foundValue = <T>(m: Membership<T>): T | undefined => (m.state === 'found' ? m.value : undefined);

/** Why the bucket's Region is not known (its `region` is then the scan's guess); undefined when it was read. */
export const regionGap = (b: Pick<BucketInventory, 'name' | 'regionUnknown'>): string | undefined =>
  b.regionUnknown === undefined ? undefined : `the Region of ${b.name} could not be read (${b.regionUnknown})`;

/** Why the scan may not hold every bucket of the account; undefined when the bucket list was read. */
export function bucketListGap(inventory: Pick<Inventory, 'bucketList'>): string | undefined {
  const list = inventory.bucketList;
  if (list === undefined) return 'the bucket list was not read (s3:ListBuckets)';
  if (list.state === 'unknown') return `could not list buckets: ${list.reason}`;
  return undefined;
}

/** Why the scan may not hold every trail; undefined when the trail list was read. */
export function trailListGap(inventory: Pick<Inventory, 'trailList'>): string | undefined {
  const list = inventory.trailList;
  if (list === undefined) return 'the trail list was not read (cloudtrail:DescribeTrails)';
  if (list.state === 'unknown') return `could not list trails: ${list.reason}`;
  return undefined;
}

/**
 * Buckets whose replication rules write into each bucket, and why that list may be incomplete: a
 * scanned bucket's replication configuration, or the bucket list, was not read.
 */
export function replicationSources(inventory: Inventory): { sources: Map<string, string[]>; gap: string | undefined } {
  const sources = new Map<string, string[]>();
  for (const b of inventory.buckets) {
    if (b.replication.state !== 'present') continue;
    for (const r of b.replication.value.rules) {
      const dest = bucketNameOf(r.destinationBucketArn);
      sources.set(dest, [...new Set([...(sources.get(dest) ?? []), b.name])]);
    }
  }
  const unread = inventory.buckets.filter((b) => b.replication.state === 'unknown').map((b) => b.name);
  const gaps = [bucketListGap(inventory), unread.length > 0 ? `the replication configuration of ${unread.join(', ')} could not be read` : undefined].filter((g) => g !== undefined);
  return { sources, gap: gaps.length > 0 ? gaps.join('; ') : undefined };
}

/** The scanned buckets whose reads that name keys failed: default encryption, replication, or Region. */
function bucketKeyReadGaps(inventory: Inventory): string[] {
  const names = (pick: (b: Inventory['buckets'][number]) => boolean) => inventory.buckets.filter(pick).map((b) => b.name);
  const encryption = names((b) => b.encryption.state === 'unknown');
  const replication = names((b) => b.replication.state === 'unknown');
  // The profile key is referenced in each stage bucket's Region: a Region not read moves it.
  const region = names((b) => b.regionUnknown !== undefined);
  return [
    encryption.length > 0 ? `the default encryption of ${encryption.join(', ')} could not be read` : undefined,
    replication.length > 0 ? `the replication configuration of ${replication.join(', ')} could not be read` : undefined,
    region.length > 0 ? `the Region of ${region.join(', ')} could not be read` : undefined,
  ].filter((r): r is string => r !== undefined);
}

/**
 * Why the scan may not know every key the scanned resources reference (in any Region): the bucket
 * list, a bucket's default encryption, replication or Region, or a Region's aliases went unread.
 * Undefined when all of them were read.
 */
export function keyReferencesGap(inventory: Inventory): string | undefined {
  const aliases = Object.entries(inventory.aliases).filter(([, a]) => a.state === 'unknown').map(([r]) => r);
  const reasons = [
    bucketListGap(inventory),
    ...bucketKeyReadGaps(inventory),
    aliases.length > 0 ? `KMS aliases in ${aliases.join(', ')} could not be listed` : undefined,
  ].filter((r): r is string => r !== undefined);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/**
 * For a key in `region` that nothing in the scan references: the unread inputs that could still
 * reference it (a bucket's default encryption or replication rule, the profile alias, a trail).
 * Undefined when everything that names keys was read.
 */
export function keyReferenceGaps(inventory: Inventory): (region: string) => string | undefined {
  // A trail whose key only apply will tell (a Terraform plan) may name any key.
  const trailKeys = inventory.trails.flatMap((t) => (t.kmsKeyIdUnknown ? [`the key of trail ${t.name} is not known (${t.kmsKeyIdUnknown})`] : []));
  const global = [bucketListGap(inventory), trailListGap(inventory), ...bucketKeyReadGaps(inventory), ...trailKeys].filter((r): r is string => r !== undefined);
  return (region) => {
    const aliases = inventory.aliases[region];
    const reasons = aliases?.state === 'unknown' ? [...global, `KMS aliases in ${region} could not be listed: ${aliases.reason}`] : global;
    return reasons.length > 0 ? reasons.join('; ') : undefined;
  };
}
