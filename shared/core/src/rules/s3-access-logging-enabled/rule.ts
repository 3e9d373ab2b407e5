import { defineRule, fail, notApplicable, pass, unknown } from '../define-rule.js';
import { regionGap } from '../membership.js';

export default defineRule({
  id: 's3-access-logging-enabled',
  title: 'Server access logging is on, to another bucket in the same Region',
  severity: 'medium',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['S3.9'], prowler: ['s3_bucket_server_access_logging_enabled'], checkov: ['CKV_AWS_18'] },
  description:
    'Server access logs record every request to the bucket, including the ones CloudTrail data events leave out when they are off. The target must be a different bucket (logging to itself loops), in the same Region, and must exist.',
  messages: {
    enabled: 'Server access logs go to {{target}} (prefix "{{prefix}}") in {{region}}.',
    off: 'Server access logging is off.',
    selfTarget: 'Server access logs are written to the bucket itself: each log delivery is a request that is logged again.',
    otherRegion: 'Server access logs target {{target}} in {{targetRegion}}, but the bucket is in {{region}}; S3 delivers logs only to a bucket in the same Region.',
  },
  remediation:
    'aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status \'{"LoggingEnabled":{"TargetBucket":"BUCKET-logs","TargetPrefix":"access/"}}\' with a log bucket in the same Region whose policy lets logging.s3.amazonaws.com PutObject (Terraform: aws_s3_bucket_logging).',
  check(bucket, { lookups, profile }) {
    const logging = bucket.logging;
    if (logging.state === 'unknown') return unknown(logging.reason);
    if (logging.state === 'absent')
      return profile.s3.requireAccessLogging ? fail('off') : notApplicable('the profile does not require server access logging (s3.requireAccessLogging: false)');
    const { targetBucket: target, targetPrefix } = logging.value;
    const evidence = { targetBucket: target, targetPrefix: targetPrefix ?? '' };
    if (target === bucket.name) return fail('selfTarget', { target }, evidence);
    const scanned = lookups.bucketByName(target);
    if (scanned.state === 'unknown') return unknown(`target bucket ${target} may not have been scanned (${scanned.reason}), so its existence and Region are not known`, evidence);
    // Not in the inventory means not scanned (other account, out of scope, or gone): we cannot say it exists.
    if (scanned.state === 'not-found') return unknown(`target bucket ${target} was not scanned, so its existence and Region are not known`, evidence);
    const found = scanned.value;
    const gap = regionGap(bucket) ?? regionGap(found);
    if (gap) return unknown(gap, evidence);
    if (found.region !== bucket.region)
      return fail('otherRegion', { target, targetRegion: found.region, region: bucket.region }, { ...evidence, targetRegion: found.region });
    return pass('enabled', { target, prefix: targetPrefix ?? '', region: found.region }, { ...evidence, targetAccount: found.account });
  },
});
