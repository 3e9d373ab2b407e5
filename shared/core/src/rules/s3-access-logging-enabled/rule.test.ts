import { describe, expect, it } from 'vitest';
import { absent, present, unknown } from '../../model/observed.js';
import { BUCKET, inventoryWith, LOG_BUCKET, makeBucket, makeInventory, makeLogBucket, makeProfile, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const logsTo = (targetBucket: string) => makeBucket({ logging: present({ targetBucket, targetPrefix: 'access/' }) });
const inventoryWithoutLogBucket = makeInventory({ buckets: [makeBucket()] });
const logBucketElsewhere = makeInventory({ buckets: [makeBucket(), makeLogBucket({ region: 'us-east-1' })] });
const relaxed = makeProfile({ s3: { requireAccessLogging: false } });

const cases = [
  { name: 'logs to the log bucket in the same Region', bucket: makeBucket(), status: 'pass' },
  { name: 'logging off', bucket: makeBucket({ logging: absent() }), status: 'fail' },
  { name: 'logging off, profile does not require it', bucket: makeBucket({ logging: absent() }), profile: relaxed, status: 'not_applicable' },
  { name: 'logs to itself', bucket: logsTo(BUCKET), status: 'fail' },
  { name: 'logs to itself, even when not required', bucket: logsTo(BUCKET), profile: relaxed, status: 'fail' },
  { name: 'target in another Region', bucket: makeBucket(), base: logBucketElsewhere, status: 'fail' },
  { name: 'target not scanned', bucket: makeBucket(), base: inventoryWithoutLogBucket, status: 'unknown' },
  { name: 'logging config unreadable', bucket: makeBucket({ logging: unknown('access denied to s3:GetBucketLogging') }), status: 'unknown' },
] as const;

const run = (c: { bucket: ReturnType<typeof makeBucket>; base?: ReturnType<typeof makeInventory>; profile?: ReturnType<typeof makeProfile> }) =>
  runRule(rule, inventoryWith('bucket', c.bucket, c.base), { resource: BUCKET, ...(c.profile ? { profile: c.profile } : {}) });

describe(rule.id, () => {
  it.each(cases)('$name → $status', (c) => {
    expect(run(c).status).toBe(c.status);
  });

  it('never passes on a target it has not seen', () => {
    expect(run({ bucket: makeBucket(), base: inventoryWithoutLogBucket }).message).toBe(
      `Could not evaluate: target bucket ${LOG_BUCKET} was not scanned, so its existence and Region are not known`,
    );
  });

  it('names both Regions', () => {
    expect(run({ bucket: makeBucket(), base: logBucketElsewhere }).message).toContain(`target ${LOG_BUCKET} in us-east-1, but the bucket is in eu-west-1`);
  });

  it('does not judge the log bucket itself', () => {
    expect(runRule(rule, makeInventory(), { resource: LOG_BUCKET }).status).toBe('not_applicable');
  });
});
