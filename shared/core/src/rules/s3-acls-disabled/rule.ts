import { defineRule, fail, pass, unknown } from '../define-rule.js';

export default defineRule({
  id: 's3-acls-disabled',
  title: 'S3 ACLs are disabled (Object Ownership is BucketOwnerEnforced)',
  severity: 'medium',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['S3.12'], prowler: ['s3_bucket_acl_prohibited'], checkov: ['CKV2_AWS_65'] },
  // Account safety: applies to log targets and other support buckets too.
  supportBuckets: 'include',
  description:
    'With Object Ownership set to BucketOwnerEnforced, S3 ignores every bucket and object ACL and the bucket owner owns every object, so access is decided by policies alone. Any other setting, or no ownership controls (ObjectWriter behaviour), leaves ACLs in effect.',
  messages: {
    disabled: 'ACLs are disabled (ObjectOwnership = BucketOwnerEnforced).',
    enabled: 'ACLs are in effect: ObjectOwnership is {{ownership}}, not BucketOwnerEnforced.',
    noControls: 'The bucket has no ownership controls (OwnershipControlsNotFoundError), so ACLs are in effect and objects belong to the account that wrote them (ObjectWriter).',
  },
  remediation:
    'aws s3api put-bucket-ownership-controls --bucket BUCKET --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}] (Terraform: aws_s3_bucket_ownership_controls with rule { object_ownership = "BucketOwnerEnforced" }). It fails while the bucket ACL grants anyone other than the owner: reset it first with aws s3api put-bucket-acl --bucket BUCKET --acl private.',
  check(bucket) {
    const oc = bucket.ownershipControls;
    if (oc.state === 'unknown') return unknown(oc.reason);
    if (oc.state === 'absent') return fail('noControls', {}, { objectOwnership: null });
    return oc.value === 'BucketOwnerEnforced'
      ? pass('disabled', {}, { objectOwnership: oc.value })
      : fail('enabled', { ownership: oc.value }, { objectOwnership: oc.value });
  },
});
