import pLimit from 'p-limit';

/** Bounds concurrent API calls across every service of a scan. */
export type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

export function createLimit(concurrency: number): Limit {
  const l = pLimit(concurrency);
  return (fn) => l(fn);
}
