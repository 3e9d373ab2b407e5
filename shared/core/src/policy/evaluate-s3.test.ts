import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../model/policy-document.js';
import { s3RequestContext, type S3RequestContextInput } from './context.js';
import { evaluateRequest, type Decision } from './evaluate.js';
import type { NamedPolicy } from './statement-match.js';
import { ACCOUNT, BUCKET, BUCKET_ARN, KEY, OTHER, OTHER_ROLE, OTHER_ROOT, ROLE, ROOT, SESSION, allow, deny, named } from './testing/fixtures.js';

/** Combination of identity, bucket and session policies for S3 requests; `expect` is the decision shape. */
type Expect = 'allowed' | 'explicit' | 'implicit' | 'unknown';
interface Case {
  name: string;
  identity?: PolicyStatement[];
  bucket?: PolicyStatement[];
  session?: PolicyStatement[];
  request?: Partial<S3RequestContextInput>;
  expect: Expect;
  /** The statement ref the decision must name (explicit deny, or first of the chain). */
  names?: string;
}

const get = allow({ Sid: 'ReadStage', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `${BUCKET_ARN}/stage/*` });
const put = allow({ Sid: 'WriteStage', Action: 's3:PutObject', Resource: `${BUCKET_ARN}/stage/*` });
const list = allow({ Sid: 'ListStage', Action: 's3:ListBucket', Resource: BUCKET_ARN, Condition: { StringLike: { 's3:prefix': ['stage/*'] } } });
const denyInsecure = deny({ Sid: 'DenyInsecureTransport', Principal: '*', Action: 's3:*', Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
const denyWrongKey = deny({ Sid: 'DenyWrongKey', Principal: '*', Action: 's3:PutObject', Resource: `${BUCKET_ARN}/*`, Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY } } });
const denyNotKms = deny({ Sid: 'DenyNotKms', Principal: '*', Action: 's3:PutObject', Resource: `${BUCKET_ARN}/*`, Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } });
const grantRole = (principal: string): PolicyStatement => allow({ Sid: 'GrantRead', Principal: { AWS: principal }, Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` });
const denyVpce = deny({ Sid: 'DenyOutsideVpce', Principal: '*', Action: 's3:*', Resource: `${BUCKET_ARN}/*`, Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b' } } });

const cases: Case[] = [
  { name: 'identity allow alone suffices in the same account', identity: [get], expect: 'allowed', names: 'role-policy statement "ReadStage"' },
  { name: 'no policies at all is an implicit deny', expect: 'implicit' },
  { name: 'identity allows another prefix only', identity: [get], request: { key: 'other/file.csv' }, expect: 'implicit' },
  { name: 'bucket policy naming the role suffices in the same account', bucket: [grantRole(ROLE)], expect: 'allowed', names: 'bucket-policy statement "GrantRead"' },
  { name: 'bucket policy naming the session suffices', bucket: [grantRole(SESSION)], expect: 'allowed' },
  { name: 'bucket policy naming only the account root needs IAM too', bucket: [grantRole(ROOT)], expect: 'implicit' },
  { name: 'bucket policy root + identity allow', bucket: [grantRole(ROOT)], identity: [get], expect: 'allowed' },
  { name: 'bucket policy Principal "*" allows', bucket: [allow({ Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` })], expect: 'allowed' },
  { name: 'explicit deny in bucket policy beats identity allow', identity: [get], bucket: [deny({ Sid: 'NoReads', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` })], expect: 'explicit', names: 'bucket-policy statement "NoReads"' },
  { name: 'explicit deny in identity policy beats bucket allow', identity: [deny({ Sid: 'NoS3', Action: 's3:*', Resource: '*' })], bucket: [grantRole(ROLE)], expect: 'explicit', names: 'role-policy statement "NoS3"' },
  { name: 'deny for another action does not apply', identity: [get, deny({ Action: 's3:DeleteObject', Resource: '*' })], expect: 'allowed' },
  { name: 'deny with NotResource elsewhere applies', identity: [get, deny({ Sid: 'OnlyThisBucket', Action: 's3:*', NotResource: 'arn:aws:s3:::other/*' })], expect: 'explicit' },
  { name: 'deny with NotResource covering the bucket does not apply', identity: [get, deny({ Action: 's3:*', NotResource: `${BUCKET_ARN}/*` })], expect: 'allowed' },
  { name: 'insecure transport is denied', identity: [get], bucket: [denyInsecure], request: { secureTransport: false }, expect: 'explicit', names: 'bucket-policy statement "DenyInsecureTransport"' },
  { name: 'TLS request passes the transport deny', identity: [get], bucket: [denyInsecure], expect: 'allowed' },
  { name: 'PutObject with the right key header', identity: [put], bucket: [denyWrongKey, denyNotKms], request: { action: 's3:PutObject', sse: { algorithm: 'aws:kms', kmsKeyId: KEY } }, expect: 'allowed' },
  { name: 'PutObject without headers relies on default encryption: denied by StringNotEquals', identity: [put], bucket: [denyNotKms], request: { action: 's3:PutObject' }, expect: 'explicit', names: 'bucket-policy statement "DenyNotKms"' },
  { name: 'PutObject with another key is denied', identity: [put], bucket: [denyWrongKey], request: { action: 's3:PutObject', sse: { algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/other' } }, expect: 'explicit', names: 'bucket-policy statement "DenyWrongKey"' },
  { name: 'PutObject without headers: a Deny with StringNotEqualsIfExists applies (absent key is true)', identity: [put], bucket: [denyWrongKey], request: { action: 's3:PutObject' }, expect: 'explicit', names: 'bucket-policy statement "DenyWrongKey"' },
  { name: 'PutObject without headers passes a Deny guarded by Null=false', identity: [put], bucket: [deny({ Principal: '*', Action: 's3:PutObject', Resource: '*', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY }, Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' } } })], request: { action: 's3:PutObject' }, expect: 'allowed' },
  { name: 'ListBucket on the stage prefix', identity: [list], request: { action: 's3:ListBucket', key: undefined, prefix: 'stage/2026/' }, expect: 'allowed' },
  { name: 'ListBucket on another prefix', identity: [list], request: { action: 's3:ListBucket', key: undefined, prefix: 'other/' }, expect: 'implicit' },
  { name: 'ListBucket with no prefix', identity: [list], request: { action: 's3:ListBucket', key: undefined }, expect: 'implicit' },
  { name: 'a second Allow without the condition widens access', identity: [list, allow({ Sid: 'ListAll', Action: 's3:ListBucket', Resource: BUCKET_ARN })], request: { action: 's3:ListBucket', key: undefined, prefix: 'other/' }, expect: 'allowed', names: 'role-policy statement "ListAll"' },
  { name: 'deny on an unknowable key with an allow is unknown', identity: [get], bucket: [denyVpce], expect: 'unknown' },
  { name: 'deny on an unknowable key without any allow is still denied', bucket: [denyVpce], expect: 'implicit' },
  { name: 'allow on an unknowable key is unknown', identity: [allow({ Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })], expect: 'unknown' },
  { name: 'unknowable allow plus a certain allow is allowed', identity: [get, allow({ Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })], expect: 'allowed' },
  { name: 'unknowable deny whose other condition is false cannot apply', identity: [get], bucket: [deny({ Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 'aws:SourceVpce': 'v' } } })], expect: 'allowed' },
  { name: 'org condition is unknowable', identity: [get], bucket: [deny({ Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } } })], expect: 'unknown' },
  { name: 'org condition known when supplied', identity: [get], bucket: [deny({ Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } } })], request: { keys: { 'aws:PrincipalOrgID': 'o-1' } }, expect: 'allowed' },
  { name: 'aws:PrincipalArn deny except the role', identity: [get], bucket: [deny({ Principal: '*', Action: 's3:*', Resource: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': ROLE } } })], expect: 'allowed' },
  { name: 'aws:PrincipalArn deny for another role', identity: [get], bucket: [deny({ Sid: 'OnlyAdmin', Principal: '*', Action: 's3:*', Resource: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/admin` } } })], expect: 'explicit', names: 'bucket-policy statement "OnlyAdmin"' },
  // Session policies
  { name: 'session policy that allows keeps the identity allow', identity: [get], session: [allow({ Action: 's3:*', Resource: '*' })], expect: 'allowed' },
  { name: 'session policy lacking the action caps the identity allow', identity: [get], session: [allow({ Action: 's3:ListBucket', Resource: '*' })], expect: 'implicit' },
  { name: 'session policy caps a bucket grant to the role', bucket: [grantRole(ROLE)], session: [allow({ Action: 's3:ListBucket', Resource: '*' })], expect: 'implicit' },
  { name: 'session policy does not cap a bucket grant to the session', bucket: [grantRole(SESSION)], session: [allow({ Action: 's3:ListBucket', Resource: '*' })], expect: 'allowed' },
];

const crossCases: Case[] = [
  { name: 'cross-account: identity allow alone is not enough', identity: [get], expect: 'implicit' },
  { name: 'cross-account: bucket allow alone is not enough', bucket: [grantRole(OTHER_ROLE)], expect: 'implicit' },
  { name: 'cross-account: both sides allow', identity: [get], bucket: [grantRole(OTHER_ROLE)], expect: 'allowed' },
  { name: 'cross-account: bucket allows the caller account root, identity allows', identity: [get], bucket: [grantRole(OTHER_ROOT)], expect: 'allowed' },
  { name: 'cross-account: bucket allows the bare account id', identity: [get], bucket: [grantRole(OTHER)], expect: 'allowed' },
  { name: 'cross-account: bucket allows the owner account only', identity: [get], bucket: [grantRole(ROOT)], expect: 'implicit' },
  { name: 'cross-account: bucket Principal "*" plus identity', identity: [get], bucket: [allow({ Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` })], expect: 'allowed' },
  { name: 'cross-account: explicit deny in the bucket policy', identity: [get], bucket: [grantRole(OTHER_ROLE), deny({ Principal: { AWS: OTHER_ROOT }, Action: 's3:*', Resource: '*' })], expect: 'explicit' },
];

function run(c: Case, principal: string, bucketAccount: string): Decision {
  const context = s3RequestContext({ principal, action: 's3:GetObject', bucket: BUCKET, key: 'stage/file.csv', bucketAccount, region: 'us-east-1', ...c.request });
  const policies: { identityPolicies?: NamedPolicy[]; resourcePolicy?: NamedPolicy; sessionPolicies?: NamedPolicy[] } = {};
  if (c.identity) policies.identityPolicies = [named('role-policy', ...c.identity)];
  if (c.bucket) policies.resourcePolicy = named('bucket-policy', ...c.bucket);
  if (c.session) policies.sessionPolicies = [named('session-policy', ...c.session)];
  return evaluateRequest({ ...policies, context });
}

function check(d: Decision, c: Case): void {
  const shape = d.result === 'denied' ? d.kind : d.result;
  expect(shape, JSON.stringify(d)).toBe(c.expect);
  if (c.names && d.result === 'allowed') expect(d.chain[0]?.ref).toBe(c.names);
  if (c.names && d.result === 'denied' && d.kind === 'explicit') expect(d.statement.ref).toBe(c.names);
  if (d.result === 'unknown') expect(d.statements.length).toBeGreaterThan(0);
}

describe('S3, same account', () => {
  it.each(cases)('$name', (c) => check(run(c, SESSION, ACCOUNT), c));
});

describe('S3, cross-account', () => {
  it.each(crossCases)('$name', (c) => check(run(c, 'arn:aws:sts::444455556666:assumed-role/reader/s1', ACCOUNT), c));
});

describe('S3, explanations', () => {
  it('an implicit deny says what is missing', () => {
    const d = run({ name: '', expect: 'implicit' }, SESSION, ACCOUNT);
    expect(d).toMatchObject({ result: 'denied', kind: 'implicit' });
    if (d.result === 'denied' && d.kind === 'implicit') expect(d.needed).toContain(`no identity policy statement allows s3:GetObject on ${BUCKET_ARN}/stage/file.csv for ${SESSION}`);
  });
  it('an implicit deny names the near miss and its failing condition', () => {
    const d = run({ name: '', identity: [list], request: { action: 's3:ListBucket', key: undefined, prefix: 'other/' }, expect: 'implicit' }, SESSION, ACCOUNT);
    if (d.result !== 'denied' || d.kind !== 'implicit') throw new Error('expected implicit deny');
    expect(d.nearMisses.map((s) => s.ref)).toEqual(['role-policy statement "ListStage"']);
    expect(d.needed).toContain('StringLike s3:prefix');
  });
  it('an unknown bucket owner with policies that differ by account is unknown', () => {
    const context = { ...s3RequestContext({ principal: SESSION, action: 's3:GetObject', bucket: BUCKET, key: 'stage/file.csv', bucketAccount: ACCOUNT }), resourceAccount: undefined };
    expect(evaluateRequest({ identityPolicies: [named('role-policy', get)], context }).result).toBe('unknown');
  });
});
