import type { PolicyStatement } from '../../model/policy-document.js';
import { actionMatches, conditionValues, coversAction, principalsOf } from '../../policy/statements.js';
import { defineRule, fail, pass, unknown, type RuleContext } from '../define-rule.js';
import { KEY_ACTIONS, probeKey, runProbe, usagePrincipals, type ProbeKey, type ProbePath } from '../kms-policy-probes.js';
import { actionsOutside, dataPlaneActions, isOwnRootOnly, principalText, readCustomerKeyPolicy, replicationRolesFor, type IndexedStatement } from '../kms-policy-shared.js';

/** Actions that let a usage principal take over, lock or destroy the key. */
const DANGEROUS = ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey'];

function dangerousActions(s: PolicyStatement): string[] {
  const found = DANGEROUS.filter((a) => coversAction(s, a));
  const forAws = conditionValues(s.Condition, 'Bool', 'kms:GrantIsForAWSResource')?.every((v) => v.toLowerCase() === 'true');
  if (coversAction(s, 'kms:CreateGrant') && !forAws) found.push('kms:CreateGrant without kms:GrantIsForAWSResource');
  return found;
}

/**
 * The concrete actions of `st` outside `allowed` that a Deny takes away again: for every principal
 * the statement names, each request the statement would allow is explicitly denied. The grant is
 * still what this rule reads (structure); the evaluator only removes what cannot be exercised.
 */
function cutByDeny(st: IndexedStatement, allowed: readonly string[], pk: ProbeKey, ctx: RuleContext): Map<string, string> {
  const cut = new Map<string, string>();
  const principals = [
    ...usagePrincipals([st], ctx),
    ...principalsOf(st.s.Principal).service.map((svc) => ({ principal: svc, label: svc, external: false })),
  ];
  if (principals.length === 0) return cut;
  for (const action of KEY_ACTIONS) {
    if (!coversAction(st.s, action) || allowed.some((u) => actionMatches(u, action))) continue;
    // Both paths for every action: whichever satisfies the statement's own conditions (kms:ViaService …) must be denied.
    const paths: ProbePath[] = [{ kind: 'direct' }, { kind: 'via-s3' }];
    let by: string | undefined;
    let applied = false;
    let exercisable = false;
    for (const p of principals) {
      for (const path of paths) {
        const r = runProbe(pk, { principal: p.principal, action, path, ...(p.external ? { assumeIdentityAllows: true } : {}) });
        if (r.matched.find((m) => m.index === st.index)?.applies === false) continue;
        applied = true;
        if (r.decision.result === 'denied' && r.decision.kind === 'explicit') by = r.decision.statement.ref.replace(/^key policy /, '');
        else exercisable = true;
      }
    }
    if (applied && !exercisable && by) cut.set(action, by);
  }
  return cut;
}

