import type { Inventory } from '../../model/inventory.js';
import { defineFix } from '../documented-fix.js';
import rule from './rule.js';

export default defineFix({
  ruleId: rule.id,
  follows: ['aws cloudtrail update-trail --name TRAIL --enable-log-file-validation'],
  apply: (inventory, trailArn): Inventory => ({ ...inventory, trails: inventory.trails.map((t) => (t.arn === trailArn ? { ...t, logFileValidationEnabled: true } : t)) }),
});
