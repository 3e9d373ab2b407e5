import { isSseKms, supportsBucketKey } from '../../model/encryption.js';
import { defineRule, fail, notApplicable, pass, unknown } from '../define-rule.js';

export default defineRule({
  id: 's3-bucket-key-enabled',
  title: 'S3 Bucket Key is enabled on the SSE-KMS default encryption rule',
  severity: 'medium',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  description:
    'With a Bucket Key, S3 asks KMS for a bucket-level data key and derives object keys from it, cutting KMS requests (and their cost and quota use) by up to 99 %.',
  messages: {
    enabled: 'Bucket Key is enabled on the {{algorithm}} default encryption rule.',
    disabled: 'Default encryption is {{algorithm}} but Bucket Key is off: every object write and read is a KMS request.',
  },
  remediation:
    'Set BucketKeyEnabled: true on the default encryption rule (aws s3api put-bucket-encryption, or bucket_key_enabled = true in Terraform). It applies to objects written after the change. On a replication destination, first let the replica key policy allow the replication role kms:Decrypt beside kms:Encrypt: AWS requires it with a Bucket Key, and replication fails without it (kms-replica-policy-parity).',
  check(bucket) {
    const enc = bucket.encryption;
    if (enc.state === 'unknown') return unknown(enc.reason);
    const kmsRule = enc.state === 'present' ? enc.value.find((r) => isSseKms(r.sseAlgorithm)) : undefined;
    if (!kmsRule) return notApplicable('default encryption is not SSE-KMS (s3-default-encryption-cmk reports that)');
    if (!supportsBucketKey(kmsRule.sseAlgorithm)) return notApplicable(`${kmsRule.sseAlgorithm} (DSSE-KMS) does not support S3 Bucket Keys`);
    return kmsRule.bucketKeyEnabled
      ? pass('enabled', { algorithm: kmsRule.sseAlgorithm })
      : fail('disabled', { algorithm: kmsRule.sseAlgorithm }, { bucketKeyEnabled: false });
  },
});
