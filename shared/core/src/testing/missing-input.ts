/**
 * Missing input, injected: every read an inventory holds (each Observed value anywhere in it, found
 * by walking the object, so new fields are covered without a list), each bucket's Region, and the
 * bucket and trail lists, turned to unknown one at a time, the way a failed read leaves them. What
 * the collector derives from reads (bucket roles, who references each key) is derived again after
 * the fault, as the collector would. For the monotonicity property: a fault may move a finding
 * only to unknown.
 */
import { bucketRolesOf } from '../collect/bucket-roles.js';
import { referencedKeys } from '../collect/key-references.js';
import type { Finding, ResourceType } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import { unknown } from '../model/observed.js';
import type { Profile } from '../profile/schema.js';

export type Fault = { kind: 'read'; path: (string | number)[] } | { kind: 'region'; bucket: string };

export const describeFault = (f: Fault): string =>
  f.kind === 'region' ? `the Region of ${f.bucket}` : f.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

const STATES = new Set(['present', 'absent', 'unknown']);

function isObserved(v: unknown): v is { state: string } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.state !== 'string' || !STATES.has(o.state)) return false;
  const keys = Object.keys(o);
  if (o.state === 'present') return 'value' in o && keys.length === 2;
  if (o.state === 'unknown') return typeof o.reason === 'string' && keys.length === 2;
  return keys.every((k) => k === 'state' || k === 'note');
}

/** Every read that could fail: the paths of Observed values not already unknown, and each bucket's Region. */
export function faultsOf(inventory: Inventory): Fault[] {
  const out: Fault[] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (isObserved(v)) {
      if (v.state !== 'unknown') out.push({ kind: 'read', path });
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  const { gaps: _gaps, source: _source, ...reads } = inventory;
  walk(reads, []);
  for (const b of inventory.buckets) if (b.regionUnknown === undefined) out.push({ kind: 'region', bucket: b.name });
  return out;
}

function setIn(v: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? setIn(x, rest, value) : x));
  const o = v as Record<string, unknown>;
  return { ...o, [head!]: setIn(o[head!], rest, value) };
}

/** The inventory with one read failed, as the collector would then have built it. */
export function withFault(inventory: Inventory, fault: Fault, profile: Profile): Inventory {
  let inv: Inventory;
  if (fault.kind === 'region') {
    // The collector guesses the scan's default Region: here always a wrong one.
    inv = {
      ...inventory,
      buckets: inventory.buckets.map((b) =>
        b.name === fault.bucket ? { ...b, region: b.region === 'us-east-1' ? 'eu-west-1' : 'us-east-1', regionUnknown: 'injected: access denied to s3:GetBucketLocation' } : b,
      ),
    };
  } else {
    const reason = `injected: access denied reading ${describeFault(fault)}`;
    inv = setIn(inventory, fault.path, unknown(reason)) as Inventory;
    // Without the list, the resources it lists are not found at all.
    if (fault.path.length === 1 && fault.path[0] === 'bucketList') inv = { ...inv, buckets: [] };
    if (fault.path.length === 1 && fault.path[0] === 'trailList') inv = { ...inv, trails: [] };
  }
  return asCollected(inv, profile);
}

/** Bucket roles and key references derived from the reads, as the collector derives them. */
export function asCollected(inventory: Inventory, profile: Profile): Inventory {
  const roles = bucketRolesOf(inventory.buckets, profile, { trails: inventory.trails, trailList: inventory.trailList });
  const buckets = inventory.buckets.map((b) => ({ ...b, role: roles.get(b.name)! }));
  const refs = new Map(referencedKeys(buckets, profile, inventory.aliases, inventory.account.id, inventory.account.partition, inventory.trails).map((r) => [r.arn, r.referencedBy]));
  const keys = inventory.keys.map((k) => ({
    ...k,
    referencedBy: refs.get(k.arn) ?? (k.metadata.state === 'present' ? refs.get(k.metadata.value.arn) : undefined) ?? [],
  }));
  return { ...inventory, buckets, keys };
}

const RESOURCE_IDS: Partial<Record<ResourceType, (inv: Inventory) => string[]>> = {
  bucket: (inv) => inv.buckets.map((b) => b.arn),
  key: (inv) => inv.keys.map((k) => k.arn),
  role: (inv) => inv.roles.map((r) => r.arn),
  trail: (inv) => inv.trails.map((t) => t.arn),
};

/**
 * Findings that moved other than to unknown, or disappeared although their resource is still in
 * the inventory. Empty when the fault only took verdicts away.
 */
export function monotonicityViolations(before: Finding[], after: Finding[], afterInventory: Inventory): string[] {
  const key = (f: Finding) => `${f.ruleId}@${f.resource.id}`;
  const now = new Map(after.map((f) => [key(f), f]));
  const out: string[] = [];
  for (const f of before) {
    const g = now.get(key(f));
    if (!g) {
      const ids = RESOURCE_IDS[f.resource.type]?.(afterInventory);
      if (!ids || ids.includes(f.resource.id)) out.push(`${f.ruleId} on ${f.resource.name}: ${f.status} → gone, though the ${f.resource.type} was still found`);
      continue;
    }
    if (g.status !== f.status && g.status !== 'unknown') out.push(`${f.ruleId} on ${f.resource.name}: ${f.status} → ${g.status} (${g.message})`);
  }
  return out;
}
