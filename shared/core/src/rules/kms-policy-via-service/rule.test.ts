import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { present, unknown } from '../../model/observed.js';
import { inventoryWith, KEY_ARN, kmsPolicyWith, makeKey, makeKeyWithMetadata, makeMrkReplica, runRule, SNOWFLAKE_ROLE_ARN } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const usage = (change: Partial<PolicyStatement>): PolicyStatement => ({ Sid: 'Usage', Effect: 'Allow', Principal: { AWS: SNOWFLAKE_ROLE_ARN }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*', ...change });
/** The seed policy with its Snowflake statement replaced. */
const withUsage = (...add: PolicyStatement[]) => makeKey({ policy: present(kmsPolicyWith({ drop: ['AllowSnowflakeRoleViaS3'], add })) });

const cases = [
  { name: 'seed policy: StringEquals s3.eu-west-1', key: makeKey(), status: 'pass' },
  { name: 'StringLike without a wildcard', key: withUsage(usage({ Condition: { StringLike: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } })), status: 'pass' },
  { name: 'CloudTrail service principal scoped by aws:SourceArn', key: withUsage(usage({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Condition: { StringLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } } })), status: 'pass' },
  { name: 'only DescribeKey outside the root statement', key: withUsage(usage({ Action: 'kms:DescribeKey' })), status: 'pass' },
  { name: 'MRK replica bound to its own Region', key: makeMrkReplica(), status: 'pass' },
  { name: 'no kms:ViaService', key: withUsage(usage({})), status: 'fail' },
  { name: 'StringLike s3.*.amazonaws.com', key: withUsage(usage({ Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } } })), status: 'fail' },
  { name: 'another Region', key: withUsage(usage({ Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } })), status: 'fail' },
  { name: 'S3 and EC2', key: withUsage(usage({ Condition: { StringEquals: { 'kms:ViaService': ['s3.eu-west-1.amazonaws.com', 'ec2.eu-west-1.amazonaws.com'] } } })), status: 'fail' },
  { name: 'NotAction grants data-plane actions', key: withUsage(usage({ Action: undefined, NotAction: 'kms:ScheduleKeyDeletion' })), status: 'fail' },
  { name: 'policy unreadable', key: makeKey({ policy: unknown('access denied to kms:GetKeyPolicy') }), status: 'unknown' },
  { name: 'policy malformed', key: makeKey({ policy: present({ Statement: [null] } as never) }), status: 'unknown' },
  { name: 'metadata unreadable', key: makeKey({ metadata: unknown('kms:DescribeKey timed out') }), status: 'unknown' },
  { name: 'AWS-managed key', key: makeKeyWithMetadata({ keyManager: 'AWS' }), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status }) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: key.arn }).status).toBe(status);
  });

  it('names the statement, the principal, the actions and the weak condition', () => {
    expect(runRule(rule, inventoryWith('key', cases[6].key), { resource: KEY_ARN }).message).toBe(
      `Data-plane grants usable outside S3 in eu-west-1: statement "Usage" grants ${SNOWFLAKE_ROLE_ARN} kms:Decrypt, kms:GenerateDataKey* with StringLike kms:ViaService s3.*.amazonaws.com (a wildcard admits more than s3.eu-west-1.amazonaws.com).`,
    );
  });
});
