/**
 * CloudWatch metrics in moto are read back into the inventory the cost estimate uses. moto
 * publishes the daily storage metrics of its own buckets (StandardStorage, NumberOfObjects) from
 * their real contents, as AWS does; the test publishes the rest (an IA class, request metrics).
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { BucketUsage } from '@envelope/core';
import { describe, expect, inject, it } from 'vitest';
import { REGION, STAGE_BUCKET } from './architecture.js';
import { runScenario } from './scenario.js';

const endpoint = inject('motoEndpoint');
const GiB = 1024 ** 3;

async function publish(): Promise<void> {
  const cw = new CloudWatchClient({ region: REGION, endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const yesterday = new Date(Date.now() - 86_400_000);
  const dims = (extra: { Name: string; Value: string }) => [{ Name: 'BucketName', Value: STAGE_BUCKET }, extra];
  await cw.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/S3',
      MetricData: [
        { MetricName: 'BucketSizeBytes', Dimensions: dims({ Name: 'StorageType', Value: 'StandardIAStorage' }), Timestamp: yesterday, Value: 60 * GiB, Unit: 'Bytes' },
        { MetricName: 'GetRequests', Dimensions: dims({ Name: 'FilterId', Value: 'EntireBucket' }), Timestamp: yesterday, Value: 3_000, Unit: 'Count' },
        { MetricName: 'PutRequests', Dimensions: dims({ Name: 'FilterId', Value: 'EntireBucket' }), Timestamp: yesterday, Value: 1_000, Unit: 'Count' },
      ],
    }),
  );
  cw.destroy();
}

describe('moto: CloudWatch usage', () => {
  it('reads back storage, object and request metrics', async () => {
    const r = await runScenario(endpoint, [], { beforeScan: publish });
    const usage = r.inventory.buckets.find((b) => b.name === STAGE_BUCKET)!.usage;
    expect(usage.state).toBe('present');
    const value = (usage as { value: BucketUsage }).value;
    expect(value.storageBytes.StandardIAStorage).toBe(60 * GiB);
    expect(value.storageBytes.StandardStorage).toBeGreaterThan(0); // moto's own: the one data object
    expect(value.objectCount).toBe(1);
    // One day of request sums, scaled to a 30-day month.
    expect(value.requests).toEqual({ get: 90_000, put: 30_000, filterId: 'EntireBucket', days: 1 });
    expect(r.apiCalls['cloudwatch:GetMetricData']).toBe(2); // one per Region with buckets
  });

  it('without request metrics there are no measured requests, and --no-cost makes no CloudWatch call', async () => {
    const withCost = await runScenario(endpoint);
    const usage = withCost.inventory.buckets.find((b) => b.name === STAGE_BUCKET)!.usage as { value: { requests?: unknown } };
    expect(usage.value.requests).toBeUndefined();
    const noCost = await runScenario(endpoint, [], { cost: false });
    expect(Object.keys(noCost.apiCalls).filter((op) => op.startsWith('cloudwatch:'))).toEqual([]);
    expect(noCost.inventory.buckets.every((b) => b.usage.state === 'unknown')).toBe(true);
  });
});
