import type { PolicyStatement } from '../../model/policy-document.js';
import { defineFix, editKeyPolicy, remediationJson, withKey } from '../documented-fix.js';
import rule from './rule.js';

/** Adds the remediation's Deny on kms:ScheduleKeyDeletion below the profile minimum window. */
export default defineFix({
  ruleId: rule.id,
  follows: ['Add to the key policy:', '(use the profile minimum)'],
  apply(inventory, keyArn, { profile }) {
    const [guard] = remediationJson(rule.remediation) as [PolicyStatement];
    guard.Condition = { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': String(profile.kms.minDeletionWindowDays) } };
    return withKey(inventory, keyArn, (k) => editKeyPolicy(k, (statements) => [...statements.filter((s) => s.Sid !== guard.Sid), guard]));
  },
});
