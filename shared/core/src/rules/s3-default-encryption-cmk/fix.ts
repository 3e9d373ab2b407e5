import { defineFix, remediationJson, withBucket } from '../documented-fix.js';
import rule from './rule.js';

interface EncryptionConfiguration {
  Rules: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: string; KMSMasterKeyID: string }; BucketKeyEnabled: boolean }[];
}

/** put-bucket-encryption with the remediation's configuration, naming the profile key's ARN in the bucket's Region. */
export default defineFix({
  ruleId: rule.id,
  follows: ['aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration'],
  apply: (inventory, bucketArn, { lookups }) =>
    withBucket(inventory, bucketArn, (b) => {
      const key = lookups.profileKeyArn(b.region, b.name);
      if (key.state !== 'resolved') return b;
      const [config] = remediationJson(rule.remediation) as [EncryptionConfiguration];
      const encryption = config.Rules.map((r) => ({
        sseAlgorithm: r.ApplyServerSideEncryptionByDefault.SSEAlgorithm,
        kmsMasterKeyId: key.arn,
        bucketKeyEnabled: r.BucketKeyEnabled,
      }));
      return { ...b, encryption: { state: 'present', value: encryption } };
    }),
});
