/**
 * The bench endpoint (bench/scale.ts): its limiter, and one answer per service read by the real
 * SDK clients through the endpoint override, as the scanner reads them. Loopback only.
 */
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { AwsClients } from '@envelope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixture, STAGE_KEY_ARN, EVENTS_KEY_ARN } from '../../../shared/core/src/demo/index.js';
import { TokenBucket } from './rate-limit.js';
import { startLoopback, type LoopbackServer } from './server.js';
import { syntheticBucket } from './synthetic-account.js';

const credentials = async () => ({ accessKeyId: 'bench', secretAccessKey: 'bench' });
const REGION = 'eu-west-1';

describe('TokenBucket', () => {
  it('allows a second’s burst, then refills at the rate', () => {
    let t = 0;
    const b = new TokenBucket(10, () => t);
    const first = Array.from({ length: 12 }, () => b.take());
    expect(first.filter(Boolean)).toHaveLength(10);
    expect(b.take()).toBe(false);
    t = 250; // 2.5 tokens back
    expect([b.take(), b.take(), b.take()]).toEqual([true, true, false]);
    t = 10_000; // never more than one second's worth
    expect(Array.from({ length: 15 }, () => b.take()).filter(Boolean)).toHaveLength(10);
  });

  it('over a simulated minute lets through the rate, not more', () => {
    let t = 0;
    const b = new TokenBucket(50, () => t);
    let allowed = 0;
    for (; t < 60_000; t += 2) if (b.take()) allowed += 1; // 500 asks a second
    expect(allowed).toBeGreaterThanOrEqual(50 * 60);
    expect(allowed).toBeLessThanOrEqual(50 * 61);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucket(0)).toThrow(/positive/);
  });
});

describe('synthetic buckets', () => {
  it('are generated with their own name in their policy and log prefix, on two keys', () => {
    const b = syntheticBucket(7);
    expect(b.name).toBe('acme-stage-00007');
    expect(JSON.stringify(b.policy)).toContain('arn:aws:s3:::acme-stage-00007');
    expect(JSON.stringify(b.policy)).not.toMatch(/acme-(snowflake-stage|events-raw)/);
    expect(b.logging?.targetPrefix).toBe('acme-stage-00007/');
    expect(b.replication).toBeUndefined();
    expect([syntheticBucket(0).encryption?.kmsMasterKeyId, syntheticBucket(1).encryption?.kmsMasterKeyId]).toEqual([STAGE_KEY_ARN, EVENTS_KEY_ARN]);
  });
});

