import { defineFix, withKey } from '../documented-fix.js';
import rule from './rule.js';

/** A disabled key enabled again (aws kms enable-key). */
export default defineFix({
  ruleId: rule.id,
  follows: ['Disabled: aws kms enable-key --key-id KEY_ARN'],
  apply: (inventory, keyArn) =>
    withKey(inventory, keyArn, (k) =>
      k.metadata.state === 'present' && k.metadata.value.keyState === 'Disabled'
        ? { ...k, metadata: { state: 'present', value: { ...k.metadata.value, keyState: 'Enabled', enabled: true } } }
        : k,
    ),
});
