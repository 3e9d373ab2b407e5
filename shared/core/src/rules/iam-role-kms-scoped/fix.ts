import type { ConditionBlock, PolicyStatement } from '../../model/policy-document.js';
import { toArray } from '../../policy/statements.js';
import { defineFix, editStatements, remediationJson, withRole } from '../documented-fix.js';
import { stackOfBucket, stackOfRole } from '../../profile/stacks.js';
import rule from './rule.js';

/**
 * The role's KMS permissions replaced by the remediation's grant: kms:Decrypt and
 * kms:GenerateDataKey on the profile key's exact ARN in each Region of the architecture buckets,
 * bound to S3 there.
 */
export default defineFix({
  ruleId: rule.id,
  follows: ['Grant kms:Decrypt and kms:GenerateDataKey on the exact key ARN with'],
  apply(inventory, roleArn, { lookups, profile }) {
    // A stack's Snowflake role is granted its own stack's key; any other role the keys of every stage bucket.
    const stack = stackOfRole(profile, roleArn);
    const stageBuckets = inventory.buckets.filter((b) => b.role.kind === 'architecture' && (!stack || stackOfBucket(profile, b.name) === stack));
    const wanted = new Map<string, string>();
    for (const b of stageBuckets) {
      const key = lookups.profileKeyArn(b.region, b.name);
      if (key.state === 'resolved') wanted.set(`${b.region} ${key.arn}`, b.region);
    }
    const perRegion = new Map<string, number>();
    const grants: PolicyStatement[] = [...wanted].sort().map(([regionKey, region]) => {
      const keyArn = regionKey.slice(region.length + 1);
      const n = perRegion.get(region) ?? 0;
      perRegion.set(region, n + 1);
      const [condition] = remediationJson(rule.remediation, { '<region>': region }) as [ConditionBlock];
      return { Sid: `StageKeyViaS3${region.replace(/-/g, '')}${n > 0 ? n + 1 : ''}`, Effect: 'Allow' as const, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyArn, Condition: condition };
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
