/**
 * Turns a bucket's configuration and usage into the inputs of the estimators. Shared by
 * estimateCost and the cost rules, so a finding's figure and the cost section always agree.
 */
import { bucketNameOf, isSseKms, supportsBucketKey } from '../model/encryption.js';
import type { BucketInventory, EncryptionRule, Inventory } from '../model/inventory.js';
import type { Profile } from '../profile/schema.js';
import { averageObjectSizeOf, requestVolumeOf, type CostAssumptions } from './bucket-usage-inputs.js';
import { combinedBasis } from './cost-line.js';
import type { KmsRequestInput } from './kms-request-cost.js';
import type { LifecycleInput } from './lifecycle-cost.js';
import type { ReplicationInput } from './replication-cost.js';
import type { StorageInput } from './storage-cost.js';

export type KmsEncryption =
  | { state: 'kms'; rule: EncryptionRule; dsse: boolean }
  | { state: 'not-kms'; why: string }
  | { state: 'unknown'; reason: string };

export function kmsEncryptionOf(bucket: BucketInventory): KmsEncryption {
  const enc = bucket.encryption;
  if (enc.state === 'unknown') return { state: 'unknown', reason: `default encryption unreadable: ${enc.reason}` };
  const rule = enc.state === 'present' ? enc.value.find((r) => isSseKms(r.sseAlgorithm)) : undefined;
  if (!rule) return { state: 'not-kms', why: enc.state === 'present' && enc.value[0] ? `default encryption is ${enc.value[0].sseAlgorithm}, not SSE-KMS` : 'no default encryption rule' };
  return { state: 'kms', rule, dsse: !supportsBucketKey(rule.sseAlgorithm) };
}

export interface ReplicationTarget {
  destinationBucketArn: string;
  destinationName: string;
  destinationRegion?: string;
  /** The destination bucket when this scan read it. */
  scanned?: BucketInventory;
  rules: string[];
  /** ReplicaKmsKeyID of the rules, as written. */
  replicaKmsKeyIds: string[];
  notes: string[];
}

export type ReplicationTargets = { state: 'replicates'; targets: ReplicationTarget[] } | { state: 'none'; why: string } | { state: 'unknown'; reason: string };

const kmsArnRegion = (arn: string | undefined) => (arn && /^arn:[^:]+:kms:([^:]+):/.exec(arn)?.[1]) || undefined;

/** Enabled replication rules grouped by destination bucket (one copy of each object per destination). */
export function replicationTargetsOf(bucket: BucketInventory, inventory: Pick<Inventory, 'buckets'>): ReplicationTargets {
  const repl = bucket.replication;
  if (repl.state === 'unknown') return { state: 'unknown', reason: `replication configuration unreadable: ${repl.reason}` };
  if (repl.state === 'absent') return { state: 'none', why: 'the bucket does not replicate' };
  const enabled = repl.value.rules.map((r, i) => ({ r, name: r.id ? `rule "${r.id}"` : `Rules[${i}]` })).filter((x) => x.r.status === 'Enabled');
  if (enabled.length === 0) return { state: 'none', why: `none of the ${repl.value.rules.length} replication rule(s) is Enabled` };
  const kms = kmsEncryptionOf(bucket).state === 'kms';
  const byDestination = new Map<string, ReplicationTarget>();
  for (const { r, name } of enabled) {
    const destinationName = bucketNameOf(r.destinationBucketArn);
    let t = byDestination.get(r.destinationBucketArn);
    if (!t) {
      const scanned = inventory.buckets.find((b) => b.name === destinationName);
      const region = scanned?.region ?? kmsArnRegion(r.replicaKmsKeyId);
      t = { destinationBucketArn: r.destinationBucketArn, destinationName, rules: [], replicaKmsKeyIds: [], notes: [] };
      if (region) t.destinationRegion = region;
      if (scanned) t.scanned = scanned;
      byDestination.set(r.destinationBucketArn, t);
    }
    t.rules.push(name);
    if (r.replicaKmsKeyId && !t.replicaKmsKeyIds.includes(r.replicaKmsKeyId)) t.replicaKmsKeyIds.push(r.replicaKmsKeyId);
    if (r.prefix) t.notes.push(`${name} filters on prefix "${r.prefix}": priced as if every new object matched (an upper bound)`);
    if (r.tags && Object.keys(r.tags).length > 0) t.notes.push(`${name} filters on tags ${JSON.stringify(r.tags)}: priced as if every new object matched (an upper bound)`);
    if (kms && r.sseKmsEncryptedObjects !== 'Enabled') t.notes.push(`${name} does not enable SseKmsEncryptedObjects, so S3 skips SSE-KMS objects today (s3-replication-kms); priced as the replication the rule is meant to do`);
  }
  return { state: 'replicates', targets: [...byDestination.values()] };
}

