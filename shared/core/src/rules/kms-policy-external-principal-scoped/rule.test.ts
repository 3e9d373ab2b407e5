import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { present, unknown } from '../../model/observed.js';
import { inventoryWith, KEY_ARN, kmsPolicyWith, makeKey, makeKeyWithMetadata, makeProfile, runRule, SNOWFLAKE_USER_ARN } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const PARTNER = 'arn:aws:iam::444455556666:role/partner-reader';
const VIA = { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } };
const external = (change: Partial<PolicyStatement>): PolicyStatement => ({
  Sid: 'External',
  Effect: 'Allow',
  Principal: { AWS: PARTNER },
  Action: ['kms:Decrypt', 'kms:DescribeKey'],
  Resource: '*',
  Condition: VIA,
  ...change,
});
const withStatement = (...s: PolicyStatement[]) => makeKey({ policy: present(kmsPolicyWith({ add: s })) });
const denyTo = (principal: string, change: Partial<PolicyStatement>): PolicyStatement => ({ Sid: 'DenyPartner', Effect: 'Deny', Principal: { AWS: principal }, Action: 'kms:*', Resource: '*', ...change });
const snowflakeProfile = makeProfile({ snowflake: { iamUserArn: SNOWFLAKE_USER_ARN, roleName: 'snowflake-s3-kms-role' } });

