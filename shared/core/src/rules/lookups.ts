import { resolveKeyRef } from '../model/key-ref.js';
import type { AliasEntry, BucketInventory, Inventory, KeyInventory, RoleInventory } from '../model/index.js';
import type { Profile } from '../profile/schema.js';
import { defaultStack, stackOfBucket, type ProfileStack } from '../profile/stacks.js';
import { bucketListGap, found, keyReferenceGaps, notFound, replicationSources, unsure, type Membership } from './membership.js';

export type { Membership } from './membership.js';

/** Indexes over the inventory, built once per evaluation so rules stay O(1) per lookup. */
export type ProfileKey =
  | { state: 'resolved'; arn: string }
  | { state: 'missing'; reason: string }
  | { state: 'unseen'; reason: string };

export interface Lookups {
  accountId: string;
  partition: string;
  /**
   * A scanned bucket: 'not-found' when the bucket list was read and the scan holds no such bucket
   * (another account's, out of scope, or none); 'unknown' when the bucket list was not read.
   */
  bucketByName(name: string): Membership<BucketInventory>;
  /** Whether the account has a bucket of this name, scanned or not (its bucket list holds it). */
  accountHasBucket(name: string): Membership<true>;
  /** A key by key ARN, key id + Region, or alias (name or ARN). */
  key(ref: string, region: string): KeyInventory | undefined;
  role(arn: string): RoleInventory | undefined;
  /**
   * Names of scanned buckets whose replication rules write into `bucketName`: 'not-found' only
   * when every scanned bucket's replication and the bucket list were read.
   */
  replicationSourcesOf(bucketName: string): Membership<string[]>;
  /**
   * What in the scan references the key (bucket default encryption, replication rules, the
   * profile, trails): 'not-found' only when nothing does and everything that could was read.
   */
  keyUse(key: KeyInventory): Membership<string[]>;
  alias(region: string, name: string): AliasEntry | undefined;
  /**
   * The key the profile expects in a Region for a bucket's stack (the default stack without a
   * bucket, or the stack given): an explicit ARN of the stack there, else the target of its alias.
   * 'missing' when a readable alias list proves the alias absent, or KMS says the explicit key does
   * not exist (profile-values-resolve reports both); 'unseen' when that could not be read.
   */
  profileKeyArn(region: string, of?: string | ProfileStack): ProfileKey;
}

export function buildLookups(inventory: Inventory, profile: Profile): Lookups {
  const buckets = new Map(inventory.buckets.map((b) => [b.name, b]));
  const keys = new Map<string, KeyInventory>();
  for (const k of inventory.keys) {
    keys.set(k.arn, k);
    if (k.metadata.state === 'present') keys.set(k.metadata.value.arn, k);
  }
  const roles = new Map(inventory.roles.map((r) => [r.arn, r]));
  const { id: accountId, partition } = inventory.account;

  const alias = (region: string, name: string) => {
    const list = inventory.aliases[region];
    if (list?.state !== 'present') return undefined;
    const short = name.replace(/^arn:[^:]+:kms:[^:]*:\d*:/, '');
    return list.value.find((a) => a.name === short);
  };

  const keyGaps = keyReferenceGaps(inventory);
  const replication = replicationSources(inventory);

  const keyArnFor = (ref: string, region: string) => resolveKeyRef(ref, region, { account: accountId, partition, aliases: inventory.aliases });

  return {
    accountId,
    partition,
    bucketByName(name) {
      const b = buckets.get(name);
      if (b) return found(b);
      const gap = bucketListGap(inventory);
      return gap ? unsure(gap) : notFound();
    },
    accountHasBucket(name) {
      const list = inventory.bucketList;
      if (buckets.has(name) || (list?.state === 'present' && list.value.includes(name))) return found(true);
      const gap = bucketListGap(inventory);
      return gap ? unsure(gap) : notFound();
    },
    key: (ref, region) => {
      const arn = keyArnFor(ref, region);
      return (arn && keys.get(arn)) || keys.get(ref);
    },
    role: (arn) => roles.get(arn),
    replicationSourcesOf(name) {
      const names = replication.sources.get(name);
      if (names) return found(names);
      return replication.gap ? unsure(replication.gap) : notFound();
    },
    keyUse(key) {
      if (key.referencedBy.length > 0) return found(key.referencedBy);
      const gap = keyGaps(key.region);
      return gap ? unsure(gap) : notFound();
    },
    alias,
    profileKeyArn(region, of) {
      const stack = of === undefined ? defaultStack(profile) : typeof of === 'string' ? stackOfBucket(profile, of) : of;
      const field = `${stack.field}kms`;
      const explicit = stack.kms.keyArns.find((a) => a.split(':')[3] === region);
      if (explicit) {
        // A key the scan described and KMS does not know is a profile value that does not resolve;
        // one it could not describe leaves the profile key unseen. Not read at all: trust the profile.
        const md = keys.get(explicit)?.metadata;
        if (md?.state === 'absent') return { state: 'missing', reason: `${field}.keyArns names ${explicit}, which does not exist` };
        if (md?.state === 'unknown') return { state: 'unseen', reason: `could not describe the ${field}.keyArns key ${explicit}: ${md.reason}` };
        return { state: 'resolved', arn: explicit };
      }
      const list = inventory.aliases[region];
      if (list === undefined) return { state: 'unseen', reason: `KMS aliases in ${region} were not read` };
      if (list.state === 'unknown') return { state: 'unseen', reason: `could not list KMS aliases in ${region}: ${list.reason}` };
      const a = alias(region, stack.kms.alias);
      if (!a) return { state: 'missing', reason: `the profile alias ${stack.kms.alias} (${field}.alias) does not exist in ${region}` };
      if (!a.targetKeyId) return { state: 'missing', reason: `the profile alias ${stack.kms.alias} (${field}.alias) in ${region} targets no key` };
      return { state: 'resolved', arn: `arn:${partition}:kms:${region}:${accountId}:key/${a.targetKeyId}` };
    },
  };
}
