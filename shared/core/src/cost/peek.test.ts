import { it } from 'vitest';
import { makeMrkInventory, runCostRule, BUCKET } from '../testing/inventory-builders.js';
import rule from '../rules/cost-replication-transfer/rule.js';
it('peek', () => {
  console.log(runCostRule(rule, makeMrkInventory(), { resource: BUCKET }).message + '\n');
});
