import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { present, unknown, type Observed } from '../../model/observed.js';
import { inventoryWith, KEY_ARN, kmsPolicyWith, makeKey, makeKeyWithMetadata, makeProfile, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const guard = (condition: PolicyStatement['Condition'], extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Sid: 'Guard',
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 'kms:ScheduleKeyDeletion',
  Resource: '*',
  Condition: condition,
  ...extra,
});
const withGuard = (...add: PolicyStatement[]) => makeKey({ policy: present(kmsPolicyWith({ drop: ['GuardDeletionWindow'], add })) });
const W = 'kms:ScheduleKeyDeletionPendingWindowInDays';
const BREAK_GLASS = 'arn:aws:iam::111122223333:role/break-glass';

const cases = [
  { name: 'NumericLessThan 10 (profile minimum 10)', key: makeKey(), status: 'pass' },
  { name: 'NumericLessThanEquals 9 (means 10)', key: withGuard(guard({ NumericLessThanEquals: { [W]: '9' } })), status: 'pass' },
  { name: 'wildcard action kms:Schedule*, numeric value 30', key: withGuard(guard({ NumericLessThan: { [W]: 30 } }, { Action: 'kms:Schedule*' })), status: 'pass' },
  { name: 'guard at 7 days, below the minimum', key: withGuard(guard({ NumericLessThan: { [W]: '7' } })), status: 'fail' },
  { name: 'NumericLessThanEquals 8 (means 9)', key: withGuard(guard({ NumericLessThanEquals: { [W]: '8' } })), status: 'fail' },
  { name: 'no guard', key: withGuard(), status: 'fail' },
  { name: 'Deny without the window condition is no guard', key: withGuard(guard({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } })), status: 'fail' },
  { name: 'guard for one role only', key: withGuard(guard({ NumericLessThan: { [W]: '10' } }, { Principal: { AWS: 'arn:aws:iam::111122223333:role/ops' } })), status: 'fail' },
  { name: 'already PendingDeletion', key: makeKeyWithMetadata({ keyState: 'PendingDeletion', deletionDate: '2030-01-11T00:00:00.000Z' }), status: 'fail' },
  // Evaluated, where the structural check (a guard must be for "*" with no other condition) said fail:
  { name: 'guard with a break-glass role exempted by aws:PrincipalArn', key: withGuard(guard({ NumericLessThan: { [W]: '10' }, ArnNotEquals: { 'aws:PrincipalArn': BREAK_GLASS } })), status: 'pass' },
  { name: 'guard with NotPrincipal exempting a break-glass role', key: withGuard(guard({ NumericLessThan: { [W]: '10' } }, { Principal: undefined, NotPrincipal: { AWS: [BREAK_GLASS, 'arn:aws:iam::111122223333:root'] } })), status: 'pass' },
  { name: 'a Deny on every ScheduleKeyDeletion (no window condition needed)', key: withGuard(guard(undefined)), status: 'pass' },
  // Evaluated, and still short:
  { name: 'a guard of 8 for everyone and of 10 for one role', key: withGuard(guard({ NumericLessThan: { [W]: '8' } }), guard({ NumericLessThan: { [W]: '10' } }, { Sid: 'OpsGuard', Principal: { AWS: 'arn:aws:iam::111122223333:role/ops' } })), status: 'fail' },
  // NotPrincipal naming only the account root exempts the root user alone: a role is exempt only when its own ARN is listed too (AWS NotPrincipal docs).
  { name: 'guard with NotPrincipal of the account root only', key: withGuard(guard({ NumericLessThan: { [W]: '10' } }, { Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } })), status: 'pass' },
  // What the scan cannot know is unknown, never pass:
  { name: 'guard with an exemption on a principal tag', key: withGuard(guard({ NumericLessThan: { [W]: '10' }, StringNotEquals: { 'aws:PrincipalTag/break-glass': 'true' } })), status: 'unknown' },
  { name: 'guard value not a number', key: withGuard(guard({ NumericLessThan: { [W]: 'ten' } })), status: 'unknown' },
  { name: 'policy unreadable', key: makeKey({ policy: unknown('access denied to kms:GetKeyPolicy') }), status: 'unknown' },
  { name: 'policy malformed', key: makeKey({ policy: present({ Statement: [{ Effect: 'Maybe' }] } as never) }), status: 'unknown' },
  { name: 'metadata unreadable', key: makeKey({ metadata: unknown('kms:DescribeKey timed out') }), status: 'unknown' },
  { name: 'AWS-managed key', key: makeKeyWithMetadata({ keyManager: 'AWS' }), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status }) => {
    expect(runRule(rule, inventoryWith('key', key), { resource: KEY_ARN }).status).toBe(status);
  });

  const run = (name: string) => runRule(rule, inventoryWith('key', cases.find((c) => c.name === name)!.key), { resource: KEY_ARN });

  it('notes the exemptions a passing guard keeps, and a Deny without a window', () => {
    expect(run('guard with a break-glass role exempted by aws:PrincipalArn').message).toBe(
      'statement "Guard" (its other conditions, on aws:principalarn, still hold for an administrator of the account) denies kms:ScheduleKeyDeletion with a waiting period under 10 days (profile minimum 10).',
    );
    expect(run('a Deny on every ScheduleKeyDeletion (no window condition needed)').messageId).toBe('neverAllowed');
  });

  it('reports the shortest window an administrator can still pick', () => {
    expect(run('a guard of 8 for everyone and of 10 for one role').message).toBe('statement "Guard" lets deletion be scheduled with a 8-day waiting period, below the profile minimum of 10 days.');
    expect(run('guard for one role only').messageId).toBe('notEveryone');
    expect(run('guard with an exemption on a principal tag').message).toMatch(/7-day waiting period depends on context the scan cannot know: .*aws:PrincipalTag\/break-glass/);
  });

  it('states both numbers when the guard is below the minimum', () => {
    const f = runRule(rule, inventoryWith('key', cases[3].key), { resource: KEY_ARN });
    expect(f.message).toBe('statement "Guard" lets deletion be scheduled with a 7-day waiting period, below the profile minimum of 10 days.');
  });

  it('follows the profile minimum', () => {
    const f = runRule(rule, inventoryWith('key', makeKey()), { resource: KEY_ARN, profile: makeProfile({ kms: { minDeletionWindowDays: 30 } }) });
    expect(f.status).toBe('fail');
    expect(f.message).toContain('10-day waiting period, below the profile minimum of 30 days');
  });

  it('counts the days until a scheduled deletion from when the inventory was collected', () => {
    const inventory = { ...inventoryWith('key', cases[8].key), collectedAt: '2030-01-01T00:00:00.000Z' };
    expect(runRule(rule, inventory, { resource: KEY_ARN }).message).toContain('on 2030-01-11T00:00:00.000Z (10 days after this scan)');
  });

  describe('a Terraform plan: deletion_window_in_days is the waiting period destroying the key uses', () => {
    const planned = (window: Observed<number>, policy = withGuard().policy) =>
      ({ ...inventoryWith('key', makeKeyWithMetadata({ deletionWindowInDays: window }, { policy })), source: { kind: 'terraform-plan' as const, accounts: ['111122223333'], regions: ['eu-west-1'] } });
    const plan = [
      { name: '10 days, no policy guard (profile minimum 10)', inv: planned(present(10)), status: 'pass', says: 'deletion_window_in_days is 10: a deletion of the key waits at least the profile minimum of 10 days.' },
      { name: 'unset: AWS’s default of 30', inv: planned(present(30)), status: 'pass', says: 'deletion_window_in_days is 30:' },
      { name: '7 days, even with a policy guard of 10', inv: planned(present(7), makeKey().policy), status: 'fail', says: 'deletion_window_in_days is 7, below the profile minimum of 10 days: destroying the key schedules its deletion with a 7-day waiting period.' },
      { name: 'known only after apply', inv: planned(unknown('aws_kms_key.stage deletion_window_in_days is known only after apply (from var.window)')), status: 'unknown', says: 'deletion_window_in_days: aws_kms_key.stage deletion_window_in_days is known only after apply' },
      { name: 'the policy unknown does not matter', inv: planned(present(10), unknown('known only after apply')), status: 'pass', says: 'is 10' },
    ] as const;
    it.each(plan)('$name → $status', ({ inv, status, says }) => {
      const f = runRule(rule, inv, { resource: KEY_ARN });
      expect(f.status).toBe(status);
      expect(f.message).toContain(says);
    });

    it('follows the profile minimum', () => {
      expect(runRule(rule, planned(present(10)), { resource: KEY_ARN, profile: makeProfile({ kms: { minDeletionWindowDays: 14 } }) }).status).toBe('fail');
    });

  });
});
