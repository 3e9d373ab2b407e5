/**
 * Per-call timeouts against a loopback server that accepts each request and never answers (or
 * answers the headers and then falls silent). Real sockets, no msw: what is measured is what
 * @smithy/node-http-handler does with a held connection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { GetBucketEncryptionCommand, GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../profile/load.js';
import { AwsClients } from './clients.js';
import { describeFailure, observe } from './errors.js';
import { createLimit, type Limit } from './limit.js';
import { CallTimeoutError, MAX_BACKOFF_MS } from './timeouts.js';

const T = 300;
/** Scheduling slack for a loaded 2-core CI machine; far below one more attempt's worth of calls. */
const SLACK = 1_000;

type Mode = 'hold' | 'silent-body' | 'reset';
let mode: Mode = 'hold';
const requests: string[] = [];
let server: Server;
let endpoint: string;

function handle(req: IncomingMessage, res: ServerResponse): void {
  const op = req.url?.includes('?policy') ? 'GetBucketPolicy' : req.url?.includes('?encryption') ? 'GetBucketEncryption' : (req.url ?? '');
  requests.push(op);
  if (op === 'GetBucketEncryption') {
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end('<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>');
    return;
  }
  if (mode === 'reset') return void req.socket.destroy();
  if (mode === 'silent-body') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"Version":"2012-10-17",');
  }
  // 'hold': the request stays unanswered until the client gives up or the server closes.
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  requests.length = 0;
  mode = 'hold';
  server.closeAllConnections();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const clients = (extra: Partial<ConstructorParameters<typeof AwsClients>[0]> = {}) =>
  new AwsClients({ defaultRegion: 'eu-west-1', endpoint, credentials: async () => ({ accessKeyId: 'k', secretAccessKey: 's' }), requestTimeoutMs: T, ...extra });

const readBucketPolicy = (c: AwsClients, limit: Limit, Bucket: string, region = 'eu-west-1') =>
  observe('s3:GetBucketPolicy', () => limit(() => c.s3(region).send(new GetBucketPolicyCommand({ Bucket }))), (r) => r.Policy ?? '');

async function timed<R>(fn: () => Promise<R>): Promise<{ ms: number; result: R }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

