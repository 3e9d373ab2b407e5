import { bucketCostInputs } from '../../cost/bucket-cost-inputs.js';
import { noPricesForRegion, sumAmounts } from '../../cost/cost-line.js';
import { formatCount, formatGiB, formatUsd, formatUsdRange } from '../../cost/format-amounts.js';
import { estimateKeyCost, keyBillingOf } from '../../cost/kms-key-cost.js';
import { kmsRequestCost } from '../../cost/kms-request-cost.js';
import { estimateReplication, replicationMonthly } from '../../cost/replication-cost.js';
import { defineRule, fail, notApplicable, unknown, type RuleContext } from '../define-rule.js';
import { regionGap } from '../membership.js';

/** What the replica keys cost a month, as priced in the cost section's key lines. */
function replicaKeyText(keyIds: string[], region: string | undefined, ctx: RuleContext): string {
  if (keyIds.length === 0) return 'no replica KMS key named';
  return keyIds
    .map((id) => {
      const key = ctx.lookups.key(id, region ?? '');
      if (!key) return `replica key ${id} not in this scan`;
      const billing = keyBillingOf(key, ctx.inventory);
      if (billing.state !== 'billed') return `replica key ${key.arn}: ${billing.reason}`;
      const assumed = billing.input.basis === 'assumed' ? `, assumed: ${billing.input.note}` : '';
      return `replica key ${formatUsd(sumAmounts(estimateKeyCost(billing.input, ctx.prices)))}/month (priced with the keys${assumed})`;
    })
    .join('; ');
}

export default defineRule({
  id: 'cost-replication-transfer',
  title: 'What cross-Region replication costs a month (information)',
  severity: 'info',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms', 'cost'],
  supportBuckets: 'include',
  description:
    'A replicating bucket pays inter-Region transfer for every byte written ($0.02/GB from us-east-1 and eu-west-1), a replica PUT per object at the destination, replica storage at the destination, two KMS requests per SSE-KMS object and the replica key. The finding is informational: it gives the monthly figure.',
  messages: {
    replicates:
      'Replication to {{destinations}} costs about {{total}}/month: transfer {{transferGb}} × {{perGb}} = {{transfer}}, replica PUTs {{puts}}, replica storage {{storage}}. Besides: {{kms}}; {{replicaKey}}. Volume {{basis}}.',
  },
  remediation:
    'Information only. To pay less: replicate only the prefixes that need a second Region (rule Filter), send replicas to a cheaper storage class (Destination.StorageClass, e.g. STANDARD_IA or GLACIER_IR for disaster-recovery copies), enable a Bucket Key on both buckets, and expire noncurrent versions on the destination too.',
  check(bucket, ctx) {
    if (!ctx.costEnabled) return notApplicable('cost estimation is off (--no-cost)');
    const inputs = bucketCostInputs(bucket, ctx.inventory, ctx.profile);
    const repl = inputs.replication;
    if (repl.state === 'unknown') return unknown(repl.reason);
    if (repl.state === 'none') {
      const sources = ctx.lookups.replicationSourcesOf(bucket.name);
      return notApplicable(sources.state === 'found' ? `${repl.why}; it is the replication destination of ${sources.value.join(', ')}, whose finding carries the cost` : repl.why);
    }
    const gap = [bucket, ...repl.targets.flatMap((t) => (t.scanned ? [t.scanned] : []))].map(regionGap).find((g) => g !== undefined);
    if (gap) return unknown(`not priced: ${gap}`);
    const missing = [bucket.region, ...repl.targets.map((t) => t.destinationRegion ?? bucket.region)].find((r) => !ctx.prices.regions[r]);
    if (missing) return unknown(`${noPricesForRegion(missing)} in the price table dated ${ctx.prices.priceTableDate}`);

    const lines = inputs.replicationInputs.flatMap((r) => estimateReplication(r, ctx.prices));
    const m = replicationMonthly(lines);
    const rp = ctx.prices.regions[bucket.region]!;
    const storageNotes = inputs.replicationInputs.filter((r) => !r.replicaStorageBytes).map((r) => r.storageNote);
    const storage = storageNotes.length === 0 ? formatUsd(m.storage) : m.storage === 0 ? storageNotes.join('; ').replace(/^replica storage:? ?/, '') : `${formatUsd(m.storage)} (${storageNotes.join('; ')})`;

    let kms = 'no KMS requests (the bucket is not SSE-KMS)';
    if (inputs.kms) {
      const n = 2 * inputs.kms.replicatedObjects;
      const full = kmsRequestCost(n, rp.kms.symmetricRequestsPer10k);
      const amount = inputs.kms.bucketKey ? formatUsdRange(full * inputs.kms.residualLow, full * inputs.kms.residualHigh) : formatUsd(full);
      kms = `${formatCount(n)} KMS requests (Decrypt at the source, Encrypt at the destination${inputs.kms.bucketKey ? ', with Bucket Key' : ''}) ≈ ${amount}/month, counted in the bucket's KMS request line`;
    }
    const replicaKey = repl.targets.map((t) => replicaKeyText(t.replicaKmsKeyIds, t.destinationRegion, ctx)).join('; ');
    const destinations = repl.targets.map((t) => `${t.destinationName} (${t.destinationRegion ? `${bucket.region} → ${t.destinationRegion}` : 'Region unknown'})`).join(', ');
    const notes = repl.targets.flatMap((t) => t.notes);
    const basis = `${inputs.replicationInputs[0]!.volumeNote}${notes.length > 0 ? `. Note: ${notes.join('; ')}` : ''}`;
    return fail(
      'replicates',
      {
        destinations,
        total: formatUsd(m.total),
        transferGb: formatGiB(m.transferGb),
        perGb: formatUsd(m.transferGb > 0 ? m.transfer / m.transferGb : rp.transfer.interRegionPerGb),
        transfer: formatUsd(m.transfer),
        puts: formatUsd(m.puts),
        storage,
        kms,
        replicaKey,
        basis,
      },
      { costLines: lines, monthly: m },
    );
  },
});
