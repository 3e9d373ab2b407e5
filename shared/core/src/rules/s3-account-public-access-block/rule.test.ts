import { describe, expect, it } from 'vitest';
import type { PublicAccessBlock } from '../../model/inventory.js';
import { absent, present, unknown, type Observed } from '../../model/observed.js';
import { ACCOUNT, inventoryWith, makeInventory, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const allOn: PublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const run = (publicAccessBlock: Observed<PublicAccessBlock>) =>
  runRule(rule, inventoryWith('account', { ...makeInventory().account, publicAccessBlock }), { resource: ACCOUNT });

const cases = [
  { name: 'all four on', pab: present(allOn), status: 'pass' },
  { name: 'no configuration', pab: absent('NoSuchPublicAccessBlockConfiguration'), status: 'fail' },
  { name: 'all four off', pab: present({ blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false }), status: 'fail' },
  // Prowler passes this one: it checks only IgnorePublicAcls and RestrictPublicBuckets.
  { name: 'only the two flags Prowler checks', pab: present({ ...allOn, blockPublicAcls: false, blockPublicPolicy: false }), status: 'fail' },
  { name: 'BlockPublicPolicy off', pab: present({ ...allOn, blockPublicPolicy: false }), status: 'fail' },
  { name: 'unreadable', pab: unknown('access denied to s3:GetAccountPublicAccessBlock'), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ pab, status }) => {
    expect(run(pab).status).toBe(status);
  });

  it('names the flags that are off', () => {
    const f = run(present({ ...allOn, blockPublicAcls: false, blockPublicPolicy: false }));
    expect(f.message).toBe('Account-level Block Public Access is incomplete: BlockPublicAcls, BlockPublicPolicy off (2 of 4).');
  });

  it('says when there is no configuration at all', () => {
    expect(run(absent()).message).toContain(`Account ${ACCOUNT} has no account-level Block Public Access configuration`);
  });

  it('carries the reason when it cannot see', () => {
    expect(run(unknown('access denied to s3:GetAccountPublicAccessBlock')).message).toContain('access denied');
  });
});
