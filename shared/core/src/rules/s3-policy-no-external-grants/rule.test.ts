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
const partnerAllowed = makeProfile({ s3: { allowedExternalPrincipals: [EXTERNAL_ROLE] } });

const cases = [
  { name: 'the seed policy (Deny statements only)', bucket: makeBucket(), status: 'pass' },
  { name: 'no policy', bucket: makeBucket({ policy: absent() }), status: 'pass' },
  { name: 'own-account role', bucket: withStatements(allow()), status: 'pass' },
  { name: 'service principal', bucket: withStatements(allow({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' })), status: 'pass' },
  { name: '"*" restricted by aws:PrincipalAccount', bucket: withStatements(allow({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } })), status: 'pass' },
  { name: '"*" restricted by aws:PrincipalOrgID', bucket: withStatements(allow({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:principalorgid': 'o-abc123' } } })), status: 'pass' },
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
  { name: 'policy unreadable', bucket: makeBucket({ policy: unknown('access denied to s3:GetBucketPolicy') }), status: 'unknown' },
] as const;

const run = (bucket: ReturnType<typeof makeBucket>, profile = makeProfile()) => runRule(rule, inventoryWith('bucket', bucket), { resource: BUCKET, profile });

describe(rule.id, () => {
  it.each(cases)('$name → $status', (c) => {
    expect(run(c.bucket, 'profile' in c ? c.profile : undefined).status).toBe(c.status);
  });

  it('names the principal, the actions and the bucket-control ones', () => {
    const f = run(withStatements(allow({ Principal: { AWS: EXTERNAL_ROLE }, Action: ['s3:GetObject', 's3:PutBucketPolicy'] })));
    expect(f.message).toBe(
      `The bucket policy grants access outside account ${ACCOUNT}: statement "Grant" allows ${EXTERNAL_ROLE} s3:GetObject, s3:PutBucketPolicy, including bucket-control s3:PutBucketPolicy.`,
    );
  });

  it('explains a "*" grant narrowed to another account', () => {
    const f = run(withStatements(allow({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '444455556666' } } })));
    expect(f.message).toContain('"*" restricted by aws:PrincipalAccount to 444455556666');
  });
});
