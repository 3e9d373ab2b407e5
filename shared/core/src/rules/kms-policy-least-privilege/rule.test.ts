import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { present, unknown } from '../../model/observed.js';
import {
  inventoryWith,
  KEY_ARN,
  KMS_MRK_REPLICA_ARN,
  kmsPolicyWith,
  makeKey,
  makeKeyWithMetadata,
  makeMrkInventory,
  makeProfile,
  runRule,
  SNOWFLAKE_ROLE_ARN,
} from '../../testing/inventory-builders.js';
import rule from './rule.js';

const VIA = { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } };
const usage = (Action: string | string[], change: Partial<PolicyStatement> = {}): PolicyStatement => ({ Sid: 'Usage', Effect: 'Allow', Principal: { AWS: SNOWFLAKE_ROLE_ARN }, Action, Resource: '*', Condition: VIA, ...change });
const withUsage = (...add: PolicyStatement[]) => makeKey({ policy: present(kmsPolicyWith({ drop: ['AllowSnowflakeRoleViaS3'], add })) });
const USAGE = ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
const forAws = { Bool: { 'kms:GrantIsForAWSResource': 'true' } };
const denyRole = (change: Partial<PolicyStatement>): PolicyStatement => ({ Sid: 'Cut', Effect: 'Deny', Principal: { AWS: SNOWFLAKE_ROLE_ARN }, Action: 'kms:*', Resource: '*', ...change });

