/**
 * The incremental merge against the full answer. For each deviation of the seed architecture that
 * changes only buckets, keys or roles (what --since reads events for): the previous report is the
 * compliant account's, the account now has the deviation, and the incremental scan reads what the
 * plan says, as the collector would (bucket roles and key references derived from what was read).
 * Every pass and fail of the merged findings must be the full scan's; what the merge cannot decide
 * is unknown. Deviations of aliases, trails or the account are full scans by their events
 * (cloudtrail-events.ts), so they are not merged.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import { buildReport } from '../report/build.js';
import type { Report } from '../report/schema.js';
import { evaluate } from '../rules/engine.js';
import { rules } from '../rules/registry.js';
import { architectureProfile, architectureWith, compliantArchitecture, deviationNames } from '../testing/architecture-inventory.js';
import { asCollected } from '../testing/missing-input.js';
import { mergeFindings, partialInventory } from './merge.js';
import { bucketsToReread, type IncrementalPlan } from './plan.js';

const profile = architectureProfile();
const SCANNED = '2026-12-01T00:00:00.000Z';
const zero = { byService: {}, byOperation: {}, total: 0, attempts: 0 };

function reportOf(inventory: Inventory): Report {
  return buildReport({ inventory, findings: evaluate(rules, inventory, profile), profile, stats: zero, durationMs: 0, scannedAt: new Date(SCANNED) });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What an incremental scan of `now` reads, given the buckets to read: the collector's view. */
function readOf(now: Inventory, reread: Set<string>): Inventory {
  const trailBuckets = new Set(now.trails.map((t) => t.s3BucketName));
  const buckets = now.buckets.filter((b) => reread.has(b.name) || trailBuckets.has(b.name));
  const collected = asCollected({ ...now, buckets }, profile);
  const replicationRoles = new Set(buckets.flatMap((b) => (b.replication.state === 'present' ? [b.replication.value.roleArn] : [])));
  return {
    ...collected,
    keys: collected.keys.filter((k) => k.referencedBy.length > 0),
    roles: collected.roles.filter((r) => r.purposes.some((p) => p !== 'replication') || replicationRoles.has(r.arn)),
  };
}

const key = (f: Finding) => `${f.ruleId}@${f.resource.id}`;

describe('incremental merge: never a verdict the full scan would not give', () => {
  const before = asCollected(compliantArchitecture(), profile);
  const previous = reportOf(before);
  const partition = before.account.partition;
  const merged: string[] = [];

  for (const deviation of deviationNames) {
    it(deviation, () => {
      const now = asCollected(architectureWith(deviation), profile);
      const accountWide = !same(now.trails, before.trails) || !same(now.aliases, before.aliases) || !same(now.account, before.account) || !same(now.trailList, before.trailList);
      const changedBuckets = new Set(now.buckets.filter((b) => !same(b, before.buckets.find((x) => x.name === b.name))).map((b) => b.name));
      const changedOther = new Set([
        ...now.keys.filter((k) => !same({ ...k, referencedBy: [] }, { ...before.keys.find((x) => x.arn === k.arn), referencedBy: [] })).map((k) => k.arn),
        ...now.roles.filter((r) => !same(r, before.roles.find((x) => x.arn === r.arn))).map((r) => r.arn),
      ]);
      if (accountWide) return; // a full scan: its event says so (cloudtrail-events.test.ts)
      // Bucket changes come from events by name; a bucket whose role alone moved is not a change.
      const eventBuckets = new Set([...changedBuckets].filter((n) => !same({ ...now.buckets.find((b) => b.name === n), role: 0 }, { ...before.buckets.find((b) => b.name === n), role: 0 })));
      const { reread, changedBuckets: changedArns } = bucketsToReread(previous, partition, eventBuckets, changedOther);
      const plan: IncrementalPlan = {
        previous,
        file: 'previous.json',
        eventsFrom: SCANNED,
        events: eventBuckets.size + changedOther.size,
        changes: { buckets: eventBuckets, keys: new Set(), roles: new Set(), relevant: 0 },
        reread,
        changedBuckets: changedArns,
        changedOther,
        previousBuckets: new Set(before.buckets.map((b) => b.name)),
      };
      const read = readOf(now, reread);
      const partial = partialInventory(read, plan);
      const result = mergeFindings(evaluate(rules, partial.evaluated, profile), read, partial, plan);
      merged.push(deviation);
      const full = new Map(evaluate(rules, now, profile).map((f) => [key(f), f.status]));
      const wrong = result.findings.filter((f) => (f.status === 'pass' || f.status === 'fail') && full.get(key(f)) !== f.status).map((f) => `${key(f)}: ${f.status}, full scan ${full.get(key(f))}`);
      expect(wrong).toEqual([]);
      // The deviation's own failures are found (or at worst unknown), never lost.
      for (const [k, s] of full) if (s === 'fail') expect(['fail', 'unknown'], k).toContain(result.findings.find((f) => key(f) === k)?.status ?? 'missing');
    });
  }

  it('most deviations are merged, not skipped as account-wide', () => {
    expect(merged.length).toBeGreaterThan(deviationNames.length * 0.6);
  });
});
