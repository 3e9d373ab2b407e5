import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { present, unknown } from '../../model/observed.js';
import { inventoryWith, KEY_ARN, kmsPolicyWith, makeKey, makeKeyWithMetadata, makeMrkReplica, runRule, SNOWFLAKE_ROLE_ARN } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const usage = (change: Partial<PolicyStatement>): PolicyStatement => ({ Sid: 'Usage', Effect: 'Allow', Principal: { AWS: SNOWFLAKE_ROLE_ARN }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*', ...change });
const VIA_OK = { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } };
const DENY_OUTSIDE_S3: PolicyStatement = {
  Sid: 'DenyOutsideS3',
  Effect: 'Deny',
  Principal: '*',
  Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
  Resource: '*',
  Condition: { StringNotEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
};
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
  // Evaluated, where the structural check (a literal StringEquals on each Allow) said fail:
  { name: 'ForAnyValue:StringEquals kms:ViaService (single-valued key: same as StringEquals)', key: withUsage(usage({ Condition: { 'ForAnyValue:StringEquals': { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } })), status: 'pass' },
  { name: 'no ViaService on the Allow, but a Deny outside S3 in the Region', key: withUsage(usage({}), DENY_OUTSIDE_S3), status: 'pass' },
  { name: 'Principal "*" with CallerAccount and ViaService (the aws/s3 pattern)', key: withUsage(usage({ Principal: '*', Condition: { StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } })), status: 'pass' },
  // Evaluated, and usable outside S3:
  { name: 'ForAllValues:StringEquals kms:ViaService (true when the key is absent)', key: withUsage(usage({ Condition: { 'ForAllValues:StringEquals': { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } })), status: 'fail' },
  { name: 'StringEqualsIfExists kms:ViaService (true on direct calls)', key: withUsage(usage({ Condition: { StringEqualsIfExists: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } })), status: 'fail' },
  { name: 'bound statement plus an unbound NotPrincipal grant', key: withUsage(usage({ Condition: VIA_OK }), usage({ Sid: 'Everyone', Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/x' }, Action: 'kms:Encrypt', Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } })), status: 'fail' },
  { name: 'a Deny on direct Decrypt leaves direct GenerateDataKey', key: withUsage(usage({}), { ...DENY_OUTSIDE_S3, Action: 'kms:Decrypt' }), status: 'fail' },
  // What the scan cannot know is unknown, never pass:
  { name: 'no ViaService but a VPC-endpoint condition', key: withUsage(usage({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0abc' } } })), status: 'unknown' },
  { name: 'policy unreadable', key: makeKey({ policy: unknown('access denied to kms:GetKeyPolicy') }), status: 'unknown' },
  { name: 'policy malformed', key: makeKey({ policy: present({ Statement: [null] } as never) }), status: 'unknown' },
  { name: 'metadata unreadable', key: makeKey({ metadata: unknown('kms:DescribeKey timed out') }), status: 'unknown' },
  { name: 'AWS-managed key', key: makeKeyWithMetadata({ keyManager: 'AWS' }), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status }) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: key.arn }).status).toBe(status);
  });

  const run = (name: string) => runRule(rule, inventoryWith('key', cases.find((c) => c.name === name)!.key), { resource: KEY_ARN });

  it('names the statement, the principal, the actions, the weak condition and the request it lets through', () => {
    expect(run('StringLike s3.*.amazonaws.com').message).toBe(
      `Data-plane grants usable outside S3 in eu-west-1: statement "Usage" grants ${SNOWFLAKE_ROLE_ARN} kms:Decrypt, kms:GenerateDataKey* with StringLike kms:ViaService s3.*.amazonaws.com (a wildcard admits more than s3.eu-west-1.amazonaws.com): kms:Decrypt, kms:GenerateDataKey, kms:GenerateDataKeyWithoutPlaintext and 2 more allowed through s3.us-east-1.amazonaws.com.`,
    );
  });

  it('names the path: direct calls, another service, a Region the policy names', () => {
    expect(run('no kms:ViaService').message).toContain('allowed directly');
    expect(run('S3 and EC2').message).toContain('allowed through ec2.eu-west-1.amazonaws.com');
    expect(run('another Region').message).toContain('allowed through s3.us-east-1.amazonaws.com');
    expect(run('a Deny on direct Decrypt leaves direct GenerateDataKey').message).toContain(': kms:GenerateDataKey, kms:GenerateDataKeyWithoutPlaintext, kms:GenerateDataKeyPair and 1 more allowed directly;');
    expect(run('bound statement plus an unbound NotPrincipal grant').message).toContain('statement "Everyone" grants everyone except arn:aws:iam::111122223333:role/x kms:Encrypt');
  });

  it('notes a principal that cannot use the key through S3 in its Region at all', () => {
    expect(run('another Region').message).toContain(`${SNOWFLAKE_ROLE_ARN} cannot use the key through S3 either`);
    expect(run('seed policy: StringEquals s3.eu-west-1').message).toBe(
      'The 1 principal(s) granted data-plane actions can use them only through s3.eu-west-1.amazonaws.com: direct calls and other services are denied.',
    );
  });

  it('says why it is unknown', () => {
    expect(run('no ViaService but a VPC-endpoint condition').message).toMatch(/aws:SourceVpce/);
  });
});
