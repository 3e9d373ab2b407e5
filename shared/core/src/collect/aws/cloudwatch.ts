import { GetMetricDataCommand, ListMetricsCommand, type Metric, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { BucketUsage } from '../../model/inventory.js';
import { absent, present, unknown, type Observed } from '../../model/observed.js';
import type { AwsClients } from './clients.js';
import { describeFailure, observe } from './errors.js';
import type { Limit } from './limit.js';
import { declareCalls } from './declared-calls.js';

/** IAM needs of this file's calls (declared-calls.ts). CloudWatch has no resource-level permissions for these. */
export const CLOUDWATCH_CALLS = declareCalls([
  { service: 'cloudwatch', operation: 'ListMetrics', action: 'cloudwatch:ListMetrics', resource: 'account', feature: 'cost' },
  { service: 'cloudwatch', operation: 'GetMetricData', action: 'cloudwatch:GetMetricData', resource: 'account', feature: 'cost', when: 'only when a scanned bucket publishes storage metrics' },
]);

/** GetMetricData takes at most 500 queries a call. */
export const QUERIES_PER_CALL = 500;
const DAY = 86_400;
const WINDOW_DAYS = 30;

type Series = { bucket: string; kind: 'bytes' | 'objects' | 'get' | 'put'; storageType?: string; filterId?: string; metric: Metric };

/**
 * Bucket usage for one Region from CloudWatch: one paginated ListMetrics pass over AWS/S3 finds
 * which series exist (storage types per bucket; request metrics where a bucket publishes them),
 * then GetMetricData reads them all, 500 queries a call, over the last 30 days.
 */
export async function readBucketUsage(
  clients: AwsClients,
  limit: Limit,
  region: string,
  buckets: readonly string[],
  now: Date,
): Promise<Map<string, Observed<BucketUsage>>> {
  const out = new Map<string, Observed<BucketUsage>>();
  const wanted = new Set(buckets);
  const cw = clients.cloudwatch(region);

  const metrics: Metric[] = [];
  let token: string | undefined;
  do {
    const page = await observe('cloudwatch:ListMetrics', () => limit(() => cw.send(new ListMetricsCommand({ Namespace: 'AWS/S3', ...(token ? { NextToken: token } : {}) }))), (r) => r);
    if (page.state !== 'present') {
      const reason = page.state === 'unknown' ? page.reason : 'cloudwatch:ListMetrics returned nothing';
      for (const b of buckets) out.set(b, unknown(reason));
      return out;
    }
    metrics.push(...(page.value.Metrics ?? []));
    token = page.value.NextToken;
  } while (token);

  const series: Series[] = [];
  const requestFilters = new Map<string, string>();
  for (const metric of metrics) {
    const dims = Object.fromEntries((metric.Dimensions ?? []).map((d) => [d.Name, d.Value]));
    const bucket = dims.BucketName;
    if (!bucket || !wanted.has(bucket)) continue;
    if (metric.MetricName === 'BucketSizeBytes' && dims.StorageType) series.push({ bucket, kind: 'bytes', storageType: dims.StorageType, metric });
    else if (metric.MetricName === 'NumberOfObjects') series.push({ bucket, kind: 'objects', metric });
    else if ((metric.MetricName === 'GetRequests' || metric.MetricName === 'PutRequests') && dims.FilterId) {
      // A bucket-wide filter is the one that counts every request; prefer it when there are several.
      const current = requestFilters.get(bucket);
      if (!current || dims.FilterId === 'EntireBucket') requestFilters.set(bucket, dims.FilterId);
      series.push({ bucket, kind: metric.MetricName === 'GetRequests' ? 'get' : 'put', filterId: dims.FilterId, metric });
    }
  }
  const used = series.filter((s) => s.filterId === undefined || requestFilters.get(s.bucket) === s.filterId);

  const values = new Map<number, number[]>();
  const start = new Date(now.getTime() - WINDOW_DAYS * DAY * 1000);
  for (let offset = 0; offset < used.length; offset += QUERIES_PER_CALL) {
    const batch = used.slice(offset, offset + QUERIES_PER_CALL);
    const queries: MetricDataQuery[] = batch.map((s, i) => ({
      Id: `q${offset + i}`,
      MetricStat: { Metric: s.metric, Period: DAY, Stat: s.kind === 'get' || s.kind === 'put' ? 'Sum' : 'Average' },
      ReturnData: true,
    }));
    let next: string | undefined;
    do {
      try {
        const r = await limit(() => cw.send(new GetMetricDataCommand({ StartTime: start, EndTime: now, MetricDataQueries: queries, ScanBy: 'TimestampDescending', ...(next ? { NextToken: next } : {}) })));
        for (const result of r.MetricDataResults ?? []) {
          const idx = Number(result.Id?.slice(1));
          values.set(idx, [...(values.get(idx) ?? []), ...(result.Values ?? [])]);
        }
        next = r.NextToken;
      } catch (err) {
        const reason = describeFailure(err, 'cloudwatch:GetMetricData');
        for (const s of batch) out.set(s.bucket, unknown(reason));
        next = undefined;
      }
    } while (next);
  }

  for (const bucket of buckets) {
    if (out.has(bucket)) continue; // a failed batch already said why
    const mine = used.map((s, i) => ({ s, v: values.get(i) ?? [] })).filter((x) => x.s.bucket === bucket);
    if (mine.length === 0) {
      out.set(bucket, absent('the bucket publishes no CloudWatch storage metrics yet (new or empty buckets have none)'));
      continue;
    }
    const usage: BucketUsage = { storageBytes: {} };
    let get = 0;
    let put = 0;
    let days = 0;
    for (const { s, v } of mine) {
      // Values come newest first: the latest daily average is the current size.
      if (s.kind === 'bytes' && v.length > 0) usage.storageBytes[s.storageType!] = v[0]!;
      if (s.kind === 'objects' && v.length > 0) usage.objectCount = v[0]!;
      if (s.kind === 'get') get += sum(v);
      if (s.kind === 'put') put += sum(v);
      if (s.kind === 'get' || s.kind === 'put') days = Math.max(days, v.length);
    }
    if (days > 0) usage.requests = { get: scale(get, days), put: scale(put, days), filterId: requestFilters.get(bucket)!, days };
    out.set(bucket, present(usage));
  }
  return out;
}

const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
/** Requests per 30-day month from `days` daily sums. */
const scale = (n: number, days: number) => Math.round((n / days) * WINDOW_DAYS);
