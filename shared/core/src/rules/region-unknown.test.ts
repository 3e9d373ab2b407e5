/**
 * A bucket whose Region could not be read: the collector holds the scan's default Region, a guess,
 * and sets regionUnknown. Every rule whose verdict rests on the Region (the key's Region, the log
 * target's, the replication destination's, the prices) is unknown with the reason; none judges the
 * guess as fact. Region-independent failures still fail.
 */
import { describe, expect, it } from 'vitest';
import type { BucketInventory, Inventory } from '../model/inventory.js';
import { present } from '../model/observed.js';
import { BUCKET, makeBucket, makeInventory, makeProfile, makeTrail, inventoryWithTrails, runCostRule, runRule } from '../testing/inventory-builders.js';
import { architectureProfile, architectureWith } from '../testing/architecture-inventory.js';
import { estimateCost } from '../cost/estimate-cost.js';
import { rules } from './registry.js';

const byId = (id: string) => rules.find((r) => r.id === id)!;
const REASON = 'access denied to s3:GetBucketLocation';

/** The bucket as the collector records it when GetBucketLocation fails: the default Region, us-east-1 here, a wrong guess. */
const guessed = (b: BucketInventory): BucketInventory => ({ ...b, region: 'us-east-1', regionUnknown: REASON });
const withGuess = (inv: Inventory, name: string): Inventory => ({ ...inv, buckets: inv.buckets.map((b) => (b.name === name ? guessed(b) : b)) });

const cases: { rule: string; inv: Inventory; resource?: string; profile?: ReturnType<typeof architectureProfile>; before: string }[] = [
  // The key is in eu-west-1: judged against the guess, "a key in another Region".
  { rule: 's3-default-encryption-cmk', inv: withGuess(makeInventory(), BUCKET), before: 'fail' },
  // The profile key of the guessed Region is not the one the objects use.
  { rule: 's3-objects-encrypted-with-cmk', inv: withGuess(architectureWith(), BUCKET), profile: architectureProfile(), before: 'fail' },
  { rule: 's3-policy-deny-wrong-kms-key', inv: withGuess(architectureWith(), BUCKET), profile: architectureProfile(), before: 'fail' },
  // The log target is in eu-west-1: "another Region" by the guess.
  { rule: 's3-access-logging-enabled', inv: withGuess(makeInventory(), BUCKET), before: 'fail' },
  { rule: 's3-access-logging-enabled', inv: withGuess(makeInventory(), `${BUCKET}-logs`), before: 'fail' },
  // The source guessed into the destination's Region: "same-Region replication".
  { rule: 's3-replication-kms', inv: withGuess(architectureWith(), BUCKET), profile: architectureProfile(), before: 'fail' },
  { rule: 's3-replication-role-least-privilege', inv: withGuess(architectureWith(), BUCKET), profile: architectureProfile(), before: 'fail' },
  // A single-Region trail in eu-west-1 and the bucket "in us-east-1".
  { rule: 'trail-s3-data-events', inv: withGuess(inventoryWithTrails([makeTrail({ isMultiRegion: false })]), BUCKET), before: 'fail' },
];

describe('a bucket whose Region could not be read', () => {
  it.each(cases)('$rule is unknown, not a verdict on the guessed Region ($before on the guess taken as fact)', ({ rule, inv, resource, profile, before }) => {
    const options = { resource: resource ?? BUCKET, ...(profile ? { profile } : {}) };
    const f = runRule(byId(rule), inv, options);
    expect(f.status).toBe('unknown');
    expect(f.message).toContain(REASON);
    const asFact = { ...inv, buckets: inv.buckets.map(({ regionUnknown: _, ...b }) => b) };
    expect(runRule(byId(rule), asFact, options).status).toBe(before);
  });

  it.each(['cost-bucket-key-disabled', 'cost-lifecycle-small-objects', 'cost-replication-transfer'])('%s does not price the guessed Region', (rule) => {
    const f = runCostRule(byId(rule), withGuess(architectureWith(), BUCKET), { resource: BUCKET, profile: architectureProfile() });
    expect(f.status).toBe('unknown');
    expect(f.message).toContain(`not priced: the Region of ${BUCKET} could not be read`);
  });

  it('a failure that does not rest on the Region still fails', () => {
    const plain = guessed(makeBucket({ encryption: present([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]) }));
    expect(runRule(byId('s3-default-encryption-cmk'), makeInventory({ buckets: [plain] })).status).toBe('fail');
  });

  it('the cost section does not price the guessed Region', () => {
    const cost = estimateCost(withGuess(makeInventory(), BUCKET), makeProfile());
    expect(cost.lines.filter((l) => l.resourceId === `arn:aws:s3:::${BUCKET}`)).toEqual([]);
    expect(cost.assumptions.some((a) => a.includes(`every cost of ${BUCKET} (its Region could not be read: ${REASON})`))).toBe(true);
  });

  it('the finding does not show the guessed Region', () => {
    const f = runRule(byId('s3-versioning-enabled'), withGuess(makeInventory(), BUCKET));
    expect(f.status).toBe('pass');
    expect(f.resource.region).toBeUndefined();
  });
});
