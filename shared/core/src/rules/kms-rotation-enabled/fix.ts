import { defineFix, withKey } from '../documented-fix.js';
import rule from './rule.js';

/** aws kms enable-key-rotation with the remediation's period. */
export default defineFix({
  ruleId: rule.id,
  follows: ['aws kms enable-key-rotation --key-id KEY_ARN --rotation-period-in-days 365'],
  apply: (inventory, keyArn) => withKey(inventory, keyArn, (k) => ({ ...k, rotation: { state: 'present', value: { enabled: true, periodDays: 365 } } })),
});
