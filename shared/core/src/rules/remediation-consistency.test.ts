/**
 * Rules agree with each other: for each rule with a machine-applicable remediation (its
 * `<rule-id>/fix.ts`, see documented-fix.ts), apply that remediation to a fixture on which the
 * rule fails, then run every rule again. The rule must pass on the fixed resource, and no other
 * finding may turn to fail — a remediation that one rule asks for and another rule fails (issue 17:
 * kms:GenerateDataKey* on the replica key) shows up here.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultPriceTable } from '../cost/price-table.js';
import type { Finding } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import type { PolicyDocument } from '../model/policy-document.js';
import { toArray } from '../policy/statements.js';
import type { Profile } from '../profile/schema.js';
import type { RuleContext } from './define-rule.js';
import type { DocumentedFix } from './documented-fix.js';
import { evaluate } from './engine.js';
import { buildLookups } from './lookups.js';
import { rules } from './registry.js';
import { fixtures } from '../testing/remediation-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));

const keyOf = (f: Finding) => `${f.ruleId}@${f.resource.id}`;
const statusMap = (findings: Finding[]) => new Map(findings.map((f) => [keyOf(f), f]));

function context(inventory: Inventory, profile: Profile): RuleContext {
  return { profile, inventory, lookups: buildLookups(inventory, profile), prices: defaultPriceTable, costEnabled: true };
}

/** Every policy document of the inventory, by where it lives. */
function policies(inv: Inventory): Map<string, PolicyDocument> {
  const out = new Map<string, PolicyDocument>();
  for (const k of inv.keys) if (k.policy.state === 'present') out.set(`key ${k.arn}`, k.policy.value);
  for (const b of inv.buckets) if (b.policy.state === 'present') out.set(`bucket ${b.arn}`, b.policy.value);
  for (const r of inv.roles) {
    if (r.trustPolicy.state === 'present') out.set(`trust ${r.arn}`, r.trustPolicy.value);
    if (r.policies.state === 'present') for (const p of r.policies.value) out.set(`role ${r.arn} ${p.name}`, p.document);
  }
  return out;
}

/** Actions the fix added to Allow statements somewhere: present after, under no Allow of the same document before. */
function addedActions(before: Inventory, after: Inventory): string[] {
  const was = policies(before);
  const allowed = (doc: PolicyDocument | undefined) =>
    new Set((doc?.Statement ?? []).filter((s) => s.Effect === 'Allow').flatMap((s) => toArray(s.Action).map((a) => a.toLowerCase())));
  const added = new Set<string>();
  for (const [where, doc] of policies(after)) {
    const old = allowed(was.get(where));
    for (const a of allowed(doc)) if (!old.has(a)) added.add(a);
  }
  return [...added];
}

/** The problems a message lists: rules join them with "; " and end the sentence with ".". */
const reasonsOf = (message: string) => message.replace(/\.$/, '').split('; ');

describe('remediation consistency: a rule’s documented fix makes it pass and fails no other rule', () => {
  it('every fix.ts has fixtures, and every fixture names a rule with a fix', () => {
    const onDisk = readdirSync(here, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(here, d.name, 'fix.ts')))
      .map((d) => d.name)
      .sort();
    expect([...new Set(fixtures.map((f) => f.fix.ruleId))].sort()).toEqual(onDisk);
  });

  it.each(fixtures.map((f) => [`${f.fix.ruleId}: ${f.name}`, f] as const))('%s', (_name, { fix, inventory, profile, resource }) => {
    const rule = rules.find((r) => r.id === fix.ruleId)!;
    for (const quote of fix.follows) expect(rule.remediation, `${rule.id} remediation quotes "${quote}"`).toContain(quote);

    const before = statusMap(evaluate(rules, inventory, profile));
    const target = `${rule.id}@${resource}`;
    expect(before.get(target)?.status, `${target} fails on the fixture`).toBe('fail');

    const fixed = (fix as DocumentedFix).apply(inventory, resource, context(inventory, profile));
    const after = statusMap(evaluate(rules, fixed, profile));
    expect(after.get(target)?.status, `${target} after the fix: ${after.get(target)?.message}`).toBe('pass');

    const newlyFailing = [...after.values()].filter((f) => f.status === 'fail' && before.get(keyOf(f))?.status !== 'fail').map((f) => `${keyOf(f)}: ${f.message}`);
    expect(newlyFailing, 'findings that fail only after the fix').toEqual([]);
    const newReasons = [...after.values()].flatMap((f) => {
      const was = before.get(keyOf(f));
      if (f.status !== 'fail' || was?.status !== 'fail' || f.ruleId === rule.id) return [];
      const added = reasonsOf(f.message).filter((r) => !was.message.includes(r));
      return added.length > 0 ? [`${keyOf(f)} now also: ${added.join('; ')}`] : [];
    });
    expect(newReasons, 'findings that failed before and fail for a new reason after the fix').toEqual([]);

    const unnamed = addedActions(inventory, fixed).filter((a) => !rule.remediation.toLowerCase().includes(a));
    expect(unnamed, `actions the fix grants that ${rule.id}'s remediation does not name`).toEqual([]);
  });
});
