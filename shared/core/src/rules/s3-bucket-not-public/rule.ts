import type { AclGrant, BucketInventory } from '../../model/inventory.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';

const PUBLIC_GROUPS = ['AllUsers', 'AuthenticatedUsers'];
const isPublicGrant = (g: AclGrant) => PUBLIC_GROUPS.some((group) => g.granteeUri?.endsWith(`/groups/global/${group}`) === true);

const enforced = (b: BucketInventory) => b.ownershipControls.state === 'present' && b.ownershipControls.value === 'BucketOwnerEnforced';

/** Public ACL grants that take effect: with BucketOwnerEnforced, S3 ignores every ACL. */
function publicGrants(bucket: BucketInventory): AclGrant[] | { reason: string } {
  if (enforced(bucket)) return [];
  const acl = bucket.acl;
  if (acl.state === 'unknown') return { reason: `bucket ACL: ${acl.reason}` };
  return acl.state === 'present' ? acl.value.filter(isPublicGrant) : [];
}

/** Whether S3's own evaluation calls the policy public; absent status means there is no policy. */
function policyPublic(bucket: BucketInventory): boolean | { reason: string } {
  const st = bucket.policyStatus;
  if (st.state === 'unknown') return { reason: `bucket policy status: ${st.reason}` };
  if (st.state === 'present') return st.value.isPublic;
  // A status is only absent for want of a policy; a policy S3 has not evaluated (a plan) or that
  // could not be read is not "no policy".
  const pol = bucket.policy;
  if (pol.state === 'absent') return false;
  return { reason: pol.state === 'unknown' ? `bucket policy: ${pol.reason}` : 'the bucket has a policy but its public status (s3:GetBucketPolicyStatus) was not evaluated' };
}

const describeGrants = (grants: AclGrant[]) =>
  grants.map((g) => `${g.granteeUri?.split('/').pop()} ${g.permission}`).join(', ');

function ignoredBy(bucket: BucketInventory, accountIgnores: boolean): string {
  const own = bucket.publicAccessBlock.state === 'present' && bucket.publicAccessBlock.value.ignorePublicAcls;
  if (own) return ' IgnorePublicAcls on the bucket currently makes S3 ignore these grants; remove them anyway.';
  return accountIgnores ? ' Account-level IgnorePublicAcls currently makes S3 ignore these grants; remove them anyway.' : '';
}

export default defineRule({
  id: 's3-bucket-not-public',
  title: 'S3 bucket is not public by bucket policy or ACL',
  severity: 'critical',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['S3.2', 'S3.3'], prowler: ['s3_bucket_public_access', 's3_bucket_policy_public_write_access', 's3_bucket_public_list_acl', 's3_bucket_public_write_acl'], checkov: ['CKV_AWS_20', 'CKV_AWS_57', 'CKV_AWS_70', 'CKV2_AWS_43'] },
  // Account safety: applies to log targets and other support buckets too.
  supportBuckets: 'include',
  description:
    'S3’s own evaluation of the bucket policy (s3:GetBucketPolicyStatus, IsPublic) must be false, and the bucket ACL must not grant anything to the AllUsers or AuthenticatedUsers groups. Any input that could not be read makes the result unknown, never a pass.',
  messages: {
    notPublic: 'The bucket is not public: {{policy}}, and {{acl}}.',
    policyPublic: 'S3 evaluates the bucket policy as public (GetBucketPolicyStatus IsPublic = true): a statement allows anonymous or any-account access without a restricting condition.',
    aclPublic: 'The bucket ACL grants public groups access: {{grants}}.{{ignored}}',
    bothPublic: 'The bucket is public twice over: S3 evaluates the bucket policy as public, and the ACL grants public groups access: {{grants}}.',
  },
  remediation:
    'Remove the public statement from the bucket policy (aws s3api put-bucket-policy / delete-bucket-policy) and the public ACL grants (aws s3api put-bucket-acl --bucket BUCKET --acl private), then disable ACLs: aws s3api put-bucket-ownership-controls --bucket BUCKET --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]. Terraform: drop the public statement from aws_s3_bucket_policy, and set object_ownership = "BucketOwnerEnforced" in aws_s3_bucket_ownership_controls.',
  check(bucket, { inventory }) {
    const policy = policyPublic(bucket);
    const grants = publicGrants(bucket);
    const evidence = { policyStatus: bucket.policyStatus, ownershipControls: bucket.ownershipControls, publicAclGrants: Array.isArray(grants) ? grants : 'unknown' };
    const grantsPublic = Array.isArray(grants) && grants.length > 0;
    // Known public evidence fails even when the other input is unknown.
    if (policy === true && grantsPublic) return fail('bothPublic', { grants: describeGrants(grants) }, evidence);
    if (policy === true) return fail('policyPublic', {}, evidence);
    if (grantsPublic) {
      const acct = inventory.account.publicAccessBlock;
      const ignored = ignoredBy(bucket, acct.state === 'present' && acct.value.ignorePublicAcls);
      return fail('aclPublic', { grants: describeGrants(grants), ignored }, evidence);
    }
    if (typeof policy !== 'boolean') return unknown(policy.reason, evidence);
    if (!Array.isArray(grants)) return unknown(grants.reason, evidence);
    const policyText = bucket.policyStatus.state === 'present' ? 'S3 evaluates the bucket policy as not public' : 'there is no bucket policy';
    const aclText = enforced(bucket) ? 'ACLs are disabled (BucketOwnerEnforced)' : bucket.acl.state === 'present' ? 'the ACL has no public grants' : 'the bucket has no ACL grants';
    return pass('notPublic', { policy: policyText, acl: aclText }, evidence);
  },
});
