import { defineRule, fail, pass, unknown } from '../define-rule.js';

/** What S3 SSE-KMS with a rotating, policy-controlled key needs. DescribeKey field → expected value. */
const EXPECTED = [
  ['keyManager', 'KeyManager', 'CUSTOMER'],
  ['keySpec', 'KeySpec', 'SYMMETRIC_DEFAULT'],
  ['keyUsage', 'KeyUsage', 'ENCRYPT_DECRYPT'],
  ['origin', 'Origin', 'AWS_KMS'],
] as const;

export default defineRule({
  id: 'kms-key-type',
  title: 'The key is a customer-managed symmetric encryption key with KMS-generated material',
  severity: 'medium',
  resourceType: 'key',
  packs: ['snowflake-s3-kms'],
  description:
    'S3 encrypts only with symmetric keys; only a customer-managed key has a key policy, rotation period and deletion guard you control; only KMS-generated material (origin AWS_KMS) rotates automatically.',
  messages: {
    ok: 'Customer-managed SYMMETRIC_DEFAULT ENCRYPT_DECRYPT key with origin AWS_KMS.',
    awsManaged: 'The key is AWS managed, not customer managed, yet {{referencedBy}} uses it: its key policy and rotation are not yours to set ({{deviations}}).',
    deviates: 'The key is not what SSE-KMS under a customer-managed key needs: {{deviations}}.',
  },
  remediation:
    'Create a customer-managed key (aws kms create-key --key-spec SYMMETRIC_DEFAULT --key-usage ENCRYPT_DECRYPT --origin AWS_KMS, or aws_kms_key in Terraform), point the bucket’s default encryption (KMSMasterKeyID = the key ARN) and the profile alias at it, and re-encrypt existing objects (S3 Batch Operations copy). Key type, usage and origin cannot be changed on an existing key.',
  check(key) {
    const md = key.metadata;
    if (md.state === 'unknown') return unknown(md.reason);
    if (md.state === 'absent') return unknown('the key does not exist (kms-key-enabled reports it)');
    const deviations = EXPECTED.filter(([field, , want]) => md.value[field] !== want).map(
      ([field, name, want]) => `${name} is ${md.value[field]} (expected ${want})`,
    );
    if (deviations.length === 0) return pass('ok');
    const data = { deviations: deviations.join('; '), referencedBy: key.referencedBy.join(', ') || 'the scan' };
    const evidence = Object.fromEntries(EXPECTED.map(([field, name]) => [name, md.value[field]]));
    return fail(md.value.keyManager === 'CUSTOMER' ? 'deviates' : 'awsManaged', data, evidence);
  },
});
