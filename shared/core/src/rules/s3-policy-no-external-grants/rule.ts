import type { PolicyStatement } from '../../model/policy-document.js';
import { conditionEntries, coversAction, describeStatement, principalAccount, principalsOf, toArray } from '../../policy/statements.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';

/** Actions that hand an outsider control of the bucket itself, not just its data. */
const BUCKET_CONTROL = ['s3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutBucketPolicy', 's3:PutEncryptionConfiguration', 's3:PutObjectAcl'];
const EQUALITY = ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike'];
// A deleted IAM user or role shows up as its unique id (AIDA…, AROA…): it grants nobody.
const UNIQUE_ID = /^A[A-Z]{3}[A-Z0-9]{12,}$/;

interface Grantee {
  label: string;
  account?: string;
}

/** Who a "*" (or NotPrincipal) statement really admits, read from identity-restricting conditions. */
function wildcardGrantees(s: PolicyStatement, label: string): Grantee[] {
  const literal = (v: string) => !/[*?]/.test(v);
  for (const key of ['aws:PrincipalAccount', 'aws:SourceAccount', 'aws:PrincipalArn']) {
    const values = conditionEntries(s.Condition, EQUALITY, key).flatMap((e) => e.values);
    if (values.length > 0 && values.every(literal)) {
      const accounts = values.map((v) => principalAccount(v));
      if (accounts.every((a) => a !== undefined)) return accounts.map((a) => ({ label: `${label} restricted by ${key} to ${a}`, account: a }));
    }
  }
  const orgs = conditionEntries(s.Condition, EQUALITY, 'aws:PrincipalOrgID').flatMap((e) => e.values);
  // An organization restriction keeps the grant inside the org, which the spec treats as internal.
  if (orgs.length > 0 && orgs.every(literal)) return [];
  return [{ label }];
}

function granteesOf(s: PolicyStatement, own: string): { external: Grantee[]; deleted: string[] } {
  if (s.NotPrincipal !== undefined) return { external: wildcardGrantees(s, `everyone except ${JSON.stringify(s.NotPrincipal)}`).filter((g) => g.account !== own), deleted: [] };
  const p = principalsOf(s.Principal);
  const external: Grantee[] = [];
  const deleted: string[] = [];
  for (const a of p.aws) {
    if (a === '*') external.push(...wildcardGrantees(s, '"*"'));
    else if (UNIQUE_ID.test(a)) deleted.push(a);
    else external.push({ label: a, account: principalAccount(a) });
  }
  for (const f of p.federated) external.push({ label: f, account: principalAccount(f) });
  for (const c of p.canonical) external.push({ label: `CanonicalUser ${c}` });
  // Service principals act for AWS services, not other accounts (confused-deputy rules cover them).
  return { external: external.filter((g) => g.account !== own), deleted };
}

const actionsText = (s: PolicyStatement) => (s.Action !== undefined ? toArray(s.Action).join(', ') : `every action except ${toArray(s.NotAction).join(', ')}`);

export default defineRule({
  id: 's3-policy-no-external-grants',
  title: 'Bucket policy grants nothing to principals outside the account, except the profile allowlist',
  severity: 'high',
  resourceType: 'bucket',
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
  check(bucket, { lookups, profile }) {
    const policy = bucket.policy;
    if (policy.state === 'unknown') return unknown(policy.reason);
    if (policy.state === 'absent') return pass('noPolicy');
    const own = lookups.accountId;
    const allow = profile.s3.allowedExternalPrincipals;
    const isAllowed = (g: Grantee) => allow.includes(g.label) || (g.account !== undefined && allow.includes(g.account));
    const outside: string[] = [];
    const control: string[] = [];
    const allowed = new Set<string>();
    const deleted: string[] = [];
    policy.value.Statement.forEach((s, i) => {
      if (s.Effect !== 'Allow') return;
      const g = granteesOf(s, own);
      deleted.push(...g.deleted);
      if (g.external.length === 0) return;
      const name = describeStatement(s, i);
      const dangerous = BUCKET_CONTROL.filter((a) => coversAction(s, a));
      const danger = dangerous.length > 0 ? `, including bucket-control ${dangerous.join(', ')}` : '';
      const denied = g.external.filter((x) => !isAllowed(x));
      if (denied.length > 0) outside.push(`${name} allows ${denied.map((x) => x.label).join(', ')} ${actionsText(s)}${danger}`);
      for (const x of g.external.filter(isAllowed)) allowed.add(x.label);
      if (dangerous.length > 0 && denied.length < g.external.length) control.push(`${name} allows ${dangerous.join(', ')}`);
    });
    const evidence = { outside, allowlisted: [...allowed], deletedPrincipals: deleted };
    if (outside.length > 0) return fail('external', { account: own, grants: outside.join('; ') }, evidence);
    if (control.length > 0) return fail('controlToAllowed', { grants: control.join('; ') }, evidence);
    if (allowed.size > 0) return pass('onlyAllowed', { principals: [...allowed].join(', ') }, evidence);
    return pass('none', { account: own }, deleted.length > 0 ? evidence : undefined);
  },
});
