/**
 * A value read from a cloud API. "Absent" (the API said there is no such configuration) and
 * "unknown" (we could not read it: access denied, throttled, timed out, malformed) are different
 * answers, and rules must treat them differently: absent can fail a rule, unknown never passes one.
 */
export type Observed<T> =
  | { readonly state: 'present'; readonly value: T }
  | { readonly state: 'absent'; readonly note?: string }
  | { readonly state: 'unknown'; readonly reason: string };

export const present = <T>(value: T): Observed<T> => ({ state: 'present', value });
export const absent = <T = never>(note?: string): Observed<T> =>
  note === undefined ? { state: 'absent' } : { state: 'absent', note };
export const unknown = <T = never>(reason: string): Observed<T> => ({ state: 'unknown', reason });

const NOT_READ = 'not read: ';

/**
 * Unknown because the scan chose not to read it (sampling off, --no-cost, a key nothing uses):
 * rules still say unknown, but it is no gap in what the scan could see.
 */
export const notRead = <T = never>(why: string): Observed<T> => unknown(`${NOT_READ}${why}`);
export const isNotRead = (o: Observed<unknown>): boolean => o.state === 'unknown' && o.reason.startsWith(NOT_READ);

export function isPresent<T>(o: Observed<T>): o is { state: 'present'; value: T } {
  return o.state === 'present';
}

/** The value when present, otherwise undefined. For lookups where absent and unknown are handled elsewhere. */
export function valueOf<T>(o: Observed<T>): T | undefined {
  return o.state === 'present' ? o.value : undefined;
}

export function mapObserved<T, U>(o: Observed<T>, f: (value: T) => U): Observed<U> {
  return o.state === 'present' ? present(f(o.value)) : o;
}
