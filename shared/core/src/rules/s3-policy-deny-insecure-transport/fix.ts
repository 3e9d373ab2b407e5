import type { PolicyStatement } from '../../model/policy-document.js';
import { defineFix, editStatements, remediationJson, withBucket } from '../documented-fix.js';
import rule from './rule.js';

/** Adds the remediation's statement to the bucket policy (creating the policy when there is none). */
export default defineFix({
  ruleId: rule.id,
  follows: ['Add to the bucket policy:'],
  apply: (inventory, bucketArn) =>
    withBucket(inventory, bucketArn, (b) => {
      const [deny] = remediationJson(rule.remediation, { BUCKET: b.name }) as [PolicyStatement];
      if (b.policy.state === 'unknown') return b;
      const doc = b.policy.state === 'present' ? b.policy.value : { Version: '2012-10-17', Statement: [] };
      return { ...b, policy: { state: 'present', value: editStatements(doc, (ss) => [...ss.filter((s) => s.Sid !== deny.Sid), deny]) } };
    }),
});
