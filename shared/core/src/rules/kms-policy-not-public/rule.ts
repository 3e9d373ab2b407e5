import type { RequestPrincipal } from '../../policy/context.js';
import { conditionKeys, listedActions } from '../../policy/statements.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { actionList, accountsMentioned, foreignOrg, grantingStatement, KEY_ACTIONS, pathText, probeKey, probeRole, runProbe, S3_ACTIONS, unrelatedAccount, type Probe, type ProbeResult } from '../kms-policy-probes.js';
import { grantsEveryone, principalText, readCustomerKeyPolicy } from '../kms-policy-shared.js';

const ORG_KEYS = ['aws:principalorgid', 'aws:principalorgpaths'];

export default defineRule({
  id: 'kms-policy-not-public',
  title: 'The key policy grants nothing to everyone without an account or organisation restriction',
  severity: 'critical',
  resourceType: 'key',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['KMS.5'], prowler: ['kms_key_not_publicly_accessible'], checkov: ['CKV_AWS_33'] },
  description:
    'Evaluates the key policy for callers outside the account: a role of an unrelated account (and of every other account the policy mentions), outside the organisation, and an anonymous caller, each calling every key action directly and kms:Decrypt / GenerateDataKey / Encrypt through S3. Any request a Principal "*" (or NotPrincipal) statement allows fails, so only kms:CallerAccount / aws:PrincipalAccount = the own account or aws:PrincipalOrgID restrict it; kms:ViaService alone does not (any account can call KMS through its own buckets), and a Deny that cuts the grant counts. Conditions on context the scan cannot know make the finding unknown.',
  messages: {
    private: 'No statement grants this key to callers outside the account or organisation (evaluated for an unrelated account, directly and through S3).',
    privateToOrg: 'No statement grants this key outside the account or organisation; {{statements}} let(s) in only principals of the organisation (aws:PrincipalOrgID), the documented restriction.',
    public: 'The key is open to other accounts: {{details}}. Restrict with StringEquals kms:CallerAccount = {{account}} (or aws:PrincipalOrgID), or name the principals.',
  },
  remediation:
    'Replace Principal "*" with the exact role ARNs, or add "Condition": {"StringEquals": {"kms:CallerAccount": "ACCOUNT_ID"}} (or aws:PrincipalOrgID) to the statement; keep kms:ViaService as an additional condition. Apply with aws kms put-key-policy --key-id KEY_ARN --policy-name default --policy file://policy.json.',
  check(key, ctx) {
    const read = readCustomerKeyPolicy(key);
    if (!read.ok) return read.outcome;
    const pk = probeKey(key, read.doc, ctx);
    const org = foreignOrg(pk);
    // Callers from outside: "anyone", and each other account the policy mentions (a "*" limited to
    // kms:CallerAccount = another account is open to that account). Each is outside the
    // organisation: in none, or in another one (so StringLike aws:PrincipalOrgID "o-*" is exposed).
    const accounts = [unrelatedAccount(pk), ...accountsMentioned(pk).filter((a) => a !== pk.account)];
    const outsiders: { who: string; probe: Omit<Probe, 'action' | 'path'> }[] = accounts.flatMap((account) => [
      { who: `a role in account ${account}`, probe: { principal: probeRole(pk.partition, account), assumeIdentityAllows: true, absent: ['aws:PrincipalOrgID', 'aws:PrincipalOrgPaths'] } },
      {
        who: `a role in account ${account}`,
        probe: { principal: probeRole(pk.partition, account), assumeIdentityAllows: true, keys: { 'aws:PrincipalOrgID': org, 'aws:PrincipalOrgPaths': [`${org}/r-prb0/ou-prb0-envprobe/`] } },
      },
    ]);
    const anonymous: RequestPrincipal = { arn: '*', type: 'Anonymous' };
    outsiders.push({ who: 'an anonymous caller', probe: { principal: anonymous, absent: ['aws:PrincipalOrgID', 'aws:PrincipalOrgPaths'] } });

    const results: { who: string; r: ProbeResult }[] = [];
    for (const o of outsiders) {
      for (const action of KEY_ACTIONS) results.push({ who: o.who, r: runProbe(pk, { ...o.probe, action, path: { kind: 'direct' } }) });
      for (const action of S3_ACTIONS) results.push({ who: o.who, r: runProbe(pk, { ...o.probe, action, path: { kind: 'via-s3' } }) });
    }

    // Only grants to everyone are this rule's: a statement naming another account is
    // kms-policy-external-principal-scoped's.
    const open = new Map<number, { who: string; action: string; path: string }[]>();
    for (const { who, r } of results) {
      const st = grantingStatement(r.decision);
      if (!st || (st.principalMatch !== 'everyone' && st.principalMatch !== 'not-listed')) continue;
      open.set(st.index, [...(open.get(st.index) ?? []), { who, action: r.probe.action, path: pathText(r.probe.path, pk.region) }]);
    }
    if (open.size > 0) {
      const statements = read.doc.Statement;
      const details = [...open].map(([index, hits]) => {
        const s = statements[index]!;
        const label = read.allows.find((a) => a.index === index)?.label ?? `Statement[${index}]`;
        const via = conditionKeys(s.Condition).includes('kms:viaservice') ? ' (its kms:ViaService condition does not limit the caller)' : '';
        const first = hits[0]!;
        const same = hits.filter((h) => h.who === first.who && h.path === first.path);
        return `${label} allows ${principalText(s)} ${listedActions(s).join(', ')}${via}: ${first.who} gets ${actionList(same.map((h) => h.action))} ${first.path}`;
      });
      const evidence = { statements: [...open.keys()].map((i) => statements[i]), allowed: [...open.values()].flat().slice(0, 20) };
      return fail('public', { details: details.join('; '), account: ctx.lookups.accountId }, evidence);
    }

    // Unknown only when a grant to everyone could apply: a Principal "*" statement whose condition
    // the scan cannot evaluate (aws:SourceVpce, principal tags…). Organisation conditions are known
    // here: the probe callers are outside the organisation by construction.
    const toEveryone = (r: ProbeResult) => r.matched.some((m) => m.effect === 'Allow' && m.actionMatches && (m.principalMatch === 'everyone' || m.principalMatch === 'not-listed') && m.applies !== false);
    const unknowns = results.filter(({ r }) => r.decision.result === 'unknown' && toEveryone(r));
    if (unknowns.length > 0) {
      const first = unknowns[0]!;
      const reason = first.r.decision.result === 'unknown' ? first.r.decision.reason : '';
      return unknown(`whether ${first.who} may call ${first.r.probe.action} ${pathText(first.r.probe.path, pk.region)} depends on context the scan cannot know: ${reason}${unknowns.length > 1 ? ` (and ${unknowns.length - 1} more such request(s))` : ''}`);
    }

    // Statements to everyone that kept the outsiders out by their organisation condition alone.
    const byOrg = new Set<string>();
    for (const { r } of results) {
      const d = r.decision;
      const deciding = d.result === 'denied' ? (d.kind === 'explicit' ? [d.statement] : d.nearMisses) : [];
      for (const s of deciding) {
        if (s.source !== 'key' || (s.effect === 'Allow' && s.principalMatch !== 'everyone' && s.principalMatch !== 'not-listed')) continue;
        const decisive = s.conditions.filter((c) => c.result === (s.effect === 'Allow' ? false : true));
        if (decisive.length > 0 && decisive.every((c) => ORG_KEYS.includes(c.key.toLowerCase()))) byOrg.add(read.allows.find((a) => a.index === s.index)?.label ?? s.ref.replace(/^key policy /, ''));
      }
    }
    const everyoneGrants = read.allows.filter((a) => grantsEveryone(a.s)).map((a) => a.label);
    if (byOrg.size > 0) return pass('privateToOrg', { statements: [...byOrg].join(', ') }, { everyoneGrants });
    return pass('private', undefined, { everyoneGrants });
  },
});
