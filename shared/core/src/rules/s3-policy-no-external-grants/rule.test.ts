import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { absent, present, unknown } from '../../model/observed.js';
import { ACCOUNT, BUCKET, BUCKET_ARN, bucketPolicy, inventoryWith, makeBucket, makeProfile, runRule, SNOWFLAKE_USER_ARN } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const EXTERNAL_ROLE = 'arn:aws:iam::444455556666:role/partner-reader';
const allow = (changes: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Sid: 'Grant',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` },
  Action: ['s3:GetObject'],
  Resource: `${BUCKET_ARN}/*`,
  ...changes,
});
const withStatements = (...extra: PolicyStatement[]) => makeBucket({ policy: present({ Version: '2012-10-17', Statement: [...bucketPolicy().Statement, ...extra] }) });
const snowflakeAllowed = makeProfile({ s3: { allowedExternalPrincipals: [SNOWFLAKE_USER_ARN] }, snowflake: { iamUserArn: SNOWFLAKE_USER_ARN } });
const partnerAllowed = makeProfile({ s3: { allowedExternalPrincipals: [EXTERNAL_ROLE] } });

const cases = [
  { name: 'the seed policy (Deny statements only)', bucket: makeBucket(), status: 'pass' },
  { name: 'no policy', bucket: makeBucket({ policy: absent() }), status: 'pass' },
  { name: 'own-account role', bucket: withStatements(allow()), status: 'pass' },
  { name: 'service principal', bucket: withStatements(allow({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' })), status: 'pass' },
  { name: '"*" restricted by aws:PrincipalAccount', bucket: withStatements(allow({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } })), status: 'pass' },
  // Was 'pass' in the structural version. An organization holds other accounts, and which ones the
  // scan cannot know (aws:PrincipalOrgID is unknowable offline): the grant may reach outside the account.
  { name: '"*" restricted by aws:PrincipalOrgID', bucket: withStatements(allow({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:principalorgid': 'o-abc123' } } })), status: 'unknown' },
  { name: 'deleted principal (unique id)', bucket: withStatements(allow({ Principal: { AWS: 'AROAEXAMPLEID1234567' } })), status: 'pass' },
  { name: 'allowlisted external role', bucket: withStatements(allow({ Principal: { AWS: EXTERNAL_ROLE } })), profile: partnerAllowed, status: 'pass' },
  { name: 'external account root', bucket: withStatements(allow({ Principal: { AWS: '444455556666' } })), status: 'fail' },
  { name: 'Snowflake IAM user in the bucket policy', bucket: withStatements(allow({ Principal: { AWS: SNOWFLAKE_USER_ARN } })), status: 'fail' },
  { name: 'Principal "*" without conditions', bucket: withStatements(allow({ Principal: '*' })), status: 'fail' },
  { name: '"*" with only a network condition', bucket: withStatements(allow({ Principal: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })), status: 'fail' },
  { name: '"*" restricted to another account', bucket: withStatements(allow({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '444455556666' } } })), status: 'fail' },
  { name: '"*" with a wildcard account condition', bucket: withStatements(allow({ Principal: '*', Condition: { StringLike: { 'aws:PrincipalAccount': '*' } } })), status: 'fail' },
  { name: 'Allow with NotPrincipal', bucket: withStatements(allow({ Principal: undefined, NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })), status: 'fail' },
  { name: 'canonical user', bucket: withStatements(allow({ Principal: { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' } })), status: 'fail' },
  { name: 'allowlisted role with PutBucketPolicy', bucket: withStatements(allow({ Principal: { AWS: EXTERNAL_ROLE }, Action: 's3:*' })), profile: partnerAllowed, status: 'fail' },
  // The structural version failed every named outsider; the evaluator sees the grant can never apply.
  { name: 'external role restricted by aws:PrincipalAccount = own account', bucket: withStatements(allow({ Principal: { AWS: EXTERNAL_ROLE }, Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } })), status: 'pass' },
  { name: '"*" restricted by aws:SourceAccount = own account', bucket: withStatements(allow({ Principal: '*', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } })), status: 'pass' },
  { name: '"*" with StringLike aws:PrincipalArn in the own account', bucket: withStatements(allow({ Principal: '*', Condition: { StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/*` } } })), status: 'pass' },
  { name: '"*" with StringLike aws:PrincipalArn across accounts', bucket: withStatements(allow({ Principal: '*', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/snowflake-*' } } })), status: 'fail' },
  { name: 'a Deny keeps every outsider out of a "*" grant', bucket: withStatements(allow({ Principal: '*' }), { Sid: 'OwnAccountOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`], Condition: { StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } } }), status: 'pass' },
  { name: '"*" with a spoofable aws:Referer', bucket: withStatements(allow({ Principal: '*', Condition: { StringLike: { 'aws:Referer': 'https://example.com/*' } } })), status: 'fail' },
  { name: '"*" from an IP range', bucket: withStatements(allow({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })), status: 'fail' },
  { name: 'external ListBucket narrowed by s3:prefix', bucket: withStatements(allow({ Principal: { AWS: EXTERNAL_ROLE }, Action: 's3:ListBucket', Resource: BUCKET_ARN, Condition: { StringLike: { 's3:prefix': 'data/*' } } })), status: 'fail' },
  // PutBucketPolicy acts on the bucket ARN, so a grant of it on bucket/* gives nothing (the structural version failed it).
  { name: 'allowlisted role, PutBucketPolicy on objects only', bucket: withStatements(allow({ Principal: { AWS: EXTERNAL_ROLE }, Action: 's3:PutBucketPolicy' })), profile: partnerAllowed, status: 'pass' },
  { name: 'external grant of s3:* with a Deny on the control actions', bucket: withStatements(allow({ Principal: { AWS: EXTERNAL_ROLE }, Action: 's3:*', Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`] }), { Sid: 'NoControl', Effect: 'Deny', Principal: { AWS: EXTERNAL_ROLE }, Action: ['s3:PutBucket*', 's3:DeleteBucketPolicy', 's3:PutObjectAcl', 's3:PutEncryptionConfiguration'], Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`] }), profile: partnerAllowed, status: 'pass' },
  { name: 'Snowflake user, even allowlisted', bucket: withStatements(allow({ Principal: { AWS: SNOWFLAKE_USER_ARN } })), profile: snowflakeAllowed, status: 'fail' },
  { name: 'policy unreadable', bucket: makeBucket({ policy: unknown('access denied to s3:GetBucketPolicy') }), status: 'unknown' },
] as const;

const run = (bucket: ReturnType<typeof makeBucket>, profile = makeProfile()) => runRule(rule, inventoryWith('bucket', bucket), { resource: BUCKET, profile });

describe(rule.id, () => {
  it.each(cases)('$name → $status', (c) => {
    expect(run(c.bucket, 'profile' in c ? c.profile : undefined).status).toBe(c.status);
  });

  // The wrong-key Deny pins the profile key; with the alias missing the upload is probed with every
  // key the policy names (and none), so the outsider's PutObject is still seen, not hidden by the Deny.
  it.each([
    ['resolves', present([{ name: 'alias/snowflake-s3-kms', arn: '', targetKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }])],
    ['does not exist', present([])],
    ['cannot be listed', unknown('access denied to kms:ListAliases')],
  ] as const)('an outside upload grant fails whether the profile alias %s', (_, aliases) => {
    const bucket = withStatements(allow({ Principal: { AWS: EXTERNAL_ROLE }, Action: 's3:PutObject' }));
    const f = runRule(rule, { ...inventoryWith('bucket', bucket), aliases: { 'eu-west-1': aliases } }, { resource: BUCKET });
    expect([f.status, f.message]).toEqual(['fail', expect.stringContaining(`${EXTERNAL_ROLE} s3:PutObject`)]);
  });

  // An outsider chooses the key header: an upload the policy allows only under another key is still an outside grant.
  it('an outside upload allowed only with a key other than the profile key fails', () => {
    const other = 'arn:aws:kms:eu-west-1:444455556666:key/partner-key';
    const grant = allow({ Principal: { AWS: EXTERNAL_ROLE }, Action: 's3:PutObject', Condition: { StringEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': other } } });
    const f = run(makeBucket({ policy: present({ Version: '2012-10-17', Statement: [grant] }) }));
    expect(f.status).toBe('fail');
  });

  it('names the principal, the actions and the bucket-control ones', () => {
    // PutBucketPolicy acts on the bucket ARN: the grant names it so that it takes effect.
    const f = run(withStatements(allow({ Principal: { AWS: EXTERNAL_ROLE }, Action: ['s3:GetObject', 's3:PutBucketPolicy'], Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`] })));
    expect(f.message).toBe(
      `The bucket policy grants access outside account ${ACCOUNT}: statement "Grant" allows ${EXTERNAL_ROLE} s3:GetObject, s3:PutBucketPolicy, including bucket-control s3:PutBucketPolicy.`,
    );
  });

  it('explains a "*" grant narrowed to another account', () => {
    const f = run(withStatements(allow({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '444455556666' } } })));
    expect(f.message).toContain('"*" restricted by aws:PrincipalAccount to 444455556666');
  });

  it('names the pattern a wildcard grant admits', () => {
    const f = run(withStatements(allow({ Principal: '*', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/snowflake-*' } } })));
    expect(f.message).toBe(`The bucket policy grants access outside account ${ACCOUNT}: statement "Grant" allows "*" restricted by aws:PrincipalArn to arn:aws:iam::*:role/snowflake-* s3:GetObject.`);
  });

  it('calls out the Snowflake user, which belongs in the role trust policy only', () => {
    const f = run(withStatements(allow({ Principal: { AWS: SNOWFLAKE_USER_ARN } })), snowflakeAllowed);
    expect(f.message).toContain(`${SNOWFLAKE_USER_ARN} (the Snowflake storage-integration user, which must reach the bucket only through the role it assumes with sts:ExternalId)`);
  });

  it('an organization restriction is unknown with the key, never pass', () => {
    const f = run(withStatements(allow({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })));
    expect(f.message).toContain('depends on aws:PrincipalOrgID, which the scan cannot know');
  });

  it('reports only the control actions the evaluator grants', () => {
    const f = run(withStatements(allow({ Principal: { AWS: EXTERNAL_ROLE }, Action: 's3:*' })), partnerAllowed);
    // On bucket/* only the object-level control action takes effect.
    expect(f.message).toBe('Allowlisted external principals are granted bucket-control actions: statement "Grant" allows s3:PutObjectAcl. The allowlist admits a principal, not control of the bucket’s policy, ACLs or encryption.');
  });
});
