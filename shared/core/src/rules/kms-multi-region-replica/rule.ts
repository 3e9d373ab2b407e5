import type { BucketInventory, BucketRole, KeyInventory, KeyMetadata } from '../../model/inventory.js';
import { defineRule, fail, notApplicable, pass, unknown, type Outcome, type RuleContext } from '../define-rule.js';
import { bucketListGap, regionGap } from '../membership.js';
import { keyArnOf } from '../kms-policy-shared.js';

/** Buckets of a role (architecture, or undetermined: maybe stage buckets) whose default encryption uses this key. */
function bucketsEncryptedWith(key: KeyInventory, ctx: RuleContext, role: BucketRole['kind']): BucketInventory[] {
  const arn = keyArnOf(key);
  return ctx.inventory.buckets.filter(
    (b) =>
      b.role.kind === role &&
      b.encryption.state === 'present' &&
      b.encryption.value.some((r) => r.kmsMasterKeyId && (r.kmsMasterKeyId === arn || ctx.lookups.key(r.kmsMasterKeyId, b.region) === key)),
  );
}

/** Regions replication must reach: the profile's, else those the buckets' ReplicaKmsKeyIDs are in. */
function destinationRegions(buckets: BucketInventory[], ctx: RuleContext, keyRegion: string): string[] {
  const fromProfile = ctx.profile.replication.destinationRegions;
  const fromRules = buckets.flatMap((b) =>
    b.replication.state === 'present' ? b.replication.value.rules.flatMap((r) => (r.status === 'Enabled' && r.replicaKmsKeyId?.split(':')[3]) || []) : [],
  );
  return [...new Set(fromProfile.length > 0 ? fromProfile : fromRules)].filter((r) => r !== keyRegion).sort();
}

export default defineRule({
  id: 'kms-multi-region-replica',
  title: 'With cross-Region replication, the key is a multi-Region primary with an Enabled replica in each destination Region',
  severity: 'high',
  resourceType: 'key',
  packs: ['snowflake-s3-kms'],
  description:
    'When the profile expects cross-Region replication, the source key must be a multi-Region primary whose replicas (same key material) sit in every destination Region, Enabled, so replicated objects stay decryptable with the same key in either Region. Replicas are evaluated through their primary.',
  messages: {
    replicated: 'Multi-Region primary with a replica in {{regions}}{{unread}}.',
    noDestinations: 'Multi-Region primary; the profile names no destination Region and no replication rule points at one.',
    notMultiRegion: 'The key is a single-Region key, but {{buckets}} {{why}}: create a multi-Region key and replicate it to {{regions}}.',
    missingReplica: 'The multi-Region primary has no replica in {{missing}} (replicas: {{present}}).',
    replicaNotEnabled: 'The replica in {{region}} ({{arn}}) is {{state}}, not Enabled: replicated objects cannot be encrypted or read there.',
  },
  remediation:
    'Missing replica: aws kms replicate-key --key-id PRIMARY_ARN --replica-region DEST_REGION (Terraform aws_kms_replica_key), then set the replication rule’s ReplicaKmsKeyID to the replica ARN. Single-Region key: create a multi-Region key (aws kms create-key --multi-Region), switch default encryption to it and re-encrypt existing objects. Replica not Enabled: aws kms enable-key / cancel-key-deletion in that Region.',
  check(key, ctx) {
    if (!ctx.profile.replication.expected) return notApplicable('the profile does not expect cross-Region replication');
    const md = key.metadata;
    if (md.state === 'unknown') return unknown(md.reason);
    if (md.state === 'absent') return unknown('the key does not exist (kms-key-enabled reports it)');
    const m = md.value;
    if (m.multiRegionKeyType === 'REPLICA') return notApplicable(`multi-Region replica; evaluated on its primary ${m.primaryKeyArn ?? ''}`.trim());
    const sure = bucketsEncryptedWith(key, ctx, 'architecture');
    const verdict = judge(key, m, sure, ctx);
    // Buckets that may be stage buckets: the verdict stands only if it does not depend on them.
    const maybe = bucketsEncryptedWith(key, ctx, 'undetermined');
    if (maybe.length === 0 || judge(key, m, [...sure, ...maybe], ctx).status === verdict.status) return verdict;
    return unknown(`${maybe.map((b) => b.name).join(', ')}, encrypted with the key, may be stage buckets: ${maybe.map((b) => (b.role.kind === 'undetermined' ? b.role.reason : '')).join('; ')}`);
  },
});

