import { defineFix, withBucket } from '../documented-fix.js';
import rule from './rule.js';

/** Every sampled object copied onto itself under the profile key (aws s3 cp … --sse aws:kms --sse-kms-key-id KEY_ARN). */
export default defineFix({
  ruleId: rule.id,
  follows: ['Re-encrypt the objects in place with the profile key: aws s3 cp s3://BUCKET/KEY s3://BUCKET/KEY --sse aws:kms --sse-kms-key-id KEY_ARN'],
  apply: (inventory, bucketArn, { lookups }) =>
    withBucket(inventory, bucketArn, (b) => {
      const key = lookups.profileKeyArn(b.region, b.name);
      if (key.state !== 'resolved' || b.objectSample.state !== 'present') return b;
      const bucketKey = b.encryption.state === 'present' && b.encryption.value.some((e) => e.bucketKeyEnabled);
      return { ...b, objectSample: { state: 'present', value: b.objectSample.value.map((o) => ({ ...o, sse: 'aws:kms', kmsKeyId: key.arn, bucketKeyEnabled: bucketKey })) } };
    }),
});
