/**
 * Incremental scans, the merging half. The buckets this run did not read stand in the inventory as
 * stubs whose every configuration is unknown, so each rule that looks across buckets (which
 * buckets use a key, which replicate into a bucket, what the profile's stacks own) sees them as
 * unread, exactly as it sees a bucket whose reads were denied: it answers from what it read or
 * says unknown, never a verdict the stubs could overturn. Then, per finding:
 *
 * - a stub bucket's findings are the previous report's, marked with when they were observed;
 * - a finding of a resource read now is this run's; where it is unknown and its own reads all
 *   succeeded, nothing it rests on changed since (no change event touches it or anything linked to
 *   it), and the previous report judged it, the previous verdict carries over instead;
 * - a key or role this run did not read carries over, unless a change touched it: then it is
 *   unknown, with the reason;
 * - a bucket the previous report held and the account no longer lists (or no longer puts in scope) is gone.
 */
import { summarize } from '../report/build.js';
import type { CostSection } from '../model/cost.js';
import type { Finding } from '../model/finding.js';
import type { BucketInventory, BucketRole, Inventory } from '../model/inventory.js';
import { unknown } from '../model/observed.js';
import type { Report } from '../report/schema.js';
import { usesOf } from '../report/build.js';
import type { IncrementalPlan } from './plan.js';

export const CARRIED = 'not re-read by this incremental scan (--since): carried over from the previous report';

type PreviousResource = Report['resources'][number];

function roleOf(r: PreviousResource): BucketRole {
  if (r.role === 'support') return { kind: 'support', why: r.roleReason ?? 'support bucket (previous report)' };
  if (r.role === 'undetermined') return { kind: 'undetermined', reason: r.roleReason ?? 'undetermined (previous report)' };
  return { kind: 'architecture' };
}

/** A bucket carried over: what the previous report said of it, every configuration unknown. */
export function stubBucket(r: PreviousResource): BucketInventory {
  const u = unknown(CARRIED);
  return {
    name: r.name,
    arn: r.id,
    region: r.region ?? 'us-east-1',
    ...(r.region === undefined ? { regionUnknown: CARRIED } : {}),
    account: r.account,
    role: roleOf(r),
    ...(r.owner ? { owner: r.owner } : {}),
    tags: u,
    encryption: u,
    versioning: u,
    publicAccessBlock: u,
    policy: u,
    policyStatus: u,
    ownershipControls: u,
    acl: u,
    lifecycle: u,
    logging: u,
    replication: u,
    objectSample: u,
    usage: u,
  };
}

export interface PartialInventory {
  /** The inventory rules run over: what was read, plus the stubs. */
  evaluated: Inventory;
  /** ARNs of the stub buckets. */
  stubs: Set<string>;
  /** ARNs of the buckets that changed, appeared or went since the previous report. */
  changed: Set<string>;
}

/** Adds the stubs of the buckets not read (still listed, not changed) and restores the classification the stubs' links gave. */
export function partialInventory(read: Inventory, plan: IncrementalPlan): PartialInventory {
  const listed = read.bucketList?.state === 'present' ? new Set(read.bucketList.value) : undefined;
  const readNames = new Set(read.buckets.map((b) => b.name));
  const stubs: BucketInventory[] = [];
  const changed = new Set(plan.changedBuckets);
  const previous = plan.previous.resources.filter((r) => r.type === 'bucket');
  const before = new Map(previous.map((r) => [r.name, r]));
  for (const r of previous) {
    if (readNames.has(r.name)) continue;
    // Gone from the account (or, named by an event, now out of scope): its findings go with it.
    if ((listed && !listed.has(r.name)) || plan.reread.has(r.name)) {
      changed.add(r.id);
      continue;
    }
    stubs.push(stubBucket(r));
  }
  for (const b of read.buckets) {
    if (!before.has(b.name)) changed.add(b.arn);
    // A bucket is a support bucket because another logs into it, and that other may be a stub now.
    const was = before.get(b.name);
    if (was?.role === 'support' && b.role.kind !== 'support') b.role = { kind: 'support', why: `${was.roleReason ?? 'support bucket'} (as the previous report found)` };
  }
  return { evaluated: { ...read, buckets: [...read.buckets, ...stubs] }, stubs: new Set(stubs.map((s) => s.arn)), changed };
}

export interface Merged {
  findings: Finding[];
  /** Resource ids whose findings carried over without being read. */
  carried: Set<string>;
}