describe('loopback endpoint', () => {
  let server: LoopbackServer;
  let clients: AwsClients;
  beforeAll(async () => {
    server = await startLoopback({ buckets: 2_500 });
    clients = new AwsClients({ defaultRegion: REGION, endpoint: server.endpoint, credentials, maxAttempts: 1 });
  });
  afterAll(async () => {
    clients.destroy();
    await server.close();
  });

  it('S3: lists every bucket in pages, and reads a synthetic bucket’s encryption and policy', async () => {
    const s3 = clients.s3(REGION);
    const first = await s3.send(new ListBucketsCommand({ MaxBuckets: 1000 }));
    expect(first.Buckets).toHaveLength(1000);
    expect(first.ContinuationToken).toBeTruthy();
    let total = first.Buckets!.length;
    for (let token = first.ContinuationToken; token; ) {
      const page = await s3.send(new ListBucketsCommand({ MaxBuckets: 1000, ContinuationToken: token }));
      total += page.Buckets!.length;
      token = page.ContinuationToken;
    }
    expect(total).toBe(2_500 + demoFixture.buckets.length);
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'acme-stage-02499' }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: EVENTS_KEY_ARN });
    const policy = await s3.send(new GetBucketPolicyCommand({ Bucket: 'acme-stage-00010' }));
    expect(policy.Policy).toContain('arn:aws:s3:::acme-stage-00010/*');
    await expect(s3.send(new GetBucketEncryptionCommand({ Bucket: 'acme-stage-02500' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('KMS: DescribeKey of the stage key', async () => {
    const k = await clients.kms(REGION).send(new DescribeKeyCommand({ KeyId: STAGE_KEY_ARN }));
    expect(k.KeyMetadata?.Arn).toBe(STAGE_KEY_ARN);
    expect(k.KeyMetadata?.KeyManager).toBe('CUSTOMER');
  });

  it('IAM: GetRole; STS: GetCallerIdentity', async () => {
    const role = demoFixture.roles[0]!;
    const r = await clients.iam().send(new GetRoleCommand({ RoleName: role.name }));
    expect(r.Role?.RoleId).toBe(role.roleId);
    const me = await clients.sts().send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(demoFixture.account);
  });

  it('CloudTrail: DescribeTrails', async () => {
    const t = await clients.cloudtrail(REGION).send(new DescribeTrailsCommand({}));
    expect(t.trailList?.map((x) => x.Name)).toContain(demoFixture.trails[0]!.name);
  });

  it('CloudWatch: GetMetricData for a synthetic bucket’s object count', async () => {
    const end = new Date();
    const r = await clients.cloudwatch(REGION).send(
      new GetMetricDataCommand({
        StartTime: new Date(end.getTime() - 3 * 86_400_000),
        EndTime: end,
        MetricDataQueries: [
          {
            Id: 'q0',
            MetricStat: {
              Metric: { Namespace: 'AWS/S3', MetricName: 'NumberOfObjects', Dimensions: [{ Name: 'BucketName', Value: 'acme-stage-01234' }, { Name: 'StorageType', Value: 'AllStorageTypes' }] },
              Period: 86_400,
              Stat: 'Average',
            },
          },
        ],
      }),
    );
    expect(r.MetricDataResults?.[0]?.Values).toHaveLength(3);
    expect(r.MetricDataResults?.[0]?.Values?.[0]).toBe(syntheticBucket(1234).metrics!.objectCount);
  });

  it('tagging: GetResources pages over the synthetic buckets’ tags', async () => {
    const r = await clients.tagging(REGION).send(new GetResourcesCommand({ ResourceTypeFilters: ['s3:bucket'], TagFilters: [{ Key: 'team', Values: ['ingestion'] }] }));
    expect(r.ResourceTagMappingList).toHaveLength(100);
    expect(r.PaginationToken).toBeTruthy();
  });
});

describe('loopback endpoint under a rate limit', () => {
  it('answers above the limit with each service’s throttling error, which the SDK reads as throttling', async () => {
    let t = 0;
    const server = await startLoopback({ buckets: 10, ratePerSecond: 1, now: () => t });
    const clients = new AwsClients({ defaultRegion: REGION, endpoint: server.endpoint, credentials, maxAttempts: 1 });
    try {
      await clients.sts().send(new GetCallerIdentityCommand({})); // the one token
      const errors = await Promise.all([
        clients.s3(REGION).send(new GetBucketEncryptionCommand({ Bucket: 'acme-stage-00001' })).catch((e: unknown) => e),
        clients.kms(REGION).send(new DescribeKeyCommand({ KeyId: STAGE_KEY_ARN })).catch((e: unknown) => e),
        clients.iam().send(new GetRoleCommand({ RoleName: demoFixture.roles[0]!.name })).catch((e: unknown) => e),
        clients.cloudtrail(REGION).send(new DescribeTrailsCommand({})).catch((e: unknown) => e),
      ]);
      expect(errors.map((e) => (e as { name?: string }).name)).toEqual(['SlowDown', 'ThrottlingException', 'Throttling', 'ThrottlingException']);
      expect(errors.map((e) => (e as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode)).toEqual([503, 400, 400, 400]);
      expect(server.counters.throttled).toBe(4);
      t = 1_000; // a token back
      const k = await clients.kms(REGION).send(new DescribeKeyCommand({ KeyId: STAGE_KEY_ARN }));
      expect(k.KeyMetadata?.Arn).toBe(STAGE_KEY_ARN);
    } finally {
      clients.destroy();
      await server.close();
    }
  });

  it('a throttled call is retried by the SDK and read once tokens come back', async () => {
    const server = await startLoopback({ buckets: 10, ratePerSecond: 4 });
    const clients = new AwsClients({ defaultRegion: REGION, endpoint: server.endpoint, credentials });
    try {
      const keys = await Promise.all(Array.from({ length: 6 }, () => clients.kms(REGION).send(new DescribeKeyCommand({ KeyId: STAGE_KEY_ARN }))));
      expect(keys.every((k) => k.KeyMetadata?.Arn === STAGE_KEY_ARN)).toBe(true);
      expect(server.counters.throttled).toBeGreaterThanOrEqual(2);
      expect(clients.stats.totalAttempts()).toBe(6 + server.counters.throttled);
    } finally {
      clients.destroy();
      await server.close();
    }
  });
});
