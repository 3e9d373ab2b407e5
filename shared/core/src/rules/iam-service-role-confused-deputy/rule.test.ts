import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { present, unknown } from '../../model/observed.js';
import { ACCOUNT, BUCKET_ARN, inventoryWith, makeRole, makeSnowflakeRole, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const trust = (Condition?: PolicyStatement['Condition'], Service: string | string[] = 's3.amazonaws.com') =>
  makeRole({ trustPolicy: present({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service }, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) }] }) });

const cases = [
  { name: 'aws:SourceAccount = own account', role: trust({ StringEquals: { 'aws:SourceAccount': ACCOUNT } }), status: 'pass' },
  { name: 'aws:SourceArn = the source bucket', role: trust({ ArnLike: { 'aws:SourceArn': BUCKET_ARN } }), status: 'pass' },
  { name: 'both keys', role: trust({ StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnEquals: { 'aws:SourceArn': BUCKET_ARN } }), status: 'pass' },
  { name: 'no condition (the usual replication role)', role: trust(), status: 'fail' },
  { name: 'aws:SourceAccount under IfExists', role: trust({ StringEqualsIfExists: { 'aws:SourceAccount': ACCOUNT } }), status: 'pass' },
  { name: 'aws:SourceArn pattern for every bucket', role: trust({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }), status: 'fail' },
  { name: 'aws:SourceArn pattern over bucket names, no SourceAccount (anyone can create stage-evil)', role: trust({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::s3-snow-*' } }), status: 'fail' },
  { name: 'the same pattern with aws:SourceAccount', role: trust({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::s3-snow-*' }, StringEquals: { 'aws:SourceAccount': ACCOUNT } }), status: 'pass' },
  { name: 'an SNS topic pattern across accounts', role: trust({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:mytopic' } }, 'sns.amazonaws.com'), status: 'fail' },
  { name: 'an SNS topic of this account', role: trust({ ArnEquals: { 'aws:SourceArn': `arn:aws:sns:eu-west-1:${ACCOUNT}:mytopic` } }, 'sns.amazonaws.com'), status: 'pass' },
  { name: 'a condition on another key only', role: trust({ Bool: { 'aws:SecureTransport': 'true' } }), status: 'fail' },
  { name: 'a condition the scan cannot know', role: trust({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }), status: 'unknown' },
  { name: 'two services, one unbound', role: makeRole({ trustPolicy: present({ Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
    { Effect: 'Allow', Principal: { Service: 'batchoperations.s3.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ] }) }), status: 'fail' },
  { name: 'no service principal (the Snowflake role)', role: makeSnowflakeRole(), status: 'not_applicable' },
  { name: 'trust unreadable', role: makeRole({ trustPolicy: unknown('AccessDenied') }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ role, status }) => {
    expect(runRule(rule, inventoryWith('role', role)).status).toBe(status);
  });

  it('names the service and the statement that admits it', () => {
    const f = runRule(rule, inventoryWith('role', trust()));
    expect(f.message).toContain('s3.amazonaws.com');
    expect(f.message).toMatch(/allowed by trust policy Statement\[0\]/);
  });

  // An exact bucket ARN in aws:SourceArn is safe when the bucket is the account's own.
  it('a bucket of the account outside the scan is its own, not another account\'s', () => {
    const role = trust({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::unscanned-own-bucket' } });
    const inv = inventoryWith('role', role);
    expect(runRule(rule, { ...inv, bucketList: present([...inv.buckets.map((b) => b.name), 'unscanned-own-bucket']) }).status).toBe('pass');
    expect(runRule(rule, inv).status).toBe('fail');
  });

  it('the bucket list unread: an exact bucket ARN may be the account\'s own, so unknown', () => {
    const role = trust({ ArnLike: { 'aws:SourceArn': BUCKET_ARN } });
    const f = runRule(rule, { ...inventoryWith('role', role), buckets: [], bucketList: unknown('access denied to s3:ListBuckets') });
    expect(f.status).toBe('unknown');
    expect(f.message).toContain(`whether ${BUCKET_ARN} is a bucket of this account is not known`);
  });
});
