import type { ConditionBlock, PolicyStatement } from '../../model/policy-document.js';
import { toArray } from '../../policy/statements.js';
import { defineFix, editStatements, remediationJson, withRole } from '../documented-fix.js';
import rule from './rule.js';

/**
 * The role's S3 permissions replaced by the remediation's: the stage actions on each architecture
 * bucket's data prefix, s3:ListBucket (bound by s3:prefix) and s3:GetBucketLocation on the bucket.
 */
export default defineFix({
  ruleId: rule.id,
  follows: [
    'Grant s3:GetObject, s3:GetObjectVersion, s3:PutObject, s3:DeleteObject, s3:DeleteObjectVersion on arn:aws:s3:::BUCKET/PREFIX/*',
    'and s3:ListBucket plus s3:GetBucketLocation on arn:aws:s3:::BUCKET with',
  ],
  apply(inventory, roleArn, { profile }) {
    const prefix = profile.s3.dataPrefix.replace(/\/$/, '');
    const [listCondition] = remediationJson(rule.remediation, { PREFIX: prefix }) as [ConditionBlock];
    const grants: PolicyStatement[] = inventory.buckets
      .filter((b) => b.role.kind === 'architecture')
      .flatMap((b, i) => [
        { Sid: `StageObjects${i}`, Effect: 'Allow' as const, Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'], Resource: `arn:aws:s3:::${b.name}/${prefix}/*` },
        { Sid: `StageList${i}`, Effect: 'Allow' as const, Action: 's3:ListBucket', Resource: `arn:aws:s3:::${b.name}`, Condition: listCondition },
        { Sid: `StageLocation${i}`, Effect: 'Allow' as const, Action: 's3:GetBucketLocation', Resource: `arn:aws:s3:::${b.name}` },
      ]);
    const withoutS3 = (s: PolicyStatement): PolicyStatement[] => {
      if (s.Effect !== 'Allow') return [s];
      if (s.Action === undefined) return [];
      const rest = toArray(s.Action).filter((a) => !/^s3:/i.test(a) && a !== '*');
      return rest.length === 0 ? [] : [{ ...s, Action: rest }];
    };
    return withRole(inventory, roleArn, (r) => {
      if (r.policies.state !== 'present' || r.policies.value.length === 0) return r;
      const updated = r.policies.value.map((p, i) => ({ ...p, document: editStatements(p.document, (ss) => [...ss.flatMap(withoutS3), ...(i === 0 ? grants : [])]) }));
      return { ...r, policies: { state: 'present', value: updated } };
    });
  },
});
