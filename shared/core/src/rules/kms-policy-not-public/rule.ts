import type { PolicyStatement } from '../../model/policy-document.js';
import { conditionKeys, conditionValues, listedActions } from '../../policy/statements.js';
import { defineRule, fail, pass, type RuleContext } from '../define-rule.js';
import { grantsEveryone, principalText, readCustomerKeyPolicy } from '../kms-policy-shared.js';

/**
 * Conditions that limit "*" to the own account or organisation. kms:ViaService is deliberately
 * absent: it limits the path (through S3), not the caller, so any account's principals get through
 * its own buckets (Prowler counts it as restrictive since PR #10600).
 */
export function restrictsCallers(s: PolicyStatement, ctx: RuleContext): boolean {
  const own = (key: string) => {
    const v = conditionValues(s.Condition, 'StringEquals', key);
    return v !== undefined && v.length > 0 && v.every((x) => x === ctx.lookups.accountId);
  };
  const org = conditionValues(s.Condition, 'StringEquals', 'aws:PrincipalOrgID');
  return own('kms:CallerAccount') || own('aws:PrincipalAccount') || (org !== undefined && org.length > 0 && org.every((v) => v !== '' && !/[*?]/.test(v)));
}

export default defineRule({
  id: 'kms-policy-not-public',
  title: 'The key policy grants nothing to everyone without an account or organisation restriction',
  severity: 'critical',
  resourceType: 'key',
  description:
    'An Allow to Principal "*" (or {"AWS":"*"}, or NotPrincipal) must be limited by StringEquals kms:CallerAccount = the own account, aws:PrincipalAccount = the own account, or aws:PrincipalOrgID. kms:ViaService alone is not a restriction: any AWS account can call KMS through its own S3 buckets. Non-cryptographic actions such as kms:DescribeKey count too.',
  messages: {
    private: 'No statement grants this key to everyone without an own-account or organisation restriction.',
    public: 'The key is open to other accounts: {{details}}. Restrict with StringEquals kms:CallerAccount = {{account}} (or aws:PrincipalOrgID), or name the principals.',
  },
  remediation:
    'Replace Principal "*" with the exact role ARNs, or add "Condition": {"StringEquals": {"kms:CallerAccount": "ACCOUNT_ID"}} (or aws:PrincipalOrgID) to the statement; keep kms:ViaService as an additional condition. Apply with aws kms put-key-policy --key-id KEY_ARN --policy-name default --policy file://policy.json.',
  check(key, ctx) {
    const read = readCustomerKeyPolicy(key);
    if (!read.ok) return read.outcome;
    const open = read.allows.filter((st) => grantsEveryone(st.s) && !restrictsCallers(st.s, ctx));
    if (open.length === 0) return pass('private');
    const details = open.map(({ s, label }) => {
      const via = conditionKeys(s.Condition).includes('kms:viaservice') ? ' (its kms:ViaService condition does not limit the caller)' : '';
      return `${label} allows ${principalText(s)} ${listedActions(s).join(', ')}${via}`;
    });
    return fail('public', { details: details.join('; '), account: ctx.lookups.accountId }, { statements: open.map((st) => st.s) });
  },
});
