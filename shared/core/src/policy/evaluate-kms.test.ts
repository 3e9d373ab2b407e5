import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../model/policy-document.js';
import { kmsViaS3Context } from './context.js';
import { evaluateRequest, type Decision } from './evaluate.js';
import { ACCOUNT, BUCKET, BUCKET_ARN, KEY, OTHER, OTHER_KEY, OTHER_ROLE, OTHER_SESSION, ROLE, SESSION, allow, deny, named, rootDelegation } from './testing/fixtures.js';

/** KMS via S3: the key policy must allow, directly or by delegating to the account root, and then IAM must allow. */
type Expect = 'allowed' | 'explicit' | 'implicit' | 'unknown';
interface Case {
  name: string;
  key?: PolicyStatement[];
  identity?: PolicyStatement[];
  action?: string;
  bucketKey?: boolean;
  region?: string;
  expect: Expect;
}

const VIA = { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } };
const useKey = (extra: Omit<PolicyStatement, 'Effect'> = {}): PolicyStatement => allow({ Sid: 'UseKey', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: KEY, ...extra });
const directGrant = (principal: string, extra: Omit<PolicyStatement, 'Effect'> = {}): PolicyStatement =>
  allow({ Sid: 'AllowSnowflakeRole', Principal: { AWS: principal }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', ...extra });
const ecObjects = { ArnLike: { 'kms:EncryptionContext:aws:s3:arn': `${BUCKET_ARN}/*` } };
const ecBoth = { ArnLike: { 'kms:EncryptionContext:aws:s3:arn': [BUCKET_ARN, `${BUCKET_ARN}/*`] } };

const same: Case[] = [
  { name: 'root delegation + identity allow', key: [rootDelegation()], identity: [useKey()], expect: 'allowed' },
  { name: 'root delegation without identity allow', key: [rootDelegation()], expect: 'implicit' },
  { name: 'identity allow without root delegation or grant', key: [allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` }, Action: 'kms:*', Resource: '*' })], identity: [useKey()], expect: 'implicit' },
  { name: 'key policy naming the role, no identity policy', key: [directGrant(ROLE)], expect: 'allowed' },
  { name: 'key policy naming the session', key: [directGrant(SESSION)], expect: 'allowed' },
  { name: 'bare account id delegates like the root ARN', key: [allow({ Principal: { AWS: ACCOUNT }, Action: 'kms:*', Resource: '*' })], identity: [useKey()], expect: 'allowed' },
  { name: 'identity allows Decrypt only; upload needs GenerateDataKey', key: [rootDelegation()], identity: [allow({ Action: 'kms:Decrypt', Resource: KEY })], action: 'kms:GenerateDataKey', expect: 'implicit' },
  { name: 'GenerateDataKey* covers GenerateDataKey', key: [rootDelegation()], identity: [useKey()], action: 'kms:GenerateDataKey', expect: 'allowed' },
  { name: 'identity allow on another key', key: [rootDelegation()], identity: [allow({ Action: 'kms:*', Resource: OTHER_KEY })], expect: 'implicit' },
  { name: 'ViaService right region', key: [directGrant(ROLE, { Condition: VIA })], expect: 'allowed' },
  { name: 'ViaService wrong region', key: [directGrant(ROLE, { Condition: VIA })], region: 'eu-west-1', expect: 'implicit' },
  { name: 'CallerAccount + ViaService (AWS managed key shape)', key: [allow({ Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } })], expect: 'allowed' },
  { name: 'EC on objects, Bucket Key off', key: [directGrant(ROLE, { Condition: ecObjects })], bucketKey: false, expect: 'allowed' },
  { name: 'EC on objects only breaks once Bucket Key is on', key: [directGrant(ROLE, { Condition: ecObjects })], bucketKey: true, expect: 'implicit' },
  { name: 'EC on bucket and objects works with Bucket Key', key: [directGrant(ROLE, { Condition: ecBoth })], bucketKey: true, expect: 'allowed' },
  { name: 'EncryptionContextKeys with ForAnyValue', key: [directGrant(ROLE, { Condition: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'aws:s3:arn' } } })], expect: 'allowed' },
  { name: 'EncryptionContextKeys with a single-valued operator never matches', key: [directGrant(ROLE, { Condition: { StringEquals: { 'kms:EncryptionContextKeys': 'aws:s3:arn' } } })], expect: 'implicit' },
  { name: 'identity Deny on kms:* wins without key-policy permission', key: [directGrant(ROLE)], identity: [deny({ Sid: 'NoKms', Action: 'kms:*', Resource: '*' })], expect: 'explicit' },
  { name: 'key policy Deny outside S3 does not hit the S3 path', key: [directGrant(ROLE), deny({ Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringNotLike: { 'kms:ViaService': 's3.*.amazonaws.com' } } })], expect: 'allowed' },
  { name: 'key policy Deny on SecureTransport is unknown on the forwarded call', key: [directGrant(ROLE), deny({ Principal: '*', Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })], expect: 'unknown' },
  { name: 'key policy allow conditioned on SourceVpce is unknown', key: [directGrant(ROLE, { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })], expect: 'unknown' },
  { name: 'aws:PrincipalArn condition with Principal "*"', key: [allow({ Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE } } })], expect: 'allowed' },
  { name: 'a bucket grant is no key grant', key: [], identity: [useKey()], expect: 'implicit' },
];

const cross: Case[] = [
  { name: 'cross-account: key delegates to the caller account and IAM allows', key: [rootDelegation(), rootDelegation(OTHER)], identity: [allow({ Action: 'kms:Decrypt', Resource: KEY })], expect: 'allowed' },
  { name: 'cross-account: key delegates but the caller has no IAM allow', key: [rootDelegation(OTHER)], expect: 'implicit' },
  { name: 'cross-account: key names the role, but IAM must allow too', key: [directGrant(OTHER_ROLE)], expect: 'implicit' },
  { name: 'cross-account: key names the role and IAM allows', key: [directGrant(OTHER_ROLE)], identity: [allow({ Action: 'kms:Decrypt', Resource: KEY })], expect: 'allowed' },
  { name: 'cross-account: IAM allows but the key policy trusts only its own account', key: [rootDelegation()], identity: [allow({ Action: 'kms:Decrypt', Resource: '*' })], expect: 'implicit' },
  { name: 'cross-account: CallerAccount condition names the caller', key: [allow({ Principal: { AWS: OTHER }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': OTHER } } })], identity: [allow({ Action: 'kms:Decrypt', Resource: KEY })], expect: 'allowed' },
  { name: 'cross-account: CallerAccount condition names the key owner', key: [allow({ Principal: { AWS: OTHER }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } } })], identity: [allow({ Action: 'kms:Decrypt', Resource: KEY })], expect: 'implicit' },
];

function run(c: Case, principal: string): Decision {
  const context = kmsViaS3Context({ principal, action: c.action ?? 'kms:Decrypt', keyArn: KEY, bucket: BUCKET, key: 'stage/file.csv', region: c.region ?? 'us-east-1', bucketKeyEnabled: c.bucketKey ?? false });
  return evaluateRequest({
    context,
    ...(c.key ? { keyPolicy: named('key-policy', ...c.key) } : {}),
    ...(c.identity ? { identityPolicies: [named('role-policy', ...c.identity)] } : {}),
  });
}

const shape = (d: Decision): string => (d.result === 'denied' ? d.kind : d.result);

describe('KMS via S3, same account', () => {
  it.each(same)('$name', (c) => expect(shape(run(c, SESSION)), JSON.stringify(run(c, SESSION))).toBe(c.expect));
});

describe('KMS via S3, cross-account', () => {
  it.each(cross)('$name', (c) => expect(shape(run(c, OTHER_SESSION))).toBe(c.expect));
});

describe('KMS explanations', () => {
  it('a missing key policy is unknown, never an allow', () => {
    expect(run({ name: '', identity: [useKey()], expect: 'unknown' }, SESSION).result).toBe('unknown');
  });
  it('delegated allow names both the key statement and the identity statement', () => {
    const d = run({ name: '', key: [rootDelegation()], identity: [useKey()], expect: 'allowed' }, SESSION);
    expect(d.result === 'allowed' && d.chain.map((s) => s.ref)).toEqual(['key-policy statement "Enable IAM User Permissions"', 'role-policy statement "UseKey"']);
  });
  it('upload without GenerateDataKey says which statement is missing', () => {
    const d = run({ name: '', key: [rootDelegation()], identity: [allow({ Action: 'kms:Decrypt', Resource: KEY })], action: 'kms:GenerateDataKey', expect: 'implicit' }, SESSION);
    if (d.result !== 'denied' || d.kind !== 'implicit') throw new Error('expected implicit deny');
    expect(d.needed).toContain(`no identity policy statement allows kms:GenerateDataKey on ${KEY} for ${SESSION}`);
    expect(d.needed).toContain('already granted by key-policy statement "Enable IAM User Permissions"');
  });
  it('a wrong ViaService region names the failing condition', () => {
    const d = run({ name: '', key: [directGrant(ROLE, { Condition: VIA })], region: 'eu-west-1', expect: 'implicit' }, SESSION);
    expect(d.result === 'denied' && d.kind === 'implicit' && d.needed).toContain('StringEquals kms:ViaService');
  });
});
