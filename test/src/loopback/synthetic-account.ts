/**
 * The bench endpoint's account: the demo account (its keys, roles, trails and own buckets) plus
 * N synthetic stage buckets `acme-stage-00000` … made from the demo's stage buckets on demand.
 * Nothing per bucket is stored: each request sees a fixture whose `buckets` are only the ones it
 * can touch (the bucket in an S3 path, the buckets named in a GetMetricData body, or all of them
 * for the listings), generated for that request and dropped with it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { demoFixture, type DemoBucket, type DemoFixture } from '../../../shared/core/src/demo/index.js';

export const SYNTHETIC_PREFIX = 'acme-stage-';
const NAME = /^acme-stage-(\d{5})$/;
/** The demo buckets the synthetic ones copy, alternately: two keys, two owners. */
const TEMPLATES = ['acme-snowflake-stage', 'acme-events-raw'].map((name) => {
  const b = demoFixture.buckets.find((x) => x.name === name);
  if (!b) throw new Error(`demo fixture has no bucket ${name}`);
  // No replication: N copies replicating into one destination would not be a real account.
  return { name, json: JSON.stringify({ ...b, replication: undefined }) };
});

export const syntheticName = (i: number) => `${SYNTHETIC_PREFIX}${String(i).padStart(5, '0')}`;

/** Bucket i, with the template's name replaced everywhere (its policy's resources, log prefix). */
export function syntheticBucket(i: number): DemoBucket {
  const t = TEMPLATES[i % TEMPLATES.length]!;
  const name = syntheticName(i);
  return JSON.parse(t.json.replaceAll(`"${t.name}`, `"${name}`).replaceAll(`:::${t.name}`, `:::${name}`)) as DemoBucket;
}

export interface SyntheticAccount {
  fixture: DemoFixture;
  bucketCount: number;
  /** Runs fn with the fixture's buckets narrowed to `view` (all of them when undefined). */
  withView<T>(view: 'all' | string[], fn: () => T): T;
}

export function syntheticAccount(bucketCount: number): SyntheticAccount {
  const store = new AsyncLocalStorage<DemoBucket[]>();
  const own = demoFixture.buckets;
  const all = (): DemoBucket[] => [...own, ...Array.from({ length: bucketCount }, (_, i) => syntheticBucket(i))];
  const byName = (name: string): DemoBucket | undefined => {
    const m = NAME.exec(name);
    if (m) return Number(m[1]) < bucketCount ? syntheticBucket(Number(m[1])) : undefined;
    return own.find((b) => b.name === name);
  };
  const fixture = Object.defineProperty({ ...demoFixture }, 'buckets', {
    enumerable: true,
    // Outside a request (tests reading the fixture): every bucket.
    get: () => store.getStore() ?? all(),
  }) as DemoFixture;
  return {
    fixture,
    bucketCount,
    withView: (view, fn) => store.run(view === 'all' ? all() : view.flatMap((n) => byName(n) ?? []), fn),
  };
}
