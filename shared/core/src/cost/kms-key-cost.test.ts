/**
 * Golden test (iv): a key's monthly cost is $1 + $1 × min(rotations, 2). collectedAt of the test
 * inventory is 2026-12-01T12:00:00Z.
 */
import { describe, expect, it } from 'vitest';
import { present, unknown } from '../model/observed.js';
import { ACCOUNT, KMS_MRK_ARN, KMS_MRK_REPLICA_ARN, makeInventory, makeKeyWithMetadata, makeMrkPrimary, makeMrkReplica, makeProfile } from '../testing/inventory-builders.js';
import { estimateCost } from './estimate-cost.js';
import { estimateKeyCost, keyBillingOf, keyMonthlySplit, rotationsSoFar } from './kms-key-cost.js';
import { defaultPriceTable } from './price-table.js';

const COLLECTED = '2026-12-01T12:00:00.000Z';
const unusedKey = (creationDate: string, periodDays = 365) =>
  makeKeyWithMetadata({ creationDate }, { referencedBy: [], rotation: present({ enabled: true, periodDays }) });

function monthly(key: ReturnType<typeof unusedKey>) {
  const billing = keyBillingOf(key, makeInventory({ keys: [key] }));
  if (billing.state !== 'billed') throw new Error(billing.reason);
  return keyMonthlySplit(estimateKeyCost(billing.input, defaultPriceTable));
}

describe('KMS key cost', () => {
  it('rotations so far = floor(age in days / period)', () => {
    // 2024-11-01 → 2026-12-01 12:00 = 760.5 days; / 365 = 2.08 → 2.
    expect(rotationsSoFar('2024-11-01T00:00:00Z', COLLECTED, 365)).toBe(2);
    // 2025-07-19 → 2026-12-01 12:00 = 500.5 days; / 90 = 5.56 → 5.
    expect(rotationsSoFar('2025-07-19T00:00:00Z', COLLECTED, 90)).toBe(5);
    expect(rotationsSoFar('2026-06-01T00:00:00Z', COLLECTED)).toBe(0);
    expect(rotationsSoFar('not a date', COLLECTED)).toBe(0);
  });

  it('an unused key with two rotations: $1 key + 2 × $1 rotations = $3.00/month', () => {
    const m = monthly(unusedKey('2024-11-01T00:00:00Z'));
    expect(m).toEqual({ key: 1, rotations: 2, rotationCount: 2, total: 3 });
  });

  it('five rotations still cost $3.00/month: the surcharge is capped at the second rotation', () => {
    // $1 + min(5, 2) × $1 = $3.00.
    const m = monthly(unusedKey('2025-07-19T00:00:00Z', 90));
    expect(m.total).toBe(3);
    expect(m.rotationCount).toBe(2);
  });

  it('one rotation: $2.00; none yet: $1.00', () => {
    expect(monthly(unusedKey('2025-10-01T00:00:00Z')).total).toBe(2);
    expect(monthly(unusedKey('2026-06-01T00:00:00Z')).total).toBe(1);
  });

  it.each([
    ['a scanned account', 'aws', 'measured'],
    ['a Terraform plan', 'terraform-plan', 'planned'],
  ] as const)('in %s the key and a rotation count read from it are %s', (_, kind, basis) => {
    const key = makeKeyWithMetadata({ creationDate: '2025-10-01T00:00:00Z' }, { rotation: present({ enabled: true }) });
    const off = makeKeyWithMetadata({}, { arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/off`, rotation: present({ enabled: false }) });
    const inv = makeInventory({ keys: [key, off], source: { kind, accounts: [ACCOUNT], regions: ['eu-west-1'] } });
    const lines = [key, off].flatMap((k) => {
      const billing = keyBillingOf(k, inv);
      if (billing.state !== 'billed') throw new Error(billing.reason);
      return estimateKeyCost(billing.input, defaultPriceTable);
    });
    expect(lines.map((l) => [l.component, l.basis])).toEqual([
      ['kms-key', basis],
      ['kms-key-rotation', basis],
      ['kms-key', basis],
    ]);
    // What the rotation count cannot be read for stays assumed, plan or not.
    const noDate = makeKeyWithMetadata({}, { rotation: present({ enabled: true }) });
    const billing = keyBillingOf(noDate, inv);
    expect(billing.state === 'billed' && estimateKeyCost(billing.input, defaultPriceTable).map((l) => l.basis)).toEqual([basis, 'assumed']);
  });

  it('AWS-managed keys and keys pending deletion are free', () => {
    const inv = makeInventory();
    expect(keyBillingOf(makeKeyWithMetadata({ keyManager: 'AWS' }), inv).state).toBe('free');
    expect(keyBillingOf(makeKeyWithMetadata({ keyState: 'PendingDeletion' }), inv).state).toBe('free');
    expect(keyBillingOf({ ...makeKeyWithMetadata({}), metadata: unknown('AccessDenied') }, inv)).toEqual({ state: 'unknown', reason: 'key metadata unreadable: AccessDenied' });
  });

  it('estimateCost lists the unused key with its deletion saving, and says when the rotation count is assumed', () => {
    const used = makeKeyWithMetadata({ creationDate: '2026-06-01T00:00:00Z' });
    const noDate = makeKeyWithMetadata({ arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/nodate` }, { arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/nodate`, referencedBy: [] });
    const cost = estimateCost(makeInventory({ buckets: [], keys: [used, unusedKey('2024-11-01T00:00:00Z'), noDate] }), makeProfile(), defaultPriceTable);
    const keyLines = cost.lines.filter((l) => l.component.startsWith('kms-key'));
    // used: $1; two rotations: $1 + $2; no creation date, rotation on: assumed at the cap, $1 + $2.
    expect(keyLines.reduce((s, l) => s + l.monthlyAmount, 0)).toBe(7);
    expect(keyLines.find((l) => l.resourceId.endsWith('/nodate') && l.component === 'kms-key-rotation')!.basis).toBe('assumed');
    expect(cost.savings.map((s) => [s.resourceId.split('/').pop(), s.monthlyLow])).toEqual([
      [makeKeyWithMetadata({}).arn.split('/').pop(), 3],
      ['nodate', 3],
    ]);
    expect(cost.assumptions.some((a) => a.startsWith('Rotations unknown') && a.includes('/nodate'))).toBe(true);
  });

  it('prices a multi-Region replica the scan did not read as a key of its own', () => {
    // The primary (eu-west-1) lists a replica in us-east-1 that is not in the inventory: two keys, $1 each.
    const cost = estimateCost(makeInventory({ buckets: [], keys: [makeMrkPrimary({ rotation: present({ enabled: false }) })] }), makeProfile(), defaultPriceTable);
    const keys = cost.lines.filter((l) => l.component === 'kms-key');
    expect(keys.map((l) => [l.resourceId, l.region, l.monthlyAmount])).toEqual([
      [KMS_MRK_ARN, 'eu-west-1', 1],
      [KMS_MRK_REPLICA_ARN, 'us-east-1', 1],
    ]);
    expect(keys[1]!.note).toContain(`multi-Region replica of ${KMS_MRK_ARN}`);
  });

  it('does not price a replica twice when the scan read it', () => {
    const cost = estimateCost(makeInventory({ buckets: [], keys: [makeMrkPrimary(), makeMrkReplica()] }), makeProfile(), defaultPriceTable);
    expect(cost.lines.filter((l) => l.component === 'kms-key')).toHaveLength(2);
  });
});
