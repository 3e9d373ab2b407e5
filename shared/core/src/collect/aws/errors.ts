import { absent, present, unknown, type Observed } from '../../model/observed.js';
import { CallTimeoutError } from './timeouts.js';

interface SdkError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; attempts?: number; requestId?: string };
  $retryable?: { throttling?: boolean };
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'Forbidden']);
const TIMEOUT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ETIMEDOUT']);
const RESET = new Set(['ECONNRESET', 'EPIPE']);

/** One line saying why a read failed, in terms a person acts on. */
export function describeFailure(err: unknown, operation: string): string {
  // No answer on any attempt (clients.ts): the reason carries the timeout and the attempts.
  if (err instanceof CallTimeoutError) return err.describe(operation);
  const e = (err ?? {}) as SdkError;
  const code = e.name ?? e.Code ?? e.code ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  const tries = attempts && attempts > 1 ? ` after ${attempts} attempts` : '';
  if (DENIED.has(code) || status === 403) return `access denied to ${operation}${suffix(e.message, code)}`;
  if (isThrottling(err))
    return `${operation} was throttled${tries} (${code})`;
  // The SDK names a reset connection "TimeoutError" too; it is not one.
  if (e.code !== undefined && RESET.has(e.code)) return `${operation} failed: the connection was reset${tries} (${e.code})`;
  if (TIMEOUT.has(code) || /timed? ?out/i.test(e.message ?? '')) return `${operation} timed out${tries}`;
  if (status !== undefined && status >= 500) return `${operation} failed with HTTP ${status}${tries} (${code})`;
  if (code === 'NoSuchBucket') return `${operation}: the bucket no longer exists (NoSuchBucket)`;
  return `${operation} failed: ${code}${suffix(e.message, code)}`;
}

/** AWS said to slow down: a throttling code, HTTP 429, or (clients.ts) S3's bare 503 to a HEAD. */
export function isThrottling(err: unknown): boolean {
  const e = (err ?? {}) as SdkError;
  const code = e.name ?? e.Code ?? e.code ?? 'Error';
  return THROTTLING.has(code) || e.$retryable?.throttling === true || e.$metadata?.httpStatusCode === 429;
}

function suffix(message: string | undefined, code: string): string {
  if (!message || message === code || message === 'UnknownError') return '';
  const first = message.split('\n')[0]!.slice(0, 200);
  return `: ${first}`;
}

/** The error codes that mean "this configuration does not exist", for the operation at hand. */
export function isAbsent(err: unknown, absentCodes: readonly string[]): boolean {
  const e = (err ?? {}) as SdkError;
  const code = e.name ?? e.Code ?? e.code;
  return code !== undefined && absentCodes.includes(code);
}

/**
 * Runs one read and turns its outcome into an Observed value: the mapped result, absent when AWS
 * says the configuration does not exist, unknown with the reason for everything else.
 */
export async function observe<R, T>(
  operation: string,
  call: () => Promise<R>,
  map: (result: R) => Observed<T> | T,
  absentCodes: readonly string[] = [],
): Promise<Observed<T>> {
  let result: R;
  try {
    result = await call();
  } catch (err) {
    if (isAbsent(err, absentCodes)) return absent();
    return unknown(describeFailure(err, operation));
  }
  try {
    const mapped = map(result);
    return isObserved<T>(mapped) ? mapped : present(mapped);
  } catch (err) {
    return unknown(`${operation} returned a response envelope could not read: ${(err as Error).message}`);
  }
}

function isObserved<T>(v: unknown): v is Observed<T> {
  return typeof v === 'object' && v !== null && 'state' in v && ['present', 'absent', 'unknown'].includes((v as { state: string }).state);
}
