import type { ConditionBlock, PolicyStatement } from '../../model/policy-document.js';
import { toArray } from '../../policy/statements.js';
import { defineFix, editStatements, remediationJson, withRole } from '../documented-fix.js';
import rule from './rule.js';

/**
 * The role's KMS permissions replaced by the remediation's grant: kms:Decrypt and
 * kms:GenerateDataKey on the profile key's exact ARN in each Region of the architecture buckets,
 * bound to S3 there.
 */
export default defineFix({
  ruleId: rule.id,
  follows: ['Grant kms:Decrypt and kms:GenerateDataKey on the exact key ARN with'],
  apply(inventory, roleArn, { lookups }) {
    const regions = [...new Set(inventory.buckets.filter((b) => b.role.kind === 'architecture').map((b) => b.region))].sort();
    const grants: PolicyStatement[] = regions.flatMap((region) => {
      const key = lookups.profileKeyArn(region);
      if (key.state !== 'resolved') return [];
      const [condition] = remediationJson(rule.remediation, { '<region>': region }) as [ConditionBlock];
      return [{ Sid: `StageKeyViaS3${region.replace(/-/g, '')}`, Effect: 'Allow' as const, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key.arn, Condition: condition }];
    });
    const withoutKms = (s: PolicyStatement): PolicyStatement[] => {
      if (s.Effect !== 'Allow' || s.Action === undefined) return s.Effect === 'Allow' && s.NotAction !== undefined ? [] : [s];
      const rest = toArray(s.Action).filter((a) => !/^kms:/i.test(a) && a !== '*');
      return rest.length === 0 ? [] : [{ ...s, Action: rest }];
    };
    return withRole(inventory, roleArn, (r) => {
      if (r.policies.state !== 'present') return r;
      const [first, ...others] = r.policies.value;
      if (!first) return r;
      const strip = (p: typeof first) => ({ ...p, document: editStatements(p.document, (ss) => ss.flatMap(withoutKms)) });
      const updated = [{ ...strip(first), document: editStatements(strip(first).document, (ss) => [...ss, ...grants]) }, ...others.map(strip)];
      return { ...r, policies: { state: 'present', value: updated } };
    });
  },
});
