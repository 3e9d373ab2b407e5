import { describe, expect, test } from 'vitest';
import { withDemoAccount, demoFixture } from '../../demo/index.js';
import type { DemoBucket } from '../../demo/fixture-model.js';
import { AwsClients } from './clients.js';
import { createLimit } from './limit.js';
import { QUERIES_PER_CALL, readBucketUsage } from './cloudwatch.js';

/** `n` buckets that each publish two series (STANDARD bytes and the object count). */
function fleet(n: number): DemoBucket[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `cw-${String(i).padStart(4, '0')}`,
    region: 'eu-west-1',
    creationDate: '2025-01-01T00:00:00.000Z',
    tags: {},
    objects: [],
    metrics: { storageBytes: { StandardStorage: (i + 1) * 1_000 }, objectCount: i + 1 },
  }));
}

async function usageOf(buckets: DemoBucket[]) {
  return withDemoAccount(
    async ({ region, credentials }) => {
      const clients = new AwsClients({ defaultRegion: region, credentials, maxAttempts: 1 });
      try {
        const usage = await readBucketUsage(clients, createLimit(8), region, buckets.map((b) => b.name), new Date('2026-12-01T00:00:00Z'));
        return { usage, calls: clients.stats.byOperation() };
      } finally {
        clients.destroy();
      }
    },
    { fixture: { ...demoFixture, buckets } },
  );
}

describe('CloudWatch usage reads', () => {
  test.each([
    [1, 1],
    [250, 1], // 500 series: exactly one call
    [251, 2], // 502 series: two
    [600, 3], // 1,200 series: three
  ])('%i buckets (2 series each) take %i GetMetricData call(s), one ListMetrics', async (n, expected) => {
    const { usage, calls } = await usageOf(fleet(n));
    expect(calls['cloudwatch:GetMetricData']).toBe(expected);
    expect(expected).toBe(Math.ceil((2 * n) / QUERIES_PER_CALL));
    expect(calls['cloudwatch:ListMetrics']).toBe(1);
    const last = usage.get(`cw-${String(n - 1).padStart(4, '0')}`)!;
    expect(last).toEqual({ state: 'present', value: { storageBytes: { StandardStorage: n * 1_000 }, objectCount: n } });
  });

  test('a bucket with no metrics is absent, not unknown', async () => {
    const quiet = { ...fleet(1)[0]!, name: 'cw-quiet', metrics: undefined };
    const { usage } = await usageOf([...fleet(1), quiet]);
    expect(usage.get('cw-quiet')?.state).toBe('absent');
  });
});
