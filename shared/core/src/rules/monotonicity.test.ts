/**
 * The tri-state promise, as a property: turning any one read of an inventory to unknown — any
 * Observed value anywhere in it (found by walking the inventory, so a new field is covered without
 * being listed here), a bucket's Region, the bucket or trail list — may move a finding only to
 * unknown: never pass → fail, fail → pass, unknown → pass or not_applicable → pass/fail. A finding
 * may disappear only with its resource (the bucket or trail list could not be read). What the
 * collector derives from reads (bucket roles, key references) is derived again after the fault.
 *
 * Over the compliant architecture (every fault), the moto scenarios' deviations as inventory edits
 * and random combinations of them (fast-check), and the demo account collected by the real
 * collector (fast-check). ENVELOPE_MONOTONICITY=exhaustive checks every fault of every deviation
 * (about 3,800 cases, minutes); ENVELOPE_MONOTONICITY_RUNS scales the random runs.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AwsClients, collectAwsInventory } from '../collect/aws/index.js';
import { demoProfile, withDemoAccount } from '../demo/index.js';
import type { Finding } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import { parseProfile } from '../profile/load.js';
import type { Profile } from '../profile/schema.js';
import { architectureProfile, architectureWith, compliantArchitecture, deviationNames } from '../testing/architecture-inventory.js';
import { asCollected, describeFault, faultsOf, monotonicityViolations, withFault, type Fault } from '../testing/missing-input.js';
import { evaluate } from './engine.js';
import { rules } from './registry.js';

const RUNS = Number(process.env.ENVELOPE_MONOTONICITY_RUNS ?? 1);
const EXHAUSTIVE = process.env.ENVELOPE_MONOTONICITY === 'exhaustive';
const TIMEOUT = 600_000;

interface Base {
  name: string;
  inventory: Inventory;
  profile: Profile;
  findings: Finding[];
  faults: Fault[];
}

function base(name: string, inventory: Inventory, profile: Profile): Base {
  const collected = asCollected(inventory, profile);
  return { name, inventory: collected, profile, findings: evaluate(rules, collected, profile), faults: faultsOf(collected) };
}

/** What one fault does wrong, each line naming the fault; empty when it only took verdicts away. */
function check(b: Base, fault: Fault): string[] {
  const inv = withFault(b.inventory, fault, b.profile);
  return monotonicityViolations(b.findings, evaluate(rules, inv, b.profile), inv).map((v) => `${b.name} | ${describeFault(fault)} unread | ${v}`);
}

let checked = 0;
const counted = (b: Base, fault: Fault) => {
  checked++;
  return check(b, fault);
};

describe('monotonic under missing input: one read turned to unknown moves findings only to unknown', () => {
  const profile = architectureProfile();
  const memo = new Map<string, Base>();
  const architecture = (deviations: string[]): Base => {
    const name = deviations.length ? deviations.join(' + ') : 'compliant';
    let b = memo.get(name);
    if (!b) memo.set(name, (b = base(name, architectureWith(...deviations), profile)));
    return b;
  };

  it('the fixtures are what they say: the compliant architecture fails only the informational cost rule, and roles and references re-derive as built', () => {
    const b = architecture([]);
    expect(b.findings.filter((f) => f.status === 'fail').map((f) => f.ruleId)).toEqual(['cost-replication-transfer']);
    const built = compliantArchitecture();
    expect(b.inventory.buckets.map((x) => [x.name, x.role.kind])).toEqual(built.buckets.map((x) => [x.name, x.role.kind]));
    expect(b.faults.length).toBeGreaterThan(80);
    // Each deviation changes some finding, so each is a base of its own.
    for (const d of deviationNames) expect(architecture([d]).findings.map((f) => f.status), d).not.toEqual(b.findings.map((f) => f.status));
  }, TIMEOUT);

  it('the compliant architecture: every fault', () => {
    const b = architecture([]);
    expect(b.faults.flatMap((f) => counted(b, f))).toEqual([]);
  }, TIMEOUT);

  it('each deviation and combinations of them: random faults (fast-check)', () => {
    const cases = fc.record({ deviations: fc.subarray(deviationNames, { minLength: 1, maxLength: 3 }), pick: fc.nat() });
    // Exhaustively first when asked: every fault of every single deviation.
    const every = EXHAUSTIVE ? deviationNames.flatMap((d) => architecture([d]).faults.map((_, pick) => [{ deviations: [d], pick }] as [{ deviations: string[]; pick: number }])) : [];
    fc.assert(
      fc.property(cases, ({ deviations, pick }) => {
        const b = architecture(deviations);
        expect(counted(b, b.faults[pick % b.faults.length]!)).toEqual([]);
      }),
      // fast-check counts the examples within numRuns.
      { numRuns: every.length + Math.round(60 * RUNS), examples: every },
    );
  }, TIMEOUT * 6);

  describe('the demo account, as the real collector reads it', () => {
    let demo: Base;
    let read: Inventory;
    beforeAll(async () => {
      const demoProfileParsed = parseProfile(demoProfile, 'demo profile');
      const inventory = await withDemoAccount(async ({ region, credentials }) => {
        const clients = new AwsClients({ defaultRegion: region, credentials, maxAttempts: 1 });
        try {
          return await collectAwsInventory({ clients, profile: demoProfileParsed, sourceKind: 'demo' });
        } finally {
          clients.destroy();
        }
      });
      read = inventory;
      demo = base('demo', inventory, demoProfileParsed);
    }, TIMEOUT);

    it('re-deriving roles and references from the reads gives what the collector found', () => {
      expect(demo.inventory.buckets.map((b) => b.role)).toEqual(read.buckets.map((b) => b.role));
      expect(demo.inventory.keys.map((k) => [...k.referencedBy].sort())).toEqual(read.keys.map((k) => [...k.referencedBy].sort()));
      expect(demo.inventory.buckets.map((b) => b.role.kind)).toContain('support');
      expect(demo.faults.length).toBeGreaterThan(100);
    });

    it('random faults (fast-check)', () => {
      fc.assert(
        fc.property(fc.nat(), (pick) => {
          expect(counted(demo, demo.faults[pick % demo.faults.length]!)).toEqual([]);
        }),
        { numRuns: EXHAUSTIVE ? demo.faults.length : Math.round(12 * RUNS) },
      );
    }, TIMEOUT);
  });

  it('counts the cases it checked', () => {
    // Printed so a run says how much it covered (the compliant architecture's faults plus the random runs).
    console.info(`monotonicity: ${checked} fault cases checked`);
    expect(checked).toBeGreaterThan(0);
  });
});