describe('a call that never answers', () => {
  it.each<[Mode, string]>([
    ['hold', 'the server accepts the request and never answers'],
    ['silent-body', 'the server sends the headers, then falls silent mid-body'],
  ])('%s: %s → given up after the timeout × 3 attempts, with that reason', async (m) => {
    mode = m;
    const c = clients();
    try {
      const { ms, result } = await timed(() => readBucketPolicy(c, createLimit(4), 'b'));
      expect(result).toEqual({ state: 'unknown', reason: 's3:GetBucketPolicy timed out after 0.3s (3 attempts)' });
      expect(requests).toEqual(['GetBucketPolicy', 'GetBucketPolicy', 'GetBucketPolicy']);
      expect(ms).toBeGreaterThanOrEqual(3 * T - 20);
      expect(ms).toBeLessThan(3 * T + MAX_BACKOFF_MS + SLACK);
    } finally {
      c.destroy();
    }
  });

  it('stops asking an operation that stalled: calls queued behind it end at once, other operations go on', async () => {
    const c = clients();
    const limit = createLimit(1);
    try {
      const { ms, result } = await timed(() =>
        Promise.all([
          ...['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((b) => readBucketPolicy(c, limit, b)),
          limit(() => c.s3('eu-west-1').send(new GetBucketEncryptionCommand({ Bucket: 'b1' }))),
        ]),
      );
      // One call's attempts, not six calls' one after another (6 × 3 × 0.3 s).
      expect(ms).toBeLessThan(3 * T + MAX_BACKOFF_MS + SLACK);
      expect(requests.filter((r) => r === 'GetBucketPolicy')).toHaveLength(3);
      expect(requests).toContain('GetBucketEncryption');
      const reasons = result.slice(0, 6).map((r) => (r as { reason: string }).reason);
      expect(reasons[0]).toBe('s3:GetBucketPolicy timed out after 0.3s (3 attempts)');
      for (const r of reasons.slice(1))
        expect(r).toBe('s3:GetBucketPolicy not answered: s3:GetBucketPolicy timed out after 0.3s (3 attempts) in eu-west-1 earlier in this scan, so the scan stopped calling it');
      expect(c.stats.byOperation()).toEqual({ 's3:GetBucketEncryption': 1, 's3:GetBucketPolicy': 6 });
      expect(c.stats.totalAttempts()).toBe(4);
    } finally {
      c.destroy();
    }
  });

  it('ends the attempts still waiting on an operation once one of its calls has stalled', async () => {
    const c = clients();
    try {
      // The first call starts alone; the second one starts 2 attempts later, when the first has one left.
      const first = readBucketPolicy(c, createLimit(4), 'b1');
      await new Promise((r) => setTimeout(r, 2 * T + 50));
      const { ms, result } = await timed(() => readBucketPolicy(c, createLimit(4), 'b2'));
      await first;
      expect(result.state === 'unknown' && result.reason).toMatch(/not answered: s3:GetBucketPolicy timed out after 0\.3s \(3 attempts\)/);
      // Its own 3 attempts would take 0.9 s; it ends with the first call's last attempt.
      expect(ms).toBeLessThan(T + MAX_BACKOFF_MS + SLACK / 2);
    } finally {
      c.destroy();
    }
  });

  it('a stall in one Region stops the operation in every Region, so no later phase pays the timeout again', async () => {
    const c = clients();
    try {
      await readBucketPolicy(c, createLimit(4), 'b1');
      requests.length = 0;
      const { ms, result } = await timed(() => readBucketPolicy(c, createLimit(4), 'b2', 'eu-central-1'));
      expect(requests).toEqual([]);
      expect(ms).toBeLessThan(T);
      expect(result).toEqual({
        state: 'unknown',
        reason: 's3:GetBucketPolicy not answered: s3:GetBucketPolicy timed out after 0.3s (3 attempts) in eu-west-1 earlier in this scan, so the scan stopped calling it',
      });
    } finally {
      c.destroy();
    }
  });

  it('a reset connection is reported as one, and does not stop the operation', async () => {
    mode = 'reset';
    const c = clients();
    try {
      const first = await readBucketPolicy(c, createLimit(4), 'b1');
      expect(first).toEqual({ state: 'unknown', reason: 's3:GetBucketPolicy failed: the connection was reset after 3 attempts (ECONNRESET)' });
      await readBucketPolicy(c, createLimit(4), 'b2');
      expect(requests).toHaveLength(6);
    } finally {
      c.destroy();
    }
  });
});

describe('CallTimeoutError', () => {
  it('says how long and how many attempts', () => {
    expect(describeFailure(new CallTimeoutError(20_000, 3), 'kms:GetKeyPolicy')).toBe('kms:GetKeyPolicy timed out after 20s (3 attempts)');
    expect(describeFailure(new CallTimeoutError(1_500, 1), 'iam:GetRole')).toBe('iam:GetRole timed out after 1.5s (1 attempt)');
  });
});

describe('AwsClients options', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects requestTimeoutMs %s with a ConfigError naming the timeout', (v) => {
    expect(() => clients({ requestTimeoutMs: v })).toThrow(ConfigError);
    expect(() => clients({ requestTimeoutMs: v })).toThrow(/^timeout: expected a positive number of seconds/);
  });

  it('an unanswered call is cut off by default too (no timeout option given)', () => {
    const c = new AwsClients({ defaultRegion: 'eu-west-1' });
    expect(c.timeoutMs).toBe(20_000);
    expect(c.maxAttempts).toBe(3);
    c.destroy();
  });

  it('send() rejects with a CallTimeoutError, the error observe and describeFailure read', async () => {
    const c = clients();
    try {
      await expect(c.s3('eu-west-1').send(new GetBucketPolicyCommand({ Bucket: 'b' }))).rejects.toBeInstanceOf(CallTimeoutError);
    } finally {
      c.destroy();
    }
  });
});
