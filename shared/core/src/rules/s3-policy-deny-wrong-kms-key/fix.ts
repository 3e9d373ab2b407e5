import type { PolicyStatement } from '../../model/policy-document.js';
import { defineFix, editStatements, remediationJson, withBucket } from '../documented-fix.js';
import rule from './rule.js';

/** Adds the remediation's statement, naming the profile key's full ARN in the bucket's Region. */
export default defineFix({
  ruleId: rule.id,
  follows: ['Add to the bucket policy (merged, put-bucket-policy replaces it):', 'with the full key ARN'],
  apply: (inventory, bucketArn, { lookups }) =>
    withBucket(inventory, bucketArn, (b) => {
      const key = lookups.profileKeyArn(b.region, b.name);
      if (key.state !== 'resolved' || b.policy.state === 'unknown') return b;
      const [deny] = remediationJson(rule.remediation, { BUCKET: b.name, KEY_ARN: key.arn }) as [PolicyStatement];
      const doc = b.policy.state === 'present' ? b.policy.value : { Version: '2012-10-17', Statement: [] };
      return { ...b, policy: { state: 'present', value: editStatements(doc, (ss) => [...ss.filter((s) => s.Sid !== deny.Sid), deny]) } };
    }),
});
