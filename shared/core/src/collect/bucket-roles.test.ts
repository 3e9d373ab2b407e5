import { describe, expect, it } from 'vitest';
import type { BucketInventory } from '../model/inventory.js';
import { absent, present, unknown } from '../model/observed.js';
import { BUCKET, LOG_BUCKET, makeBucket, makeLogBucket, makeProfile, makeTrail, TRAIL_BUCKET } from '../testing/inventory-builders.js';
import { bucketRolesOf, type TrailsRead } from './bucket-roles.js';

const TRAILS_READ: TrailsRead = { trails: [], trailList: present([]) };
const loggingGrant = present({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow' as const, Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${LOG_BUCKET}/*` }],
});
const trailGrant = present({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow' as const, Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/*` }],
});
/** A log bucket S3 can deliver to (its policy grants the logging service). */
const logs = (overrides: Partial<BucketInventory> = {}) => makeLogBucket({ role: { kind: 'architecture' }, policy: loggingGrant, ...overrides });

function roles(buckets: BucketInventory[], trailsRead: TrailsRead = TRAILS_READ, profile = makeProfile()) {
  return Object.fromEntries([...bucketRolesOf(buckets, profile, trailsRead)].map(([name, role]) => [name, role.kind]));
}

describe('bucket roles', () => {
  it('a bucket another scanned bucket logs to is a support bucket; the rest are stage buckets', () => {
    expect(roles([makeBucket(), logs()])).toEqual({ [BUCKET]: 'architecture', [LOG_BUCKET]: 'support' });
  });

  it('a bucket a trail delivers to, or the profile lists, is a support bucket', () => {
    const trailBucket = makeBucket({ name: TRAIL_BUCKET, arn: `arn:aws:s3:::${TRAIL_BUCKET}`, policy: trailGrant });
    expect(roles([makeBucket(), trailBucket], { trails: [makeTrail()], trailList: present([makeTrail().arn]) })[TRAIL_BUCKET]).toBe('support');
    expect(roles([makeBucket()], TRAILS_READ, makeProfile({ scope: { bucketNames: ['*'], supportBucketNames: [BUCKET] } }))[BUCKET]).toBe('support');
  });

  describe('a read that could make a bucket a support bucket failed: undetermined', () => {
    const unread = makeBucket({ logging: unknown('access denied to s3:GetBucketLogging') });
    const cases = [
      { name: 'another bucket’s logging unread, the bucket grants the logging service', buckets: [unread, logs()], expected: 'undetermined' },
      { name: 'its policy unread', buckets: [unread, logs({ policy: unknown('denied') })], expected: 'undetermined' },
      { name: 'ACLs enabled, a LogDelivery WRITE grant', buckets: [unread, logs({ policy: absent(), ownershipControls: present('ObjectWriter'), acl: present([{ granteeType: 'Group', granteeUri: 'http://acs.amazonaws.com/groups/s3/LogDelivery', permission: 'WRITE' }]) })], expected: 'undetermined' },
      { name: 'its Region unknown', buckets: [unread, logs({ region: 'us-east-1', regionUnknown: 'denied' })], expected: 'undetermined' },
      // S3 delivers access logs only to a bucket in the same Region that lets the logging service write.
      { name: 'in another Region', buckets: [unread, logs({ region: 'us-east-1' })], expected: 'architecture' },
      { name: 'granting the logging service nothing (no policy, ACLs disabled)', buckets: [unread, logs({ policy: absent() })], expected: 'architecture' },
      { name: 'already a log target of a readable bucket', buckets: [unread, logs(), makeBucket({ name: 'other', arn: 'arn:aws:s3:::other', logging: present({ targetBucket: LOG_BUCKET }) })], expected: 'support' },
    ];
    it.each(cases)('$name → $expected', ({ buckets, expected }) => {
      expect(roles(buckets)[LOG_BUCKET]).toBe(expected);
    });

    it('the trail list unread: a bucket whose policy lets CloudTrail write is undetermined, one that does not stays a stage bucket', () => {
      const trailBucket = makeBucket({ name: TRAIL_BUCKET, arn: `arn:aws:s3:::${TRAIL_BUCKET}`, policy: trailGrant });
      const r = roles([makeBucket(), trailBucket], { trails: [], trailList: unknown('access denied to cloudtrail:DescribeTrails') });
      expect(r).toEqual({ [BUCKET]: 'architecture', [TRAIL_BUCKET]: 'undetermined' });
      expect(roles([makeBucket({ policy: unknown('denied') })], { trails: [], trailList: unknown('denied') })[BUCKET]).toBe('undetermined');
    });

    it('a trail whose bucket only apply will tell (a plan): a bucket CloudTrail may write to is undetermined', () => {
      const trailBucket = makeBucket({ name: TRAIL_BUCKET, arn: `arn:aws:s3:::${TRAIL_BUCKET}`, policy: trailGrant });
      const trail = makeTrail({ s3BucketName: undefined, s3BucketNameUnknown: 'aws_cloudtrail.t s3_bucket_name is known only after apply (from var.bucket)' });
      const r = bucketRolesOf([makeBucket(), trailBucket], makeProfile(), { trails: [trail], trailList: present([trail.arn]) });
      expect(r.get(BUCKET)).toEqual({ kind: 'architecture' });
      expect(r.get(TRAIL_BUCKET)).toEqual({
        kind: 'undetermined',
        reason: `the bucket of trail ${trail.name} is not known (aws_cloudtrail.t s3_bucket_name is known only after apply (from var.bucket)), and it may be this one`,
      });
    });

    it('says which read failed', () => {
      expect(bucketRolesOf([unread, logs()], makeProfile(), TRAILS_READ).get(LOG_BUCKET)).toEqual({
        kind: 'undetermined',
        reason: `the access logging of ${BUCKET} could not be read (access denied to s3:GetBucketLogging), and it may deliver its logs here`,
      });
    });
  });
});