export default defineRule({
  id: 'kms-policy-least-privilege',
  title: 'Usage principals in the key policy hold only the usage actions',
  severity: 'medium',
  resourceType: 'key',
  packs: ['snowflake-s3-kms'],
  description:
    'Every Allow other than the account-root statement grants only the profile’s usage actions (kms:Decrypt, kms:GenerateDataKey*, kms:DescribeKey). SSE-KMS never calls kms:Encrypt for a reader or writer (S3 encrypts with a data key from GenerateDataKey), so kms:Encrypt is reported too, except for an S3 replication role on the key its replication rule names as ReplicaKmsKeyID. kms:*, PutKeyPolicy, ScheduleKeyDeletion, DisableKey and CreateGrant without kms:GrantIsForAWSResource are reported first. An action a Deny takes away again for every principal of the statement (evaluated) is not reported.',
  messages: {
    leastPrivilege: 'All {{count}} usage statement(s) stay within {{allowed}}.',
    noUsage: 'No statement besides the account root grants anything on this key.',
    dangerous: 'Usage statements can manage or destroy the key: {{details}}.',
    excess: 'Usage statements exceed {{allowed}}: {{details}}.',
    encryptNotNeeded: 'Usage statements grant kms:Encrypt, which SSE-KMS does not need (S3 encrypts with GenerateDataKey): {{details}}.',
  },
  remediation:
    'Limit each usage statement to "Action": ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"], except that the statement for an S3 replication role on the key its replication rule names as ReplicaKmsKeyID keeps "kms:Encrypt" (replication writes replicas with it: kms-replica-policy-parity); manage the key through IAM policies enabled by the root statement, not by naming administrators with kms:Put*/kms:ScheduleKeyDeletion in usage statements; add "Bool": {"kms:GrantIsForAWSResource": "true"} to any kms:CreateGrant. Apply with aws kms put-key-policy.',
  check(key, ctx) {
    const read = readCustomerKeyPolicy(key);
    if (!read.ok) return read.outcome;
    const allowed = ctx.profile.kms.usageActions;
    const { roles: replicationRoles, unreadable } = replicationRolesFor(key, ctx);
    // Usage principals are the ones holding data-plane actions; key administrators (the console's
    // "Allow access for Key Administrators") are another rule's concern.
    const usage = read.allows.filter((st) => !isOwnRootOnly(st.s, ctx) && dataPlaneActions(st.s).length > 0);
    if (usage.length === 0) return pass('noUsage');
    const pk = probeKey(key, read.doc, ctx);
    const found = usage.flatMap((st) => {
      const { s, label } = st;
      // A replication role writes replicas with kms:Encrypt on the destination key (AWS docs, CRR with SSE-KMS).
      const isReplicationRole = principalsOf(s.Principal).aws.some((a) => replicationRoles.includes(a));
      const permitted = isReplicationRole ? [...allowed, 'kms:Encrypt'] : allowed;
      const written = actionsOutside(s, permitted);
      if (written.length === 0 && dangerousActions(s).length === 0) return [];
      // Drop what a Deny cuts for every principal: a pattern stays while one of its actions survives.
      const cut = cutByDeny(st, permitted, pk, ctx);
      const survives = (pattern: string) => {
        const concrete = KEY_ACTIONS.filter((a) => actionMatches(pattern, a) && coversAction(s, a) && !permitted.some((u) => actionMatches(u, a)));
        return concrete.length === 0 || concrete.some((a) => !cut.has(a));
      };
      const extra = written.filter(survives);
      const dangerous = dangerousActions(s).filter((d) => !cut.has(d.split(' ')[0]!));
      const encryptOnly = extra.length > 0 && extra.every((a) => a.toLowerCase() === 'kms:encrypt');
      const cutBy = [...new Set(cut.values())];
      return extra.length + dangerous.length === 0 ? [] : [{ label, principals: principalText(s), extra, dangerous, encryptOnly, cutBy }];
    });
    if (found.length === 0) return pass('leastPrivilege', { count: usage.length, allowed: allowed.join(', ') });
    const describe = (f: (typeof found)[number]) =>
      `${f.label} grants ${f.principals} ${f.extra.join(', ') || 'its actions'}${f.dangerous.length ? ` (dangerous: ${f.dangerous.join(', ')})` : ''}${f.cutBy.length ? ` (part cut by ${f.cutBy.join(', ')})` : ''}`;
    const details = found.map(describe).join('; ');
    const evidence = { statements: found };
    if (found.some((f) => f.dangerous.length > 0)) return fail('dangerous', { details }, evidence);
    if (found.every((f) => f.encryptOnly)) {
      // The grantee may be the replication role of a bucket whose replication we could not read.
      if (unreadable.length > 0)
        return unknown(`kms:Encrypt is granted (${details}), and the replication configuration of ${unreadable.join(', ')} could not be read to tell whether the grantee is its replication role`, evidence);
      return fail('encryptNotNeeded', { details }, evidence);
    }
    return fail('excess', { details, allowed: allowed.join(', ') }, evidence);
  },
});
