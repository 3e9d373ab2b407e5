import type { PolicyDocument, PolicyStatement } from '../../model/policy-document.js';
import { actionMatches, describeStatement, principalAccount, principalsOf, toArray } from '../../policy/statements.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { snowflakeUserArns } from '../../profile/stacks.js';
import {
  accountOfCaller,
  callerFor,
  describeProbe,
  judge,
  outsideCallers,
  principalConditionValues,
  type Probe,
  type ProbeCaller,
  type ProbeTarget,
  type Verdict,
} from '../s3-policy-probes.js';

/** Actions that hand an outsider control of the bucket itself, not just its data. */
const BUCKET_CONTROL = ['s3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutBucketPolicy', 's3:PutEncryptionConfiguration', 's3:PutObjectAcl'];
/** Actions a wildcard in a grant is probed with (data access first, then the control actions). */
const REPRESENTATIVE = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 's3:GetBucketPolicy', ...BUCKET_CONTROL];
const OBJECT_LEVEL = /^s3:(GetObject|PutObject|DeleteObject|RestoreObject|AbortMultipartUpload|ListMultipartUploadParts|Replicate)/i;
// A deleted IAM user or role shows up as its unique id (AIDA…, AROA…): it grants nobody.
const UNIQUE_ID = /^A[A-Z]{3}[A-Z0-9]{12,}$/;

interface Grantee {
  label: string;
  caller?: ProbeCaller;
  account?: string;
}

/** The S3 actions a statement is probed with: its own literal actions, and representatives of its wildcards. */
function actionsOf(s: PolicyStatement): string[] {
  if (s.Action === undefined) {
    const left = REPRESENTATIVE.filter((a) => !toArray(s.NotAction).some((p) => actionMatches(p, a)));
    return left.length > 0 ? left : ['s3:EnvelopeProbeAction'];
  }
  const out = toArray(s.Action).flatMap((p) => {
    if (!/[*?]/.test(p)) return [p];
    const hits = REPRESENTATIVE.filter((a) => actionMatches(p, a));
    return hits.length > 0 ? hits : [p.replace(/[*?]/g, 'X')];
  });
  return [...new Set([...out, ...BUCKET_CONTROL])];
}

/** Who outside the account a statement's Principal (or NotPrincipal) could admit: the callers to probe. */
function granteesOf(s: PolicyStatement, own: string): { probed: Grantee[]; structural: Grantee[]; deleted: string[] } {
  const probed: Grantee[] = [];
  const structural: Grantee[] = [];
  const deleted: string[] = [];
  const wildcard = (label: string) => {
    for (const c of outsideCallers(own)) probed.push({ label, caller: c });
    // "*" narrowed by principal conditions: probe the principals the conditions name.
    for (const { key, value } of principalConditionValues(s)) {
      const c = callerFor(key === 'aws:PrincipalAccount' && /^[\d*?]+$/.test(value) ? `arn:aws:iam::${value}:root` : value, own, value);
      if (c && accountOfCaller(c) !== own && !probed.some((x) => x.caller?.arn === c.arn)) probed.push({ label: `${label} restricted by ${key} to ${value}`, caller: c });
    }
  };
  if (s.NotPrincipal !== undefined) {
    wildcard(`everyone except ${JSON.stringify(s.NotPrincipal)}`);
    return { probed, structural, deleted };
  }
  const p = principalsOf(s.Principal);
  for (const a of p.aws) {
    if (a === '*') wildcard('"*"');
    else if (UNIQUE_ID.test(a)) deleted.push(a);
    else if (principalAccount(a) !== own) {
      const c = callerFor(a, own);
      if (c) probed.push({ label: a, caller: c });
      else structural.push({ label: a });
    }
  }
  // Federated and canonical-user principals have no evaluator caller: judged by their account alone.
  for (const f of p.federated) if (principalAccount(f) !== own) structural.push({ label: f, ...(principalAccount(f) ? { account: principalAccount(f)! } : {}) });
  for (const c of p.canonical) structural.push({ label: `CanonicalUser ${c}` });
  // Service principals act for AWS services, not other accounts (confused-deputy rules cover them).
  return { probed, structural, deleted };
}

const KEY_ID_KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';

/**
 * The key headers an upload probe is sent with: the profile key when it resolves (a Deny that pins
 * it lets that upload through), every key the policy names, one it does not, and none. An outsider
 * may send any of them, so an upload allowed with one is allowed — and no verdict waits for the
 * profile key, which may not resolve (profile-values-resolve reports why).
 */
