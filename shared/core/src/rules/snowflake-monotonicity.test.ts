/**
 * The tri-state promise for the snowflake-* rules: over the compliant architecture with its
 * Snowflake side, and over each Snowflake deviation, turning any one read to unknown (an
 * integration's DESC, the stage listing, a role's trust or policies, a bucket's policy, a key's
 * policy, …) moves findings only to unknown — never pass → fail or fail → pass.
 */
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../model/inventory.js';
import { architectureProfile } from '../testing/architecture-inventory.js';
import { asCollected, describeFault, faultsOf, monotonicityViolations, withFault } from '../testing/missing-input.js';
import { makeIntegration, makeStage, snowflakeArchitecture } from '../testing/snowflake-builders.js';
import { evaluate } from './engine.js';
import { rules } from './registry.js';

const snowflakeRules = rules.filter((r) => r.id.startsWith('snowflake-'));

const CASES: [string, Inventory][] = [
  ['compliant', snowflakeArchitecture()],
  ['re-created integration', snowflakeArchitecture({ integrations: [makeIntegration({ STORAGE_AWS_EXTERNAL_ID: 'ACME_SFCRole=5_NEW=' })] })],
  ['stage outside the allowed locations', snowflakeArchitecture({ stages: [makeStage({ URL: '["s3://s3-snow-kms-test-v3/other/"]' })] })],
  ['embedded credentials', snowflakeArchitecture({ stages: [makeStage({ STORAGE_INTEGRATION: undefined, HAS_CREDENTIALS: 'Y' })] })],
  ['s3://* allowed', snowflakeArchitecture({ integrations: [makeIntegration({ STORAGE_ALLOWED_LOCATIONS: 's3://*' })] })],
];

describe('snowflake-* rules are monotonic under missing input', () => {
  // A case took 5–7 s on a loaded 2-core machine (the newcomer run, load average 25–50): past
  // vitest's default 5 s, so the bound is set here.
  it.each(CASES)('%s: every one-read fault moves findings only to unknown', (_, raw) => {
    const profile = { ...architectureProfile(), snowflake: { ...architectureProfile().snowflake, unloadStages: ['*'] } };
    const inventory = asCollected(raw, profile);
    const before = evaluate(snowflakeRules, inventory, profile);
    const faults = faultsOf(inventory);
    expect(faults.some((f) => describeFault(f).startsWith('snowflake.integrations'))).toBe(true);
    const violations = faults.flatMap((fault) => {
      const inv = withFault(inventory, fault, profile);
      return monotonicityViolations(before, evaluate(snowflakeRules, inv, profile), inv).map((v) => `${describeFault(fault)}: ${v}`);
    });
    expect(violations).toEqual([]);
  }, 60_000);
});
