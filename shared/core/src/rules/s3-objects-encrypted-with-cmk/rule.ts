import { isSseKms } from '../../model/encryption.js';
import type { ObjectHead } from '../../model/inventory.js';
import { defineRule, fail, notApplicable, pass, unknown } from '../define-rule.js';
import { regionGap } from '../membership.js';
import { profileKeyUnknown } from '../profile-values.js';

const MAX_NAMED = 5;

export const PLAN_HAS_NO_OBJECTS = 'a Terraform plan holds no objects: the object sample is read from the account (envelope scan)';

/** Why an object is not SSE-KMS, or undefined when it is. */
function notKms(o: ObjectHead): string | undefined {
  if (!o.sse) return 'no server-side encryption';
  if (o.sse === 'AES256') return 'SSE-S3, AES256';
  if (!isSseKms(o.sse)) return o.sse;
  return o.kmsKeyId ? undefined : `${o.sse} with no key id`;
}

// A long sample should not make a message unreadable; the evidence keeps the full list.
function named(items: string[]): string {
  const shown = items.slice(0, MAX_NAMED).join(', ');
  return items.length > MAX_NAMED ? `${shown} and ${items.length - MAX_NAMED} more` : shown;
}

export default defineRule({
  id: 's3-objects-encrypted-with-cmk',
  title: 'Sampled S3 objects are encrypted with the profile’s customer-managed key',
  severity: 'high',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  description:
    'Default encryption applies only to objects written after it is set. A bounded HeadObject sample (profile s3.objectSampleSize) checks that existing objects are SSE-KMS under the profile key, which finds objects written before default encryption was changed, or by writers that chose their own encryption.',
  messages: {
    allCmk: 'All {{sampled}} sampled objects are SSE-KMS with the profile key {{expected}}.',
    notKms: '{{count}} of {{sampled}} sampled objects are not SSE-KMS: {{objects}}. Objects written before default encryption was set to the CMK keep their old encryption.',
    wrongKey: '{{count}} of {{sampled}} sampled objects are SSE-KMS under a key other than the profile key {{expected}}: {{objects}}.',
  },
  remediation:
    'Re-encrypt the objects in place with the profile key: aws s3 cp s3://BUCKET/KEY s3://BUCKET/KEY --sse aws:kms --sse-kms-key-id KEY_ARN (add --recursive for a prefix; for many objects use S3 Batch Operations with a Copy job). With versioning on, the old version stays until the noncurrent-version lifecycle rule expires it.',
  check(bucket, ctx) {
    // Objects exist only in the account: a plan decides nothing here (scan the account for it).
    if (ctx.inventory.source.kind === 'terraform-plan') return notApplicable(PLAN_HAS_NO_OBJECTS);
    const sample = bucket.objectSample;
    if (sample.state === 'unknown') return unknown(sample.reason);
    // An empty sample proves nothing about encryption, so it must not pass.
    if (sample.state === 'absent' || sample.value.length === 0) return notApplicable('bucket has no objects');
    const objects = sample.value;
    const sampled = objects.length;
    const evidence: Record<string, unknown> = { objects: objects.map(({ key, sse, kmsKeyId }) => ({ key, sse: sse ?? null, kmsKeyId: kmsKeyId ?? null })) };

    // Objects that are not SSE-KMS fail whatever the profile key is.
    const plain = objects.flatMap((o) => {
      const why = notKms(o);
      return why ? [`${o.key} (${why})`] : [];
    });
    if (plain.length > 0) return fail('notKms', { count: plain.length, sampled, objects: named(plain) }, evidence);

    // Which key the profile expects depends on the bucket's Region.
    const gap = regionGap(bucket);
    if (gap) return unknown(gap, evidence);
    const expected = ctx.lookups.profileKeyArn(bucket.region, bucket.name);
    // A profile key that does not resolve is the profile's problem, reported once by profile-values-resolve.
    if (expected.state !== 'resolved') return unknown(profileKeyUnknown(expected), evidence);
    evidence.expectedKeyArn = expected.arn;

    const wrong = objects.filter((o) => o.kmsKeyId !== expected.arn).map((o) => `${o.key} (${o.kmsKeyId})`);
    if (wrong.length > 0) return fail('wrongKey', { count: wrong.length, sampled, objects: named(wrong), expected: expected.arn }, evidence);
    return pass('allCmk', { sampled, expected: expected.arn }, evidence);
  },
});
