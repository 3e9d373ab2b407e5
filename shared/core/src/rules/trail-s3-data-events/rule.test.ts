import { describe, expect, it } from 'vitest';
import type { AdvancedEventSelector, AdvancedFieldSelector, ClassicEventSelector } from '../../model/inventory.js';
import { present, unknown } from '../../model/observed.js';
import { BUCKET, inventoryWithTrails, makeInventory, makeTrail, runRule, TRAIL_BUCKET } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const MGMT: AdvancedEventSelector = { fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] };
const data = (...extra: AdvancedFieldSelector[]): AdvancedEventSelector => ({
  fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }, ...extra],
});
const adv = (...selectors: AdvancedEventSelector[]) => inventoryWithTrails([makeTrail({ selectors: present({ advanced: [MGMT, ...selectors] }) })]);
const cls = (values: string[], readWriteType = 'All', type = 'AWS::S3::Object'): ClassicEventSelector => ({
  readWriteType,
  includeManagementEvents: true,
  excludeManagementEventSources: [],
  dataResources: [{ type, values }],
});
const classic = (...selectors: ClassicEventSelector[]) => inventoryWithTrails([makeTrail({ selectors: present({ classic: selectors }) })]);
const arn = (op: keyof Omit<AdvancedFieldSelector, 'field'>, values: string[]): AdvancedFieldSelector => ({ field: 'resources.ARN', [op]: values });
const ro = (v: string): AdvancedFieldSelector => ({ field: 'readOnly', equals: [v] });
const B = `arn:aws:s3:::${BUCKET}/`;

const cases = [
  { name: 'advanced StartsWith the bucket', inv: inventoryWithTrails(), status: 'pass' },
  { name: 'advanced all S3 objects (no ARN field)', inv: adv(data()), status: 'pass' },
  { name: 'advanced StartsWith arn:aws:s3:::', inv: adv(data(arn('startsWith', ['arn:aws:s3:::']))), status: 'pass' },
  { name: 'advanced Equals the bucket prefix', inv: adv(data(arn('equals', [B]))), status: 'pass' },
  { name: 'advanced StartsWith another bucket', inv: adv(data(arn('startsWith', ['arn:aws:s3:::other-bucket/']))), status: 'fail' },
  { name: 'advanced StartsWith a prefix inside the bucket', inv: adv(data(arn('startsWith', [`${B}exports/`]))), status: 'fail' },
  { name: 'advanced Equals one object', inv: adv(data(arn('equals', [`${B}file.csv`]))), status: 'fail' },
  { name: 'advanced NotStartsWith the bucket', inv: adv(data(arn('notStartsWith', [B]))), status: 'fail' },
  { name: 'advanced NotStartsWith a bucket-name prefix', inv: adv(data(arn('notStartsWith', [`arn:aws:s3:::${BUCKET.slice(0, 6)}`]))), status: 'fail' },
  { name: 'advanced NotStartsWith a prefix inside the bucket', inv: adv(data(arn('notStartsWith', [`${B}tmp/`]))), status: 'fail' },
  { name: 'advanced NotStartsWith another bucket', inv: adv(data(arn('notStartsWith', ['arn:aws:s3:::other-bucket/']))), status: 'pass' },
  { name: 'advanced NotEquals an object in the bucket', inv: adv(data(arn('notEquals', [`${B}x`]))), status: 'fail' },
  { name: 'advanced NotEquals an object elsewhere', inv: adv(data(arn('notEquals', ['arn:aws:s3:::other-bucket/x']))), status: 'pass' },
  { name: 'advanced readOnly true only', inv: adv(data(ro('true'))), status: 'fail' },
  { name: 'advanced readOnly false only', inv: adv(data(ro('false'))), status: 'fail' },
  { name: 'advanced readOnly true + false across selectors', inv: adv(data(ro('true')), data(ro('false'))), status: 'pass' },
  { name: 'advanced read for the bucket, write for another', inv: adv(data(ro('true'), arn('startsWith', [B])), data(ro('false'), arn('startsWith', ['arn:aws:s3:::other/']))), status: 'fail' },
  { name: 'advanced wrong resources.type', inv: adv({ fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::Lambda::Function'] }] }), status: 'fail' },
  { name: 'advanced filtered by eventName', inv: adv(data({ field: 'eventName', equals: ['PutObject'] })), status: 'fail' },
  { name: 'advanced EndsWith suffix', inv: adv(data(arn('endsWith', ['.csv']))), status: 'fail' },
  { name: 'classic all buckets (arn:aws:s3)', inv: classic(cls(['arn:aws:s3'])), status: 'pass' },
  { name: 'classic all buckets (arn:aws:s3:::)', inv: classic(cls(['arn:aws:s3:::'])), status: 'pass' },
  { name: 'classic the bucket', inv: classic(cls([B])), status: 'pass' },
  { name: 'classic ReadOnly + WriteOnly selectors', inv: classic(cls([B], 'ReadOnly'), cls([B], 'WriteOnly')), status: 'pass' },
  { name: 'classic ReadOnly only', inv: classic(cls([B], 'ReadOnly')), status: 'fail' },
  { name: 'classic a prefix inside the bucket', inv: classic(cls([`${B}exports/`])), status: 'fail' },
  { name: 'classic another bucket', inv: classic(cls(['arn:aws:s3:::other-bucket/'])), status: 'fail' },
  { name: 'classic a bucket sharing the name prefix', inv: classic(cls([`arn:aws:s3:::${BUCKET}-other/`])), status: 'fail' },
  { name: 'classic Lambda data resource', inv: classic(cls(['arn:aws:s3'], 'All', 'AWS::Lambda::Function')), status: 'fail' },
  { name: 'covering trail not logging', inv: inventoryWithTrails([makeTrail({ status: present({ isLogging: false }) })]), status: 'fail' },
  { name: 'single-Region trail in the bucket Region', inv: inventoryWithTrails([makeTrail({ isMultiRegion: false })]), status: 'pass' },
  { name: 'single-Region trail in another Region', inv: inventoryWithTrails([makeTrail({ isMultiRegion: false, homeRegion: 'us-east-1', arn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t' })]), status: 'fail' },
  { name: 'no trails', inv: inventoryWithTrails([]), status: 'fail' },
  { name: 'trail list unknown', inv: makeInventory({ trailList: unknown('denied') }), status: 'unknown' },
  { name: 'selectors unknown', inv: inventoryWithTrails([makeTrail({ selectors: unknown('denied') })]), status: 'unknown' },
  { name: 'status unknown', inv: inventoryWithTrails([makeTrail({ status: unknown('denied') })]), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ inv, status }) => {
    expect(runRule(rule, inv).status).toBe(status);
  });

  it('skips the trail bucket (a support bucket)', () => {
    expect(runRule(rule, inventoryWithTrails(), { resource: TRAIL_BUCKET }).status).toBe('not_applicable');
  });

  it('says read-only coverage is not enough', () => {
    expect(runRule(rule, adv(data(ro('true')))).message).toContain('read only');
  });
});
