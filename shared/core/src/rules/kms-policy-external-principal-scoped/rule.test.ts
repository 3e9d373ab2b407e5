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
const withStatement = (s: PolicyStatement) => makeKey({ policy: present(kmsPolicyWith({ add: [s] })) });
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
  { name: 'policy unreadable', key: makeKey({ policy: unknown('access denied to kms:GetKeyPolicy') }), status: 'unknown' },
  { name: 'policy malformed', key: makeKey({ policy: present({ Statement: [{ Effect: 'Allow', Action: 'kms:*', Condition: 'x' }] } as never) }), status: 'unknown' },
  { name: 'metadata unreadable', key: makeKey({ metadata: unknown('kms:DescribeKey timed out') }), status: 'unknown' },
  { name: 'AWS-managed key', key: makeKeyWithMetadata({ keyManager: 'AWS' }), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status }) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: KEY_ARN, profile: snowflakeProfile }).status).toBe(status);
  });

  it('flags a direct Snowflake-user grant as an ExternalId bypass', () => {
    const f = runRule(rule, inventoryWith('key', cases[7].key), { resource: KEY_ARN, profile: snowflakeProfile });
    expect(f.messageId).toBe('externalIdBypass');
    expect(f.message).toContain(`ExternalId bypass: statement "External" grants the Snowflake IAM user ${SNOWFLAKE_USER_ARN} the key directly, which bypasses sts:ExternalId`);
  });

  it('without a Snowflake user in the profile, a scoped grant to that user is an ordinary external grant', () => {
    expect(runRule(rule, inventoryWith('key', cases[7].key), { resource: KEY_ARN }).status).toBe('pass');
  });

  it('names the statement, principal and each problem', () => {
    const f = runRule(rule, inventoryWith('key', withStatement(external({ Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Condition: undefined }))), { resource: KEY_ARN });
    expect(f.message).toBe(
      'External grants are too broad: statement "External" (arn:aws:iam::444455556666:root) names arn:aws:iam::444455556666:root (not an exact user or role ARN), has no StringEquals kms:ViaService = s3.eu-west-1.amazonaws.com.',
    );
  });
});
