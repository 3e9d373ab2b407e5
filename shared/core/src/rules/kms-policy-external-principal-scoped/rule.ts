import { actionMatches, principalsOf } from '../../policy/statements.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { actionList, ADMIN_ACTIONS, grantingStatement, isDataPlane, KEY_ACTIONS, outsideS3Paths, pathText, probeKey, runProbe, unknownText, usagePrincipals, type ProbePath, type ProbeResult } from '../kms-policy-probes.js';
import { DATA_PLANE_ACTIONS, isExternalPrincipal, readCustomerKeyPolicy, viaServiceProblem } from '../kms-policy-shared.js';

/** An exact IAM user or role (no :root, no bare account id, no wildcard). */
const EXACT_USER_OR_ROLE = /^arn:[^:]+:iam::\d{12}:(user|role)\/[^*?]+$/;
/** How a statement that names a principal (or its account) matches it; "*" is kms-policy-not-public's. */
const NAMED = new Set(['direct', 'session', 'account']);

export default defineRule({
  id: 'kms-policy-external-principal-scoped',
  title: 'Principals outside the account are exact, least-privilege and bound to S3',
  severity: 'high',
  resourceType: 'key',
  packs: ['snowflake-s3-kms'],
  description:
    'For every principal of another account that a key-policy Allow names, the key policy is evaluated: data-plane calls directly, through another service or through S3 in another Region must be denied, and so must every action beyond the usage actions (kms:PutKeyPolicy, kms:ScheduleKeyDeletion, kms:CreateGrant included); a principal that gets anything must be an exact IAM user or role ARN (not :root, not an account id, no wildcard). When the profile names the Snowflake IAM user, any data-plane request a statement naming that user or its account allows is a second path beside "Snowflake assumes our role": it bypasses the sts:ExternalId check of the role trust.',
  messages: {
    none: 'No statement grants this key to a principal outside account {{account}}.',
    scoped: 'External principal(s) {{principals}} are exact and get only the usage actions, only through S3 in {{region}} (evaluated).',
    externalIdBypass:
      'ExternalId bypass: {{statement}} grants the Snowflake IAM user {{principal}} the key without the Snowflake role ({{requests}}), which bypasses sts:ExternalId on the role trust; grant the key to the Snowflake role in this account instead.',
    unscoped: 'External grants are too broad: {{details}}.',
  },
  remediation:
    'Remove direct grants to the Snowflake IAM user (it reaches the key through the role it assumes, with ExternalId). For any other external principal: name the exact role ARN (arn:aws:iam::OTHER_ACCOUNT:role/NAME, not :root), limit "Action" to kms:Decrypt, kms:GenerateDataKey*, kms:DescribeKey and add "Condition": {"StringEquals": {"kms:ViaService": "s3.REGION.amazonaws.com"}}. Apply with aws kms put-key-policy.',
  check(key, ctx) {
    const read = readCustomerKeyPolicy(key);
    if (!read.ok) return read.outcome;
    const pk = probeKey(key, read.doc, ctx);
    const usage = ctx.profile.kms.usageActions;
    const labelOf = (index: number) => read.allows.find((a) => a.index === index)?.label ?? `Statement[${index}]`;
    const named = (r: ProbeResult) => {
      const st = grantingStatement(r.decision);
      return st && st.principalMatch !== undefined && NAMED.has(st.principalMatch) ? st : undefined;
    };
    const unknowns: string[] = [];

    // The Snowflake IAM user, probed whether the policy names it or its account root.
    const snowflakeUser = ctx.profile.snowflake.iamUserArn;
    if (snowflakeUser) {
      const hits = DATA_PLANE_ACTIONS.flatMap((action) =>
        ([{ kind: 'via-s3' }, { kind: 'direct' }] as ProbePath[]).map((path) => runProbe(pk, { principal: snowflakeUser, action, path, assumeIdentityAllows: true })),
      ).filter((r) => named(r));
      const first = hits[0];
      if (first) {
        const st = named(first)!;
        const requests = actionList(hits.filter((h) => named(h)!.index === st.index && h.probe.path.kind === first.probe.path.kind).map((h) => h.probe.action), 3);
        return fail('externalIdBypass', { statement: labelOf(st.index), principal: snowflakeUser, requests: `${requests} allowed ${pathText(first.probe.path, pk.region)}` }, { statement: read.doc.Statement[st.index] });
      }
    }

    const grants = read.allows.filter((st) => principalsOf(st.s.Principal).aws.some((p) => isExternalPrincipal(p, ctx)));
    if (grants.length === 0) return pass('none', { account: ctx.lookups.accountId });
    const externals = usagePrincipals(grants, ctx).filter((p) => p.external);
    const outside = outsideS3Paths(pk);
    const beyond = KEY_ACTIONS.filter((a) => !usage.some((u) => actionMatches(u, a)));

    const problems: string[] = [];
    const effective: string[] = [];
    for (const p of externals) {
      const run = (action: string, path: ProbePath) => runProbe(pk, { principal: p.principal, action, path, assumeIdentityAllows: true });
      const statements = new Set<number>();
      const allowedBy = (r: ProbeResult) => {
        const st = named(r);
        if (st) statements.add(st.index);
        else if (r.decision.result === 'unknown') unknowns.push(unknownText(r, pk.region, p.label));
        return st !== undefined;
      };
      // Beyond the usage actions: directly, and through S3 for the data-plane ones.
      const excess = beyond.filter((action) => [run(action, { kind: 'direct' }), ...(isDataPlane(action) ? [run(action, { kind: 'via-s3' })] : [])].filter(allowedBy).length > 0);
      // Outside S3 in the key's Region.
      const leaks: { path: ProbePath; actions: string[]; index: number }[] = [];
      for (const path of outside) {
        for (const action of DATA_PLANE_ACTIONS) {
          const r = run(action, path);
          if (!allowedBy(r)) continue;
          const index = named(r)!.index;
          const leak = leaks.find((l) => l.path === path);
          if (leak) leak.actions.push(action);
          else leaks.push({ path, actions: [action], index });
        }
      }
      // The usage itself, so that a principal the policy lets do anything at all is judged.
      for (const action of ['kms:Decrypt', 'kms:GenerateDataKey']) allowedBy(run(action, { kind: 'via-s3' }));
      allowedBy(run('kms:DescribeKey', { kind: 'direct' }));
      if (statements.size === 0) continue; // the key policy lets this principal do nothing (e.g. a Deny cuts it): no grant to judge
      effective.push(p.label);
      const what: string[] = [];
      if (!EXACT_USER_OR_ROLE.test(p.label)) what.push('is not an exact user or role ARN');
      const admin = excess.filter((a) => ADMIN_ACTIONS.includes(a));
      if (excess.length > 0) what.push(`is allowed ${actionList(excess)} beyond ${usage.join(', ')}${admin.length ? ` (admin: ${admin.join(', ')})` : ''}`);
      const first = leaks[0];
      if (first) {
        const why = viaServiceProblem(read.doc.Statement[first.index]!, key.region)?.detail;
        const where = leaks.map((l) => pathText(l.path, pk.region));
        what.push(`is allowed ${actionList(leaks.flatMap((l) => l.actions), 3)} outside S3 in ${key.region} (${actionList(where, 3)})${why ? `: ${labelOf(first.index)} has ${why}` : ''}`);
      }
      if (what.length > 0) problems.push(`${p.label} (${[...statements].map(labelOf).join(', ')}) ${what.join(', ')}`);
    }
    const principals = effective;
    if (problems.length > 0) return fail('unscoped', { details: problems.join('; ') }, { principals, problems });
    if (unknowns.length > 0) return unknown(`${unknowns[0]}${unknowns.length > 1 ? ` (and ${unknowns.length - 1} more such request(s))` : ''}`, { principals });
    if (principals.length === 0) return pass('none', { account: ctx.lookups.accountId }, { named: externals.map((p) => p.label) });
    return pass('scoped', { principals: principals.join(', '), region: key.region }, { principals });
  },
});
