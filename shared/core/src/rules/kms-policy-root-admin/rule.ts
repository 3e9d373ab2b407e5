import { principalsOf, toArray } from '../../policy/statements.js';
import { defineRule, fail, pass } from '../define-rule.js';
import { grantsAllKms, isRootAdminStatement, ownRoots, readCustomerKeyPolicy } from '../kms-policy-shared.js';

export default defineRule({
  id: 'kms-policy-root-admin',
  title: 'The key policy gives the account root kms:* on the key',
  severity: 'medium',
  resourceType: 'key',
  description:
    'The default key-policy statement Allow arn:<partition>:iam::<account>:root kms:* on Resource "*" lets IAM policies in the account grant access to the key and keeps the key manageable. Without it only the principals named in the key policy can use or manage the key; if they are deleted, the key is locked out and only AWS Support can restore access.',
  messages: {
    present: '{{statement}} allows {{root}} kms:* on the key without conditions.',
    missing: 'No statement allows {{root}} kms:* on Resource "*": IAM policies cannot grant access to this key and its management depends on the principals named in the key policy (lockout risk).',
    partial: '{{statement}} names {{root}} but {{problems}}, so it does not delegate the key to IAM.',
  },
  remediation:
    'Add the default statement: {"Sid":"EnableRootAdmin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::ACCOUNT_ID:root"},"Action":"kms:*","Resource":"*"} (aws kms put-key-policy --key-id KEY_ARN --policy-name default --policy file://policy.json, or the policy of aws_kms_key in Terraform).',
  check(key, ctx) {
    const read = readCustomerKeyPolicy(key);
    if (!read.ok) return read.outcome;
    const root = ownRoots(ctx)[0]!;
    const admin = read.allows.find((st) => isRootAdminStatement(st.s, ctx));
    if (admin) return pass('present', { statement: admin.label, root });
    const roots = ownRoots(ctx);
    const near = read.allows.find((st) => st.s.NotPrincipal === undefined && principalsOf(st.s.Principal).aws.some((a) => roots.includes(a)));
    if (!near) return fail('missing', { root });
    const s = near.s;
    const problems = [
      ...(grantsAllKms(s) ? [] : [`its actions are ${s.Action !== undefined ? toArray(s.Action).join(', ') : 'given as NotAction'} (expected kms:*)`]),
      ...(toArray(s.Resource).includes('*') ? [] : [`its Resource is ${toArray(s.Resource ?? s.NotResource).join(', ') || 'missing'} (expected "*")`]),
      ...(Object.keys(s.Condition ?? {}).length === 0 ? [] : [`it carries conditions (${Object.keys(s.Condition ?? {}).join(', ')})`]),
    ];
    return fail('partial', { statement: near.label, root, problems: problems.join('; ') }, { statement: s });
  },
});
