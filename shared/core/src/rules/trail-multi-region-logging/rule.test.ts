import { describe, expect, it } from 'vitest';
import { absent, present, unknown } from '../../model/observed.js';
import { compliantAdvancedSelectors, inventoryWithTrails, makeInventory, makeTrail, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const mgmt = (readOnly?: string[], extra: object = {}) => ({
  fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, ...(readOnly ? [{ field: 'readOnly', equals: readOnly }] : []), ...(Object.keys(extra).length ? [extra as { field: string }] : [])],
});
const classic = (readWriteType: string, includeManagementEvents = true) => present({ classic: [{ readWriteType, includeManagementEvents, excludeManagementEventSources: [], dataResources: [] }] });

const cases = [
  { name: 'compliant advanced trail', inv: inventoryWithTrails(), status: 'pass' },
  { name: 'classic ReadWriteType All', inv: inventoryWithTrails([makeTrail({ selectors: classic('All') })]), status: 'pass' },
  { name: 'classic ReadOnly + WriteOnly selectors', inv: inventoryWithTrails([makeTrail({ selectors: present({ classic: [...(classic('ReadOnly') as { state: 'present'; value: { classic: never[] } }).value.classic, ...(classic('WriteOnly') as { state: 'present'; value: { classic: never[] } }).value.classic] }) })]), status: 'pass' },
  { name: 'advanced readOnly true + false selectors', inv: inventoryWithTrails([makeTrail({ selectors: present({ advanced: [mgmt(['true']), mgmt(['false'])] }) })]), status: 'pass' },
  { name: 'one single-Region and one compliant trail', inv: inventoryWithTrails([makeTrail({ arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/a', name: 'a', isMultiRegion: false }), makeTrail()]), status: 'pass' },
  { name: 'single-Region trail', inv: inventoryWithTrails([makeTrail({ isMultiRegion: false })]), status: 'fail' },
  { name: 'global service events excluded', inv: inventoryWithTrails([makeTrail({ includeGlobalServiceEvents: false })]), status: 'fail' },
  { name: 'logging stopped', inv: inventoryWithTrails([makeTrail({ status: present({ isLogging: false }) })]), status: 'fail' },
  { name: 'delivery error', inv: inventoryWithTrails([makeTrail({ status: present({ isLogging: true, latestDeliveryError: 'AccessDenied' }) })]), status: 'fail' },
  { name: 'classic WriteOnly', inv: inventoryWithTrails([makeTrail({ selectors: classic('WriteOnly') })]), status: 'fail' },
  { name: 'classic management events off', inv: inventoryWithTrails([makeTrail({ selectors: classic('All', false) })]), status: 'fail' },
  { name: 'advanced readOnly false only', inv: inventoryWithTrails([makeTrail({ selectors: present({ advanced: [mgmt(['false'])] }) })]), status: 'fail' },
  { name: 'advanced data events only', inv: inventoryWithTrails([makeTrail({ selectors: present({ advanced: compliantAdvancedSelectors().slice(1) }) })]), status: 'fail' },
  { name: 'advanced management filtered by eventName', inv: inventoryWithTrails([makeTrail({ selectors: present({ advanced: [mgmt(undefined, { field: 'eventName', equals: ['Decrypt'] })] }) })]), status: 'fail' },
  { name: 'advanced management excluding kms still records all', inv: inventoryWithTrails([makeTrail({ selectors: present({ advanced: [mgmt(undefined, { field: 'eventSource', notEquals: ['kms.amazonaws.com'] })] }) })]), status: 'pass' },
  { name: 'no event selectors', inv: inventoryWithTrails([makeTrail({ selectors: absent() })]), status: 'fail' },
  { name: 'no trails', inv: inventoryWithTrails([]), status: 'fail' },
  { name: 'trail list unknown', inv: makeInventory({ trailList: unknown('access denied to cloudtrail:DescribeTrails') }), status: 'unknown' },
  { name: 'trail list never read', inv: makeInventory({ trailList: undefined }), status: 'unknown' },
  { name: 'status unreadable', inv: inventoryWithTrails([makeTrail({ status: unknown('access denied to cloudtrail:GetTrailStatus') })]), status: 'unknown' },
  { name: 'selectors unreadable', inv: inventoryWithTrails([makeTrail({ selectors: unknown('cloudtrail:GetEventSelectors timed out') })]), status: 'unknown' },
  { name: 'single-Region and status unreadable', inv: inventoryWithTrails([makeTrail({ isMultiRegion: false, status: unknown('denied') })]), status: 'fail' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ inv, status }) => {
    expect(runRule(rule, inv).status).toBe(status);
  });

  it('names what each trail lacks', () => {
    const f = runRule(rule, inventoryWithTrails([makeTrail({ isMultiRegion: false, status: present({ isLogging: false }) })]));
    expect(f.message).toContain('single-Region (eu-west-1)');
    expect(f.message).toContain('not logging');
  });
});