/** The verdict when `buckets` are the stage buckets the key encrypts. */
function judge(key: KeyInventory, m: KeyMetadata, buckets: BucketInventory[], ctx: RuleContext): Outcome {
  const regions = destinationRegions(buckets, ctx, key.region);
  if (!m.multiRegion) {
    const replicating = buckets.filter((b) => b.replication.state === 'present' && b.replication.value.rules.some((r) => r.status === 'Enabled'));
    if (replicating.length > 0) return fail('notMultiRegion', { buckets: replicating.map((b) => b.name).join(', '), why: 'replicate(s) across Regions', regions: regions.join(', ') || 'the destination Regions' });
    const unreadable = buckets.filter((b) => b.replication.state === 'unknown');
    if (unreadable.length > 0) return unknown(`replication of ${unreadable.map((b) => b.name).join(', ')} could not be read`);
    // Source buckets (outside the destination Regions) the profile expects to replicate, not yet configured.
    const sources = buckets.filter((b) => b.regionUnknown === undefined && !ctx.profile.replication.destinationRegions.includes(b.region));
    if (sources.length > 0 && regions.length > 0) return fail('notMultiRegion', { buckets: sources.map((b) => b.name).join(', '), why: 'should replicate per the profile', regions: regions.join(', ') });
    // A bucket whose Region is not known may be such a source.
    const gap = buckets.map(regionGap).find((g) => g !== undefined);
    if (gap && regions.length > 0) return unknown(gap);
    // A stage bucket whose encryption is unread, or that was not listed, may use this key and be such a source.
    const unseen = ctx.inventory.buckets.filter((b) => b.role.kind !== 'support' && b.encryption.state === 'unknown');
    if (unseen.length > 0) return unknown(`the default encryption of ${unseen.map((b) => b.name).join(', ')} could not be read, so more buckets may use the key`);
    const unlisted = bucketListGap(ctx.inventory);
    if (unlisted) return unknown(`${unlisted}, so more buckets may use the key`);
    return notApplicable('single-Region key that encrypts no bucket expected to replicate');
  }
  if (m.multiRegionKeyType !== 'PRIMARY') return unknown('DescribeKey reported a multi-Region key without its key type');
  if (regions.length === 0) {
    // No destination known: only a pass when nothing that could name one went unread.
    const unseen = ctx.inventory.buckets.filter((b) => b.role.kind !== 'support' && (b.encryption.state === 'unknown' || b.replication.state === 'unknown'));
    if (unseen.length > 0) return unknown(`no destination Region is known, and the encryption or replication of ${unseen.map((b) => b.name).join(', ')} could not be read`);
    const unlisted = bucketListGap(ctx.inventory);
    if (unlisted) return unknown(`no destination Region is known, and ${unlisted}`);
    return pass('noDestinations');
  }
  const evidence = { replicaKeys: m.replicaKeys, destinationRegions: regions };
  const missing = regions.filter((r) => !m.replicaKeys.some((k) => k.region === r));
  if (missing.length > 0) return fail('missingReplica', { missing: missing.join(', '), present: m.replicaKeys.map((k) => k.region).join(', ') || 'none' }, evidence);
  const unread: string[] = [];
  const unreadable: string[] = [];
  for (const region of regions) {
    const replica = m.replicaKeys.find((k) => k.region === region)!;
    const inv = ctx.lookups.key(replica.arn, region);
    if (!inv) unread.push(region);
    else if (inv.metadata.state === 'unknown') unreadable.push(`replica in ${region}: ${inv.metadata.reason}`);
    else {
      const state = inv.metadata.state === 'absent' ? 'deleted' : inv.metadata.value.keyState;
      if (state !== 'Enabled') return fail('replicaNotEnabled', { region, arn: replica.arn, state }, evidence);
    }
  }
  if (unreadable.length > 0) return unknown(unreadable.join('; '), evidence);
  // The collector reads keys that buckets or replication rules reference; a replica nothing
  // references was not read, so whether it is Enabled is not known.
  if (unread.length > 0) return unknown(`the replica in ${unread.join(', ')} was not read: no bucket or replication rule references it`, evidence);
  return pass('replicated', { regions: regions.join(', '), unread: '' }, evidence);
}
