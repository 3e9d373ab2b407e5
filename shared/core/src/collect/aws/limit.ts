import pLimit from 'p-limit';

/** Bounds concurrent API calls across every service of a scan. */
export type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

export function createLimit(concurrency: number): Limit {
  const l = pLimit(concurrency);
  return (fn) => l(fn);
}

/**
 * Like Promise.all(items.map(fn)), in order, but with at most `width` items started and not yet
 * finished. A scan queues a resource's calls only when a worker takes it up, so the call queue holds
 * a few dozen resources' calls, not every bucket's at once (at 10,000 buckets, 90,000 pending calls
 * and the half-read configurations they hold), and a resource's dependent calls (a policy, then its
 * status) follow at once instead of behind every other resource's first call.
 */
export async function mapBounded<T, R>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, width), items.length) }, worker));
  return out;
}
