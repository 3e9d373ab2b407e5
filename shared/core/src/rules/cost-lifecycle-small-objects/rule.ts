import { bucketCostInputs } from '../../cost/bucket-cost-inputs.js';
import { noPricesForRegion } from '../../cost/cost-line.js';
import { formatCount, formatObjectSize, formatUsd } from '../../cost/format-amounts.js';
import type { TransitionAnalysis } from '../../cost/lifecycle-break-even.js';
import { analyseLifecycle, estimateLifecycleTransitions } from '../../cost/lifecycle-cost.js';
import { SMALL_OBJECT_BYTES } from '../../cost/units.js';
import { defineRule, fail, notApplicable, pass, unknown } from '../define-rule.js';
import { regionGap } from '../membership.js';

const PER = 1_000_000;
const months = (m: number) => {
  const n = formatCount(m, 1);
  return `${n} month${n === '1' ? '' : 's'}`;
};
const where = (a: TransitionAnalysis) => `${a.storageClass} at day ${a.days}${a.path === 'noncurrent' ? ' (noncurrent versions)' : ''}`;

function penalty(a: TransitionAnalysis): string {
  if (a.storageClass === 'GLACIER' || a.storageClass === 'DEEP_ARCHIVE') return ' with its 40 KB per-object overhead';
  if (a.objectBytes < SMALL_OBJECT_BYTES) return ' billed at the 128 KB minimum size';
  return '';
}

function verdict(a: TransitionAnalysis): string {
  if (!a.transitions) return `${where(a)}: ${a.why}`;
  if (!a.modelled || !a.perObject) return `${where(a)}: ${a.why}`;
  const be = a.breakEvenMonths ?? Number.POSITIVE_INFINITY;
  return `${where(a)} pays back in ${months(be)}`;
}

export default defineRule({
  id: 'cost-lifecycle-small-objects',
  title: 'Lifecycle transitions that cost more than they save (the small-object trap)',
  severity: 'low',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms', 'cost'],
  supportBuckets: 'include',
  description:
    'Every lifecycle transition is a request, IA classes bill at least 128 KB per object, and GLACIER / DEEP_ARCHIVE add 40 KB per object, with minimum storage durations on top. For objects of the bucket’s average size, the rule fails when a transition’s request fee and those charges exceed the storage it saves over the time the object stays.',
  messages: {
    loses:
      '{{rule}} moves objects of about {{size}} ({{sizeBasis}}) to {{target}}: per million objects the transition ({{fee}}) and {{billedMonths}} of {{storageClass}} storage{{penalty}} cost {{moved}}, against {{staying}} left in {{fromClass}} for {{monthsInClass}}: a loss of {{loss}} per million objects; {{payback}}.{{volume}}',
    saves: 'No lifecycle transition loses money for objects of about {{size}} ({{sizeBasis}}): {{summary}}.',
  },
  remediation:
    'Keep small objects out of the transition: leave TransitionDefaultMinimumObjectSize at all_storage_classes_128K (the default since September 2024; set it in put-bucket-lifecycle-configuration or transition_default_minimum_object_size in Terraform), add an ObjectSizeGreaterThan filter, or aggregate small objects into larger ones before they age into GLACIER / DEEP_ARCHIVE. Keep objects in a class at least its minimum duration.',
  check(bucket, ctx) {
    if (!ctx.costEnabled) return notApplicable('cost estimation is off (--no-cost)');
    const lc = bucket.lifecycle;
    if (lc.state === 'unknown') return unknown(`lifecycle configuration unreadable: ${lc.reason}`);
    if (lc.state === 'absent') return notApplicable('the bucket has no lifecycle configuration');
    const inputs = bucketCostInputs(bucket, ctx.inventory, ctx.profile);
    const input = inputs.lifecycle!;
    const analysis = analyseLifecycle(input, ctx.prices);
    if (analysis.length === 0) return notApplicable('no Enabled lifecycle rule transitions objects after a number of days');
    const gap = regionGap(bucket);
    if (gap) return unknown(`not priced: ${gap}`);
    if (!ctx.prices.regions[bucket.region]) return unknown(`${noPricesForRegion(bucket.region)} in the price table dated ${ctx.prices.priceTableDate}`);

    const size = formatObjectSize(input.averageObjectBytes);
    const sizeBasis = inputs.size.source;
    const evidence = { averageObjectBytes: input.averageObjectBytes, sizeBasis: input.sizeBasis, transitions: analysis };
    const losing = analysis.filter((a) => a.losesMoney && a.perObject).sort((a, b) => a.perObject!.net - b.perObject!.net);
    const worst = losing[0];
    if (!worst?.perObject) return pass('saves', { size, sizeBasis, summary: analysis.map(verdict).join('; ') }, evidence);

    const p = worst.perObject;
    const be = worst.breakEvenMonths ?? Number.POSITIVE_INFINITY;
    const payback = !Number.isFinite(be)
      ? `it never pays back: ${worst.storageClass} costs more a month than ${worst.fromClass} for an object this small`
      : worst.billedMonths > worst.monthsInClass
        ? `${worst.storageClass} bills at least ${months(worst.billedMonths)} (its minimum duration), but the objects leave it after ${months(worst.monthsInClass)}`
        : `it pays back only after ${months(be)}, longer than the ${months(worst.monthsInClass)} the objects stay`;
    let volume = '';
    if (worst.path === 'current') {
      const fees = estimateLifecycleTransitions(input, ctx.prices).find((l) => l.component === `s3-lifecycle-transition:${worst.storageClass}`);
      volume =
        ` At ${formatCount(input.objectsPerMonth)} new objects a month (${input.objectsBasis}) that is ${formatUsd(-p.net * input.objectsPerMonth)} lost on each month's objects` +
        ` (transition fees ${formatUsd(fees?.monthlyAmount ?? 0)}/month).`;
    }
    if (losing.length > 1) volume += ` Also losing: ${losing.slice(1).map((a) => `${a.rule} to ${where(a)}`).join('; ')}.`;
    return fail(
      'loses',
      {
        rule: worst.rule,
        size,
        sizeBasis,
        target: where(worst),
        fee: formatUsd(p.transitionFee * PER),
        billedMonths: months(worst.billedMonths),
        storageClass: worst.storageClass,
        penalty: penalty(worst),
        moved: formatUsd(p.costIfMoved * PER),
        staying: formatUsd(p.costIfStaying * PER),
        fromClass: worst.fromClass,
        monthsInClass: months(worst.monthsInClass),
        loss: formatUsd(-p.net * PER),
        payback,
        volume,
      },
      evidence,
    );
  },
});
