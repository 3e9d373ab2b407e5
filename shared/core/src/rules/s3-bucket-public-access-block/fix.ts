import { defineFix, withBucket } from '../documented-fix.js';
import rule from './rule.js';

export default defineFix({
  ruleId: rule.id,
  follows: ['BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true'],
  apply: (inventory, bucketArn) =>
    withBucket(inventory, bucketArn, (b) => ({
      ...b,
      publicAccessBlock: { state: 'present', value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } },
    })),
});
