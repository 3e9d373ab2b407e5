/** What a trail's selectors record: shared by the trail rules and the CloudTrail data-event cost. */
import type { AdvancedEventSelector, AdvancedFieldSelector, ClassicEventSelector, TrailInventory } from './inventory.js';

/** Which halves of an event class a set of selectors records. */
export interface Coverage {
  read: boolean;
  write: boolean;
}

const none = (): Coverage => ({ read: false, write: false });
const merge = (a: Coverage, b: Coverage): Coverage => ({ read: a.read || b.read, write: a.write || b.write });
export const full = (c: Coverage): boolean => c.read && c.write;
export const describeCoverage = (c: Coverage): string =>
  c.read && c.write ? 'read and write' : c.read ? 'read only' : c.write ? 'write only' : 'neither read nor write';

function classicRw(s: ClassicEventSelector): Coverage {
  return { read: s.readWriteType === 'All' || s.readWriteType === 'ReadOnly', write: s.readWriteType === 'All' || s.readWriteType === 'WriteOnly' };
}

/** Does a value pass every operator of a field selector (values ORed within an operator, operators ANDed)? */
export function fieldMatches(f: AdvancedFieldSelector, v: string): boolean {
  if (f.equals && !f.equals.includes(v)) return false;
  if (f.startsWith && !f.startsWith.some((p) => v.startsWith(p))) return false;
  if (f.endsWith && !f.endsWith.some((p) => v.endsWith(p))) return false;
  if (f.notEquals?.includes(v)) return false;
  if (f.notStartsWith?.some((p) => v.startsWith(p))) return false;
  if (f.notEndsWith?.some((p) => v.endsWith(p))) return false;
  return true;
}

/**
 * Does a resources.ARN field selector let through every object under `prefix` (arn:aws:s3:::B/)?
 * StartsWith a prefix of it, or Equals it, covers; any Not* value that excludes the bucket or a part
 * of it, and any EndsWith / NotEndsWith (which split the bucket by suffix), do not.
 */
export function arnFieldCoversPrefix(f: AdvancedFieldSelector, prefix: string): boolean {
  if (f.equals && !f.equals.some((v) => v === prefix || v === prefix.slice(0, -1))) return false;
  if (f.startsWith && !f.startsWith.some((p) => prefix.startsWith(p))) return false;
  if (f.endsWith) return false;
  if (f.notEquals?.some((v) => v.startsWith(prefix) || v === prefix.slice(0, -1))) return false;
  if (f.notStartsWith?.some((p) => p.startsWith(prefix) || prefix.startsWith(p))) return false;
  if (f.notEndsWith) return false;
  return true;
}

function readOnlyCoverage(fields: AdvancedFieldSelector[]): Coverage {
  const ro = fields.find((f) => f.field === 'readOnly');
  if (!ro) return { read: true, write: true };
  return { read: fieldMatches(ro, 'true'), write: fieldMatches(ro, 'false') };
}

function category(fields: AdvancedFieldSelector[], want: 'Management' | 'Data'): boolean {
  const c = fields.find((f) => f.field === 'eventCategory');
  return c !== undefined && fieldMatches(c, want);
}

/**
 * Management events a trail records, optionally for one event source (kms.amazonaws.com).
 * Advanced selectors with fields this rule cannot reason about (eventName, userIdentity.arn …)
 * are not counted: they record only part of the events.
 */
export function managementCoverage(sel: { classic?: ClassicEventSelector[]; advanced?: AdvancedEventSelector[] }, source?: string): Coverage {
  let c = none();
  for (const s of sel.classic ?? []) {
    if (!s.includeManagementEvents) continue;
    if (source && s.excludeManagementEventSources.includes(source)) continue;
    c = merge(c, classicRw(s));
  }
  for (const s of sel.advanced ?? []) {
    const fields = s.fieldSelectors;
    if (!category(fields, 'Management')) continue;
    if (fields.some((f) => !['eventCategory', 'readOnly', 'eventSource'].includes(f.field))) continue;
    const src = fields.find((f) => f.field === 'eventSource');
    // Without a source: exclusions (NotEquals …) still record "all" management events, as classic
    // ExcludeManagementEventSources does; an eventSource allow-list does not.
    if (source ? src && !fieldMatches(src, source) : src && (src.equals || src.startsWith || src.endsWith)) continue;
    c = merge(c, readOnlyCoverage(fields));
  }
  return c;
}

/** S3 data events a trail records for every object of a bucket. */
export function s3DataCoverage(sel: { classic?: ClassicEventSelector[]; advanced?: AdvancedEventSelector[] }, bucket: string, partition: string): Coverage {
  const prefix = `arn:${partition}:s3:::${bucket}/`;
  const classicCovers = (v: string) => v === `arn:${partition}:s3` || v === `arn:${partition}:s3:::` || v === prefix || v === prefix.slice(0, -1);
  let c = none();
  for (const s of sel.classic ?? []) {
    if (s.dataResources.some((d) => d.type === 'AWS::S3::Object' && d.values.some(classicCovers))) c = merge(c, classicRw(s));
  }
  for (const s of sel.advanced ?? []) {
    const fields = s.fieldSelectors;
    if (!category(fields, 'Data')) continue;
    const type = fields.find((f) => f.field === 'resources.type');
    if (!type || !fieldMatches(type, 'AWS::S3::Object')) continue;
    if (fields.some((f) => !['eventCategory', 'resources.type', 'resources.ARN', 'readOnly', 'eventSource'].includes(f.field))) continue;
    const src = fields.find((f) => f.field === 'eventSource');
    if (src && !fieldMatches(src, 's3.amazonaws.com')) continue;
    const arns = fields.filter((f) => f.field === 'resources.ARN');
    if (!arns.every((f) => arnFieldCoversPrefix(f, prefix))) continue;
    c = merge(c, readOnlyCoverage(fields));
  }
  return c;
}

/** Is the trail delivering? undefined when its status could not be read. */
export function isLogging(t: TrailInventory): boolean | undefined {
  if (t.status.state !== 'present') return t.status.state === 'unknown' ? undefined : false;
  return t.status.value.isLogging && !t.status.value.latestDeliveryError;
}

