import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { present, unknown } from '../../model/observed.js';
import { inventoryWith, KEY_ARN, kmsPolicyWith, makeKey, makeKeyWithMetadata, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const ROOT = 'arn:aws:iam::111122223333:root';
const root = (change: Partial<PolicyStatement>): PolicyStatement => ({ Sid: 'Root', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*', ...change });
const withRoot = (...add: PolicyStatement[]) => makeKey({ policy: present(kmsPolicyWith({ drop: ['EnableRootAdmin'], add })) });

const cases = [
  { name: 'root ARN, kms:*, Resource *', key: makeKey(), status: 'pass' },
  { name: 'bare account id and Action *', key: withRoot(root({ Principal: { AWS: '111122223333' }, Action: '*' })), status: 'pass' },
  { name: 'no root statement', key: withRoot(), status: 'fail' },
  { name: 'another account’s root', key: withRoot(root({ Principal: { AWS: 'arn:aws:iam::444455556666:root' } })), status: 'fail' },
  { name: 'root with only kms:Describe*', key: withRoot(root({ Action: ['kms:Describe*', 'kms:Get*'] })), status: 'fail' },
  { name: 'root with a condition', key: withRoot(root({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })), status: 'fail' },
  { name: 'root on a named resource', key: withRoot(root({ Resource: KEY_ARN })), status: 'fail' },
  { name: 'policy unreadable', key: makeKey({ policy: unknown('access denied to kms:GetKeyPolicy') }), status: 'unknown' },
  { name: 'policy malformed', key: makeKey({ policy: present({ Statement: [{ Effect: 'Allow' }] } as never) }), status: 'unknown' },
  { name: 'metadata unreadable', key: makeKey({ metadata: unknown('kms:DescribeKey timed out') }), status: 'unknown' },
  { name: 'AWS-managed key', key: makeKeyWithMetadata({ keyManager: 'AWS' }), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status }) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: KEY_ARN }).status).toBe(status);
  });

  it('says what the near-miss statement lacks', () => {
    expect(runRule(rule, inventoryWith('key', cases[5].key), { resource: KEY_ARN }).message).toBe(
      `statement "Root" names ${ROOT} but it carries conditions (Bool), so it does not delegate the key to IAM.`,
    );
    expect(runRule(rule, inventoryWith('key', cases[4].key), { resource: KEY_ARN }).message).toContain('its actions are kms:Describe*, kms:Get* (expected kms:*)');
  });
});
