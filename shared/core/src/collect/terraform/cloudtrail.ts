import type { AdvancedEventSelector, AdvancedFieldSelector, ClassicEventSelector, TrailInventory, TrailSelectors } from '../../model/inventory.js';
import { present, unknown, type Observed } from '../../model/observed.js';
import { resolveString, type PlanContext } from './context.js';
import { afterApply, sensitiveAt, setting } from './plan-attributes.js';
import type { PlanResource } from './plan-index.js';

const OPERATORS: [string, keyof Omit<AdvancedFieldSelector, 'field'>][] = [
  ['equals', 'equals'],
  ['starts_with', 'startsWith'],
  ['ends_with', 'endsWith'],
  ['not_equals', 'notEquals'],
  ['not_starts_with', 'notStartsWith'],
  ['not_ends_with', 'notEndsWith'],
];

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * aws_cloudtrail instances as DescribeTrails, GetTrailStatus and GetEventSelectors would report
 * them after apply: the home Region is the resource's, logging is enable_logging, the KMS key and
 * bucket are resolved through references (a key the plan creates gets its stand-in ARN).
 */
export function trailsFromPlan(ctx: PlanContext): TrailInventory[] {
  return ctx.index
    .ofType('aws_cloudtrail')
    .map((r) => trailOf(ctx, r))
    .sort((a, b) => a.arn.localeCompare(b.arn));
}

function trailOf(ctx: PlanContext, r: PlanResource): TrailInventory {
  const homeRegion = ctx.regionOf(r);
  const name = typeof r.values.name === 'string' ? r.values.name : r.name;
  const arn = typeof r.values.arn === 'string' && r.values.arn ? r.values.arn : `arn:${ctx.partition}:cloudtrail:${homeRegion}:${ctx.account}:trail/${name}`;
  const flag = (attr: string, fallback: boolean) => {
    const v = ctx.index.value(r, [attr]);
    return v.state === 'known' && typeof v.value === 'boolean' ? v.value : fallback;
  };
  const read = (attr: string) => {
    const why = sensitiveAt(r, [attr]);
    return why ? unknown<string | null>(why) : resolveString(ctx, r, [attr]);
  };
  const bucket = read('s3_bucket_name');
  const key = read('kms_key_id');
  const prefix = ctx.index.value(r, ['s3_key_prefix']);
  const logging = setting(ctx, r, ['enable_logging'], true);
  return {
    arn,
    name,
    homeRegion,
    account: ctx.account,
    isMultiRegion: flag('is_multi_region_trail', false),
    includeGlobalServiceEvents: flag('include_global_service_events', true),
    isOrganizationTrail: flag('is_organization_trail', false),
    ...(bucket.state === 'present' && bucket.value ? { s3BucketName: bucket.value } : {}),
    ...(bucket.state === 'unknown' ? { s3BucketNameUnknown: bucket.reason } : {}),
    ...(prefix.state === 'known' && typeof prefix.value === 'string' && prefix.value && !sensitiveAt(r, ['s3_key_prefix']) ? { s3KeyPrefix: prefix.value } : {}),
    ...(key.state === 'present' && key.value ? { kmsKeyId: key.value } : {}),
    ...(key.state === 'unknown' ? { kmsKeyIdUnknown: key.reason } : {}),
    logFileValidationEnabled: flag('enable_log_file_validation', false),
    status: logging.state === 'present' ? present({ isLogging: logging.value !== false }) : logging,
    selectors: selectorsOf(ctx, r),
  };
}

function selectorsOf(ctx: PlanContext, r: PlanResource): Observed<TrailSelectors> {
  const sensitive = sensitiveAt(r, ['event_selector']) ?? sensitiveAt(r, ['advanced_event_selector']) ?? unknownLeaf(r.sensitive, ['event_selector', 'advanced_event_selector']);
  if (sensitive) return unknown(sensitive.includes(' ') ? sensitive : `${r.address} ${sensitive} is marked sensitive in the plan; envelope does not read sensitive values`);
  const classic = ctx.index.value(r, ['event_selector']);
  const advanced = ctx.index.value(r, ['advanced_event_selector']);
  if (classic.state !== 'known') return unknown(afterApply(r, ['event_selector'], classic.references));
  if (advanced.state !== 'known') return unknown(afterApply(r, ['advanced_event_selector'], advanced.references));
  const out: TrailSelectors = {};
  const classicList = Array.isArray(classic.value) ? (classic.value as Record<string, unknown>[]) : [];
  const advancedList = Array.isArray(advanced.value) ? (advanced.value as Record<string, unknown>[]) : [];
  // Selector values built from references (a bucket ARN the plan creates) are unknown: the selector cannot be judged.
  const blind = unknownLeaf(r.unknown, ['event_selector', 'advanced_event_selector']);
  if (blind) return unknown(`${r.address} ${blind} is known only after apply`);
  if (classicList.length) out.classic = classicList.map(classicSelector);
  if (advancedList.length) out.advanced = advancedList.map(advancedSelector);
  // No selector configured: AWS logs all management events (read and write), as GetEventSelectors reports.
  if (!out.classic && !out.advanced)
    return present({ classic: [{ readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: [], dataResources: [] }] });
  return present(out);
}

/** The first leaf marked true under the given top-level blocks of an after_unknown (or after_sensitive) tree, as a path. */
function unknownLeaf(tree: unknown, roots: string[]): string | undefined {
  const walk = (v: unknown, path: string): string | undefined => {
    if (v === true) return path;
    const children: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [`${path}[${i}]`, x]) : typeof v === 'object' && v !== null ? Object.entries(v).map(([k, x]) => [`${path}.${k}`, x]) : [];
    for (const [p, x] of children) {
      const found = walk(x, p);
      if (found) return found;
    }
    return undefined;
  };
  if (typeof tree !== 'object' || tree === null) return undefined;
  for (const root of roots) {
    const p = walk((tree as Record<string, unknown>)[root], root);
    if (p) return p;
  }
  return undefined;
}

function classicSelector(s: Record<string, unknown>): ClassicEventSelector {
  return {
    readWriteType: typeof s.read_write_type === 'string' ? s.read_write_type : 'All',
    includeManagementEvents: s.include_management_events !== false,
    excludeManagementEventSources: strings(s.exclude_management_event_sources),
    dataResources: (Array.isArray(s.data_resource) ? (s.data_resource as Record<string, unknown>[]) : []).map((d) => ({
      type: typeof d.type === 'string' ? d.type : '',
      values: strings(d.values),
    })),
  };
}

/** field_selector is a set: its plan order is not the source's, and operators unused are empty lists (dropped here). */
function advancedSelector(s: Record<string, unknown>): AdvancedEventSelector {
  const fields = (Array.isArray(s.field_selector) ? (s.field_selector as Record<string, unknown>[]) : []).map((f) => {
    const out: AdvancedFieldSelector = { field: typeof f.field === 'string' ? f.field : '' };
    for (const [tf, model] of OPERATORS) {
      const values = strings(f[tf]);
      if (values.length) out[model] = values;
    }
    return out;
  });
  return { ...(typeof s.name === 'string' && s.name ? { name: s.name } : {}), fieldSelectors: fields.sort((a, b) => a.field.localeCompare(b.field)) };
}
