import type { ReplicationRule } from '../../model/inventory.js';
import { defineFix, remediationJson, withBucket } from '../documented-fix.js';
import rule from './rule.js';
import { foundValue } from '../membership.js';

interface ApiReplication {
  Role: string;
  Rules: {
    ID: string;
    Status: 'Enabled' | 'Disabled';
    Filter: { Prefix?: string };
    SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' | 'Disabled' } };
    Destination: { Bucket: string; EncryptionConfiguration: { ReplicaKmsKeyID: string } };
  }[];
}

/**
 * put-bucket-replication with the remediation's configuration: the bucket's role and destination,
 * the replica of the source key in the destination Region as ReplicaKmsKeyID.
 */
export default defineFix({
  ruleId: rule.id,
  follows: ['aws s3api put-bucket-replication --bucket BUCKET --replication-configuration', 'after enabling versioning on the destination'],
  apply: (inventory, bucketArn, { lookups, profile }) =>
    withBucket(inventory, bucketArn, (b) => {
      const current = b.replication.state === 'present' ? b.replication.value : undefined;
      const destArn = current?.rules[0]?.destinationBucketArn;
      const dest = destArn ? foundValue(lookups.bucketByName(destArn.replace(/^arn:[^:]+:s3:::/, ''))) : undefined;
      const sourceKey = b.encryption.state === 'present' ? b.encryption.value.find((e) => e.kmsMasterKeyId)?.kmsMasterKeyId : undefined;
      const md = sourceKey ? lookups.key(sourceKey, b.region)?.metadata : undefined;
      const region = dest?.region ?? profile.replication.destinationRegions[0];
      const replica = md?.state === 'present' ? md.value.replicaKeys.find((r) => r.region === region)?.arn : undefined;
      if (!current || !dest || !replica) return b;
      const [config] = remediationJson(rule.remediation, {
        ROLE_ARN: current.roleArn,
        DEST_BUCKET: dest.name,
        DEST_REGION: dest.region,
        ACCOUNT: lookups.accountId,
      }) as [ApiReplication];
      const rules: ReplicationRule[] = config.Rules.map((r) => ({
        id: r.ID,
        status: r.Status,
        ...(r.Filter.Prefix ? { prefix: r.Filter.Prefix } : {}),
        destinationBucketArn: r.Destination.Bucket,
        replicaKmsKeyId: replica,
        sseKmsEncryptedObjects: r.SourceSelectionCriteria.SseKmsEncryptedObjects.Status,
      }));
      return { ...b, replication: { state: 'present', value: { roleArn: config.Role, rules } } };
    }),
});
