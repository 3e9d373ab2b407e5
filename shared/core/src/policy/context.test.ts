import { describe, expect, it } from 'vitest';
import { assumeRoleContext, kmsViaS3Context, principalFromArn, roleArnOfSession, s3RequestContext } from './context.js';
import { lookupKey } from './context-keys.js';
import { ACCOUNT, BUCKET, BUCKET_ARN, KEY, ROLE, SESSION, SNOWFLAKE_USER } from './testing/fixtures.js';

const kms = (bucketKeyEnabled: boolean) => kmsViaS3Context({ principal: SESSION, action: 'kms:Decrypt', keyArn: KEY, bucket: BUCKET, key: 'stage/a.csv', region: 'eu-west-1', bucketKeyEnabled });
const put = s3RequestContext({ principal: SESSION, action: 's3:PutObject', bucket: BUCKET, key: 'stage/a.csv', bucketAccount: ACCOUNT, sse: { algorithm: 'aws:kms', kmsKeyId: KEY } });
const list = s3RequestContext({ principal: SESSION, action: 's3:ListBucket', bucket: BUCKET, bucketAccount: ACCOUNT, prefix: 'stage/' });
const trust = assumeRoleContext({ caller: SNOWFLAKE_USER, roleArn: ROLE, externalId: 'X1' });
const svc = assumeRoleContext({ caller: 's3.amazonaws.com', roleArn: ROLE, sourceAccount: ACCOUNT, sourceArn: BUCKET_ARN });

describe('request-context builders', () => {
  it.each<[string, ReturnType<typeof lookupKey>, ReturnType<typeof lookupKey>]>([
    ['kms:ViaService uses the bucket region', lookupKey(kms(false), 'kms:ViaService'), { state: 'present', value: 's3.eu-west-1.amazonaws.com' }],
    ['kms:CallerAccount is the caller account', lookupKey(kms(false), 'kms:CallerAccount'), { state: 'present', value: ACCOUNT }],
    ['encryption context is the object ARN without Bucket Key', lookupKey(kms(false), 'kms:EncryptionContext:aws:s3:arn'), { state: 'present', value: `${BUCKET_ARN}/stage/a.csv` }],
    ['encryption context is the bucket ARN with Bucket Key', lookupKey(kms(true), 'kms:EncryptionContext:aws:s3:arn'), { state: 'present', value: BUCKET_ARN }],
    ['aws:PrincipalArn of a session is the role', lookupKey(kms(false), 'aws:PrincipalArn'), { state: 'present', value: ROLE }],
    ['SecureTransport on the forwarded KMS call is unknowable', lookupKey(kms(false), 'aws:SecureTransport'), { state: 'unknowable' }],
    ['SecureTransport on S3 requests', lookupKey(put, 'aws:SecureTransport'), { state: 'present', value: true }],
    ['SSE header', lookupKey(put, 's3:x-amz-server-side-encryption'), { state: 'present', value: 'aws:kms' }],
    ['SSE key header', lookupKey(put, 's3:x-amz-server-side-encryption-aws-kms-key-id'), { state: 'present', value: KEY }],
    ['no SSE headers on ListBucket', lookupKey(list, 's3:x-amz-server-side-encryption'), { state: 'absent' }],
    ['s3:prefix', lookupKey(list, 's3:prefix'), { state: 'present', value: 'stage/' }],
    ['aws:PrincipalAccount', lookupKey(list, 'aws:PrincipalAccount'), { state: 'present', value: ACCOUNT }],
    ['source IP is unknowable', lookupKey(list, 'aws:SourceIp'), { state: 'unknowable' }],
    ['principal tags are unknowable', lookupKey(list, 'aws:PrincipalTag/team'), { state: 'unknowable' }],
    ['sts:ExternalId', lookupKey(trust, 'sts:ExternalId'), { state: 'present', value: 'X1' }],
    ['aws:SourceAccount for a service', lookupKey(svc, 'aws:SourceAccount'), { state: 'present', value: ACCOUNT }],
    ['aws:SourceArn for a service', lookupKey(svc, 'aws:SourceArn'), { state: 'present', value: BUCKET_ARN }],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it.each<[string, string | undefined]>([
    [SESSION, ROLE],
    [ROLE, undefined],
  ])('roleArnOfSession(%s)', (arn, expected) => expect(roleArnOfSession(arn)).toBe(expected));

  it.each<[string, string, string | undefined]>([
    [SESSION, 'AWS', ACCOUNT],
    ['s3.amazonaws.com', 'Service', undefined],
    [`arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`, 'Federated', ACCOUNT],
  ])('principalFromArn(%s)', (arn, type, account) => {
    const p = principalFromArn(arn);
    expect({ type: p.type, account: p.account }).toEqual({ type, account });
  });

  it('resources: object ARN, bucket ARN, key ARN with its account, role ARN with its account', () => {
    expect([put.resource, list.resource, kms(false).resource, kms(false).resourceAccount, trust.resource, trust.resourceAccount]).toEqual([`${BUCKET_ARN}/stage/a.csv`, BUCKET_ARN, KEY, ACCOUNT, ROLE, ACCOUNT]);
  });
});
