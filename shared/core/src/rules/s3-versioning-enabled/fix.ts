import { defineFix, withBucket } from '../documented-fix.js';
import rule from './rule.js';

export default defineFix({
  ruleId: rule.id,
  follows: ['aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled'],
  apply: (inventory, bucketArn) =>
    withBucket(inventory, bucketArn, (b) => ({
      ...b,
      versioning: { state: 'present', value: { status: 'Enabled', mfaDelete: b.versioning.state === 'present' && b.versioning.value.mfaDelete === 'Enabled' ? 'Enabled' : 'Disabled' } },
    })),
});
