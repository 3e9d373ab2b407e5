import type { PolicyStatement } from '../../model/policy-document.js';
import { coversAction, principalsOf } from '../../policy/statements.js';
import { defineFix, editKeyPolicy, remediationJson, withKey } from '../documented-fix.js';
import { dataPlaneActions, isOwnRootOnly, replicationRolesFor } from '../kms-policy-shared.js';
import rule from './rule.js';

/** Limits each usage statement to the remediation's actions (of those it granted); a replication role on its replica key keeps kms:Encrypt. */
export default defineFix({
  ruleId: rule.id,
  follows: [
    'Limit each usage statement to "Action": ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]',
    'the statement for an S3 replication role on the key its replication rule names as ReplicaKmsKeyID keeps "kms:Encrypt"',
  ],
  apply(inventory, keyArn, ctx) {
    const key = inventory.keys.find((k) => k.arn === keyArn);
    if (!key) return inventory;
    const [usageActions] = remediationJson(rule.remediation) as [string[]];
    const { roles } = replicationRolesFor(key, ctx);
    const limit = (s: PolicyStatement): PolicyStatement => {
      if (s.Effect !== 'Allow' || isOwnRootOnly(s, ctx) || dataPlaneActions(s).length === 0) return s;
      const replication = principalsOf(s.Principal).aws.some((p) => roles.includes(p));
      const permitted = replication ? [...usageActions, 'kms:Encrypt'] : usageActions;
      const Action = permitted.filter((a) => coversAction(s, a.replace(/\*$/, '')));
      const { NotAction: _dropped, ...rest } = s;
      return { ...rest, Action };
    };
    return withKey(inventory, keyArn, (k) => editKeyPolicy(k, (statements) => statements.map(limit)));
  },
});
