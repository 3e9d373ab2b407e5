import type { PolicyDocument, PolicyStatement } from '../../model/policy-document.js';
import { bucketNameOf } from '../../model/encryption.js';
import { defineFix, remediationJson, withKey } from '../documented-fix.js';
import { keyArnOf, replicationRolesFor } from '../kms-policy-shared.js';
import rule from './rule.js';
import { foundValue } from '../membership.js';

/**
 * The primary's policy with its Region substituted, its replication-role statement replaced by the
 * remediation's, kms:Decrypt added when a destination under this replica uses a Bucket Key.
 */
export default defineFix({
  ruleId: rule.id,
  follows: [
    'Apply the primary’s reviewed key policy to the replica with its Region substituted',
    'when the destination bucket uses an S3 Bucket Key add "kms:Decrypt" to its Action',
  ],
  apply(inventory, replicaArn, ctx) {
    const replica = inventory.keys.find((k) => k.arn === replicaArn);
    const md = replica?.metadata.state === 'present' ? replica.metadata.value : undefined;
    const primary = inventory.keys.find((k) => k.arn === md?.primaryKeyArn);
    if (!replica || !primary || primary.policy.state !== 'present') return inventory;
    const substituted = JSON.parse(JSON.stringify(primary.policy.value).replaceAll(primary.region, replica.region)) as PolicyDocument;
    const { roles } = replicationRolesFor(replica, ctx);
    const bucketKey = inventory.buckets.some(
      (b) =>
        b.replication.state === 'present' &&
        b.replication.value.rules.some((r) => {
          if (r.replicaKmsKeyId !== keyArnOf(replica)) return false;
          const enc = foundValue(ctx.lookups.bucketByName(bucketNameOf(r.destinationBucketArn)))?.encryption;
          return enc?.state === 'present' && enc.value.some((e) => e.bucketKeyEnabled);
        }),
    );
    const grants = roles.map((role, i) => {
      const [s] = remediationJson(rule.remediation, { REPLICATION_ROLE_ARN: role, REPLICA_REGION: replica.region }) as [PolicyStatement];
      if (bucketKey) s.Action = [...(s.Action as string[]), 'kms:Decrypt'];
      return i === 0 ? s : { ...s, Sid: `${s.Sid}${i + 1}` };
    });
    const sids = new Set(grants.map((g) => g.Sid));
    const Statement = [...substituted.Statement.filter((s) => !sids.has(s.Sid)), ...grants];
    return withKey(inventory, replicaArn, (k) => ({ ...k, policy: { state: 'present', value: { ...substituted, Statement } } }));
  },
});
