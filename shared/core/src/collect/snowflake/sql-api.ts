/**
 * A small client of the Snowflake SQL API v2 (research/snowflake.md §4.1): POST /api/v2/statements
 * with a key-pair JWT, a 202 answered by polling the statement's status URL, results spread over
 * partitions fetched with ?partition=N, and every failure turned into one line a person acts on.
 * Plain fetch + node:crypto: the official driver adds 181 packages and speaks another protocol.
 *
 * Bounded like the AWS reads (collect/aws/timeouts.ts): each HTTP attempt is cut off after the
 * scan's --timeout, a request makes at most MAX_ATTEMPTS attempts, and a statement Snowflake keeps
 * running (202) is polled for at most MAX_ATTEMPTS × --timeout before it is cancelled and reported
 * as timed out. Once one statement has timed out, later ones are not sent: a stalled warehouse or
 * API costs the scan one statement's bound, not one per stage.
 */
import { randomUUID } from 'node:crypto';
import { ApiCallStats } from '../aws/stats.js';
import { DEFAULT_TIMEOUT_MS, MAX_ATTEMPTS } from '../aws/timeouts.js';
import { TOOL_VERSION } from '../../version.js';
import type { SnowflakeConnection } from './config.js';
import { JwtSource, publicKeyFingerprint } from './jwt.js';

export type Row = Record<string, string | null>;

export type SnowflakeFailureKind = 'auth' | 'forbidden' | 'sql' | 'throttled' | 'server' | 'timeout' | 'network' | 'protocol';

export class SnowflakeApiError extends Error {
  override readonly name = 'SnowflakeApiError';
  constructor(
    readonly kind: SnowflakeFailureKind,
    message: string,
    readonly detail: { status?: number; code?: string; sqlState?: string } = {},
  ) {
    super(message);
  }
}

export interface SqlApiOptions {
  connection: SnowflakeConnection;
  /** Per HTTP attempt (the scan's --timeout); default 20 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Statements (calls) and HTTP round trips (attempts), under service "snowflake". */
  stats?: ApiCallStats;
  /** First wait between polls of a running statement; doubles up to 2 s. */
  pollIntervalMs?: number;
  now?: () => number;
}