/** Everything about a bucket the estimators take, from its inventory and the profile's assumptions. */
export function bucketCostInputs(bucket: BucketInventory, inventory: Pick<Inventory, 'buckets'>, profile: Profile) {
  const a: CostAssumptions = profile.cost.assumptions;
  const volume = requestVolumeOf(bucket, a);
  const size = averageObjectSizeOf(bucket, a);
  const encryption = kmsEncryptionOf(bucket);
  const replication = replicationTargetsOf(bucket, inventory);
  const base = { resourceId: bucket.arn, region: bucket.region };

  let kms: KmsRequestInput | undefined;
  if (encryption.state === 'kms') {
    const destinations = replication.state === 'replicates' ? replication.targets.length : 0;
    const replNote = replication.state === 'unknown' ? `; ${replication.reason}: replication KMS requests not counted` : '';
    kms = {
      ...base,
      puts: volume.puts,
      gets: volume.gets,
      replicatedObjects: volume.puts * destinations,
      basis: volume.basis,
      volumeNote: `${volume.note}${destinations > 0 ? `; every PUT replicated to ${destinations} destination(s)` : ''}${replNote}`,
      // DSSE-KMS does not support Bucket Keys.
      bucketKey: encryption.rule.bucketKeyEnabled && !encryption.dsse,
      residualLow: a.bucketKeyResidualLow,
      residualHigh: a.bucketKeyResidualHigh,
    };
  }

  const usage = bucket.usage.state === 'present' ? bucket.usage.value : undefined;
  const storage: StorageInput | undefined = usage ? { ...base, storageBytes: usage.storageBytes, ...(usage.objectCount !== undefined ? { objectCount: usage.objectCount } : {}) } : undefined;

  const lifecycle: LifecycleInput | undefined =
    bucket.lifecycle.state === 'present'
      ? {
          ...base,
          lifecycle: bucket.lifecycle.value,
          objectsPerMonth: volume.puts,
          objectsBasis: volume.basis,
          objectsNote: volume.note,
          averageObjectBytes: size.bytes,
          sizeBasis: size.basis,
          sizeNote: size.note,
          retentionMonths: a.retentionMonths,
        }
      : undefined;

  const replicationInputs: ReplicationInput[] =
    replication.state === 'replicates'
      ? replication.targets.map((t) => {
          const destUsagePriced = t.scanned?.usage.state === 'present';
          const storageNote = destUsagePriced
            ? `replica storage is priced as bucket ${t.destinationName}'s own storage`
            : usage
              ? 'replica storage: the source bytes at the destination Region’s price for the same class (the destination storage class is not read)'
              : `replica storage not estimated: ${bucket.usage.state === 'unknown' ? `CloudWatch usage unknown (${bucket.usage.reason})` : 'the bucket publishes no storage metrics'}`;
          const input: ReplicationInput = {
            resourceId: bucket.arn,
            sourceRegion: bucket.region,
            destinationBucketArn: t.destinationBucketArn,
            objectsPerMonth: volume.puts,
            averageObjectBytes: size.bytes,
            basis: combinedBasis(volume.basis, size.basis),
            volumeNote: `${volume.note}; ${size.note}`,
            storageNote,
            notes: t.notes,
          };
          if (t.destinationRegion) input.destinationRegion = t.destinationRegion;
          if (!destUsagePriced && usage) input.replicaStorageBytes = usage.storageBytes;
          return input;
        })
      : [];

  return { volume, size, encryption, replication, kms, storage, lifecycle, replicationInputs };
}

export type BucketCostInputs = ReturnType<typeof bucketCostInputs>;

