import { describe, expect, it } from 'vitest';
import type { AclGrant } from '../../model/inventory.js';
import { absent, present, unknown } from '../../model/observed.js';
import { bucketPolicy, inventoryWith, makeBucket, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const owner: AclGrant = { granteeType: 'CanonicalUser', granteeId: 'abc123', permission: 'FULL_CONTROL' };
const publicRead: AclGrant = { granteeType: 'Group', granteeUri: ALL_USERS, permission: 'READ' };
const authWrite: AclGrant = { granteeType: 'Group', granteeUri: AUTH_USERS, permission: 'WRITE' };
// ACLs in effect: the collector reads the ACL only when ownership is not BucketOwnerEnforced.
const aclsOn = (...grants: AclGrant[]) => ({ ownershipControls: present('BucketOwnerPreferred'), acl: present(grants) });
const noPolicy = { policy: absent(), policyStatus: absent('no bucket policy') };

const cases = [
  { name: 'policy not public, ACLs disabled', bucket: makeBucket(), status: 'pass' },
  { name: 'no policy, ACLs disabled', bucket: makeBucket(noPolicy), status: 'pass' },
  { name: 'no policy, ACL with owner grant only', bucket: makeBucket({ ...noPolicy, ...aclsOn(owner) }), status: 'pass' },
  { name: 'BucketOwnerEnforced makes a stale public grant ineffective', bucket: makeBucket({ acl: present([publicRead]) }), status: 'pass' },
  { name: 'policy public', bucket: makeBucket({ policyStatus: present({ isPublic: true }) }), status: 'fail' },
  { name: 'ACL grants AllUsers READ', bucket: makeBucket(aclsOn(owner, publicRead)), status: 'fail' },
  { name: 'ACL grants AuthenticatedUsers WRITE', bucket: makeBucket(aclsOn(authWrite)), status: 'fail' },
  { name: 'policy public and ACL public', bucket: makeBucket({ policyStatus: present({ isPublic: true }), ...aclsOn(publicRead) }), status: 'fail' },
  { name: 'public policy fails even with the ACL unreadable', bucket: makeBucket({ policyStatus: present({ isPublic: true }), ownershipControls: absent(), acl: unknown('access denied') }), status: 'fail' },
  { name: 'public ACL fails even with the policy status unreadable', bucket: makeBucket({ policyStatus: unknown('access denied'), ...aclsOn(publicRead) }), status: 'fail' },
  { name: 'policy status unreadable', bucket: makeBucket({ policyStatus: unknown('access denied to s3:GetBucketPolicyStatus') }), status: 'unknown' },
  { name: 'ACL unreadable', bucket: makeBucket({ ownershipControls: present('ObjectWriter'), acl: unknown('access denied to s3:GetBucketAcl') }), status: 'unknown' },
  { name: 'policy unreadable and no status', bucket: makeBucket({ policy: unknown('access denied to s3:GetBucketPolicy'), policyStatus: absent() }), status: 'unknown' },
  { name: 'policy present but never evaluated', bucket: makeBucket({ policy: present(bucketPolicy()), policyStatus: absent() }), status: 'unknown' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ bucket, status }) => {
    expect(runRule(rule, inventoryWith('bucket', bucket)).status).toBe(status);
  });

  it('names the public grants and says when Block Public Access currently ignores them', () => {
    const f = runRule(rule, inventoryWith('bucket', makeBucket(aclsOn(owner, publicRead, authWrite))));
    expect(f.message).toBe(
      'The bucket ACL grants public groups access: AllUsers READ, AuthenticatedUsers WRITE. IgnorePublicAcls on the bucket currently makes S3 ignore these grants; remove them anyway.',
    );
  });

  it('says why a clean bucket passes', () => {
    expect(runRule(rule, inventoryWith('bucket', makeBucket(noPolicy))).message).toBe(
      'The bucket is not public: there is no bucket policy, and ACLs are disabled (BucketOwnerEnforced).',
    );
  });

  it('carries the reason when it cannot see', () => {
    const f = runRule(rule, inventoryWith('bucket', makeBucket({ ownershipControls: absent(), acl: unknown('access denied to s3:GetBucketAcl') })));
    expect(f.message).toContain('bucket ACL: access denied to s3:GetBucketAcl');
  });
});
