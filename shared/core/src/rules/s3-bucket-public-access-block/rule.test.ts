import { describe, expect, it } from 'vitest';
import type { PublicAccessBlock } from '../../model/inventory.js';
import { absent, present, unknown, type Observed } from '../../model/observed.js';
import { inventoryWith, makeBucket, makeInventory, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const allOn: PublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const allOff: PublicAccessBlock = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };

function run(bucketPab: Observed<PublicAccessBlock>, accountPab: Observed<PublicAccessBlock> = present(allOn)) {
  const base = makeInventory();
  const inv = inventoryWith('bucket', makeBucket({ publicAccessBlock: bucketPab }), { ...base, account: { ...base.account, publicAccessBlock: accountPab } });
  return runRule(rule, inv);
}

const cases = [
  { name: 'all four on at bucket and account', bucket: present(allOn), account: present(allOn), status: 'pass' },
  { name: 'all four on at bucket, account not configured', bucket: present(allOn), account: absent(), status: 'pass' },
  // Prowler passes this when the account level covers the bucket; we do not.
  { name: 'no bucket configuration, account has all four', bucket: absent(), account: present(allOn), status: 'fail' },
  { name: 'RestrictPublicBuckets off at bucket, account has all four', bucket: present({ ...allOn, restrictPublicBuckets: false }), account: present(allOn), status: 'fail' },
  { name: 'all off at bucket and account', bucket: present(allOff), account: present(allOff), status: 'fail' },
  { name: 'bucket setting unreadable, account has all four', bucket: unknown('access denied to s3:GetPublicAccessBlock'), account: present(allOn), status: 'unknown' },
  { name: 'account unreadable does not stop a bucket verdict', bucket: present(allOn), account: unknown('access denied'), status: 'pass' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ bucket, account, status }) => {
    expect(run(bucket, account).status).toBe(status);
  });

  it('reports the account level without letting it mask the bucket', () => {
    const f = run(present({ ...allOn, blockPublicAcls: false }), present(allOn));
    expect(f.status).toBe('fail');
    expect(f.message).toBe(
      'Bucket-level Block Public Access is incomplete: BlockPublicAcls off (1 of 4); account level has all four on, which does not make the bucket compliant.',
    );
    expect(f.evidence).toMatchObject({ account: present(allOn) });
  });

  it('names the account flags that are off', () => {
    expect(run(present(allOn), present({ ...allOn, ignorePublicAcls: false })).message).toContain('account level has IgnorePublicAcls off');
  });

  it('carries the reason when it cannot see', () => {
    expect(run(unknown('access denied to s3:GetPublicAccessBlock')).message).toContain('access denied to s3:GetPublicAccessBlock');
  });
});
