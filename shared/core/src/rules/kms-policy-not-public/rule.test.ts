import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { present, unknown } from '../../model/observed.js';
import { inventoryWith, KEY_ARN, kmsPolicyWith, makeKey, makeKeyWithMetadata, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const VIA = { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' };
const open = (change: Partial<PolicyStatement>): PolicyStatement => ({ Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*', ...change });
const withStatement = (s: PolicyStatement) => makeKey({ policy: present(kmsPolicyWith({ add: [s] })) });

const cases = [
  { name: 'only named principals (seed policy)', key: makeKey(), status: 'pass' },
  { name: '* with kms:CallerAccount = own account and ViaService (aws/s3 pattern)', key: withStatement(open({ Condition: { StringEquals: { ...VIA, 'kms:CallerAccount': '111122223333' } } })), status: 'pass' },
  { name: '* with aws:PrincipalOrgID', key: withStatement(open({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123def4' } } })), status: 'pass' },
  { name: '* with aws:PrincipalAccount = own account', key: withStatement(open({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } })), status: 'pass' },
  { name: 'Deny to * is no grant', key: withStatement(open({ Effect: 'Deny' })), status: 'pass' },
  { name: '* with kms:ViaService only (Prowler passes this)', key: withStatement(open({ Condition: { StringEquals: VIA } })), status: 'fail' },
  { name: 'Principal "*" unconditioned', key: withStatement(open({ Principal: '*' })), status: 'fail' },
  { name: '* with only kms:DescribeKey', key: withStatement(open({ Action: 'kms:DescribeKey' })), status: 'fail' },
  { name: '* with kms:CallerAccount = another account', key: withStatement(open({ Condition: { StringEquals: { 'kms:CallerAccount': '444455556666' } } })), status: 'fail' },
  { name: '* with StringLike aws:PrincipalOrgID wildcard', key: withStatement(open({ Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } })), status: 'fail' },
  { name: 'Allow with NotPrincipal', key: withStatement(open({ Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/x' } })), status: 'fail' },
  { name: 'policy unreadable', key: makeKey({ policy: unknown('access denied to kms:GetKeyPolicy') }), status: 'unknown' },
  { name: 'policy malformed', key: makeKey({ policy: present({ Statement: 'nope' } as never) }), status: 'unknown' },
  { name: 'metadata unreadable', key: makeKey({ metadata: unknown('kms:DescribeKey timed out') }), status: 'unknown' },
  { name: 'AWS-managed key', key: makeKeyWithMetadata({ keyManager: 'AWS' }), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status }) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: KEY_ARN }).status).toBe(status);
  });

  it('says kms:ViaService does not limit the caller', () => {
    expect(runRule(rule, inventoryWith('key', cases[5].key), { resource: KEY_ARN }).message).toBe(
      'The key is open to other accounts: statement "Open" allows * kms:Decrypt, kms:GenerateDataKey* (its kms:ViaService condition does not limit the caller). Restrict with StringEquals kms:CallerAccount = 111122223333 (or aws:PrincipalOrgID), or name the principals.',
    );
  });
});
