import { defineRule, pass, unknown } from '../define-rule.js';

/**
 * Information only, by design: MFA delete cannot be used with a lifecycle configuration, which
 * this architecture requires, so failing on it (as Prowler's s3_bucket_no_mfa_delete does) would
 * flag every compliant bucket.
 */
export default defineRule({
  id: 's3-mfa-delete',
  title: 'S3 MFA delete state (information only)',
  severity: 'info',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  description:
    'Reports whether MFA delete is on. It never fails: MFA delete cannot coexist with a lifecycle configuration, and the architecture needs lifecycle rules for tiering and noncurrent-version expiration.',
  messages: {
    off: 'MFA delete is {{mfaDelete}} (information only; versioning is {{versioning}}). It cannot coexist with a lifecycle configuration, which this architecture requires, so it is not expected.',
    on: 'MFA delete is Enabled (information only). It cannot coexist with a lifecycle configuration, so the architecture’s lifecycle rules (s3-lifecycle-matches-architecture) cannot be applied while it stays on.',
  },
  remediation:
    'Nothing to fix. To protect versions without MFA delete, restrict s3:DeleteObjectVersion and s3:PutBucketVersioning in the bucket policy, or use S3 Object Lock. To turn MFA delete off (root credentials and MFA required): aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled,MFADelete=Disabled --mfa "SERIAL CODE".',
  check(bucket) {
    const v = bucket.versioning;
    if (v.state === 'unknown') return unknown(v.reason);
    const versioning = v.state === 'present' ? v.value.status : 'Never';
    const mfaDelete = v.state === 'present' ? v.value.mfaDelete : 'Never';
    const evidence = { mfaDelete, versioning };
    if (mfaDelete === 'Enabled') return pass('on', {}, evidence);
    return pass('off', { mfaDelete: mfaDelete === 'Never' ? 'not configured' : 'Disabled', versioning }, evidence);
  },
});
