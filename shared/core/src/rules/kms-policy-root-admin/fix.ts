import type { PolicyStatement } from '../../model/policy-document.js';
import { defineFix, editKeyPolicy, remediationJson, withKey } from '../documented-fix.js';
import rule from './rule.js';

/** Adds the remediation's default root statement (replacing a statement of the same Sid). */
export default defineFix({
  ruleId: rule.id,
  follows: ['Add the default statement:'],
  apply(inventory, keyArn, { lookups }) {
    const [root] = remediationJson(rule.remediation, { ACCOUNT_ID: lookups.accountId }) as [PolicyStatement];
    return withKey(inventory, keyArn, (k) => editKeyPolicy(k, (statements) => [root, ...statements.filter((s) => s.Sid !== root.Sid)]));
  },
});
