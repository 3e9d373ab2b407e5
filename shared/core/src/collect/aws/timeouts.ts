/**
 * What bounds a scan when an API never answers. Each attempt is cut off after the per-call
 * timeout (clients.ts sets it on connect, on the wait for the answer and on silence while the body
 * arrives); a call makes at most MAX_ATTEMPTS attempts. Once one call of an operation has timed
 * out on every attempt, the scan stops asking that operation: the calls still waiting on it end
 * at once and later ones are not sent. Without that, 500 buckets whose
 * GetBucketPolicy hangs would wait their turn for the 16 concurrency slots, a minute a wave; with it
 * a stalled API costs the scan one call's worth of attempts, however many resources need it.
 *
 * No overall deadline (an AbortSignal per operation or per scan) on top: every call, each page of
 * a paginated listing included, is already bounded by timeout × attempts, and a page that stalls
 * ends its listing as unknown, so later pages are never asked for. A deadline would only cut off
 * answers that are slow but coming.
 */

/** A call's attempts, the first one included (the SDK's standard retry mode; AWS_MAX_ATTEMPTS does not apply). */
export const MAX_ATTEMPTS = 3;

/**
 * Per attempt. AWS answers the reads a scan makes in tens of milliseconds (S3, KMS) to a few
 * seconds (a 1,000-item IAM GetAccountAuthorizationDetails page, a 500-metric GetMetricData):
 * 20 s is four times the slowest of those, so a slow answer is waited for, and a stalled API adds
 * at most 3 × 20 s (plus ≤ 0.3 s of retry backoff) to a scan instead of holding it forever.
 */
export const DEFAULT_TIMEOUT_MS = 20_000;

/** The most a call can spend in retry backoff over MAX_ATTEMPTS attempts (standard mode: random × 100 ms × 2^retry). */
export const MAX_BACKOFF_MS = 300;

/** A call that got no answer: it timed out on every attempt, or its operation already had. */
export class CallTimeoutError extends Error {
  override readonly name = 'CallTimeoutError';

  constructor(
    readonly timeoutMs: number,
    readonly attempts: number,
    /** Set when this call was stopped or not sent because another call of the operation (in `region`) timed out. */
    readonly stalled?: { operation: string; region: string },
    options?: ErrorOptions,
  ) {
    super(stalled ? `${stalled.operation} in ${stalled.region} timed out earlier in this scan` : `timed out after ${seconds(timeoutMs)}`, options);
  }

  /** One line for an unknown finding, e.g. "s3:GetBucketPolicy timed out after 20s (3 attempts)". */
  describe(operation: string): string {
    const after = `timed out after ${seconds(this.timeoutMs)} (${this.attempts} attempt${this.attempts === 1 ? '' : 's'})`;
    if (!this.stalled) return `${operation} ${after}`;
    return `${operation} not answered: ${this.stalled.operation} ${after} in ${this.stalled.region} earlier in this scan, so the scan stopped calling it`;
  }
}

/**
 * A timeout of the transport: no connection, no answer, or silence mid-answer. A reset connection
 * (the SDK names ECONNRESET and EPIPE "TimeoutError" too) is a failure, not a stall.
 */
export function isTimeout(err: unknown): boolean {
  const e = err as { name?: string; code?: string } | undefined;
  return e?.name === 'TimeoutError' && e.code !== 'ECONNRESET' && e.code !== 'EPIPE';
}

/**
 * Operations (service:Operation) that timed out on every attempt during this scan. Keyed by the
 * operation alone, not by Region: the KMS reads of the cost phase reach Regions the key phase did
 * not, and a per-Region stall would cost each such phase another timeout × attempts. The unknowns
 * this adds in other Regions say why.
 */
export class StalledOperations {
  private readonly stalled = new Map<string, { region: string; timeoutMs: number; attempts: number }>();
  private readonly waiting = new Map<string, Set<(err: CallTimeoutError) => void>>();

  /** The error to end a call with when its operation has stalled; undefined otherwise. */
  check(operation: string): CallTimeoutError | undefined {
    const s = this.stalled.get(operation);
    return s ? new CallTimeoutError(s.timeoutMs, s.attempts, { operation, region: s.region }) : undefined;
  }

  /** Records the stall and ends every attempt of the operation still waiting. */
  trip(operation: string, region: string, err: CallTimeoutError): void {
    if (this.stalled.has(operation)) return;
    this.stalled.set(operation, { region, timeoutMs: err.timeoutMs, attempts: err.attempts });
    const waiters = this.waiting.get(operation);
    this.waiting.delete(operation);
    for (const stop of waiters ?? []) stop(this.check(operation)!);
  }

  /** `attempt`'s outcome, or the stall error as soon as another call of the operation trips. */
  race<T>(operation: string, attempt: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let waiters = this.waiting.get(operation);
      if (!waiters) this.waiting.set(operation, (waiters = new Set()));
      const mine = waiters;
      const stop = (err: CallTimeoutError) => reject(err);
      mine.add(stop);
      attempt.then(
        (v) => {
          mine.delete(stop);
          resolve(v);
        },
        (e: unknown) => {
          mine.delete(stop);
          reject(e);
        },
      );
    });
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}
