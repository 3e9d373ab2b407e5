/**
 * Which KMS keys the scan reads, and who points at each: bucket default encryption, replication
 * rules (the replica key), the profile (its alias in each Region with stage buckets, its explicit
 * key ARNs) and trails. Pure: the collector reads the keys it returns, and the monotonicity
 * property test re-derives `referencedBy` from an inventory with a read removed.
 */
import { resolveKeyRef } from '../model/key-ref.js';
import type { AliasEntry, BucketInventory, TrailInventory } from '../model/inventory.js';
import type { Observed } from '../model/observed.js';
import type { Profile } from '../profile/schema.js';
import { profileLabel, stackOfBucket, stacksOf, type ProfileStack } from '../profile/stacks.js';

export interface KeyRef {
  arn: string;
  region: string;
  account: string;
  referencedBy: string[];
}

/** The replica keys a bucket's replication rules name, with the Region of each. */
export function replicaKeyRefs(b: BucketInventory): { arn: string; region: string }[] {
  if (b.replication.state !== 'present') return [];
  return b.replication.value.rules.flatMap((r) => {
    const region = r.replicaKmsKeyId?.split(':')[3];
    return r.replicaKmsKeyId && region ? [{ arn: r.replicaKmsKeyId, region }] : [];
  });
}

export function referencedKeys(
  buckets: BucketInventory[],
  profile: Profile,
  aliases: Record<string, Observed<AliasEntry[]>>,
  account: string,
  partition: string,
  trails: TrailInventory[] = [],
): KeyRef[] {
  const refs = new Map<string, KeyRef>();
  const add = (arn: string, region: string, by: string) => {
    const existing = refs.get(arn);
    if (existing) {
      if (!existing.referencedBy.includes(by)) existing.referencedBy.push(by);
      return;
    }
    refs.set(arn, { arn, region, account: arn.split(':')[4] || account, referencedBy: [by] });
  };
  const resolve = (id: string, region: string) => resolveKeyRef(id, region, { account, partition, aliases });
  for (const b of buckets) {
    if (b.encryption.state === 'present') {
      for (const rule of b.encryption.value) {
        if (!rule.kmsMasterKeyId) continue;
        const arn = resolve(rule.kmsMasterKeyId, b.region);
        if (arn) add(arn, arn.split(':')[3]!, b.arn);
      }
    }
    for (const r of replicaKeyRefs(b)) {
      const arn = resolve(r.arn, r.region);
      if (arn) add(arn, r.region, `${b.arn} (replication)`);
    }
  }
  // Each stack's profile key in every Region that may hold one of its stage buckets (undetermined buckets too).
  const regions = new Map<ProfileStack, Set<string>>();
  for (const b of buckets) {
    if (b.role.kind === 'support') continue;
    const stack = stackOfBucket(profile, b.name);
    regions.set(stack, (regions.get(stack) ?? new Set()).add(b.region));
  }
  for (const [stack, inRegions] of regions)
    for (const region of inRegions) {
      const list = aliases[region];
      const target = list?.state === 'present' ? list.value.find((a) => a.name === stack.kms.alias)?.targetKeyId : undefined;
      if (target) add(`arn:${partition}:kms:${region}:${account}:key/${target}`, region, `${profileLabel(profile, stack)} (${stack.kms.alias})`);
    }
  for (const stack of stacksOf(profile)) for (const arn of stack.kms.keyArns) add(arn, arn.split(':')[3]!, profileLabel(profile, stack));
  // The trail's key: so trail-kms-cmk and the KMS rules see it.
  for (const t of trails) {
    if (!t.kmsKeyId) continue;
    const arn = resolve(t.kmsKeyId, t.homeRegion);
    if (arn) add(arn, arn.split(':')[3]!, t.arn);
  }
  return [...refs.values()];
}
