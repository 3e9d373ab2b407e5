import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../model/policy-document.js';
import { principalFromArn, type RequestContext } from './context.js';
import { matchStatement } from './statement-match.js';
import type { Tri } from './three-valued.js';
import { BUCKET_ARN, KEY, OBJECT_ARN, SESSION, named } from './testing/fixtures.js';

const ctx = (action: string, resource: string, keys: RequestContext['keys'] = {}, unknowable: string[] = []): RequestContext => ({
  principal: principalFromArn(SESSION),
  action,
  resource,
  keys: { 'aws:username': 'alice', ...keys },
  unknowable,
});

type Row = [name: string, statement: Omit<PolicyStatement, 'Effect'>, context: RequestContext, expected: Tri];

const rows: Row[] = [
  ['exact action and resource', { Action: 's3:GetObject', Resource: OBJECT_ARN }, ctx('s3:GetObject', OBJECT_ARN), true],
  ['action names are case-insensitive', { Action: 'S3:getobject', Resource: OBJECT_ARN }, ctx('s3:GetObject', OBJECT_ARN), true],
  ['service wildcard', { Action: 's3:*', Resource: '*' }, ctx('s3:PutObject', OBJECT_ARN), true],
  ['prefix wildcard GenerateDataKey*', { Action: 'kms:GenerateDataKey*', Resource: '*' }, ctx('kms:GenerateDataKey', KEY), true],
  ['? wildcard in action', { Action: 's3:?etObject', Resource: '*' }, ctx('s3:GetObject', OBJECT_ARN), true],
  ['other action', { Action: 's3:GetObject', Resource: '*' }, ctx('s3:PutObject', OBJECT_ARN), false],
  ['action list', { Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' }, ctx('kms:Decrypt', KEY), true],
  ['NotAction excludes the action', { NotAction: 's3:*', Resource: '*' }, ctx('s3:GetObject', OBJECT_ARN), false],
  ['NotAction covers other actions', { NotAction: 'iam:*', Resource: '*' }, ctx('kms:Decrypt', KEY), true],
  ['object wildcard', { Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` }, ctx('s3:GetObject', OBJECT_ARN), true],
  ['object wildcard does not cover the bucket', { Action: 's3:ListBucket', Resource: `${BUCKET_ARN}/*` }, ctx('s3:ListBucket', BUCKET_ARN), false],
  ['bucket ARN does not cover objects', { Action: 's3:GetObject', Resource: BUCKET_ARN }, ctx('s3:GetObject', OBJECT_ARN), false],
  ['prefix wildcard', { Action: 's3:GetObject', Resource: `${BUCKET_ARN}/stage/*` }, ctx('s3:GetObject', OBJECT_ARN), true],
  ['other prefix', { Action: 's3:GetObject', Resource: `${BUCKET_ARN}/other/*` }, ctx('s3:GetObject', OBJECT_ARN), false],
  ['? wildcard in resource', { Action: 's3:GetObject', Resource: 'arn:aws:s3:::data-bucke?/*' }, ctx('s3:GetObject', OBJECT_ARN), true],
  ['resources are case-sensitive', { Action: 's3:GetObject', Resource: 'arn:aws:s3:::DATA-BUCKET/*' }, ctx('s3:GetObject', OBJECT_ARN), false],
  ['key ARN with account wildcard', { Action: 'kms:Decrypt', Resource: 'arn:aws:kms:*:111122223333:key/*' }, ctx('kms:Decrypt', KEY), true],
  ['alias ARN does not cover the key', { Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111122223333:alias/data' }, ctx('kms:Decrypt', KEY), false],
  ['NotResource excludes the bucket', { Action: 's3:*', NotResource: [BUCKET_ARN, `${BUCKET_ARN}/*`] }, ctx('s3:GetObject', OBJECT_ARN), false],
  ['NotResource other bucket applies', { Action: 's3:*', NotResource: 'arn:aws:s3:::other/*' }, ctx('s3:GetObject', OBJECT_ARN), true],
  ['resource policy variable', { Action: 's3:GetObject', Resource: `${BUCKET_ARN}/home/\${aws:username}/*` }, ctx('s3:GetObject', `${BUCKET_ARN}/home/alice/x`), true],
  ['resource policy variable for another user', { Action: 's3:GetObject', Resource: `${BUCKET_ARN}/home/\${aws:username}/*` }, ctx('s3:GetObject', `${BUCKET_ARN}/home/bob/x`), false],
  ['resource variable unknowable', { Action: 's3:GetObject', Resource: `${BUCKET_ARN}/\${aws:PrincipalTag/team}/*` }, ctx('s3:GetObject', OBJECT_ARN, {}, ['aws:PrincipalTag/*']), 'unknown'],
  ['condition false makes the statement not apply', { Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }, ctx('kms:Decrypt', KEY), false],
  ['condition unknown makes the statement unknown', { Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }, ctx('kms:Decrypt', KEY, {}, ['aws:SourceVpce']), 'unknown'],
  ['action miss beats an unknown condition', { Action: 's3:PutObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }, ctx('s3:GetObject', OBJECT_ARN, {}, ['aws:SourceVpce']), false],
];

describe('matchStatement (identity policy)', () => {
  it.each(rows)('%s', (_name, statement, context, expected) => {
    const s: PolicyStatement = { Effect: 'Allow', ...statement };
    expect(matchStatement(named('p', s), 'identity', s, 0, context).applies).toBe(expected);
  });
});

describe('statement references', () => {
  it.each<[string, PolicyStatement, string]>([
    ['Sid', { Sid: 'ReadStage', Effect: 'Allow', Action: '*', Resource: '*' }, 'role-policy statement "ReadStage"'],
    ['index', { Effect: 'Allow', Action: '*', Resource: '*' }, 'role-policy Statement[0]'],
  ])('by %s', (_name, s, ref) => {
    expect(matchStatement(named('role-policy', s), 'identity', s, 0, ctx('s3:GetObject', OBJECT_ARN)).ref).toBe(ref);
  });
});