function uploadKeys(doc: PolicyDocument, keyArn: string | undefined, unnamed: string): (string | undefined)[] {
  const named = doc.Statement.flatMap((s) =>
    Object.values(s.Condition ?? {}).flatMap((block) => Object.entries(block).flatMap(([k, v]) => (k.toLowerCase() === KEY_ID_KEY ? toArray(v as string | string[]).map(String) : []))),
  );
  return [...new Set([...(keyArn ? [keyArn] : []), ...named.map((v) => v.replace(/[*?]/g, 'x')), unnamed]), undefined];
}

/** The most permissive requests an outsider could send: TLS, and each key header on uploads. */
function probesOf(caller: ProbeCaller, actions: string[], dataKey: string, keys: (string | undefined)[]): Probe[] {
  return actions.flatMap((action) => {
    const onObjects: Probe[] = (/^s3:PutObject$/i.test(action) ? keys : [undefined]).map((k) => ({
      caller,
      action,
      key: dataKey,
      secureTransport: true,
      ...(k ? { sse: { algorithm: 'aws:kms' as const, kmsKeyId: k } } : {}),
    }));
    const onBucket: Probe = { caller, action, secureTransport: true };
    if (BUCKET_CONTROL.includes(action)) return action === 's3:PutObjectAcl' ? onObjects : [onBucket];
    return OBJECT_LEVEL.test(action) ? onObjects : [...onObjects, onBucket];
  });
}

const snowflakeUsers = (profileUsers: string[], integrations: { properties: { state: string; value?: Record<string, string> } }[]): string[] => [
  ...profileUsers,
  ...integrations.flatMap((i) => (i.properties.state === 'present' && i.properties.value?.STORAGE_AWS_IAM_USER_ARN ? [i.properties.value.STORAGE_AWS_IAM_USER_ARN] : [])),
];

