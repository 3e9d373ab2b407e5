import { describe, expect, it } from 'vitest';
import { assumeRoleContext, kmsViaS3Context, s3RequestContext, type RequestContext } from './context.js';
import { evaluateRequest, type Decision, type EvaluationInput } from './evaluate.js';
import { ACCOUNT, BUCKET, BUCKET_ARN, KEY, OTHER, OTHER_ROLE, OTHER_SESSION, ROLE, ROOT, SESSION, SNOWFLAKE_USER, allow, deny, named, rootDelegation } from './testing/fixtures.js';

/**
 * AWS's documented evaluation behaviour (sources in shared/research/iam-eval.md §3), and the
 * sts:AssumeRole trust-policy cases the Snowflake integration depends on.
 */
const EXTERNAL_ID = 'ABC12345_SFCRole=1_abcdefg=';
const trustSnowflake = (condition: Record<string, Record<string, string>> | undefined) =>
  named('trust-policy', allow({ Sid: 'TrustSnowflake', Principal: { AWS: SNOWFLAKE_USER }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }));
const assume = (externalId?: string): RequestContext => assumeRoleContext({ caller: SNOWFLAKE_USER, roleArn: ROLE, ...(externalId !== undefined ? { externalId } : {}) });
const s3 = (extra: Partial<Parameters<typeof s3RequestContext>[0]> = {}): RequestContext =>
  s3RequestContext({ principal: SESSION, action: 's3:GetObject', bucket: BUCKET, key: 'stage/a.csv', bucketAccount: ACCOUNT, ...extra });
