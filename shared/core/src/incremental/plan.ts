/**
 * Incremental scans (--since <report.json>), the planning half: is the previous report one this
 * scan can build on, and which buckets must be read again? docs/incremental-scans.md says it for
 * users; merge.ts puts the fresh and the carried findings together.
 */
import { createHash } from 'node:crypto';
import { changeSetOf, EVENT_HISTORY_DAYS, readChangeEvents, type ChangeSet } from '../collect/aws/cloudtrail-events.js';
import type { AwsClients } from '../collect/aws/clients.js';
import { createLimit } from '../collect/aws/limit.js';
import { readCallerIdentity } from '../collect/aws/sts.js';
import type { Profile } from '../profile/schema.js';
import { reportSchema, type Report } from '../report/schema.js';

/**
 * Events are read from the previous scan's start less this margin: CloudTrail makes an event
 * visible to LookupEvents within about 15 minutes of the call, and clocks drift. A change made in
 * the last minutes before a scan may still be missing from its window; the next --since scan, whose
 * window starts this margin before this scan did, sees it.
 */
export const EVENT_MARGIN_MS = 20 * 60_000;

/** What a previous report must match for its findings to carry over: the profile as loaded, the Region filter, and which reads ran (cost, Snowflake). */
export function scanFingerprint(profile: Profile, scope: { regions: readonly string[]; cost: boolean; snowflake: boolean }): string {
  return createHash('sha256')
    .update(JSON.stringify({ profile, regions: [...scope.regions].sort(), cost: scope.cost, snowflake: scope.snowflake }))
    .digest('hex');
}

/** The previous report, given as --since: the file it came from and its parsed JSON (input-file.ts reads it). */
export interface SinceInput {
  file: string;
  raw: unknown;
}

export interface IncrementalPlan {
  previous: Report;
  file: string;
  eventsFrom: string;
  events: number;
  changes: ChangeSet;
  /** Bucket names the events (or the previous report's unknowns) say to read again, and those linked to them. */
  reread: Set<string>;
  /** Bucket ARNs whose configuration changed since the previous report (events); new and deleted ones are added after collection. */
  changedBuckets: Set<string>;
  /** ARNs of keys and roles the events name. */
  changedOther: Set<string>;
  /** Bucket names in the previous report. */
  previousBuckets: Set<string>;
}

export type PlanOutcome = { plan: IncrementalPlan } | { fullScan: string; previous?: Report };