/** This run's findings and the previous report's, per the rules at the top of this file. */
export function mergeFindings(fresh: Finding[], read: Inventory, partial: PartialInventory, plan: IncrementalPlan): Merged {
  const { previous } = plan;
  const at = previous.scannedAt;
  const key = (f: Pick<Finding, 'ruleId' | 'resource'>) => `${f.ruleId}\u0000${f.resource.id}`;
  const before = new Map(previous.findings.map((f) => [key(f), f]));
  // A carried finding goes back to the rule's own verdict: this run's profile and tags decide its
  // suppression again (report/build.ts), so an expired or removed suppression stops applying.
  const unsuppressed = (f: Finding): Finding => {
    const { suppressedStatus, suppression: _, ...rest } = f;
    return f.status === 'suppressed' && suppressedStatus ? { ...rest, status: suppressedStatus } : rest;
  };
  const carry = (f: Finding): Finding => ({ ...unsuppressed(f), observedAt: f.observedAt ?? at });

  // What each bucket points at, before and now: a change reaches what is linked to it either way.
  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    links.set(a, (links.get(a) ?? new Set()).add(b));
    links.set(b, (links.get(b) ?? new Set()).add(a));
  };
  for (const r of previous.resources) for (const u of r.uses ?? []) link(r.id, u);
  const keysOf = new Map<string, string[]>();
  for (const k of read.keys) for (const by of k.referencedBy) keysOf.set(by, [...(keysOf.get(by) ?? []), k.arn]);
  for (const b of read.buckets) for (const u of usesOf(b, keysOf.get(b.arn) ?? []).uses ?? []) link(b.arn, u);
  const changed = new Set([...partial.changed, ...plan.changedOther]);
  const changedNames = [...partial.changed].map((arn) => arn.split(':::')[1] ?? arn);
  const roleText = new Map(read.roles.map((r) => [r.arn, JSON.stringify(r)]));
  const touched = (f: Finding): boolean => {
    const id = f.resource.id;
    if (changed.has(id)) return true;
    for (const l of links.get(id) ?? []) if (changed.has(l)) return true;
    if (f.resource.type === 'role') {
      // A role's policy may grant a changed bucket by name or by wildcard.
      const text = roleText.get(id) ?? '';
      return changedNames.length > 0 && (changedNames.some((n) => text.includes(n)) || /s3:::[^"]*\*/.test(text));
    }
    // Account, trail and Snowflake findings may rest on any bucket.
    return f.resource.type !== 'key' && f.resource.type !== 'bucket' && changed.size > 0;
  };
  const ownGap = new Set(read.gaps.map((g) => g.resource));

  const out: Finding[] = [];
  const freshIds = new Set<string>();
  for (const f of fresh) {
    if (partial.stubs.has(f.resource.id)) continue;
    freshIds.add(f.resource.id);
    const was = before.get(key(f));
    if (f.status === 'unknown' && was && !ownGap.has(f.resource.id) && !touched(f)) out.push(carry(was));
    else out.push(f);
  }
  const carried = new Set<string>();
  for (const f of previous.findings) {
    const id = f.resource.id;
    if (freshIds.has(id)) continue;
    if (partial.stubs.has(id)) {
      out.push(carry(f));
      carried.add(id);
    } else if (f.resource.type === 'key' || f.resource.type === 'role') {
      carried.add(id);
      if (!touched(f)) out.push(carry(f));
      else
        out.push({
          ...unsuppressed(f),
          status: 'unknown',
          messageId: 'unknown',
          message: `Could not evaluate: ${f.resource.type === 'key' ? 'the key' : 'the role'} or a bucket linked to it changed since the previous report (${at}) and this incremental scan did not re-read it; run a full scan`,
          data: { reason: 'changed since the previous report; not re-read by the incremental scan' },
          observedAt: f.observedAt ?? at,
        });
    }
    // Buckets neither read nor carried are gone; account, trail and Snowflake findings are always fresh.
  }
  out.sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.resource.id.localeCompare(b.resource.id));
  return { findings: out, carried };
}

/** This run's report with the carried resources, gaps and cost lines of the previous one added. */
export function withCarried(report: Report, merged: Merged, plan: IncrementalPlan, counts: { keys: number; roles: number; rereadBuckets: string[]; carriedBuckets: number }): Report {
  const { previous } = plan;
  const at = previous.scannedAt;
  const ids = merged.carried;
  const fresh = new Set(report.resources.map((r) => r.id));
  const resources = [...report.resources, ...previous.resources.filter((r) => ids.has(r.id) && !fresh.has(r.id)).map((r) => ({ ...r, observedAt: r.observedAt ?? at }))];
  const gaps = [...report.gaps, ...previous.gaps.filter((g) => ids.has(g.resource))];
  let cost: CostSection | null = report.cost;
  if (cost && previous.cost) {
    const lines = [...cost.lines, ...previous.cost.lines.filter((l) => ids.has(l.resourceId))];
    cost = {
      ...cost,
      lines,
      savings: [...cost.savings, ...previous.cost.savings.filter((s) => ids.has(s.resourceId))],
      monthlyTotal: Math.round(lines.reduce((sum, l) => sum + l.monthlyAmount, 0) * 100) / 100,
      assumptions: [...new Set([...cost.assumptions, ...previous.cost.assumptions])],
    };
  }
  // report.findings are merged.findings with this run's suppressions applied (buildReport).
  const findings = report.findings;
  return {
    ...report,
    resources,
    findings,
    summary: summarize(findings),
    gaps,
    cost,
    incremental: {
      mode: 'incremental',
      since: { file: plan.file, scannedAt: at },
      eventsFrom: plan.eventsFrom,
      events: plan.events,
      rescanned: { buckets: counts.rereadBuckets, keys: counts.keys, roles: counts.roles },
      carried: { buckets: counts.carriedBuckets, findings: findings.filter((f) => f.observedAt !== undefined).length },
    },
  };
}
