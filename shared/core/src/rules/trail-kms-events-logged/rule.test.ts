import { describe, expect, it } from 'vitest';
import type { AdvancedFieldSelector, ClassicEventSelector } from '../../model/inventory.js';
import { present, unknown } from '../../model/observed.js';
import { inventoryWithTrails, makeInventory, makeTrail, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const KMS = 'kms.amazonaws.com';
const cls = (readWriteType: string, exclude: string[] = [], includeManagementEvents = true): ClassicEventSelector => ({ readWriteType, includeManagementEvents, excludeManagementEventSources: exclude, dataResources: [] });
const classic = (...s: ClassicEventSelector[]) => inventoryWithTrails([makeTrail({ selectors: present({ classic: s }) })]);
const adv = (...fieldSets: AdvancedFieldSelector[][]) =>
  inventoryWithTrails([makeTrail({ selectors: present({ advanced: fieldSets.map((extra) => ({ fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, ...extra] })) }) })]);

const cases = [
  { name: 'advanced management, no filters', inv: inventoryWithTrails(), status: 'pass' },
  { name: 'classic All, nothing excluded', inv: classic(cls('All')), status: 'pass' },
  { name: 'classic All, RDS Data API excluded', inv: classic(cls('All', ['rdsdata.amazonaws.com'])), status: 'pass' },
  { name: 'classic All, kms excluded', inv: classic(cls('All', [KMS])), status: 'fail' },
  { name: 'classic WriteOnly', inv: classic(cls('WriteOnly')), status: 'fail' },
  { name: 'classic ReadOnly', inv: classic(cls('ReadOnly')), status: 'fail' },
  { name: 'classic management events off', inv: classic(cls('All', [], false)), status: 'fail' },
  { name: 'classic kms excluded in one, All in another', inv: classic(cls('All', [KMS]), cls('All')), status: 'pass' },
  { name: 'advanced eventSource NotEquals kms', inv: adv([{ field: 'eventSource', notEquals: [KMS] }]), status: 'fail' },
  { name: 'advanced eventSource NotEquals rdsdata', inv: adv([{ field: 'eventSource', notEquals: ['rdsdata.amazonaws.com'] }]), status: 'pass' },
  { name: 'advanced eventSource Equals kms', inv: adv([{ field: 'eventSource', equals: [KMS] }]), status: 'pass' },
  { name: 'advanced eventSource Equals s3 only', inv: adv([{ field: 'eventSource', equals: ['s3.amazonaws.com'] }]), status: 'fail' },
  { name: 'advanced readOnly false only', inv: adv([{ field: 'readOnly', equals: ['false'] }]), status: 'fail' },
  { name: 'advanced readOnly true + false', inv: adv([{ field: 'readOnly', equals: ['true'] }], [{ field: 'readOnly', equals: ['false'] }]), status: 'pass' },
  { name: 'advanced readOnly NotEquals true', inv: adv([{ field: 'readOnly', notEquals: ['true'] }]), status: 'fail' },
  { name: 'single-Region trail where the keys are', inv: inventoryWithTrails([makeTrail({ isMultiRegion: false })]), status: 'pass' },
  // Keys the scan could not see (the bucket list unread) may be in other Regions than the trail's.
  { name: 'single-Region trail where the known keys are, the bucket list unread', inv: { ...inventoryWithTrails([makeTrail({ isMultiRegion: false })]), bucketList: unknown('denied') }, status: 'unknown' },
  { name: 'multi-Region trail, the bucket list unread', inv: { ...inventoryWithTrails(), bucketList: unknown('denied') }, status: 'pass' },
  { name: 'single-Region trail elsewhere', inv: inventoryWithTrails([makeTrail({ isMultiRegion: false, homeRegion: 'us-east-1' })]), status: 'fail' },
  { name: 'trail not logging', inv: inventoryWithTrails([makeTrail({ status: present({ isLogging: false }) })]), status: 'fail' },
  { name: 'no trails', inv: inventoryWithTrails([]), status: 'fail' },
  { name: 'trail list unknown', inv: makeInventory({ trailList: unknown('denied') }), status: 'unknown' },
  { name: 'trail list never read', inv: makeInventory({ trailList: undefined }), status: 'unknown' },
  { name: 'selectors unknown', inv: inventoryWithTrails([makeTrail({ selectors: unknown('denied') })]), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ inv, status }) => {
    expect(runRule(rule, inv).status).toBe(status);
  });

  it('says kms is excluded', () => {
    expect(runRule(rule, classic(cls('All', [KMS]))).message).toContain('KMS management events: neither read nor write');
  });
});
