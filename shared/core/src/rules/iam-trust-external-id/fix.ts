import type { ConditionBlock } from '../../model/policy-document.js';
import { principalAccount, principalsOf } from '../../policy/statements.js';
import { defineFix, editTrustPolicy, remediationJson, withRole } from '../documented-fix.js';
import rule from './rule.js';

/**
 * The remediation's sts:ExternalId condition on every Allow for an external principal, with the
 * value DESC INTEGRATION shows (STORAGE_AWS_EXTERNAL_ID of the scanned Snowflake integration).
 */
export default defineFix({
  ruleId: rule.id,
  follows: ['Give every Allow for sts:AssumeRole to an external principal the condition'],
  apply(inventory, roleArn, { lookups }) {
    const externalId = inventory.snowflake.integrations
      .map((i) => (i.properties.state === 'present' ? i.properties.value.STORAGE_AWS_EXTERNAL_ID : undefined))
      .find((v) => v !== undefined);
    if (!externalId) return inventory;
    const [condition] = remediationJson(rule.remediation, { '<STORAGE_AWS_EXTERNAL_ID from DESC INTEGRATION>': externalId }) as [ConditionBlock];
    const external = (aws: string[]) => aws.some((p) => p === '*' || (principalAccount(p) ?? lookups.accountId) !== lookups.accountId);
    return withRole(inventory, roleArn, (r) =>
      editTrustPolicy(r, (ss) => ss.map((s) => (s.Effect === 'Allow' && external(principalsOf(s.Principal).aws) ? { ...s, Condition: { ...(s.Condition ?? {}), ...condition } } : s))),
    );
  },
});