const cases = [
  { name: 'seed policy: Decrypt, GenerateDataKey*, DescribeKey', key: makeKey(), status: 'pass' },
  { name: 'a narrower GenerateDataKey', key: withUsage(usage(['kms:Decrypt', 'kms:GenerateDataKey'])), status: 'pass' },
  { name: 'root statement only', key: withUsage(), status: 'pass' },
  { name: 'CloudTrail service principal within the usage actions', key: withUsage(usage(['kms:GenerateDataKey*', 'kms:DescribeKey'], { Principal: { Service: 'cloudtrail.amazonaws.com' } })), status: 'pass' },
  { name: 'kms:Encrypt to the Snowflake role', key: withUsage(usage([...USAGE, 'kms:Encrypt'])), status: 'fail' },
  { name: 'kms:* to the Snowflake role', key: withUsage(usage('kms:*')), status: 'fail' },
  { name: 'kms:Put* (PutKeyPolicy) with Decrypt to a usage role', key: withUsage(usage(['kms:Decrypt', 'kms:Put*', 'kms:Describe*'])), status: 'fail' },
  { name: 'a key-administrator statement without data-plane actions (left to admin review)', key: withUsage(usage(['kms:Put*', 'kms:Describe*', 'kms:ScheduleKeyDeletion'], { Sid: 'KeyAdmins' })), status: 'pass' },
  { name: 'ScheduleKeyDeletion and DisableKey', key: withUsage(usage([...USAGE, 'kms:ScheduleKeyDeletion', 'kms:DisableKey'])), status: 'fail' },
  { name: 'CreateGrant without GrantIsForAWSResource', key: withUsage(usage([...USAGE, 'kms:CreateGrant'])), status: 'fail' },
  { name: 'CreateGrant for AWS resources (still not a usage action)', key: withUsage(usage([...USAGE, 'kms:CreateGrant'], { Condition: forAws })), status: 'fail' },
  { name: 'kms:Generate* (wider than GenerateDataKey*)', key: withUsage(usage(['kms:Decrypt', 'kms:Generate*'])), status: 'fail' },
  { name: 'NotAction', key: withUsage(usage('x', { Action: undefined, NotAction: 'kms:ScheduleKeyDeletion' })), status: 'fail' },
  // Evaluated: a Deny that takes the excess away again, where the structural check said fail.
  { name: 'kms:Encrypt to the Snowflake role, cut by a Deny', key: withUsage(usage([...USAGE, 'kms:Encrypt']), denyRole({ Action: 'kms:Encrypt' })), status: 'pass' },
  { name: 'kms:* to the Snowflake role, a Deny cutting all but the usage actions', key: withUsage(usage('kms:*'), denyRole({ Action: undefined, NotAction: USAGE })), status: 'pass' },
  // Evaluated: what a Deny leaves is still reported.
  { name: 'kms:* to the Snowflake role, a Deny cutting only the dangerous actions', key: withUsage(usage('kms:*'), denyRole({ Action: ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:CreateGrant'] })), status: 'fail' },
  { name: 'kms:Encrypt cut only for direct calls (still usable through S3)', key: withUsage(usage([...USAGE, 'kms:Encrypt']), denyRole({ Action: 'kms:Encrypt', Condition: { Null: { 'kms:ViaService': 'true' } } })), status: 'fail' },
  { name: 'PutKeyPolicy cut only without MFA (unknowable: not cut)', key: withUsage(usage([...USAGE, 'kms:PutKeyPolicy'], { Condition: undefined }), denyRole({ Action: 'kms:PutKeyPolicy', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } })), status: 'fail' },
  { name: 'policy unreadable', key: makeKey({ policy: unknown('access denied to kms:GetKeyPolicy') }), status: 'unknown' },
  { name: 'policy malformed', key: makeKey({ policy: present({ Statement: [{ Effect: 'Allow', Principal: '*' }] } as never) }), status: 'unknown' },
  { name: 'metadata unreadable', key: makeKey({ metadata: unknown('kms:DescribeKey timed out') }), status: 'unknown' },
  { name: 'AWS-managed key', key: makeKeyWithMetadata({ keyManager: 'AWS' }), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status }) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: KEY_ARN }).status).toBe(status);
  });

  const run = (name: string) => runRule(rule, inventoryWith('key', cases.find((c) => c.name === name)!.key), { resource: KEY_ARN });

  it('reports what a Deny leaves, and says the rest is cut', () => {
    const f = run('kms:* to the Snowflake role, a Deny cutting only the dangerous actions');
    expect(f.messageId).toBe('excess');
    expect(f.message).toBe(
      `Usage statements exceed kms:Decrypt, kms:GenerateDataKey*, kms:DescribeKey: statement "Usage" grants ${SNOWFLAKE_ROLE_ARN} kms:* (part cut by statement "Cut").`,
    );
    expect(run('kms:Encrypt cut only for direct calls (still usable through S3)').messageId).toBe('encryptNotNeeded');
    expect(run('PutKeyPolicy cut only without MFA (unknowable: not cut)').messageId).toBe('dangerous');
  });

  it('lets the replication role hold kms:Encrypt on the replica key its rule names', () => {
    expect(runRule(rule, makeMrkInventory(), { resource: KMS_MRK_REPLICA_ARN }).status).toBe('pass');
  });

  it('is unknown, not fail, about kms:Encrypt when a replication configuration could not be read', () => {
    const inv = makeMrkInventory();
    const blind = { ...inv, buckets: inv.buckets.map((b) => ({ ...b, replication: unknown('access denied to s3:GetBucketReplication') })) };
    const f = runRule(rule, blind, { resource: KMS_MRK_REPLICA_ARN });
    expect(f.status).toBe('unknown');
    expect(f.message).toContain('could not be read to tell whether the grantee is its replication role');
  });

  it('is unknown, not fail, about kms:Encrypt when the bucket list could not be read (an unlisted bucket may replicate with the grantee)', () => {
    const f = runRule(rule, { ...makeMrkInventory(), buckets: [], bucketList: unknown('access denied to s3:ListBuckets') }, { resource: KMS_MRK_REPLICA_ARN });
    expect(f.status).toBe('unknown');
    expect(f.message).toContain('the buckets the scan could not list (could not list buckets: access denied to s3:ListBuckets)');
  });

  it('follows the profile usage actions', () => {
    const profile = makeProfile({ kms: { usageActions: [...USAGE, 'kms:Encrypt'] } });
    expect(runRule(rule, inventoryWith('key', cases[4].key), { resource: KEY_ARN, profile }).status).toBe('pass');
  });

  it('says why kms:Encrypt is reported and names dangerous actions first', () => {
    const msg = (i: number) => runRule(rule, inventoryWith('key', cases[i]!.key), { resource: KEY_ARN });
    expect(msg(4).messageId).toBe('encryptNotNeeded');
    expect(msg(4).message).toBe(`Usage statements grant kms:Encrypt, which SSE-KMS does not need (S3 encrypts with GenerateDataKey): statement "Usage" grants ${SNOWFLAKE_ROLE_ARN} kms:Encrypt.`);
    expect(msg(6).message).toBe(`Usage statements can manage or destroy the key: statement "Usage" grants ${SNOWFLAKE_ROLE_ARN} kms:Put*, kms:Describe* (dangerous: kms:PutKeyPolicy).`);
    expect(msg(11).messageId).toBe('excess');
  });
});
