import { describe, expect, it } from 'vitest';
import { inventoryWithTrails, makeTrail, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const cases = [
  { name: 'validation on', trail: makeTrail(), status: 'pass' },
  { name: 'validation off', trail: makeTrail({ logFileValidationEnabled: false }), status: 'fail' },
  { name: 'validation on, single-Region trail', trail: makeTrail({ isMultiRegion: false }), status: 'pass' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ trail, status }) => {
    expect(runRule(rule, inventoryWithTrails([trail])).status).toBe(status);
  });

  it('has no finding without trails', () => {
    expect(() => runRule(rule, inventoryWithTrails([]))).toThrow(/got 0/);
  });
});
