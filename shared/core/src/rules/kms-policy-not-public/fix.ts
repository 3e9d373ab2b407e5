import type { ConditionBlock } from '../../model/policy-document.js';
import { defineFix, editKeyPolicy, remediationJson, withKey } from '../documented-fix.js';
import { withCondition } from '../kms-policy-via-service/fix.js';
import { grantsEveryone } from '../kms-policy-shared.js';
import rule from './rule.js';

/** Confines every statement open to "*" to the account with the remediation's kms:CallerAccount condition, keeping kms:ViaService. */
export default defineFix({
  ruleId: rule.id,
  follows: ['or add "Condition": {"StringEquals": {"kms:CallerAccount": "ACCOUNT_ID"}}', 'keep kms:ViaService as an additional condition'],
  apply(inventory, keyArn, { lookups }) {
    const [caller] = remediationJson(rule.remediation, { ACCOUNT_ID: lookups.accountId }) as [ConditionBlock];
    return withKey(inventory, keyArn, (k) =>
      editKeyPolicy(k, (statements) => statements.map((s) => (s.Effect === 'Allow' && grantsEveryone(s) ? { ...s, Condition: withCondition(s.Condition, caller, 'kms:calleraccount') } : s))),
    );
  },
});
