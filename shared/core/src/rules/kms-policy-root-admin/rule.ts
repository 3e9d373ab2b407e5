import { principalsOf, toArray } from '../../policy/statements.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { actionList, KEY_ACTIONS, probeKey, probeRole, runProbe, type ProbeResult } from '../kms-policy-probes.js';
import { grantsAllKms, isRootAdminStatement, ownRoots, readCustomerKeyPolicy } from '../kms-policy-shared.js';

/** A hypothetical administrator: a role of the account whose IAM policy allows everything. */
const ADMIN_IAM = { name: 'IAM policy of an administrator (Allow * on *)', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] } };

export default defineRule({
  id: 'kms-policy-root-admin',
  title: 'The key policy gives the account root kms:* on the key',
  severity: 'medium',
  resourceType: 'key',
  packs: ['snowflake-s3-kms'],
  mappings: { checkov: ['CKV2_AWS_64'] },
  description:
    'The default key-policy statement Allow arn:<partition>:iam::<account>:root kms:* on Resource "*" lets IAM policies in the account grant access to the key and keeps the key manageable. The key policy is evaluated for every key action by a role of the account whose IAM policy allows everything: each must be allowed through the account-root statement (IAM delegation), unconditionally and not cut by a Deny. Without that only the principals named in the key policy can use or manage the key; if they are deleted, the key is locked out and only AWS Support can restore access.',
  messages: {
    present: '{{statement}} allows {{root}} kms:* on the key without conditions: IAM policies can grant every key action (evaluated).',
    missing: 'No statement allows {{root}} kms:* on Resource "*": IAM policies cannot grant access to this key and its management depends on the principals named in the key policy (lockout risk).',
    partial: '{{statement}} names {{root}} but {{problems}}, so it does not delegate the key to IAM.',
    denied: '{{statement}} delegates the key to IAM, but {{details}}: IAM policies cannot grant that (lockout risk if the exempted principals go).',
  },
  remediation:
    'Add the default statement: {"Sid":"EnableRootAdmin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::ACCOUNT_ID:root"},"Action":"kms:*","Resource":"*"} (aws kms put-key-policy --key-id KEY_ARN --policy-name default --policy file://policy.json, or the policy of aws_kms_key in Terraform). Keep Deny statements from covering the account’s administrators for kms:PutKeyPolicy.',
  check(key, ctx) {
    const read = readCustomerKeyPolicy(key);
    if (!read.ok) return read.outcome;
    const pk = probeKey(key, read.doc, ctx);
    const root = ownRoots(ctx)[0]!;
    const roots = ownRoots(ctx);
    const labelOf = (index: number) => read.allows.find((a) => a.index === index)?.label ?? `Statement[${index}]`;
    const admin = probeRole(pk.partition, pk.account, 'envelope-probe-admin');
    // A real ScheduleKeyDeletion carries its waiting period: the longest, so no window guard interferes.
    const results = KEY_ACTIONS.map((action) =>
      runProbe(pk, { principal: admin, action, path: { kind: 'direct' }, identityPolicies: [ADMIN_IAM], ...(action === 'kms:ScheduleKeyDeletion' ? { keys: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 30 } } : {}) }),
    );
    // Delegated: allowed, and through a statement that names the account (not a grant to "*").
    const delegation = (r: ProbeResult) => (r.decision.result === 'allowed' ? r.matched.find((m) => m.effect === 'Allow' && m.principalMatch === 'account' && m.applies === true) : undefined);
    const delegated = results.filter((r) => delegation(r));
    const statement = delegated.map(delegation)[0];
    const evidence = { delegated: delegated.map((r) => r.probe.action), notDelegated: results.filter((r) => !delegation(r)).map((r) => r.probe.action) };
    if (delegated.length === results.length) return pass('present', { statement: labelOf(statement!.index), root }, evidence);

    const near = read.allows.find((st) => st.s.NotPrincipal === undefined && principalsOf(st.s.Principal).aws.some((a) => roots.includes(a)));
    if (!near && delegated.length === 0) return fail('missing', { root }, evidence);

    // Requests a Deny takes from the administrator although the root statement allows them.
    const explicit = results.flatMap((r) => (r.decision.result === 'denied' && r.decision.kind === 'explicit' ? [{ action: r.probe.action, by: r.decision.statement.ref.replace(/^key policy /, '') }] : []));
    // (a root statement that would delegate them, were it not for the Deny)
    const delegator = statement ? labelOf(statement.index) : near && isRootAdminStatement(near.s, ctx) ? near.label : undefined;
    if (explicit.length > 0 && delegator) {
      const byStatement = new Map<string, string[]>();
      for (const e of explicit) byStatement.set(e.by, [...(byStatement.get(e.by) ?? []), e.action]);
      const details = [...byStatement].map(([by, actions]) => `${by} denies ${actionList(actions)} to an administrator of the account`).join('; ');
      return fail('denied', { statement: delegator, details }, { ...evidence, explicit });
    }

    if (near) {
      // Structure explains what the root statement lacks, read from how it matched each request.
      const s = near.s;
      const asMatched = results.flatMap((r) => r.matched.filter((m) => m.index === near.index));
      const conditionKeys = [...new Set(asMatched.flatMap((m) => m.conditions.filter((c) => c.result !== true).map((c) => c.operator)))];
      const problems = [
        ...(asMatched.every((m) => m.actionMatches) && grantsAllKms(s) ? [] : [`its actions are ${s.Action !== undefined ? toArray(s.Action).join(', ') : 'given as NotAction'} (expected kms:*)`]),
        ...(asMatched.every((m) => m.resourceMatches === true) ? [] : [`its Resource is ${toArray(s.Resource ?? s.NotResource).join(', ') || 'missing'} (expected "*")`]),
        ...(conditionKeys.length === 0 ? [] : [`it carries conditions (${conditionKeys.join(', ')})`]),
      ];
      if (problems.length > 0) return fail('partial', { statement: near.label, root, problems: problems.join('; ') }, { ...evidence, statement: s });
    }
    const pending = results.find((r) => r.decision.result === 'unknown');
    if (pending && pending.decision.result === 'unknown') return unknown(`whether IAM policies can grant ${pending.probe.action} on this key depends on context the scan cannot know: ${pending.decision.reason}`, evidence);
    const missing = results.filter((r) => !delegation(r)).map((r) => r.probe.action);
    return fail('partial', { statement: near?.label ?? labelOf(statement!.index), root, problems: `IAM policies cannot grant ${actionList(missing)}` }, evidence);
  },
});
