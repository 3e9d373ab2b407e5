import { defineFix, withBucket } from '../documented-fix.js';
import rule from './rule.js';

/** Object Ownership set to BucketOwnerEnforced (after the ACL is reset to private): ACLs no longer apply. */
export default defineFix({
  ruleId: rule.id,
  follows: ['Rules=[{ObjectOwnership=BucketOwnerEnforced}]', 'reset it first with aws s3api put-bucket-acl --bucket BUCKET --acl private'],
  apply: (inventory, bucketArn) =>
    withBucket(inventory, bucketArn, (b) => ({
      ...b,
      ownershipControls: { state: 'present', value: 'BucketOwnerEnforced' },
      acl: { state: 'absent', note: 'ACLs are disabled (BucketOwnerEnforced); grants have no effect' },
    })),
});
