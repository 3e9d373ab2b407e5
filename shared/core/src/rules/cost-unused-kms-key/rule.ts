import { noPricesForRegion } from '../../cost/cost-line.js';
import { formatUsd } from '../../cost/format-amounts.js';
import { estimateKeyCost, keyBillingOf, keyMonthlySplit } from '../../cost/kms-key-cost.js';
import { defineRule, fail, notApplicable, pass, unknown } from '../define-rule.js';

export default defineRule({
  id: 'cost-unused-kms-key',
  title: 'Customer-managed KMS key that nothing in the scan references',
  severity: 'low',
  resourceType: 'key',
  packs: ['snowflake-s3-kms', 'cost'],
  unreferencedKeys: 'include',
  description:
    'A customer-managed key costs $1 a month plus $1 for each of its first two rotations, whether or not anything uses it. The rule fails for a key that no scanned bucket, replication rule or the profile references, with what it costs a month.',
  messages: {
    unused: 'No bucket, replication rule or profile in this scan references the key: {{monthly}}/month ({{keyMonth}} key + {{rotationAmount}} rotations: {{rotationText}}).{{assumed}}',
    used: 'Referenced by {{referencedBy}}: {{monthly}}/month ({{keyMonth}} key + {{rotationAmount}} rotations).{{assumed}}',
  },
  remediation:
    'Confirm that nothing outside this scan (other accounts, applications, snapshots, backups) still decrypts with the key — CloudTrail Decrypt events and the key’s last usage help — then disable it for a while and schedule its deletion (aws kms schedule-key-deletion --key-id KEY --pending-window-in-days 30). Keys pending deletion are not billed.',
  check(key, ctx) {
    if (!ctx.costEnabled) return notApplicable('cost estimation is off (--no-cost)');
    const billing = keyBillingOf(key, ctx.inventory);
    if (billing.state === 'unknown') return unknown(billing.reason);
    if (billing.state === 'free') return notApplicable(billing.reason);
    if (!ctx.prices.regions[key.region]) return unknown(`${noPricesForRegion(key.region)} in the price table dated ${ctx.prices.priceTableDate}`);
    const lines = estimateKeyCost(billing.input, ctx.prices);
    const split = keyMonthlySplit(lines);
    const { input } = billing;
    const rotationText = input.rotationsAtCap
      ? `rotation count unknown, assumed at the cap of ${split.rotationCount}`
      : input.rotations > split.rotationCount
        ? `${input.rotations} rotations so far, ${split.rotationCount} billed (the surcharge is capped)`
        : `${split.rotationCount} billed`;
    const data = {
      monthly: formatUsd(split.total),
      keyMonth: formatUsd(split.key),
      rotationAmount: formatUsd(split.rotations),
      rotationText,
      assumed: input.basis === 'assumed' ? ` Assumed: ${input.note}.` : '',
    };
    const evidence = { costLines: lines, rotations: input.rotations, referencedBy: key.referencedBy };
    const use = ctx.lookups.keyUse(key);
    if (use.state === 'found') return pass('used', { ...data, referencedBy: use.value.join(', ') }, evidence);
    // Nothing seen references the key, but an unread bucket list, configuration or trail list might.
    if (use.state === 'unknown') return unknown(`nothing this scan read references the key (${data.monthly}/month), but ${use.reason}`, evidence);
    return fail('unused', data, evidence);
  },
});