export default defineRule({
  id: 's3-policy-no-external-grants',
  title: 'Bucket policy grants nothing to principals outside the account, except the profile allowlist',
  severity: 'high',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['S3.6'], prowler: ['s3_bucket_cross_account_access'], checkov: ['CKV_AWS_70'] },
  description:
    'Allow statements in the bucket policy must name only principals of the bucket’s own account (or AWS services); outsiders reach the data through roles they assume, never through the bucket policy. Principals in s3.allowedExternalPrincipals are accepted, but never with bucket-control actions.',
  messages: {
    none: 'No Allow statement grants access to a principal outside account {{account}}.',
    noPolicy: 'The bucket has no bucket policy, so it grants nothing to anyone outside the account.',
    onlyAllowed: 'The only external grants go to allowlisted principals: {{principals}}.',
    external: 'The bucket policy grants access outside account {{account}}: {{grants}}.',
    controlToAllowed: 'Allowlisted external principals are granted bucket-control actions: {{grants}}. The allowlist admits a principal, not control of the bucket’s policy, ACLs or encryption.',
  },
  remediation:
    'Remove the external principal from the bucket policy (aws s3api put-bucket-policy with the statement removed, or delete it from the aws_iam_policy_document in Terraform) and give the outside party a role in this account to assume with sts:ExternalId. For "*" grants, add a Condition StringEquals aws:PrincipalAccount = the account id. If the grant is intended, add the exact principal ARN to s3.allowedExternalPrincipals in the profile.',
  check(bucket, { lookups, profile, inventory }) {
    const policy = bucket.policy;
    if (policy.state === 'unknown') return unknown(policy.reason);
    if (policy.state === 'absent') return pass('noPolicy');
    const doc: PolicyDocument = policy.value;
    const own = bucket.account;
    const allow = profile.s3.allowedExternalPrincipals;
    const snowflake = snowflakeUsers(snowflakeUserArns(profile), inventory.snowflake.integrations);
    const key = lookups.profileKeyArn(bucket.region, bucket.name);
    const keys = uploadKeys(doc, key.state === 'resolved' ? key.arn : undefined, `arn:${lookups.partition}:kms:${bucket.region}:${own}:key/00000000-0000-0000-0000-000000000000`);
    const target: ProbeTarget = { bucket: bucket.name, bucketAccount: own, region: bucket.region };
    const dataKey = `${profile.s3.dataPrefix}x`;
    const isSnowflake = (g: Grantee) => snowflake.includes(g.label) || (g.caller?.named !== undefined && snowflake.includes(g.caller.named));
    const isAllowed = (g: Grantee) => {
      if (isSnowflake(g)) return false; // Snowflake reaches the data through the role it assumes, never the bucket policy.
      const account = g.account ?? (g.caller ? accountOfCaller(g.caller) : undefined);
      return allow.includes(g.label) || (g.caller?.named !== undefined && allow.includes(g.caller.named)) || (account !== undefined && allow.includes(account));
    };
    const labelOf = (g: Grantee) =>
      isSnowflake(g) ? `${g.label} (the Snowflake storage-integration user, which must reach the bucket only through the role it assumes with sts:ExternalId)` : g.label;

    const outside: string[] = [];
    const control: string[] = [];
    const allowed = new Set<string>();
    const deleted: string[] = [];
    const open: string[] = [];
    const denies = doc.Statement.map((s, index) => ({ s, index })).filter(({ s }) => s.Effect === 'Deny');
    doc.Statement.forEach((s, i) => {
      if (s.Effect !== 'Allow') return;
      const name = describeStatement(s, i);
      const g = granteesOf(s, own);
      deleted.push(...g.deleted);
      // Judged with every Deny of the policy, so a Deny that keeps outsiders out is honoured.
      const part = { statements: [...denies, { s, index: i }].sort((a, b) => a.index - b.index) };
      const actions = actionsOf(s);
      const granted: { grantee: Grantee; actions: string[] }[] = g.structural.map((grantee) => ({ grantee, actions: actions.filter((a) => !BUCKET_CONTROL.includes(a) || coversLiteral(s, a)) }));
      const byLabel = new Map<string, { grantee: Grantee; actions: Set<string> }>();
      for (const grantee of g.probed) {
        for (const probe of probesOf(grantee.caller!, actions, dataKey, keys)) {
          const v: Verdict = judge(probe, { target, mode: 'grant', part });
          if (v.result === 'allowed') {
            const entry = byLabel.get(grantee.label) ?? { grantee, actions: new Set<string>() };
            entry.actions.add(probe.action);
            byLabel.set(grantee.label, entry);
          } else if (v.result === 'unknown') open.push(`whether ${name} lets ${describeProbe(bucket.arn, { probe, verdict: v })} in cannot be told: ${v.reason}`);
        }
      }
      granted.push(...[...byLabel.values()].map((e) => ({ grantee: e.grantee, actions: [...e.actions] })));
      if (granted.length === 0) return;
      const actionsText = s.Action !== undefined ? toArray(s.Action).join(', ') : `every action except ${toArray(s.NotAction).join(', ')}`;
      const dangerous = [...new Set(granted.flatMap((x) => x.actions.filter((a) => BUCKET_CONTROL.includes(a))))].sort((a, b) => BUCKET_CONTROL.indexOf(a) - BUCKET_CONTROL.indexOf(b));
      const danger = dangerous.length > 0 ? `, including bucket-control ${dangerous.join(', ')}` : '';
      const notAllowed = granted.filter((x) => !isAllowed(x.grantee));
      if (notAllowed.length > 0) outside.push(`${name} allows ${[...new Set(notAllowed.map((x) => labelOf(x.grantee)))].join(', ')} ${actionsText}${danger}`);
      const allowedHere = granted.filter((x) => isAllowed(x.grantee));
      for (const x of allowedHere) allowed.add(x.grantee.label);
      const allowedControl = [...new Set(allowedHere.flatMap((x) => x.actions.filter((a) => BUCKET_CONTROL.includes(a))))];
      if (allowedControl.length > 0) control.push(`${name} allows ${allowedControl.join(', ')}`);
    });
    const evidence = { outside, allowlisted: [...allowed], deletedPrincipals: deleted, ...(open.length > 0 ? { undetermined: open } : {}) };
    if (outside.length > 0) return fail('external', { account: own, grants: outside.join('; ') }, evidence);
    if (control.length > 0) return fail('controlToAllowed', { grants: control.join('; ') }, evidence);
    if (open.length > 0) return unknown(open[0]!, evidence);
    if (allowed.size > 0) return pass('onlyAllowed', { principals: [...allowed].join(', ') }, evidence);
    return pass('none', { account: own }, deleted.length > 0 ? evidence : undefined);
  },
});

/** For principals the evaluator cannot represent: whether the statement's actions name `action`. */
function coversLiteral(s: PolicyStatement, action: string): boolean {
  if (s.Action !== undefined) return toArray(s.Action).some((p) => actionMatches(p, action));
  return !toArray(s.NotAction).some((p) => actionMatches(p, action));
}
