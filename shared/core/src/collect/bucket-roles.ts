/**
 * Why each scanned bucket is in the report: a stage bucket of the architecture, a support bucket
 * (listed in the profile, a server access log target, a CloudTrail log bucket), or undetermined
 * when a read that could have made it a support bucket failed. Pure: the collector assigns the
 * result, and the monotonicity property test re-derives it from an inventory with a read removed.
 */
import picomatch from 'picomatch';
import type { BucketInventory, BucketRole, TrailInventory } from '../model/inventory.js';
import type { Observed } from '../model/observed.js';
import type { PolicyDocument } from '../model/policy-document.js';
import { coversAction, principalsOf } from '../policy/statements.js';
import type { Profile } from '../profile/schema.js';

const LOG_DELIVERY_GROUP = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

/** Whether a bucket policy may let `service` write objects (an Allow naming it, everyone, or NotPrincipal); unknown counts as may. */
function policyMayLet(policy: Observed<PolicyDocument>, service: string): boolean {
  if (policy.state === 'unknown') return true;
  if (policy.state === 'absent') return false;
  return policy.value.Statement.some((s) => {
    if (s.Effect !== 'Allow' || !coversAction(s, 's3:PutObject')) return false;
    if (s.NotPrincipal !== undefined) return true;
    const p = principalsOf(s.Principal);
    return p.everyone || p.service.includes(service);
  });
}

/**
 * Whether S3 can deliver server access logs into the bucket: the logging service must be allowed to
 * write, by the bucket policy or (ACLs enabled) a WRITE grant to the LogDelivery group. S3 checks
 * this when logging is configured; a bucket that grants neither is nobody's log target.
 */
function mayReceiveAccessLogs(b: BucketInventory): boolean {
  if (policyMayLet(b.policy, 'logging.s3.amazonaws.com')) return true;
  const enforced = b.ownershipControls.state === 'present' && b.ownershipControls.value === 'BucketOwnerEnforced';
  if (enforced) return false;
  if (b.acl.state !== 'present') return b.acl.state === 'unknown';
  return b.acl.value.some((g) => g.granteeUri === LOG_DELIVERY_GROUP && (g.permission === 'WRITE' || g.permission === 'FULL_CONTROL'));
}

/** CloudTrail refuses a trail whose bucket policy does not let cloudtrail.amazonaws.com write (InsufficientS3BucketPolicyException). */
const mayReceiveTrailLogs = (b: BucketInventory): boolean => policyMayLet(b.policy, 'cloudtrail.amazonaws.com');

/** S3 delivers access logs only to a bucket in the source bucket's Region. */
const sameRegionPossible = (a: BucketInventory, b: BucketInventory): boolean => a.regionUnknown !== undefined || b.regionUnknown !== undefined || a.region === b.region;

export interface TrailsRead {
  trails: TrailInventory[];
  /** The trail list as read; undefined when trails were not read. */
  trailList?: Observed<string[]> | undefined;
}

/** The role of every bucket, by name. */
export function bucketRolesOf(buckets: BucketInventory[], profile: Profile, trailsRead: TrailsRead): Map<string, BucketRole> {
  const roles = new Map<string, BucketRole>(buckets.map((b) => [b.name, { kind: 'architecture' }]));
  const byName = new Map(buckets.map((b) => [b.name, b]));
  const isArchitecture = (name: string) => roles.get(name)?.kind === 'architecture';

  const listed = profile.scope.supportBucketNames.length ? picomatch(profile.scope.supportBucketNames) : () => false;
  for (const b of buckets) if (listed(b.name)) roles.set(b.name, { kind: 'support', why: 'listed in the profile as a support bucket (scope.supportBucketNames)' });
  for (const b of buckets) {
    if (b.logging.state !== 'present') continue;
    const target = byName.get(b.logging.value.targetBucket);
    if (target && target !== b && isArchitecture(target.name)) roles.set(target.name, { kind: 'support', why: `server access log target of ${b.name}` });
  }
  for (const t of trailsRead.trails) {
    const target = t.s3BucketName ? byName.get(t.s3BucketName) : undefined;
    if (target && isArchitecture(target.name)) roles.set(target.name, { kind: 'support', why: `CloudTrail log bucket of ${t.name}` });
  }

  // What could still make a bucket a support bucket: another bucket's unread logging target, or a
  // trail the scan could not list.
  const unreadLogging = buckets.filter((b) => b.logging.state === 'unknown');
  const trailList = trailsRead.trailList;
  const trailsUnread = trailList === undefined ? 'the trail list was not read' : trailList.state === 'unknown' ? `the trail list could not be read (${trailList.reason})` : undefined;
  for (const b of buckets) {
    if (!isArchitecture(b.name)) continue;
    const reasons: string[] = [];
    if (mayReceiveAccessLogs(b)) {
      for (const source of unreadLogging) {
        if (source === b || !sameRegionPossible(source, b)) continue;
        const reason = source.logging.state === 'unknown' ? source.logging.reason : '';
        reasons.push(`the access logging of ${source.name} could not be read (${reason}), and it may deliver its logs here`);
      }
    }
    if (trailsUnread && mayReceiveTrailLogs(b)) reasons.push(`${trailsUnread}, and a trail may deliver its logs here`);
    // A trail whose bucket only apply will tell (a Terraform plan) may deliver here too.
    for (const t of trailsRead.trails) if (t.s3BucketNameUnknown && mayReceiveTrailLogs(b)) reasons.push(`the bucket of trail ${t.name} is not known (${t.s3BucketNameUnknown}), and it may be this one`);
    if (reasons.length > 0) roles.set(b.name, { kind: 'undetermined', reason: reasons.join('; ') });
  }
  return roles;
}