const readAll = named('role-policy', allow({ Sid: 'Read', Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` }));

type Row = [name: string, input: EvaluationInput, expected: 'allowed' | 'explicit' | 'implicit' | 'unknown'];

const rows: Row[] = [
  // Evaluation logic: an explicit deny overrides any allow.
  ['explicit deny overrides an allow in the same policy', { identityPolicies: [named('p', allow({ Action: 's3:*', Resource: '*' }), deny({ Action: 's3:GetObject', Resource: '*' }))], context: s3() }, 'explicit'],
  ['explicit deny in a resource policy overrides an identity allow', { identityPolicies: [readAll], resourcePolicy: named('bucket', deny({ Principal: { AWS: ROLE }, Action: 's3:GetObject', Resource: '*' })), context: s3() }, 'explicit'],
  ['by default everything is implicitly denied', { context: s3() }, 'implicit'],
  // Condition operators: IfExists and absent keys.
  ['Bool aws:SecureTransport=false Deny does not apply when the key is absent', { identityPolicies: [readAll], resourcePolicy: named('bucket', deny({ Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })), context: { ...s3(), keys: {} } }, 'allowed'],
  ['BoolIfExists aws:SecureTransport=false Deny applies when the key is absent', { identityPolicies: [readAll], resourcePolicy: named('bucket', deny({ Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } })), context: { ...s3(), keys: {} } }, 'explicit'],
  ['StringNotLike on an absent key is true, so the Deny applies', { identityPolicies: [readAll], resourcePolicy: named('bucket', deny({ Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotLike: { 'aws:userid': 'AROA*' } } })), context: { ...s3(), keys: {}, unknowable: [] } }, 'explicit'],
  // Multivalued keys: ForAllValues over an absent set is true (the documented footgun).
  ['ForAllValues Allow over an absent key allows', { identityPolicies: [named('p', allow({ Action: 's3:GetObject', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['project'] } } }))], context: s3() }, 'allowed'],
  ['ForAnyValue Allow over an absent key does not allow', { identityPolicies: [named('p', allow({ Action: 's3:GetObject', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['project'] } } }))], context: s3() }, 'implicit'],
  ['ForAllValues Deny over an empty set applies', { identityPolicies: [readAll, named('guard', deny({ Action: 's3:GetObject', Resource: '*', Condition: { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['project'] } } }))], context: s3({ keys: { 'aws:TagKeys': [] } }) }, 'explicit'],
  // NotPrincipal with Deny.
  ['NotPrincipal Deny listing account, role and session spares the session', { identityPolicies: [readAll], resourcePolicy: named('bucket', deny({ Principal: undefined, NotPrincipal: { AWS: [ROOT, ROLE, SESSION] }, Action: 's3:*', Resource: '*' })), context: s3() }, 'allowed'],
  ['NotPrincipal Deny listing only the role still denies its session', { identityPolicies: [readAll], resourcePolicy: named('bucket', deny({ NotPrincipal: { AWS: ROLE }, Action: 's3:*', Resource: '*' })), context: s3() }, 'explicit'],
  ['NotPrincipal Deny listing someone else denies', { identityPolicies: [readAll], resourcePolicy: named('bucket', deny({ NotPrincipal: { AWS: [ROOT, `arn:aws:iam::${ACCOUNT}:role/admin`] }, Action: 's3:*', Resource: '*' })), context: s3() }, 'explicit'],
  // KMS: key policies first; cross-account delegation needs both sides.
  ['KMS default key policy alone gives no role access', { keyPolicy: named('key', rootDelegation()), context: kmsViaS3Context({ principal: SESSION, action: 'kms:Decrypt', keyArn: KEY, bucket: BUCKET, key: 'a', region: 'us-east-1', bucketKeyEnabled: false }) }, 'implicit'],
  ['KMS cross-account: key policy delegates to the other account and its IAM allows', { keyPolicy: named('key', rootDelegation(), rootDelegation(OTHER)), identityPolicies: [named('reader', allow({ Action: 'kms:Decrypt', Resource: KEY }))], context: kmsViaS3Context({ principal: OTHER_SESSION, action: 'kms:Decrypt', keyArn: KEY, bucket: BUCKET, key: 'a', region: 'us-east-1', bucketKeyEnabled: false }) }, 'allowed'],
  ['KMS cross-account: IAM allow without key policy trust', { keyPolicy: named('key', rootDelegation()), identityPolicies: [named('reader', allow({ Action: 'kms:Decrypt', Resource: KEY }))], context: kmsViaS3Context({ principal: OTHER_SESSION, action: 'kms:Decrypt', keyArn: KEY, bucket: BUCKET, key: 'a', region: 'us-east-1', bucketKeyEnabled: false }) }, 'implicit'],
  ['KMS: an IAM Deny works without key-policy permission', { keyPolicy: named('key', allow({ Principal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' })), identityPolicies: [named('p', deny({ Action: 'kms:Decrypt', Resource: '*' }))], context: kmsViaS3Context({ principal: SESSION, action: 'kms:Decrypt', keyArn: KEY, bucket: BUCKET, key: 'a', region: 'us-east-1', bucketKeyEnabled: false }) }, 'explicit'],
  // sts:AssumeRole: the trust policy and sts:ExternalId.
  ['trust with the right ExternalId', { resourcePolicy: trustSnowflake({ StringEquals: { 'sts:ExternalId': EXTERNAL_ID } }), assumeIdentityAllows: true, context: assume(EXTERNAL_ID) }, 'allowed'],
  ['trust with a wrong ExternalId', { resourcePolicy: trustSnowflake({ StringEquals: { 'sts:ExternalId': EXTERNAL_ID } }), assumeIdentityAllows: true, context: assume('other') }, 'implicit'],
  ['trust requiring an ExternalId, none sent', { resourcePolicy: trustSnowflake({ StringEquals: { 'sts:ExternalId': EXTERNAL_ID } }), assumeIdentityAllows: true, context: assume() }, 'implicit'],
  ['trust without ExternalId condition accepts any caller request', { resourcePolicy: trustSnowflake(undefined), assumeIdentityAllows: true, context: assume() }, 'allowed'],
  ['ExternalId under StringLike "*" accepts any ExternalId', { resourcePolicy: trustSnowflake({ StringLike: { 'sts:ExternalId': '*' } }), assumeIdentityAllows: true, context: assume('guessed') }, 'allowed'],
  ['ExternalId under StringLike "*" still needs one to be sent', { resourcePolicy: trustSnowflake({ StringLike: { 'sts:ExternalId': '*' } }), assumeIdentityAllows: true, context: assume() }, 'implicit'],
  ['cross-account assume needs the caller identity policy', { resourcePolicy: trustSnowflake({ StringEquals: { 'sts:ExternalId': EXTERNAL_ID } }), context: assume(EXTERNAL_ID) }, 'implicit'],
  ['trust naming another principal', { resourcePolicy: named('trust-policy', allow({ Principal: { AWS: OTHER_ROLE }, Action: 'sts:AssumeRole' })), assumeIdentityAllows: true, context: assume(EXTERNAL_ID) }, 'implicit'],
  ['trust naming the caller account root plus identity allow', { resourcePolicy: named('trust-policy', allow({ Principal: { AWS: '999988887777' }, Action: 'sts:AssumeRole' })), assumeIdentityAllows: true, context: assume() }, 'allowed'],
  ['missing trust policy is unknown', { assumeIdentityAllows: true, context: assume(EXTERNAL_ID) }, 'unknown'],
  ['same-account assume: trust naming the user suffices', { resourcePolicy: named('trust-policy', allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: 'sts:AssumeRole' })), context: assumeRoleContext({ caller: `arn:aws:iam::${ACCOUNT}:user/alice`, roleArn: ROLE }) }, 'allowed'],
  ['same-account assume: trust naming the account root needs IAM', { resourcePolicy: named('trust-policy', allow({ Principal: { AWS: ROOT }, Action: 'sts:AssumeRole' })), context: assumeRoleContext({ caller: `arn:aws:iam::${ACCOUNT}:user/alice`, roleArn: ROLE }) }, 'implicit'],
  ['same-account assume: account root trust + IAM allow', { resourcePolicy: named('trust-policy', allow({ Principal: { AWS: ROOT }, Action: 'sts:AssumeRole' })), identityPolicies: [named('alice', allow({ Action: 'sts:AssumeRole', Resource: ROLE }))], context: assumeRoleContext({ caller: `arn:aws:iam::${ACCOUNT}:user/alice`, roleArn: ROLE }) }, 'allowed'],
  ['service principal trust with SourceAccount', { resourcePolicy: named('trust-policy', allow({ Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } })), context: assumeRoleContext({ caller: 's3.amazonaws.com', roleArn: ROLE, sourceAccount: ACCOUNT }) }, 'allowed'],
  ['service principal trust with SourceAccount, source not known', { resourcePolicy: named('trust-policy', allow({ Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } })), context: assumeRoleContext({ caller: 's3.amazonaws.com', roleArn: ROLE }) }, 'unknown'],
  ['service principal trust for another service', { resourcePolicy: named('trust-policy', allow({ Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })), context: assumeRoleContext({ caller: 's3.amazonaws.com', roleArn: ROLE, sourceAccount: ACCOUNT }) }, 'implicit'],
];

const shape = (d: Decision): string => (d.result === 'denied' ? d.kind : d.result);

describe('AWS documented evaluation examples', () => {
  it.each(rows)('%s', (_name, input, expected) => {
    const d = evaluateRequest(input);
    expect(shape(d), JSON.stringify(d)).toBe(expected);
  });
});

describe('trust-policy explanations', () => {
  it('an allowed assume names the trust statement and the assumption about the caller', () => {
    const d = evaluateRequest({ resourcePolicy: trustSnowflake({ StringEquals: { 'sts:ExternalId': EXTERNAL_ID } }), assumeIdentityAllows: true, context: assume(EXTERNAL_ID) });
    expect(d.result === 'allowed' && d.chain.map((s) => s.ref)).toEqual(['trust-policy statement "TrustSnowflake"']);
    expect(d.result === 'allowed' && d.notes.join()).toContain('assumed to allow');
  });
});