const cases = [
  { name: 'no external principal (seed policy)', key: makeKey(), status: 'pass' },
  { name: 'exact partner role, usage actions, ViaService', key: withStatement(external({})), status: 'pass' },
  { name: 'external account root', key: withStatement(external({ Principal: { AWS: 'arn:aws:iam::444455556666:root' } })), status: 'fail' },
  { name: 'bare external account id', key: withStatement(external({ Principal: { AWS: '444455556666' } })), status: 'fail' },
  { name: 'wildcard role name', key: withStatement(external({ Principal: { AWS: 'arn:aws:iam::444455556666:role/*' } })), status: 'fail' },
  { name: 'kms:Encrypt to the partner', key: withStatement(external({ Action: ['kms:Decrypt', 'kms:Encrypt'] })), status: 'fail' },
  { name: 'no kms:ViaService', key: withStatement(external({ Condition: undefined })), status: 'fail' },
  { name: 'direct grant to the Snowflake IAM user', key: withStatement(external({ Principal: { AWS: SNOWFLAKE_USER_ARN } })), status: 'fail' },
  // Evaluated, where the structural check (the Allow alone) said fail:
  {
    name: 'kms:* to the partner, cut to usage through S3 by Deny statements',
    key: withStatement(
      external({ Action: 'kms:*', Condition: undefined }),
      denyTo(PARTNER, { Action: undefined, NotAction: ['kms:Decrypt', 'kms:DescribeKey'] }),
      denyTo(PARTNER, { Sid: 'PartnerOnlyViaS3', Action: 'kms:Decrypt', Condition: { StringNotEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } }),
    ),
    status: 'pass',
  },
  // S3 never calls CreateGrant, so bound to S3 it cannot be exercised (kms-policy-least-privilege still reports the grant).
  { name: 'kms:CreateGrant bound to S3 by kms:ViaService', key: withStatement(external({ Action: ['kms:Decrypt', 'kms:CreateGrant'] })), status: 'pass' },
  { name: 'ForAnyValue:StringEquals kms:ViaService', key: withStatement(external({ Condition: { 'ForAnyValue:StringEquals': { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } })), status: 'pass' },
  { name: 'a Snowflake-user grant that a Deny cuts entirely is no path', key: withStatement(external({ Principal: { AWS: SNOWFLAKE_USER_ARN } }), denyTo(SNOWFLAKE_USER_ARN, {})), status: 'pass' },
  // Evaluated, and too broad:
  { name: 'the Snowflake account root (delegates to the Snowflake user)', key: withStatement(external({ Principal: { AWS: '999988887777' } })), status: 'fail' },
  { name: 'StringLike kms:ViaService s3.*.amazonaws.com', key: withStatement(external({ Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } } })), status: 'fail' },
  { name: 'kms:CreateGrant to the partner', key: withStatement(external({ Action: ['kms:Decrypt', 'kms:CreateGrant'], Condition: undefined })), status: 'fail' },
  { name: 'PutKeyPolicy to the partner, and a Deny only on Decrypt without kms:ViaService', key: withStatement(external({ Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:PutKeyPolicy'], Condition: undefined }), denyTo(PARTNER, { Action: 'kms:Decrypt', Condition: { Null: { 'kms:ViaService': 'true' } } })), status: 'fail' },
  // What the scan cannot know is unknown, never pass:
  { name: 'partner limited by a VPC endpoint instead of ViaService', key: withStatement(external({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0abc' } } })), status: 'unknown' },
  { name: 'policy unreadable', key: makeKey({ policy: unknown('access denied to kms:GetKeyPolicy') }), status: 'unknown' },
  { name: 'policy malformed', key: makeKey({ policy: present({ Statement: [{ Effect: 'Allow', Action: 'kms:*', Condition: 'x' }] } as never) }), status: 'unknown' },
  { name: 'metadata unreadable', key: makeKey({ metadata: unknown('kms:DescribeKey timed out') }), status: 'unknown' },
  { name: 'AWS-managed key', key: makeKeyWithMetadata({ keyManager: 'AWS' }), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status }) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: KEY_ARN, profile: snowflakeProfile }).status).toBe(status);
  });

  const run = (name: string, profile = snowflakeProfile) => runRule(rule, inventoryWith('key', cases.find((c) => c.name === name)!.key), { resource: KEY_ARN, profile });

  it('flags a direct Snowflake-user grant as an ExternalId bypass, even bound to S3 by kms:ViaService', () => {
    const f = run('direct grant to the Snowflake IAM user');
    expect(f.messageId).toBe('externalIdBypass');
    expect(f.message).toContain(
      `ExternalId bypass: statement "External" grants the Snowflake IAM user ${SNOWFLAKE_USER_ARN} the key without the Snowflake role (kms:Decrypt allowed through S3 in eu-west-1), which bypasses sts:ExternalId`,
    );
  });

  it('flags a grant to the Snowflake account root as the same bypass (the root delegates to the user)', () => {
    expect(run('the Snowflake account root (delegates to the Snowflake user)').messageId).toBe('externalIdBypass');
  });

  it('names admin actions and requests outside S3', () => {
    expect(run('kms:CreateGrant to the partner').message).toContain(`${PARTNER} (statement "External") is allowed kms:CreateGrant beyond kms:Decrypt, kms:GenerateDataKey*, kms:DescribeKey (admin: kms:CreateGrant)`);
    expect(run('StringLike kms:ViaService s3.*.amazonaws.com').message).toContain('is allowed kms:Decrypt outside S3 in eu-west-1 (through s3.us-east-1.amazonaws.com): statement "External" has StringLike kms:ViaService s3.*.amazonaws.com');
    const partial = run('PutKeyPolicy to the partner, and a Deny only on Decrypt without kms:ViaService').message;
    expect(partial).toContain('is allowed kms:PutKeyPolicy beyond');
    expect(partial).toContain('(through ec2.eu-west-1.amazonaws.com, through s3.us-east-1.amazonaws.com)');
  });

  it('says why it is unknown', () => {
    expect(run('partner limited by a VPC endpoint instead of ViaService').message).toMatch(/aws:SourceVpce/);
  });

  it('without a Snowflake user in the profile, a scoped grant to that user is an ordinary external grant', () => {
    expect(run('direct grant to the Snowflake IAM user', makeProfile()).status).toBe('pass');
  });

  it('names the statement, principal and each problem', () => {
    const f = runRule(rule, inventoryWith('key', withStatement(external({ Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Condition: undefined }))), { resource: KEY_ARN });
    expect(f.message).toBe(
      'External grants are too broad: arn:aws:iam::444455556666:root (statement "External") is not an exact user or role ARN, is allowed kms:Decrypt outside S3 in eu-west-1 (directly, through ec2.eu-west-1.amazonaws.com, through s3.us-east-1.amazonaws.com): statement "External" has no StringEquals kms:ViaService = s3.eu-west-1.amazonaws.com.',
    );
  });
});
