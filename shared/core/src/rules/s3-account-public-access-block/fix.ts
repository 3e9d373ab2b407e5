import { defineFix } from '../documented-fix.js';
import rule from './rule.js';

export default defineFix({
  ruleId: rule.id,
  follows: ['aws s3control put-public-access-block --account-id ACCOUNT_ID', 'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true'],
  apply: (inventory) => ({
    ...inventory,
    account: {
      ...inventory.account,
      publicAccessBlock: { state: 'present', value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } },
    },
  }),
});
