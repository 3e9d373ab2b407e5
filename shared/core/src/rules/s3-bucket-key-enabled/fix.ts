import { bucketNameOf } from '../../model/encryption.js';
import type { Inventory } from '../../model/inventory.js';
import { coversAction, principalsOf, toArray } from '../../policy/statements.js';
import type { RuleContext } from '../define-rule.js';
import { defineFix, editKeyPolicy, withBucket, withKey } from '../documented-fix.js';
import rule from './rule.js';
import { foundValue } from '../membership.js';

/**
 * BucketKeyEnabled on every SSE-KMS default encryption rule of the bucket; on a replication
 * destination, kms:Decrypt first added to the replica key policy's kms:Encrypt grant for each
 * replication role writing into it.
 */
export default defineFix({
  ruleId: rule.id,
  follows: ['Set BucketKeyEnabled: true on the default encryption rule', 'On a replication destination, first let the replica key policy allow the replication role kms:Decrypt beside kms:Encrypt'],
  apply: enableBucketKey,
});

/** Shared with cost-bucket-key-disabled, whose remediation is the same change. */
export function enableBucketKey(inventory: Inventory, bucketArn: string, { lookups }: RuleContext): Inventory {
  let out = inventory;
  const name = bucketNameOf(bucketArn);
  for (const source of (foundValue(lookups.replicationSourcesOf(name)) ?? []).map((n) => foundValue(lookups.bucketByName(n)))) {
    if (source?.replication.state !== 'present') continue;
    const role = source.replication.value.roleArn;
    for (const r of source.replication.value.rules) {
      const key = r.replicaKmsKeyId && bucketNameOf(r.destinationBucketArn) === name ? lookups.key(r.replicaKmsKeyId, r.replicaKmsKeyId.split(':')[3] ?? source.region) : undefined;
      if (!key) continue;
      out = withKey(out, key.arn, (k) =>
        editKeyPolicy(k, (statements) =>
          statements.map((s) =>
            s.Effect === 'Allow' && principalsOf(s.Principal).aws.includes(role) && coversAction(s, 'kms:Encrypt') && !coversAction(s, 'kms:Decrypt')
              ? { ...s, Action: [...toArray(s.Action), 'kms:Decrypt'] }
              : s,
          ),
        ),
      );
    }
  }
  return withBucket(out, bucketArn, (b) =>
    b.encryption.state === 'present'
      ? { ...b, encryption: { state: 'present', value: b.encryption.value.map((e) => (e.sseAlgorithm === 'aws:kms' ? { ...e, bucketKeyEnabled: true } : e)) } }
      : b,
  );
}