interface ResultSet {
  resultSetMetaData?: { numRows?: number; rowType?: { name: string }[]; partitionInfo?: unknown[] };
  data?: (string | null)[][];
  code?: string;
  message?: string;
  sqlState?: string;
  statementHandle?: string;
  statementStatusUrl?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SnowflakeSqlClient {
  readonly stats: ApiCallStats;
  private readonly jwt: JwtSource;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly now: () => number;
  private stalled?: string;

  constructor(private readonly options: SqlApiOptions) {
    const c = options.connection;
    this.jwt = new JwtSource(c.accountForJwt, c.user, c.privateKey, options.now);
    this.fetchImpl = options.fetch ?? ((...a) => globalThis.fetch(...a));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.stats = options.stats ?? new ApiCallStats();
    this.now = options.now ?? (() => Date.now());
  }

  get account(): string {
    return this.options.connection.account;
  }

  get role(): string | undefined {
    return this.options.connection.role;
  }

  /** Runs one statement; rows keyed by the column names Snowflake gives (lower-case for SHOW/DESC). */
  async query(statement: string, operation: string): Promise<Row[]> {
    if (this.stalled) throw new SnowflakeApiError('timeout', `not sent: ${this.stalled} earlier in this scan, so the scan stopped calling the SQL API`);
    this.stats.recordCall('snowflake', operation);
    const deadline = this.now() + this.timeoutMs * MAX_ATTEMPTS;
    const c = this.options.connection;
    const body = JSON.stringify({
      statement,
      // Snowflake cancels the statement itself after this (seconds).
      timeout: Math.max(1, Math.ceil((this.timeoutMs * MAX_ATTEMPTS) / 1000)),
      ...(c.role ? { role: c.role } : {}),
      ...(c.warehouse ? { warehouse: c.warehouse } : {}),
    });
    const requestId = randomUUID();
    let first = await this.send(operation, (attempt) => `/api/v2/statements?requestId=${requestId}${attempt > 1 ? '&retry=true' : ''}`, { method: 'POST', body });
    let wait = this.pollIntervalMs;
    while (first.status === 202) {
      const status = first.body;
      const url = status.statementStatusUrl ?? (status.statementHandle ? `/api/v2/statements/${status.statementHandle}` : undefined);
      if (!url) throw new SnowflakeApiError('protocol', `${operation}: Snowflake answered 202 without a statementStatusUrl`);
      const left = deadline - this.now();
      if (left <= 0) {
        await this.cancel(url);
        const bound = `${operation} did not complete within ${seconds(this.timeoutMs * MAX_ATTEMPTS)} (Snowflake kept answering 202, still running; the statement was cancelled)`;
        this.stalled = bound;
        throw new SnowflakeApiError('timeout', bound);
      }
      await sleep(Math.min(wait, left));
      wait = Math.min(wait * 2, 2000);
      first = await this.send(operation, () => url, { method: 'GET' });
    }
    const result = first.body;
    const columns = (result.resultSetMetaData?.rowType ?? []).map((r) => r.name);
    const data = [...(result.data ?? [])];
    const partitions = result.resultSetMetaData?.partitionInfo?.length ?? 1;
    const handleUrl = result.statementStatusUrl ?? (result.statementHandle ? `/api/v2/statements/${result.statementHandle}` : undefined);
    for (let p = 1; p < partitions; p++) {
      if (!handleUrl) throw new SnowflakeApiError('protocol', `${operation}: a result of ${partitions} partitions without a statement handle`);
      const part = await this.send(operation, () => `${handleUrl}${handleUrl.includes('?') ? '&' : '?'}partition=${p}`, { method: 'GET' });
      if (part.status !== 200) throw new SnowflakeApiError('protocol', `${operation}: partition ${p} answered ${part.status}`);
      data.push(...(part.body.data ?? []));
    }
    return data.map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i] ?? null])));
  }

  /** One request with retries for timeouts, 429 and 5xx; returns 200 or 202, throws for anything else. */
  private async send(operation: string, path: (attempt: number) => string, init: { method: string; body?: string }): Promise<{ status: number; body: ResultSet }> {
    let last: SnowflakeApiError | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (attempt > 1) await sleep(Math.random() * 100 * 2 ** (attempt - 2));
      this.stats.recordAttempt('snowflake', operation);
      let res: Response;
      try {
        res = await this.fetchImpl(`${this.options.connection.baseUrl}${path(attempt)}`, {
          method: init.method,
          headers: {
            Authorization: `Bearer ${this.jwt.current()}`,
            'X-Snowflake-Authorization-Token-Type': 'KEYPAIR_JWT',
            'Content-Type': 'application/json',
            Accept: 'application/json',
            'User-Agent': `envelope/${TOOL_VERSION}`,
          },
          ...(init.body !== undefined ? { body: init.body } : {}),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        const e = err as Error;
        const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
        last = timedOut
          ? new SnowflakeApiError('timeout', `${operation} timed out after ${seconds(this.timeoutMs)} (${attempt} attempt${attempt === 1 ? '' : 's'})`)
          : new SnowflakeApiError('network', `${operation}: could not reach ${this.options.connection.baseUrl} (${this.redact(causeOf(e))})`);
        if (timedOut && attempt === MAX_ATTEMPTS) this.stalled = last.message;
        continue;
      }
      let body: ResultSet = {};
      try {
        const text = await res.text();
        body = text ? (JSON.parse(text) as ResultSet) : {};
      } catch (err) {
        if ((err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError') {
          last = new SnowflakeApiError('timeout', `${operation} timed out after ${seconds(this.timeoutMs)} while the answer arrived`);
          continue;
        }
        if (res.status === 200 || res.status === 202) throw new SnowflakeApiError('protocol', `${operation}: Snowflake answered ${res.status} with a body that is not JSON`, { status: res.status });
      }
      if (res.status === 200 || res.status === 202) return { status: res.status, body };
      const failure = this.failure(operation, res.status, body);
      if (failure.kind === 'throttled' || failure.kind === 'server' || res.status === 408) {
        last = failure;
        continue;
      }
      throw failure;
    }
    throw last!;
  }

  private failure(operation: string, status: number, body: ResultSet): SnowflakeApiError {
    const detail = { status, ...(body.code ? { code: body.code } : {}), ...(body.sqlState ? { sqlState: body.sqlState } : {}) };
    const said = body.message ? `: ${this.redact(body.message.replace(/\s+/g, ' ').trim())}` : '';
    const code = body.code ? ` code ${body.code}` : '';
    const c = this.options.connection;
    if (status === 401)
      return new SnowflakeApiError(
        'auth',
        `${operation}: Snowflake refused the key-pair JWT (401${code}${said}); check that user ${c.user} of account ${c.accountForJwt} has the public key whose fingerprint is ${publicKeyFingerprint(c.privateKey)} (DESC USER ${c.user} → RSA_PUBLIC_KEY_FP)`,
        detail,
      );
    if (status === 403)
      return new SnowflakeApiError('forbidden', `${operation}: Snowflake answered 403 Forbidden${said} (the SQL API is not allowed for this user, a network policy blocks the caller, or the role lacks a privilege)`, detail);
    if (status === 422) return new SnowflakeApiError('sql', `${operation} failed (422${code}${body.sqlState ? `, SQL state ${body.sqlState}` : ''})${said}`, detail);
    if (status === 429) return new SnowflakeApiError('throttled', `${operation}: Snowflake throttled the request (429) on every attempt`, detail);
    if (status >= 500 || status === 408) return new SnowflakeApiError('server', `${operation}: Snowflake answered ${status}${said} on every attempt`, detail);
    return new SnowflakeApiError('protocol', `${operation}: Snowflake answered ${status}${said}`, detail);
  }

  private async cancel(statusUrl: string): Promise<void> {
    try {
      await this.fetchImpl(`${this.options.connection.baseUrl}${statusUrl.replace(/\?.*$/, '')}/cancel`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.jwt.current()}`, 'X-Snowflake-Authorization-Token-Type': 'KEYPAIR_JWT', Accept: 'application/json', 'User-Agent': `envelope/${TOOL_VERSION}` },
        signal: AbortSignal.timeout(Math.min(this.timeoutMs, 5000)),
      });
    } catch {
      // Best effort: Snowflake's own statement timeout ends it anyway.
    }
  }

  /** What a server or network message may echo back; the JWT never reaches a message. */
  private redact(text: string): string {
    return text.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[redacted token]');
  }
}

function causeOf(e: Error): string {
  const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? e.message;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}
