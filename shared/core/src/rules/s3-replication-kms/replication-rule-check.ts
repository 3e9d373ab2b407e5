import { bucketNameOf, isSseKms } from '../../model/encryption.js';
import type { BucketInventory, ReplicationRule } from '../../model/inventory.js';
import type { RuleContext } from '../define-rule.js';
import { foundValue, regionGap } from '../membership.js';

export type RuleVerdict =
  | { kind: 'ok'; destination: string; destinationRegion: string; replicaKey: string; notes: string[] }
  | { kind: 'fail'; problems: string[]; unknowns: string[] }
  | { kind: 'unknown'; reasons: string[] };

const regionOfArn = (arn: string | undefined) => (arn?.startsWith('arn:') ? arn.split(':')[3] || undefined : undefined);

/**
 * One Enabled replication rule against the architecture. Known problems win over unknowns: a rule
 * that is wrong in a way we can see fails even if other parts could not be read.
 */
export function checkReplicationRule(r: ReplicationRule, source: BucketInventory, ctx: RuleContext): RuleVerdict {
  const { lookups, profile } = ctx;
  const problems: string[] = [];
  const unknowns: string[] = [];
  const notes: string[] = [];
  const destName = bucketNameOf(r.destinationBucketArn);
  const dest = foundValue(lookups.bucketByName(destName));
  const keyRef = r.replicaKmsKeyId;
  // A Region the scan could not read is no Region to compare (the bucket's `region` is a guess).
  const destGap = dest ? regionGap(dest) : undefined;
  const sourceGap = regionGap(source);
  const scannedRegion = dest && !destGap ? dest.region : undefined;
  // A bare key id is resolved in the destination Region, as S3 does.
  const keyRegion = regionOfArn(keyRef) ?? (keyRef !== undefined ? scannedRegion : undefined);
  const destRegion = dest ? scannedRegion : regionOfArn(keyRef);

  const dataPrefix = profile.s3.dataPrefix;
  if (r.prefix && !dataPrefix.startsWith(r.prefix)) problems.push(`it replicates only prefix "${r.prefix}", which does not cover "${dataPrefix}"`);
  if (r.tags && Object.keys(r.tags).length > 0)
    problems.push(`it replicates only objects tagged ${Object.entries(r.tags).map(([k, v]) => `${k}=${v}`).join(', ')}, not all the data`);
  if (r.sseKmsEncryptedObjects !== 'Enabled')
    problems.push('SourceSelectionCriteria.SseKmsEncryptedObjects is not Enabled: SSE-KMS objects are silently not replicated');

  if (destGap) unknowns.push(destGap);
  else if (destRegion === undefined) unknowns.push(`destination bucket ${destName} was not scanned and ReplicaKmsKeyID names no Region, so the destination Region is not known`);
  else if (!sourceGap && destRegion === source.region) problems.push(`destination ${destName} is in ${destRegion}, the source Region (same-Region, not cross-Region, replication)`);
  else if (profile.replication.destinationRegions.length > 0 && !profile.replication.destinationRegions.includes(destRegion))
    problems.push(`destination Region ${destRegion} is not one of the profile's replication.destinationRegions (${profile.replication.destinationRegions.join(', ')})`);
  if (sourceGap) unknowns.push(sourceGap);

  let replicaKeyId: string | undefined;
  if (keyRef === undefined) problems.push('Destination.EncryptionConfiguration.ReplicaKmsKeyID is missing');
  // No Region for the key (a bare id, destination not scanned) is already the destination-Region unknown.
  else if (keyRegion !== undefined) {
    if (destRegion !== undefined && keyRegion !== destRegion) problems.push(`replica key ${keyRef} is in ${keyRegion} but the destination bucket is in ${destRegion}`);
    const key = lookups.key(keyRef, keyRegion);
    const md = key?.metadata;
    if (!md) unknowns.push(`replica key ${keyRef} was not scanned`);
    else if (md.state === 'unknown') unknowns.push(`replica key ${keyRef}: ${md.reason}`);
    else if (md.state === 'absent') problems.push(`replica key ${keyRef} does not exist`);
    else {
      replicaKeyId = md.value.keyId;
      if (md.value.keyManager !== 'CUSTOMER') problems.push(`replica key ${keyRef} is ${md.value.keyManager}-managed, not a customer-managed key`);
      if (md.value.keyState !== 'Enabled') problems.push(`replica key ${keyRef} is ${md.value.keyState}, not Enabled`);
    }
  }

  // With a multi-Region primary at the source, the destination should hold the same key material.
  const enc = source.encryption;
  if (enc.state === 'unknown') unknowns.push(`cannot tell whether the source key is a multi-Region primary: ${enc.reason}`);
  const sourceKeyRef = enc.state === 'present' ? enc.value.find((e) => isSseKms(e.sseAlgorithm))?.kmsMasterKeyId : undefined;
  if (sourceKeyRef !== undefined) {
    const src = lookups.key(sourceKeyRef, source.region)?.metadata;
    if (!src) unknowns.push(`source key ${sourceKeyRef} was not scanned`);
    else if (src.state === 'unknown') unknowns.push(`source key ${sourceKeyRef}: ${src.reason}`);
    else if (src.state === 'present' && src.value.multiRegion && src.value.multiRegionKeyType === 'PRIMARY' && replicaKeyId !== undefined && replicaKeyId !== src.value.keyId) {
      const expected = src.value.replicaKeys.find((k) => k.region === destRegion)?.arn ?? `a replica of ${src.value.keyId} in ${destRegion ?? 'the destination Region'}`;
      problems.push(`the source key is the multi-Region primary ${src.value.keyId}, but the replica key is ${keyRef}, not its replica (${expected})`);
    }
  }

  if (dest) {
    const v = dest.versioning;
    if (v.state === 'unknown') unknowns.push(`destination ${destName} versioning: ${v.reason}`);
    else if (v.state === 'absent' || v.value.status !== 'Enabled') problems.push(`destination ${destName} versioning is ${v.state === 'present' ? v.value.status : 'not configured'}, not Enabled`);
  } else unknowns.push(`destination ${destName} was not scanned, so its versioning cannot be verified`);

  if (problems.length > 0) return { kind: 'fail', problems, unknowns };
  if (unknowns.length > 0 || destRegion === undefined || keyRef === undefined) return { kind: 'unknown', reasons: unknowns };
  return { kind: 'ok', destination: destName, destinationRegion: destRegion, replicaKey: keyRef, notes };
}
