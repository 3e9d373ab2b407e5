import type { ConditionBlock, PolicyStatement } from '../../model/policy-document.js';
import { defineFix, editKeyPolicy, remediationJson, withKey } from '../documented-fix.js';
import { dataPlaneActions, isOwnRootOnly, isServiceOnly } from '../kms-policy-shared.js';
import rule from './rule.js';

/** Binds each usage statement to S3 in the key's Region with the remediation's StringEquals, dropping other kms:ViaService conditions. */
export default defineFix({
  ruleId: rule.id,
  follows: ['to each usage statement, replacing any StringLike wildcard'],
  apply(inventory, keyArn, ctx) {
    return withKey(inventory, keyArn, (k) => {
      const [bound] = remediationJson(rule.remediation, { REGION: k.region }) as [ConditionBlock];
      const usage = (s: PolicyStatement) => s.Effect === 'Allow' && !isOwnRootOnly(s, ctx) && !isServiceOnly(s) && dataPlaneActions(s).length > 0;
      return editKeyPolicy(k, (statements) => statements.map((s) => (usage(s) ? { ...s, Condition: withCondition(s.Condition, bound, 'kms:viaservice') } : s)));
    });
  },
});

/** `cond` without any operator's `key` (condition keys are case-insensitive), merged with `add`. */
export function withCondition(cond: ConditionBlock | undefined, add: ConditionBlock, key: string): ConditionBlock {
  const out: ConditionBlock = {};
  for (const [op, entries] of Object.entries(cond ?? {})) {
    const kept = Object.fromEntries(Object.entries(entries).filter(([k]) => k.toLowerCase() !== key));
    if (Object.keys(kept).length > 0) out[op] = kept;
  }
  for (const [op, entries] of Object.entries(add)) out[op] = { ...(out[op] ?? {}), ...entries };
  return out;
}
