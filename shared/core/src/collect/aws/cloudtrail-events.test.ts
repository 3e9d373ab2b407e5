import { describe, expect, it } from 'vitest';
import { changeSetOf, type ChangeEvent } from './cloudtrail-events.js';

const event = (source: string, name: string, names: Partial<Pick<ChangeEvent, 'buckets' | 'keys' | 'roles'>> = {}, region = 'eu-west-1'): ChangeEvent => ({
  time: '2026-12-06T10:00:00.000Z',
  region,
  source: `${source}.amazonaws.com`,
  name,
  buckets: [],
  keys: [],
  roles: [],
  ...names,
});

describe('changeSetOf: which events re-read what', () => {
  it.each([
    [event('s3', 'PutBucketPolicy', { buckets: ['a'] }), { buckets: ['a'] }],
    [event('s3', 'DeleteBucketEncryption', { buckets: ['a'] }), { buckets: ['a'] }],
    [event('s3', 'CreateBucket', { buckets: ['new'] }), { buckets: ['new'] }],
    [event('s3', 'PutObject', { buckets: ['a'] }), {}],
    [event('kms', 'PutKeyPolicy', { keys: ['arn:aws:kms:eu-west-1:1:key/k'] }), { keys: ['arn:aws:kms:eu-west-1:1:key/k'] }],
    // A key id alone is qualified by the Region the event was recorded in.
    [event('kms', 'DisableKeyRotation', { keys: ['k'] }, 'eu-west-2'), { keys: ['eu-west-2:k'] }],
    [event('kms', 'Decrypt', { keys: ['k'] }), {}],
    [event('iam', 'PutRolePolicy', { roles: ['r'] }), { roles: ['r'] }],
    [event('iam', 'AttachRolePolicy', { roles: ['r'] }), { roles: ['r'] }],
    [event('iam', 'CreateUser'), {}],
  ])('%o → %o', (e, expected) => {
    const set = changeSetOf([e]);
    expect({ buckets: [...set.buckets], keys: [...set.keys], roles: [...set.roles] }).toEqual({ buckets: [], keys: [], roles: [], ...expected });
    expect(set.fullScan).toBeUndefined();
  });

  it.each([
    ['kms', 'UpdateAlias'],
    ['kms', 'CreateKey'],
    ['cloudtrail', 'PutEventSelectors'],
    ['cloudtrail', 'StopLogging'],
    ['iam', 'CreatePolicyVersion'],
    ['s3', 'PutAccountPublicAccessBlock'],
  ])('%s:%s can change every bucket → a full scan, saying which event', (source, name) => {
    const set = changeSetOf([event('s3', 'PutBucketPolicy', { buckets: ['a'] }), event(source, name)]);
    expect(set.fullScan).toBe(`${source}:${name} at 2026-12-06T10:00:00.000Z (in eu-west-1) can change findings of every bucket`);
  });
});
