import { describe, expect, it } from 'vitest';
import { present, unknown } from '../../model/observed.js';
import type { KeyInventory } from '../../model/inventory.js';
import { inventoryWith, makeBucket, makeInventory, makeKeyWithMetadata, makeTrail, REGION, runCostRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

// Inventory collectedAt is 2026-12-01T12:00:00Z.
const unused = (creationDate: string | undefined, rotation: KeyInventory['rotation'] = present({ enabled: true, periodDays: 365 }), changes = {}) =>
  makeKeyWithMetadata({ ...(creationDate ? { creationDate } : {}), ...changes }, { referencedBy: [], rotation });

const cases = [
  {
    // 2024-11-01 → 2026-12-01 is 760 days; floor(760 / 365) = 2 rotations: $1 + 2 × $1 = $3.00.
    name: 'unused key, two rotations',
    key: unused('2024-11-01T00:00:00Z'),
    status: 'fail',
    says: ['$3.00/month ($1.00 key + $2.00 rotations: 2 billed)'],
  },
  {
    // 500 days / 90-day period = 5 rotations; the surcharge is capped at 2: still $3.00.
    name: 'unused key, five rotations (the cap)',
    key: unused('2025-07-19T00:00:00Z', present({ enabled: true, periodDays: 90 })),
    status: 'fail',
    says: ['$3.00/month ($1.00 key + $2.00 rotations: 5 rotations so far, 2 billed'],
  },
  { name: 'unused key, rotation off', key: unused('2020-01-01T00:00:00Z', present({ enabled: false })), status: 'fail', says: ['$1.00/month ($1.00 key + $0.00 rotations'] },
  { name: 'unused key, created this year', key: unused('2026-06-01T00:00:00Z'), status: 'fail', says: ['$1.00/month'] },
  {
    name: 'unused key, creation date unknown: assumed at the cap',
    key: unused(undefined),
    status: 'fail',
    says: ['$3.00/month', 'assumed at the cap of 2', 'Assumed:'],
  },
  { name: 'unused key, rotation status unreadable: assumed at the cap', key: unused('2026-06-01T00:00:00Z', unknown('AccessDenied: kms:GetKeyRotationStatus')), status: 'fail', says: ['$3.00/month', 'AccessDenied'] },
  { name: 'referenced key', key: makeKeyWithMetadata({ creationDate: '2026-06-01T00:00:00Z' }), status: 'pass', says: ['Referenced by arn:aws:s3:::s3-snow-kms-test-v3', '$1.00/month'] },
  { name: 'AWS managed key', key: unused('2020-01-01T00:00:00Z', undefined, { keyManager: 'AWS' }), status: 'not_applicable', says: ['AWS managed key'] },
  { name: 'pending deletion', key: unused('2020-01-01T00:00:00Z', undefined, { keyState: 'PendingDeletion' }), status: 'not_applicable', says: ['not billed'] },
  { name: 'metadata unreadable', key: { ...unused(undefined), metadata: unknown('AccessDenied: kms:DescribeKey') }, status: 'unknown', says: ['AccessDenied: kms:DescribeKey'] },
  {
    name: 'Region with no prices',
    key: { ...unused('2026-06-01T00:00:00Z'), region: 'xx-nowhere-1', arn: 'arn:aws:kms:xx-nowhere-1:111122223333:key/x' },
    status: 'unknown',
    says: ['no prices for region xx-nowhere-1'],
  },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ key, status, says }) => {
    const f = runCostRule(rule, inventoryWith('key', key), { resource: key.arn });
    expect(f.status).toBe(status);
    for (const s of says) expect(f.message).toContain(s);
  });

  // Nothing seen references the key, but an unread list or configuration might: never "unused".
  const blind = [
    { name: 'the bucket list could not be read', inv: makeInventory({ buckets: [], bucketList: unknown('access denied to s3:ListBuckets') }), says: 'could not list buckets: access denied to s3:ListBuckets' },
    { name: 'the bucket list was never read', inv: makeInventory({ bucketList: undefined }), says: 'the bucket list was not read' },
    { name: 'the trail list could not be read', inv: makeInventory({ trailList: unknown('access denied to cloudtrail:DescribeTrails') }), says: 'could not list trails' },
    { name: 'a bucket’s default encryption could not be read', inv: makeInventory({ buckets: [makeBucket({ encryption: unknown('denied') })] }), says: 'the default encryption of s3-snow-kms-test-v3 could not be read' },
    { name: 'a bucket’s replication could not be read', inv: makeInventory({ buckets: [makeBucket({ replication: unknown('denied') })] }), says: 'the replication configuration of s3-snow-kms-test-v3' },
    { name: 'a trail’s key is known only after apply (a plan)', inv: makeInventory({ trails: [makeTrail({ kmsKeyId: undefined, kmsKeyIdUnknown: 'aws_cloudtrail.t kms_key_id is known only after apply (from var.key)' })] }), says: 'the key of trail org-trail is not known (aws_cloudtrail.t kms_key_id is known only after apply' },
    { name: 'the key’s Region’s aliases could not be listed', inv: makeInventory({ aliases: { [REGION]: unknown('denied') } }), says: 'KMS aliases in eu-west-1 could not be listed' },
  ];
  it.each(blind)('unreferenced key while $name → unknown', ({ inv, says }) => {
    const key = unused('2024-11-01T00:00:00Z');
    const f = runCostRule(rule, inventoryWith('key', key, inv), { resource: key.arn });
    expect(f.status).toBe('unknown');
    expect(f.message).toContain(says);
    expect(f.message).toContain('$3.00/month');
  });

  it('is not_applicable with --no-cost', () => {
    const key = unused('2024-11-01T00:00:00Z');
    expect(runCostRule(rule, inventoryWith('key', key), { resource: key.arn, costEnabled: false }).status).toBe('not_applicable');
  });
});