/** Decides whether the scan can be incremental and what it re-reads; every reason not to is a full scan with that reason. */
export async function planIncremental(
  clients: AwsClients,
  since: SinceInput,
  expect: { fingerprint: string; now: Date },
): Promise<PlanOutcome> {
  const parsed = reportSchema.safeParse(since.raw);
  if (!parsed.success) {
    const version = (since.raw as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (version !== 1) return { fullScan: `the previous report has schemaVersion ${JSON.stringify(version)}; this envelope reads 1` };
    const issue = parsed.error.issues[0];
    return { fullScan: `the previous report is not one this envelope wrote: field "${issue?.path.join('.') || '(top level)'}": ${issue?.message ?? 'invalid'}` };
  }
  const previous = parsed.data;
  const full = (reason: string): PlanOutcome => ({ fullScan: reason, previous });
  if (previous.source.kind !== 'aws') return full(`the previous report is of a ${previous.source.kind} source, not a live AWS scan`);
  if (!previous.profile.fingerprint) return full('the previous report has no profile fingerprint (it was written before --since existed)');
  if (previous.profile.fingerprint !== expect.fingerprint)
    return full('the previous report was made with a different profile, --region filter, --no-cost or Snowflake setting');

  const previousEnd = Date.parse(previous.scannedAt);
  const from = new Date(previousEnd - previous.stats.durationMs - EVENT_MARGIN_MS);
  if (previousEnd > expect.now.getTime()) return full(`the previous report is dated ${previous.scannedAt}, in the future`);
  if (expect.now.getTime() - from.getTime() > (EVENT_HISTORY_DAYS - 1) * 86_400_000)
    return full(`the previous report is from ${previous.scannedAt}: CloudTrail's event history reaches back only ${EVENT_HISTORY_DAYS} days`);

  const identity = await readCallerIdentity(clients);
  if (previous.source.accounts.length !== 1 || previous.source.accounts[0] !== identity.account)
    return full(`the previous report is of account ${previous.source.accounts.join(', ') || '(none)'}, these credentials are of ${identity.account}`);

  // S3 and KMS record configuration changes in the resource's Region, IAM in us-east-1.
  const regions = [...new Set([...previous.source.regions, clients.defaultRegion, 'us-east-1'])].sort();
  const events = await readChangeEvents(clients, createLimit(2), regions, from, expect.now);
  if (events.state !== 'present') return full(`CloudTrail events could not be read: ${events.state === 'unknown' ? events.reason : 'none returned'}`);
  const changes = changeSetOf(events.value);
  if (changes.fullScan) return full(changes.fullScan);

  const partition = identity.partition;
  const bucketArn = (name: string) => `arn:${partition}:s3:::${name}`;
  const buckets = previous.resources.filter((r) => r.type === 'bucket');
  const previousBuckets = new Set(buckets.map((b) => b.name));
  const changedBuckets = new Set([...changes.buckets].map(bucketArn));

  // Keys and roles the events name, matched to the previous report by ARN, key id or role name.
  const changedOther = new Set<string>();
  const known = previous.resources.filter((r) => r.type === 'key' || r.type === 'role');
  const used = new Set(buckets.flatMap((b) => b.uses ?? []));
  for (const k of changes.keys) {
    if (k.startsWith('alias/') || k.includes(':alias/')) return full(`a KMS event names the alias ${k}: the key behind it is not known without re-reading the aliases`);
    const [region, id] = k.startsWith('arn:') ? [k.split(':')[3], k.split('/').pop()!] : [k.slice(0, k.indexOf(':')), k.slice(k.indexOf(':') + 1)];
    const same = (arn: string) => arn === k || (arn.split(':')[3] === region && arn.endsWith(`:key/${id}`));
    for (const r of known) if (r.type === 'key' && same(r.id)) changedOther.add(r.id);
    for (const u of used) if (same(u)) changedOther.add(u);
  }
  for (const name of changes.roles) {
    const short = name.split('/').pop()!;
    for (const r of known) if (r.type === 'role' && (r.id === name || r.name === short)) changedOther.add(r.id);
    for (const u of used) if (u === name || (u.includes(':role/') && u.endsWith(`/${short}`))) changedOther.add(u);
  }
  if (changedOther.size > 0 && buckets.length > 0 && buckets.every((b) => b.uses === undefined))
    return full('a key or role changed and the previous report does not record which buckets use which (no "uses" on its buckets)');

  const { reread, changedBuckets: alsoChanged } = bucketsToReread(previous, partition, changes.buckets, changedOther);
  for (const b of alsoChanged) changedBuckets.add(b);

  return { plan: { previous, file: since.file, eventsFrom: from.toISOString(), events: changes.relevant, changes, reread, changedBuckets, changedOther, previousBuckets } };
}

/**
 * The buckets to read again: those the events name, those using a changed key or role, and the
 * buckets linked to any of them both ways (its log target and replication destinations, and the
 * buckets that log or replicate into it): their classification and replication findings are
 * judged together, so they are read together. `changedBuckets` holds the ARNs of the first two kinds.
 */
export function bucketsToReread(previous: Report, partition: string, eventBuckets: ReadonlySet<string>, changedOther: ReadonlySet<string>): { reread: Set<string>; changedBuckets: Set<string> } {
  const buckets = previous.resources.filter((r) => r.type === 'bucket');
  const s3 = `arn:${partition}:s3:::`;
  const changedBuckets = new Set([...eventBuckets].map((n) => s3 + n));
  // A finding the previous scan could not evaluate stays unknown (carried, with its time) until its
  // bucket changes or a full scan reads it: re-reading every unknown would re-read a bucket whose
  // reads are denied on every run.
  const reread = new Set(eventBuckets);
  for (const b of buckets)
    if ((b.uses ?? []).some((u) => changedOther.has(u))) {
      reread.add(b.name);
      changedBuckets.add(b.id);
    }
  for (const b of buckets) {
    const uses = b.uses ?? [];
    if (changedBuckets.has(b.id)) for (const u of uses) if (u.startsWith(s3)) reread.add(u.slice(s3.length));
    if (uses.some((u) => changedBuckets.has(u))) reread.add(b.name);
  }
  return { reread, changedBuckets };
}
