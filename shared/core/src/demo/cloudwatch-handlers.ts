/**
 * CloudWatch (awsJson1_0, X-Amz-Target GraniteServiceVersion20100801.*) on
 * monitoring.<region>.amazonaws.com: ListMetrics and GetMetricData over the S3 metrics the fixture's
 * buckets publish, one daily point per day.
 */
import type { HttpHandler } from 'msw';
import type { DemoFixture } from './fixture-model.js';
import { jsonService } from './kms-handlers.js';
import { jsonError, jsonResponse, type RequestIds } from './wire.js';

const HOST = /^monitoring\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/;
const DAY = 86_400;

interface Dim { Name: string; Value: string }
interface MetricRef { Namespace: string; MetricName: string; Dimensions: Dim[] }

export function cloudwatchHandlers(fixture: DemoFixture, ids: RequestIds): HttpHandler {
  const metricsIn = (region: string): MetricRef[] =>
    fixture.buckets
      .filter((b) => b.region === region && b.metrics)
      .flatMap((b) => {
        const m = b.metrics!;
        const dims = (extra: Dim) => [{ Name: 'BucketName', Value: b.name }, extra];
        return [
          ...Object.keys(m.storageBytes).map((t) => ({ Namespace: 'AWS/S3', MetricName: 'BucketSizeBytes', Dimensions: dims({ Name: 'StorageType', Value: t }) })),
          { Namespace: 'AWS/S3', MetricName: 'NumberOfObjects', Dimensions: dims({ Name: 'StorageType', Value: 'AllStorageTypes' }) },
          ...(m.requestsPerDay
            ? ['GetRequests', 'PutRequests'].map((n) => ({ Namespace: 'AWS/S3', MetricName: n, Dimensions: dims({ Name: 'FilterId', Value: 'EntireBucket' }) }))
            : []),
        ];
      });

  /** The daily value of one series, or undefined when the fixture has no such series. */
  const valueOf = (region: string, ref: MetricRef): number | undefined => {
    const dim = (n: string) => ref.Dimensions.find((d) => d.Name === n)?.Value;
    const bucket = fixture.buckets.find((b) => b.region === region && b.name === dim('BucketName'));
    const m = bucket?.metrics;
    if (!m || ref.Namespace !== 'AWS/S3') return undefined;
    if (ref.MetricName === 'BucketSizeBytes') return m.storageBytes[dim('StorageType') ?? ''];
    if (ref.MetricName === 'NumberOfObjects') return m.objectCount;
    if (ref.MetricName === 'GetRequests') return m.requestsPerDay?.get;
    if (ref.MetricName === 'PutRequests') return m.requestsPerDay?.put;
    return undefined;
  };

  return jsonService(
    HOST,
    'GraniteServiceVersion20100801',
    {
      ListMetrics: (body, region, requestId) => {
        const all = metricsIn(region).filter((m) => !body.Namespace || m.Namespace === body.Namespace);
        return jsonResponse({ Metrics: body.MetricName ? all.filter((m) => m.MetricName === body.MetricName) : all }, requestId);
      },
      GetMetricData: (body, region, requestId) => {
        const queries = (body.MetricDataQueries ?? []) as { Id: string; MetricStat?: { Metric: MetricRef } }[];
        if (queries.length > 500) return jsonError('ValidationError', 'The collection MetricDataQueries must not have a size greater than 500.', requestId);
        const end = Math.floor(Number(body.EndTime ?? Date.now() / 1000));
        const start = Math.floor(Number(body.StartTime ?? end - 30 * DAY));
        const days = Math.max(1, Math.floor((end - start) / DAY));
        const results = queries.map((q) => {
          const v = q.MetricStat ? valueOf(region, q.MetricStat.Metric) : undefined;
          const timestamps = v === undefined ? [] : Array.from({ length: days }, (_, i) => end - (i + 1) * DAY);
          return { Id: q.Id, Label: q.MetricStat?.Metric.MetricName ?? q.Id, StatusCode: 'Complete', Timestamps: timestamps, Values: timestamps.map(() => v!) };
        });
        return jsonResponse({ MetricDataResults: results, Messages: [] }, requestId);
      },
    },
    ids,
  );
}
