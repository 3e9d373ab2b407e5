import { defineFix, remediationJson, withBucket } from '../documented-fix.js';
import rule from './rule.js';

/** put-bucket-logging with the remediation's status: the BUCKET-logs target under access/. */
export default defineFix({
  ruleId: rule.id,
  follows: ['aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status', 'with a log bucket in the same Region'],
  apply: (inventory, bucketArn) =>
    withBucket(inventory, bucketArn, (b) => {
      const [status] = remediationJson(rule.remediation, { BUCKET: b.name }) as [{ LoggingEnabled: { TargetBucket: string; TargetPrefix: string } }];
      return { ...b, logging: { state: 'present', value: { targetBucket: status.LoggingEnabled.TargetBucket, targetPrefix: status.LoggingEnabled.TargetPrefix } } };
    }),
});
