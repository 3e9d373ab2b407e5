/**
 * Suppressions: accepted risks set a fail or unknown finding to `suppressed`, keeping the verdict
 * in `suppressedStatus` and the why on the finding. Nothing is dropped: every finding stays in the
 * report, and the report lists what expired, what matched nothing, and tags it could not read.
 *
 * Order, per finding: an active profile entry (it carries an expiry and an approver) wins over the
 * resource's tag; an expired profile entry that matches stops the tag too, so expiry forces the
 * review it was written for; otherwise the resource's `envelope:ignore` tag applies.
 */
import { SUPPRESSIBLE, type Finding, type FindingSuppression, type SuppressibleStatus } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import type { Profile } from '../profile/schema.js';
import type { ReportSuppressions } from '../report/schema.js';
import { matchesPattern } from './pattern.js';
import { IGNORE_TAG, parseIgnoreTag } from './tag.js';

type ProfileEntry = Profile['suppressions'][number];

export interface SuppressionOutcome {
  findings: Finding[];
  suppressions: ReportSuppressions;
}

const suppressible = (f: Finding): boolean => (SUPPRESSIBLE as readonly string[]).includes(f.status);

/** A profile entry's resource pattern against the finding's ARN (or snowflake:// id), name, or Terraform address. */
export function entryMatches(entry: Pick<ProfileEntry, 'rule' | 'resource'>, f: Finding): boolean {
  if (!matchesPattern(entry.rule, f.ruleId)) return false;
  const r = f.resource;
  return matchesPattern(entry.resource, r.id) || matchesPattern(entry.resource, r.name) || (r.address !== undefined && matchesPattern(entry.resource, r.address));
}

/** The last day an entry applies is its `expires` date, in UTC: it stops applying the day after. */
export const isExpired = (entry: Pick<ProfileEntry, 'expires'>, scannedAt: Date): boolean => entry.expires < scannedAt.toISOString().slice(0, 10);

export function applySuppressions(findings: readonly Finding[], inventory: Inventory, profile: Profile, scannedAt: Date): SuppressionOutcome {
  const entries = profile.suppressions.map((entry) => ({ entry, expired: isExpired(entry, scannedAt), matches: 0 }));
  const tags = profile.suppressionTags ? ignoreTags(inventory) : new Map<string, { value: string; resourceName: string }>();
  const parsedTags = new Map([...tags].map(([id, t]) => [id, { ...t, parsed: parseIgnoreTag(t.value), used: new Set<string>() }]));

  const out = findings.map((f): Finding => {
    if (!suppressible(f)) return f;
    let chosen: FindingSuppression | undefined;
    let blockedByExpiry = false;
    for (const e of entries) {
      if (!entryMatches(e.entry, f)) continue;
      e.matches++;
      if (e.expired) blockedByExpiry = true;
      else chosen ??= fromEntry(e.entry);
    }
    const tag = parsedTags.get(f.resource.id);
    if (tag?.parsed.ok && tag.parsed.rules.includes(f.ruleId)) {
      tag.used.add(f.ruleId);
      if (!chosen && !blockedByExpiry) chosen = { source: 'tag', reason: tag.parsed.reason, tag: IGNORE_TAG };
    }
    if (!chosen) return f;
    return { ...f, status: 'suppressed', suppressedStatus: f.status as SuppressibleStatus, suppression: chosen };
  });

  const suppressions: ReportSuppressions = { expired: [], stale: [], invalidTags: [] };
  for (const e of entries) {
    if (e.expired) suppressions.expired.push({ ...e.entry, matches: e.matches });
    else if (e.matches === 0) suppressions.stale.push({ source: 'profile', ...e.entry, why: staleWhy(e.entry, findings) });
  }
  for (const [resourceId, t] of parsedTags) {
    if (!t.parsed.ok) {
      suppressions.invalidTags.push({ resource: resourceId, resourceName: t.resourceName, tag: IGNORE_TAG, value: t.value, problem: t.parsed.problem });
      continue;
    }
    for (const rule of t.parsed.rules.filter((r) => !t.used.has(r)))
      suppressions.stale.push({
        source: 'tag',
        rule,
        resource: resourceId,
        reason: t.parsed.reason,
        why: staleWhy({ rule, resource: resourceId }, findings),
      });
  }
  return { findings: out, suppressions };
}

function fromEntry(e: ProfileEntry): FindingSuppression {
  return { source: 'profile', reason: e.reason, expires: e.expires, ...(e.approvedBy ? { approvedBy: e.approvedBy } : {}), rule: e.rule, resource: e.resource };
}

export function staleWhy(entry: Pick<ProfileEntry, 'rule' | 'resource'>, findings: readonly Finding[]): string {
  const matched = findings.filter((f) => entryMatches(entry, f));
  if (matched.length === 0)
    return findings.some((f) => matchesPattern(entry.rule, f.ruleId)) ? 'matches no finding of this scan' : `no rule matching ${entry.rule} gave a finding in this scan`;
  return `matches only findings that pass or do not apply (${matched.length}): the risk it accepts is not present`;
}

/** `envelope:ignore` values by resource id, from the tags the collectors read. */
function ignoreTags(inventory: Inventory): Map<string, { value: string; resourceName: string }> {
  const out = new Map<string, { value: string; resourceName: string }>();
  for (const b of inventory.buckets) {
    const v = b.tags.state === 'present' ? b.tags.value[IGNORE_TAG] : undefined;
    if (v !== undefined) out.set(b.arn, { value: v, resourceName: b.name });
  }
  for (const k of inventory.keys) if (k.ignoreTag !== undefined) out.set(k.arn, { value: k.ignoreTag, resourceName: k.arn.split('/').pop() ?? k.arn });
  for (const r of inventory.roles) if (r.ignoreTag !== undefined) out.set(r.arn, { value: r.ignoreTag, resourceName: r.name });
  return out;
}
