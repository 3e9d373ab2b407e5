import type { LifecycleRule } from '../../model/inventory.js';
import { defineFix, remediationJson, withBucket } from '../documented-fix.js';
import rule from './rule.js';

interface ApiRule {
  ID: string;
  Status: 'Enabled' | 'Disabled';
  Transitions: { Days: number; StorageClass: string }[];
  NoncurrentVersionExpiration: { NoncurrentDays: number };
  AbortIncompleteMultipartUpload: { DaysAfterInitiation: number };
}

/** put-bucket-lifecycle-configuration with the remediation's rules (it replaces the whole configuration). */
export default defineFix({
  ruleId: rule.id,
  follows: ['aws s3api put-bucket-lifecycle-configuration --bucket BUCKET --lifecycle-configuration'],
  apply: (inventory, bucketArn) =>
    withBucket(inventory, bucketArn, (b) => {
      const [config] = remediationJson(rule.remediation) as [{ Rules: ApiRule[] }];
      const rules: LifecycleRule[] = config.Rules.map((r) => ({
        id: r.ID,
        status: r.Status,
        filter: {},
        transitions: r.Transitions.map((t) => ({ days: t.Days, storageClass: t.StorageClass })),
        noncurrentTransitions: [],
        noncurrentExpirationDays: r.NoncurrentVersionExpiration.NoncurrentDays,
        abortIncompleteMultipartDays: r.AbortIncompleteMultipartUpload.DaysAfterInitiation,
      }));
      const minimum = b.lifecycle.state === 'present' ? b.lifecycle.value.transitionDefaultMinimumObjectSize : undefined;
      return { ...b, lifecycle: { state: 'present', value: { rules, ...(minimum ? { transitionDefaultMinimumObjectSize: minimum } : {}) } } };
    }),
});
