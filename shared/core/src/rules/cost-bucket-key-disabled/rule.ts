import { bucketCostInputs } from '../../cost/bucket-cost-inputs.js';
import { noPricesForRegion } from '../../cost/cost-line.js';
import { formatCount, formatUsd, formatUsdRange } from '../../cost/format-amounts.js';
import { bucketKeySaving, estimateKmsRequests, kmsRequestCost, kmsRequestCounts } from '../../cost/kms-request-cost.js';
import { defineRule, fail, notApplicable, pass, unknown } from '../define-rule.js';
import { regionGap } from '../membership.js';

export default defineRule({
  id: 'cost-bucket-key-disabled',
  title: 'SSE-KMS bucket without a Bucket Key pays a KMS request per object request',
  severity: 'medium',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms', 'cost'],
  supportBuckets: 'include',
  description:
    'Without an S3 Bucket Key every PUT and GET of an SSE-KMS object is a KMS request ($0.03 per 10,000). The finding gives the estimated monthly KMS request cost of the bucket and what a Bucket Key would save, as a range.',
  messages: {
    disabled:
      'SSE-KMS without Bucket Key: about {{requests}} KMS requests a month cost {{monthly}}/month before the account’s free tier; a Bucket Key would leave {{bucketKeyRequests}} ({{bucketKeyMonthly}}), saving {{saving}}/month for objects written after it is enabled. Request volume {{basis}}.',
    enabled: 'Bucket Key is on: about {{bucketKeyRequests}} KMS requests a month, {{bucketKeyMonthly}}/month before the account’s free tier, instead of {{requests}} ({{monthly}}) without it. Request volume {{basis}}.',
  },
  remediation:
    'Set BucketKeyEnabled: true on the SSE-KMS default encryption rule (aws s3api put-bucket-encryption, or bucket_key_enabled = true in Terraform). Only objects written afterwards use it; re-write old objects (CopyObject, S3 Batch Operations) to convert them. Key-policy conditions on kms:EncryptionContext:aws:s3:arn must then name the bucket ARN. On a replication destination, first let the replica key policy allow the replication role kms:Decrypt beside kms:Encrypt: AWS requires it with a Bucket Key (kms-replica-policy-parity).',
  check(bucket, ctx) {
    if (!ctx.costEnabled) return notApplicable('cost estimation is off (--no-cost)');
    const inputs = bucketCostInputs(bucket, ctx.inventory, ctx.profile);
    const enc = inputs.encryption;
    if (enc.state === 'unknown') return unknown(enc.reason);
    if (enc.state === 'not-kms') return notApplicable(`${enc.why}: S3 makes no KMS requests for it`);
    if (enc.dsse) return notApplicable('DSSE-KMS does not support Bucket Keys, so there is no saving to offer');
    const gap = regionGap(bucket);
    if (gap) return unknown(`not priced: ${gap}`);
    if (!ctx.prices.regions[bucket.region]) return unknown(`${noPricesForRegion(bucket.region)} in the price table dated ${ctx.prices.priceTableDate}`);
    const kms = inputs.kms!;
    const price = ctx.prices.regions[bucket.region]!.kms.symmetricRequestsPer10k;
    const counts = kmsRequestCounts({ ...kms, bucketKey: true });
    const [line] = estimateKmsRequests(kms, ctx.prices);
    const data = {
      requests: formatCount(counts.withoutBucketKey),
      monthly: formatUsd(kmsRequestCost(counts.withoutBucketKey, price)),
      bucketKeyRequests: `${formatCount(counts.low)}–${formatCount(counts.high)}`,
      bucketKeyMonthly: formatUsdRange(kmsRequestCost(counts.low, price), kmsRequestCost(counts.high, price)),
      basis: kms.volumeNote,
    };
    const evidence = { costLine: line, requestsWithoutBucketKey: counts.withoutBucketKey, bucketKeyRange: [counts.low, counts.high], basis: kms.basis };
    if (kms.bucketKey) return pass('enabled', data, evidence);
    const saving = bucketKeySaving(kms, ctx.prices)!;
    return fail('disabled', { ...data, saving: formatUsdRange(saving.monthlyLow, saving.monthlyHigh) }, { ...evidence, saving });
  },
});
