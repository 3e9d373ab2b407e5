import { bucketNameOf } from '../../model/encryption.js';
import type { PolicyDocument, PolicyStatement } from '../../model/policy-document.js';
import { defineFix, remediationJson, withRole } from '../documented-fix.js';
import rule, { DOCUMENTED_POLICY } from './rule.js';
import { foundValue } from '../membership.js';

/** Replaces the role's policies with AWS's documented replication policy, filled in per replication rule of the bucket. */
export default defineFix({
  ruleId: rule.id,
  follows: [
    "Replace the role policy with AWS's documented replication policy",
    'When the destination bucket uses an S3 Bucket Key, add "kms:Decrypt" to EncryptReplica',
    'detach broader policies',
  ],
  apply(inventory, bucketArn, { lookups }) {
    const bucket = inventory.buckets.find((b) => b.arn === bucketArn);
    if (bucket?.replication.state !== 'present') return inventory;
    const source = bucket.encryption.state === 'present' ? bucket.encryption.value.find((e) => e.kmsMasterKeyId) : undefined;
    const sourceKey = source?.kmsMasterKeyId ? (lookups.key(source.kmsMasterKeyId, bucket.region)?.arn ?? source.kmsMasterKeyId) : '*';
    const statements: PolicyStatement[] = [];
    bucket.replication.value.rules.forEach((r, i) => {
      const destName = bucketNameOf(r.destinationBucketArn);
      const dest = foundValue(lookups.bucketByName(destName));
      const replicaKey = r.replicaKmsKeyId ?? '*';
      const [doc] = remediationJson(rule.remediation, {
        SOURCE_BUCKET: bucket.name,
        DEST_BUCKET: destName,
        SOURCE_KEY_ARN: sourceKey,
        SOURCE_REGION: bucket.region,
        REPLICA_KEY_ARN: replicaKey,
        DEST_REGION: dest?.region ?? replicaKey.split(':')[3] ?? bucket.region,
      }) as [PolicyDocument];
      if (doc === undefined || rule.remediation.indexOf(DOCUMENTED_POLICY) < 0) throw new Error('the remediation no longer carries the documented policy');
      const bucketKey = dest?.encryption.state === 'present' && dest.encryption.value.some((e) => e.bucketKeyEnabled);
      for (const s of doc.Statement) {
        if (s.Sid === 'EncryptReplica' && bucketKey) s.Action = [...(s.Action as string[]), 'kms:Decrypt'];
        // One set of source statements; destination statements per rule.
        if (i > 0 && !['ReplicateToDestination', 'EncryptReplica'].includes(s.Sid ?? '')) continue;
        statements.push(i > 0 ? { ...s, Sid: `${s.Sid}${i + 1}` } : s);
      }
    });
    const policy: PolicyDocument = { Version: '2012-10-17', Statement: statements };
    return withRole(inventory, bucket.replication.value.roleArn, (role) => ({
      ...role,
      policies: { state: 'present', value: [{ name: 'replication', kind: 'inline', document: policy }] },
    }));
  },
});
