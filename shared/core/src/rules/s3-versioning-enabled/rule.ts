import { defineRule, fail, pass, unknown } from '../define-rule.js';

export default defineRule({
  id: 's3-versioning-enabled',
  title: 'S3 bucket versioning is enabled',
  severity: 'medium',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['S3.14'], prowler: ['s3_bucket_object_versioning'], checkov: ['CKV_AWS_21'] },
  // Account safety: applies to log targets and other support buckets too.
  supportBuckets: 'include',
  description:
    'Versioning keeps every overwritten or deleted object as a noncurrent version, so a bad unload or a deletion can be undone; the architecture’s noncurrent-version lifecycle rule and cross-Region replication both need it. Suspended or never-enabled versioning fails.',
  messages: {
    enabled: 'Versioning is Enabled.',
    suspended: 'Versioning is Suspended: new writes overwrite and deletes remove objects for good (earlier versions are kept, but new ones are not).',
    never: 'Versioning has never been enabled on this bucket: overwritten and deleted objects cannot be recovered.',
  },
  remediation:
    'aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled (Terraform: aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" }). Pair it with a noncurrent-version expiration lifecycle rule so old versions do not accumulate cost.',
  check(bucket) {
    const v = bucket.versioning;
    if (v.state === 'unknown') return unknown(v.reason);
    // GetBucketVersioning returns no Status for a bucket that was never versioned.
    const status = v.state === 'present' ? v.value.status : 'Never';
    if (status === 'Enabled') return pass('enabled', {}, { status });
    return fail(status === 'Suspended' ? 'suspended' : 'never', {}, { status });
  },
});
