import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { present, unknown } from '../../model/observed.js';
import { BUCKET_ARN, inventoryWith, KEY_ARN, kmsPolicyWith, makeKey, makeKeyWithMetadata, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const VIA = { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' };
const open = (change: Partial<PolicyStatement>): PolicyStatement => ({ Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*', ...change });
const withStatement = (...s: PolicyStatement[]) => makeKey({ policy: present(kmsPolicyWith({ add: s })) });
const denyAll = (Condition: PolicyStatement['Condition']): PolicyStatement => ({ Sid: 'DenyOutside', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition });
const ORG = 'o-abc123def4';

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
  // Evaluated, where the structural check (StringEquals only, Allow statements only) said fail:
  { name: 'unconditioned * cut by a Deny outside the own account', key: withStatement(open({ Action: 'kms:*' }), denyAll({ StringNotEquals: { 'kms:CallerAccount': '111122223333' } })), status: 'pass' },
  { name: 'unconditioned * cut by a Deny outside the organisation', key: withStatement(open({}), denyAll({ StringNotEquals: { 'aws:PrincipalOrgID': ORG } })), status: 'pass' },
  { name: '* with ForAnyValue:StringEquals kms:CallerAccount = own account', key: withStatement(open({ Condition: { 'ForAnyValue:StringEquals': { 'kms:CallerAccount': '111122223333' } } })), status: 'pass' },
  { name: '* with StringLike kms:CallerAccount = own account (no wildcard)', key: withStatement(open({ Condition: { StringLike: { 'kms:CallerAccount': '111122223333' } } })), status: 'pass' },
  { name: '* with StringEqualsIgnoreCase aws:PrincipalOrgID', key: withStatement(open({ Condition: { StringEqualsIgnoreCase: { 'aws:PrincipalOrgID': ORG } } })), status: 'pass' },
  { name: '* with a non-KMS action only (a key policy cannot grant it)', key: withStatement(open({ Action: 's3:GetObject' })), status: 'pass' },
  // Evaluated, and still open:
  { name: '* with ViaService, and a Deny that cuts only direct calls', key: withStatement(open({ Condition: { StringEquals: VIA } }), denyAll({ Null: { 'kms:ViaService': 'true' } })), status: 'fail' },
  { name: '* restricted by encryption context only (a direct caller chooses it)', key: withStatement(open({ Condition: { StringEquals: { 'kms:EncryptionContext:aws:s3:arn': BUCKET_ARN } } })), status: 'fail' },
  { name: 'NotPrincipal naming the own root: everyone else', key: withStatement(open({ Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } })), status: 'fail' },
  { name: '* with a Deny on kms:Decrypt only still grants GenerateDataKey', key: withStatement(open({}), { ...denyAll(undefined), Action: 'kms:Decrypt', Condition: undefined }), status: 'fail' },
  // What the scan cannot know is unknown, never pass:
  { name: '* limited to a VPC endpoint', key: withStatement(open({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0abc' } } })), status: 'unknown' },
  { name: '* with ViaService and Bool aws:SecureTransport (forwarding undocumented)', key: withStatement(open({ Condition: { StringEquals: VIA, Bool: { 'aws:SecureTransport': 'true' } } })), status: 'unknown' },
  { name: 'policy unreadable', key: makeKey({ policy: unknown('access denied to kms:GetKeyPolicy') }), status: 'unknown' },
  { name: 'policy malformed', key: makeKey({ policy: present({ Statement: 'nope' } as never) }), status: 'unknown' },
  { name: 'metadata unreadable', key: makeKey({ metadata: unknown('kms:DescribeKey timed out') }), status: 'unknown' },
  { name: 'AWS-managed key', key: makeKeyWithMetadata({ keyManager: 'AWS' }), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status }) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: KEY_ARN }).status).toBe(status);
  });

  const run = (name: string) => runRule(rule, inventoryWith('key', cases.find((c) => c.name === name)!.key), { resource: KEY_ARN });

  it('says kms:ViaService does not limit the caller, and which request the evaluator allowed', () => {
    expect(run('* with kms:ViaService only (Prowler passes this)').message).toBe(
      'The key is open to other accounts: statement "Open" allows * kms:Decrypt, kms:GenerateDataKey* (its kms:ViaService condition does not limit the caller): a role in account 999999999999 gets kms:Decrypt, kms:GenerateDataKey through S3 in eu-west-1. Restrict with StringEquals kms:CallerAccount = 111122223333 (or aws:PrincipalOrgID), or name the principals.',
    );
  });

  it('probes every other account the policy mentions', () => {
    expect(run('* with kms:CallerAccount = another account').message).toContain('a role in account 444455556666 gets');
  });

  it('names direct calls when only they are open', () => {
    expect(run('* restricted by encryption context only (a direct caller chooses it)').message).toContain('gets kms:Decrypt, kms:GenerateDataKey');
    expect(run('* restricted by encryption context only (a direct caller chooses it)').message).toContain('directly');
    expect(run('* with ViaService, and a Deny that cuts only direct calls').message).toContain('through S3 in eu-west-1');
  });

  it('passes an organisation restriction with a note, not as unknown', () => {
    for (const name of ['* with aws:PrincipalOrgID', 'unconditioned * cut by a Deny outside the organisation']) {
      const f = run(name);
      expect(f.messageId, name).toBe('privateToOrg');
      expect(f.message).toMatch(/^No statement grants this key outside the account or organisation; statement "(Open|DenyOutside)" let\(s\) in only principals of the organisation/);
    }
    expect(run('* with aws:PrincipalAccount = own account').messageId).toBe('private');
  });

  it('says why it is unknown', () => {
    expect(run('* limited to a VPC endpoint').message).toMatch(/depends on context the scan cannot know: .*aws:SourceVpce/);
    expect(run('* with ViaService and Bool aws:SecureTransport (forwarding undocumented)').message).toContain('whether S3 forwards aws:SecureTransport');
  });
});
