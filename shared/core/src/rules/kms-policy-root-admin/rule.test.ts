import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { present, unknown } from '../../model/observed.js';
import { inventoryWith, KEY_ARN, kmsPolicyWith, makeKey, makeKeyWithMetadata, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const ROOT = 'arn:aws:iam::111122223333:root';
const root = (change: Partial<PolicyStatement>): PolicyStatement => ({ Sid: 'Root', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*', ...change });
const withRoot = (...add: PolicyStatement[]) => makeKey({ policy: present(kmsPolicyWith({ drop: ['EnableRootAdmin'], add })) });
const withDeny = (change: Partial<PolicyStatement>) => makeKey({ policy: present(kmsPolicyWith({ add: [{ Sid: 'Fence', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', ...change }] })) });
const OTHER_KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/9999abcd-12ab-34cd-56ef-1234567890ab';

const cases = [
  { name: 'root ARN, kms:*, Resource *', key: makeKey(), status: 'pass' },
  { name: 'bare account id and Action *', key: withRoot(root({ Principal: { AWS: '111122223333' }, Action: '*' })), status: 'pass' },
  { name: 'no root statement', key: withRoot(), status: 'fail' },
  { name: 'another account’s root', key: withRoot(root({ Principal: { AWS: 'arn:aws:iam::444455556666:root' } })), status: 'fail' },
  { name: 'root with only kms:Describe*', key: withRoot(root({ Action: ['kms:Describe*', 'kms:Get*'] })), status: 'fail' },
  { name: 'root with a condition', key: withRoot(root({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })), status: 'fail' },
  // Was fail (structural: Resource must be "*"). In a key policy "*" means this key, and the key's own
  // ARN names the same key: the evaluator shows every key action is delegated, so it passes.
  { name: 'root on the key’s own ARN', key: withRoot(root({ Resource: KEY_ARN })), status: 'pass' },
  { name: 'root on another key’s ARN (a policy copied from another key)', key: withRoot(root({ Resource: OTHER_KEY_ARN })), status: 'fail' },
  // Evaluated, where the structural check said fail:
  { name: 'root conditioned on kms:CallerAccount = own account (always true for it)', key: withRoot(root({ Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } })), status: 'pass' },
  // Evaluated, where the structural check said pass (it read the Allow only):
  { name: 'a Deny keeps kms:PutKeyPolicy from everyone but one admin role', key: withDeny({ Action: 'kms:PutKeyPolicy', Condition: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/key-admin' } } }), status: 'fail' },
  { name: 'a Deny on every call outside S3 locks out administration', key: withDeny({ Action: 'kms:*', Condition: { StringNotEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } }), status: 'fail' },
  { name: 'root with NotAction kms:ScheduleKeyDeletion', key: withRoot(root({ Action: undefined, NotAction: 'kms:ScheduleKeyDeletion' })), status: 'fail' },
  { name: '* with kms:CallerAccount instead of the root: a grant, not delegation', key: withRoot(root({ Principal: '*', Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } })), status: 'fail' },
  // What the scan cannot know is unknown, never pass:
  { name: 'a Deny outside one VPC endpoint', key: withDeny({ Action: 'kms:*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc' } } }), status: 'unknown' },
  { name: 'policy unreadable', key: makeKey({ policy: unknown('access denied to kms:GetKeyPolicy') }), status: 'unknown' },
  { name: 'policy malformed', key: makeKey({ policy: present({ Statement: [{ Effect: 'Allow' }] } as never) }), status: 'unknown' },
  { name: 'metadata unreadable', key: makeKey({ metadata: unknown('kms:DescribeKey timed out') }), status: 'unknown' },
  { name: 'AWS-managed key', key: makeKeyWithMetadata({ keyManager: 'AWS' }), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status }) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: KEY_ARN }).status).toBe(status);
  });

  const run = (name: string) => runRule(rule, inventoryWith('key', cases.find((c) => c.name === name)!.key), { resource: KEY_ARN });

  it('names the Deny that takes actions from IAM administrators', () => {
    const f = run('a Deny keeps kms:PutKeyPolicy from everyone but one admin role');
    expect(f.messageId).toBe('denied');
    expect(f.message).toBe('statement "EnableRootAdmin" delegates the key to IAM, but statement "Fence" denies kms:PutKeyPolicy to an administrator of the account: IAM policies cannot grant that (lockout risk if the exempted principals go).');
    expect(run('a Deny on every call outside S3 locks out administration').message).toContain('statement "Fence" denies kms:CancelKeyDeletion, kms:CreateAlias');
  });

  it('says what the near-miss statement lacks, from how it matched', () => {
    expect(run('root on another key’s ARN (a policy copied from another key)').message).toContain(`its Resource is ${OTHER_KEY_ARN} (expected "*")`);
    expect(run('root with NotAction kms:ScheduleKeyDeletion').message).toContain('its actions are given as NotAction (expected kms:*)');
    expect(run('* with kms:CallerAccount instead of the root: a grant, not delegation').messageId).toBe('missing');
    expect(run('a Deny outside one VPC endpoint').message).toMatch(/aws:SourceVpce/);
  });

  it('says what the near-miss statement lacks', () => {
    expect(runRule(rule, inventoryWith('key', cases[5].key), { resource: KEY_ARN }).message).toBe(
      `statement "Root" names ${ROOT} but it carries conditions (Bool), so it does not delegate the key to IAM.`,
    );
    expect(runRule(rule, inventoryWith('key', cases[4].key), { resource: KEY_ARN }).message).toContain('its actions are kms:Describe*, kms:Get* (expected kms:*)');
  });
});
