import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { present, unknown } from '../../model/observed.js';
import { ACCOUNT, inventoryWith, KEY_ARN, makeRole, makeSnowflakeRole, REGION, runRule, snowflakeRolePolicy, withRolePolicy } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const base = snowflakeRolePolicy().Statement;
const replaced = (changes: Partial<PolicyStatement>) => withRolePolicy({ Version: '2012-10-17', Statement: base.map((s) => (s.Sid === 'StageKey' ? { ...s, ...changes } : s)) });
const plus = (...extra: PolicyStatement[]) => withRolePolicy({ Version: '2012-10-17', Statement: [...base, ...extra] });
const via = { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } };

const cases = [
  { name: 'Decrypt + GenerateDataKey on the key ARN via S3', role: makeSnowflakeRole(), status: 'pass' },
  { name: 'GenerateDataKey* and DescribeKey', role: replaced({ Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'] }), status: 'pass' },
  { name: 'kms:*', role: replaced({ Action: 'kms:*' }), status: 'fail' },
  { name: 'Action "*"', role: plus({ Effect: 'Allow', Action: '*', Resource: KEY_ARN, Condition: via }), status: 'fail' },
  { name: 'an admin action', role: replaced({ Action: ['kms:Decrypt', 'kms:ScheduleKeyDeletion'] }), status: 'fail' },
  { name: 'Resource "*"', role: replaced({ Resource: '*' }), status: 'fail' },
  { name: 'a key a Terraform plan creates (stand-in id from its address)', role: replaced({ Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/tf-module.stage["a"].aws_kms_key.this` }), status: 'pass' },
  { name: 'a key id pattern (key/mrk-?)', role: replaced({ Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/mrk-?` }), status: 'fail' },
  { name: 'every key of the account (key/*)', role: replaced({ Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/*` }), status: 'fail' },
  { name: 'an alias ARN', role: replaced({ Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/snowflake-s3-kms` }), status: 'fail' },
  { name: 'a pattern over every service (arn:aws:*:*:*:*)', role: replaced({ Resource: 'arn:aws:*:*:*:*' }), status: 'fail' },
  { name: 'arn:*', role: replaced({ Resource: 'arn:*' }), status: 'fail' },
  { name: 'a bare key id', role: replaced({ Resource: '1234abcd-12ab-34cd-56ef-1234567890ab' }), status: 'fail' },
  { name: 'ViaService under a lower-case operator name', role: replaced({ Condition: { stringequals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } } }), status: 'pass' },
  { name: 'no kms:ViaService', role: replaced({ Condition: undefined }), status: 'fail' },
  { name: 'kms:ViaService pattern s3.*.amazonaws.com', role: replaced({ Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } } }), status: 'fail' },
  { name: 'kms:ViaService for another service', role: replaced({ Condition: { StringEquals: { 'kms:ViaService': `ec2.${REGION}.amazonaws.com` } } }), status: 'fail' },
  { name: 'kms:ViaService in a Region without the key', role: replaced({ Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }), status: 'fail' },
  { name: 'kms:ViaService key in another case', role: replaced({ Condition: { StringEquals: { 'KMS:VIASERVICE': `s3.${REGION}.amazonaws.com` } } }), status: 'pass' },
  { name: 'NotAction', role: replaced({ Action: undefined, NotAction: 's3:*' }), status: 'fail' },
  { name: 'a second KMS statement without ViaService', role: plus({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN }), status: 'fail' },
  { name: 'no KMS statements (the key policy grants the role)', role: withRolePolicy({ Version: '2012-10-17', Statement: base.filter((s) => s.Sid !== 'StageKey') }), status: 'pass' },
  { name: 'replication role', role: makeRole(), status: 'not_applicable' },
  { name: 'policies unreadable', role: makeSnowflakeRole({ policies: unknown('throttled past retries') }), status: 'unknown' },
  { name: 'malformed policy', role: makeSnowflakeRole({ policies: present([{ name: 'bad', kind: 'inline', document: { Version: '2012-10-17', Statement: [{ Effect: 'Permit' }] } as never }]) }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ role, status }) => {
    expect(runRule(rule, inventoryWith('role', role)).status).toBe(status);
  });

  it('explains a missing ViaService as direct use outside S3', () => {
    expect(runRule(rule, inventoryWith('role', replaced({ Condition: undefined }))).message).toMatch(/statement "StageKey": no StringEquals kms:ViaService.*outside S3/);
  });
});
