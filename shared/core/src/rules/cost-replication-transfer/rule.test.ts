import { describe, expect, it } from 'vitest';
import type { BucketInventory } from '../../model/inventory.js';
import { absent, present, unknown } from '../../model/observed.js';
import { BUCKET, KMS_REPLICA_BUCKET, makeMrkInventory, runCostRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

/** The MRK inventory (eu-west-1 → us-east-1) with the source bucket changed, and optionally without the scanned destination. */
function mrk(change: Partial<BucketInventory> = {}, { withDestination = true } = {}) {
  const inv = makeMrkInventory();
  const [source, destination, ...rest] = inv.buckets;
  return { ...inv, buckets: [{ ...source!, ...change }, ...(withDestination ? [destination!] : []), ...rest] };
}
const replicationOf = (inv: ReturnType<typeof mrk>) => inv.buckets[0]!.replication as { state: 'present'; value: { roleArn: string; rules: { status: string }[] } };

const cases = [
  {
    // Assumed 100,000 PUTs a month × 1.02 MB (measured: 100 GiB / 100,000) = 100 GB × $0.02 = $2.00;
    // replica PUTs 100,000 × $0.005 / 1,000 = $0.50; the replica bucket is scanned, so it prices its own storage.
    name: 'replicates to a scanned bucket in us-east-1',
    inventory: mrk(),
    status: 'fail',
    says: [
      `Replication to ${KMS_REPLICA_BUCKET} (eu-west-1 → us-east-1) costs about $2.50/month`,
      'transfer 100 GB × $0.02 = $2.00',
      'replica PUTs $0.50',
      `priced as bucket ${KMS_REPLICA_BUCKET}'s own storage`,
      '200,000 KMS requests',
      'replica key $3.00/month',
      'assumed',
    ],
  },
  {
    // The destination is not scanned: replica storage = the source's 100 GB STANDARD × $0.023 = $2.30; total $4.80.
    name: 'replicates to a bucket the scan did not read',
    inventory: mrk({}, { withDestination: false }),
    status: 'fail',
    says: ['costs about $4.80/month', 'replica storage $2.30', 'eu-west-1 → us-east-1'],
  },
  {
    name: 'usage unknown: volume assumed, replica storage not estimated',
    inventory: mrk({ usage: unknown('cloudwatch:GetMetricData throttled') }, { withDestination: false }),
    status: 'fail',
    says: ['replica storage not estimated', 'throttled', 'assumed'],
  },
  { name: 'no replication', inventory: mrk({ replication: absent() }), status: 'not_applicable', says: ['does not replicate'] },
  {
    name: 'rules all Disabled',
    inventory: (() => {
      const inv = mrk();
      const r = replicationOf(inv).value;
      return mrk({ replication: present({ ...r, rules: r.rules.map((x) => ({ ...x, status: 'Disabled' })) }) as BucketInventory['replication'] });
    })(),
    status: 'not_applicable',
    says: ['none of the 1 replication rule(s) is Enabled'],
  },
  { name: 'replication unreadable', inventory: mrk({ replication: unknown('AccessDenied: s3:GetReplicationConfiguration') }), status: 'unknown', says: ['AccessDenied'] },
  {
    name: 'destination Region with no prices (made up)',
    inventory: (() => {
      const inv = mrk({}, { withDestination: false });
      const r = replicationOf(inv).value as { roleArn: string; rules: { replicaKmsKeyId?: string }[] };
      const key = 'arn:aws:kms:xx-nowhere-1:111122223333:key/mrk-x';
      return mrk({ replication: present({ ...r, rules: r.rules.map((x) => ({ ...x, replicaKmsKeyId: key })) }) as BucketInventory['replication'] }, { withDestination: false });
    })(),
    status: 'unknown',
    says: ['no prices for region xx-nowhere-1'],
  },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ inventory, status, says }) => {
    const f = runCostRule(rule, inventory, { resource: BUCKET });
    expect(f.status).toBe(status);
    for (const s of says) expect(f.message).toContain(s);
  });

  it('the destination bucket is not_applicable: its source carries the cost', () => {
    const f = runCostRule(rule, mrk(), { resource: KMS_REPLICA_BUCKET });
    expect(f.status).toBe('not_applicable');
    expect(f.message).toContain(`replication destination of ${BUCKET}`);
  });

  it('is not_applicable with --no-cost', () => {
    expect(runCostRule(rule, mrk(), { resource: BUCKET, costEnabled: false }).status).toBe('not_applicable');
  });
});

describe(`${rule.id}: filtered rules`, () => {
  it('says a prefix or tag filter makes the figure an upper bound', () => {
    const inv = makeMrkInventory();
    const source = inv.buckets[0]!;
    const repl = (source.replication as { state: 'present'; value: { roleArn: string; rules: object[] } }).value;
    const filtered = { ...source, replication: present({ ...repl, rules: repl.rules.map((r) => ({ ...r, tags: { replicate: 'yes' } })) }) } as BucketInventory;
    const f = runCostRule(rule, { ...inv, buckets: [filtered, ...inv.buckets.slice(1)] }, { resource: BUCKET });
    expect(f.message).toContain('filters on tags {"replicate":"yes"}: priced as if every new object matched (an upper bound)');
  });
});
