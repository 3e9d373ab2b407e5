import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { actionList, grantingStatement, outsideS3Paths, pathText, probeKey, runProbe, unknownText, usagePrincipals } from '../kms-policy-probes.js';
import { DATA_PLANE_ACTIONS, dataPlaneActions, dataPlaneAsWritten, isOwnRootOnly, isServiceOnly, principalText, readCustomerKeyPolicy, viaServiceProblem } from '../kms-policy-shared.js';

export default defineRule({
  id: 'kms-policy-via-service',
  title: 'Data-plane grants in the key policy are bound to S3 in the key’s Region',
  severity: 'medium',
  resourceType: 'key',
  packs: ['snowflake-s3-kms'],
  description:
    'For every principal (other than the account root and service principals) that an Allow grants kms:Encrypt, kms:Decrypt, kms:ReEncrypt* or kms:GenerateDataKey*, the key policy is evaluated for those actions called directly, through another service and through S3 in another Region: none may be allowed, so the key is usable only through S3 in its own Region (StringEquals kms:ViaService = s3.<key Region>.amazonaws.com). A StringLike wildcard (s3.*.amazonaws.com) admits other Regions and fails; a Deny that confines the grant counts. A principal that cannot use the key through S3 at all is noted.',
  messages: {
    bound: 'The {{count}} principal(s) granted data-plane actions can use them only through {{expected}}: direct calls and other services are denied{{notes}}.',
    noGrants: 'No statement grants data-plane actions to a principal other than the account root or a service.',
    unbound: 'Data-plane grants usable outside S3 in {{region}}: {{details}}.',
  },
  remediation:
    'Add "Condition": {"StringEquals": {"kms:ViaService": "s3.REGION.amazonaws.com"}} (the key’s Region) to each usage statement, replacing any StringLike wildcard; optionally also "kms:EncryptionContext:aws:s3:arn": the bucket ARN (the bucket, not object ARNs, when Bucket Key is on). Apply with aws kms put-key-policy.',
  check(key, ctx) {
    const read = readCustomerKeyPolicy(key);
    if (!read.ok) return read.outcome;
    const expected = `s3.${key.region}.amazonaws.com`;
    const grants = read.allows.filter((st) => !isOwnRootOnly(st.s, ctx) && !isServiceOnly(st.s) && dataPlaneActions(st.s).length > 0);
    if (grants.length === 0) return pass('noGrants');
    const pk = probeKey(key, read.doc, ctx);
    const principals = usagePrincipals(grants, ctx);
    const paths = outsideS3Paths(pk);

    // statement index → what it lets through outside S3
    const leaks = new Map<number, { who: string; actions: string[]; path: string }[]>();
    const unknowns: string[] = [];
    const notes: string[] = [];
    for (const p of principals) {
      for (const path of paths) {
        for (const action of DATA_PLANE_ACTIONS) {
          const r = runProbe(pk, { principal: p.principal, action, path, ...(p.external ? { assumeIdentityAllows: true } : {}) });
          const st = grantingStatement(r.decision);
          if (st) {
            const list = leaks.get(st.index) ?? [];
            const entry = list.find((e) => e.who === p.label && e.path === pathText(path, pk.region));
            if (entry) entry.actions.push(action);
            else list.push({ who: p.label, actions: [action], path: pathText(path, pk.region) });
            leaks.set(st.index, list);
          } else if (r.decision.result === 'unknown') unknowns.push(unknownText(r, pk.region, p.label));
        }
      }
      // Through S3 in the key's Region the principal should get at least one of read or write.
      const viaS3 = ['kms:Decrypt', 'kms:GenerateDataKey'].map((action) => runProbe(pk, { principal: p.principal, action, path: { kind: 'via-s3' }, ...(p.external ? { assumeIdentityAllows: true } : {}) }));
      if (viaS3.every((r) => r.decision.result === 'denied')) notes.push(`${p.label} cannot use the key through S3 either (neither kms:Decrypt nor kms:GenerateDataKey is allowed through ${expected})`);
    }

    if (leaks.size > 0) {
      const details = [...leaks].map(([index, hits]) => {
        const s = read.doc.Statement[index]!;
        const label = read.allows.find((a) => a.index === index)?.label ?? `Statement[${index}]`;
        const why = viaServiceProblem(s, key.region)?.detail ?? 'conditions that admit it';
        const shown = hits.slice(0, 2).map((h) => `${h.who === principalText(s) ? '' : `${h.who}: `}${actionList(h.actions, 3)} allowed ${h.path}`);
        return `${label} grants ${principalText(s)} ${dataPlaneAsWritten(s).join(', ')} with ${why}: ${shown.join('; ')}${hits.length > 2 ? ` (and ${hits.length - 2} more)` : ''}`;
      });
      const evidence = { leaks: [...leaks].map(([index, hits]) => ({ statement: read.doc.Statement[index], hits })), notes };
      return fail('unbound', { region: key.region, details: [...details, ...notes].join('; ') }, evidence);
    }
    if (unknowns.length > 0) return unknown(`${unknowns[0]}${unknowns.length > 1 ? ` (and ${unknowns.length - 1} more such request(s))` : ''}`, { notes });
    return pass('bound', { count: principals.length, expected, notes: notes.length ? `; ${notes.join('; ')}` : '' }, { principals: principals.map((p) => p.label), notes });
  },
});
