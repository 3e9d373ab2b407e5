import type { ConditionBlock } from '../../model/policy-document.js';
import { principalsOf } from '../../policy/statements.js';
import { defineFix, editTrustPolicy, remediationJson, withRole } from '../documented-fix.js';
import rule from './rule.js';

/** The remediation's aws:SourceAccount and aws:SourceArn conditions on each service trust statement (SourceArn: the buckets replicating through the role). */
export default defineFix({
  ruleId: rule.id,
  follows: ['Add to the service trust statement {"StringEquals":{"aws:SourceAccount":"<account id>"}} and, where the service sends it'],
  apply(inventory, roleArn, { lookups }) {
    const sources = inventory.buckets.filter((b) => b.replication.state === 'present' && b.replication.value.roleArn === roleArn).map((b) => b.name);
    const [account, arn] = remediationJson(rule.remediation, { '<account id>': lookups.accountId, '<source-bucket>': sources[0] ?? '' }) as ConditionBlock[];
    // One source bucket: the remediation's ArnLike as written; several: all their ARNs.
    const arnLike = sources.length === 1 ? arn : sources.length > 1 ? { ArnLike: { 'aws:SourceArn': sources.map((s) => `arn:${lookups.partition}:s3:::${s}`) } } : {};
    const condition: ConditionBlock = { ...account, ...arnLike };
    return withRole(inventory, roleArn, (r) =>
      editTrustPolicy(r, (ss) => ss.map((s) => (s.Effect === 'Allow' && principalsOf(s.Principal).service.length > 0 ? { ...s, Condition: { ...(s.Condition ?? {}), ...condition } } : s))),
    );
  },
});
