/**
 * The loopback bench endpoint: a node:http server answering the AWS reads envelope makes (S3,
 * S3 Control, KMS, IAM, STS, CloudTrail, CloudWatch, tagging) for a synthetic account, with the
 * demo's msw handlers doing the wire formats. The SDK reaches it through AWS_ENDPOINT_URL: the
 * service and Region come from the SigV4 credential scope, and the request is handed to the
 * handlers as if it had been sent to the service's default hostname.
 *
 * Every answer waits `latencyMs`; above `ratePerSecond` calls a second (one token bucket for the
 * whole endpoint) the service's own throttling error is the answer: S3 503 SlowDown, the JSON
 * services ThrottlingException (CloudWatch: Throttling), IAM and STS Throttling.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type HttpHandler } from 'msw';
import { createDemoHandlers } from '../../../shared/core/src/demo/index.js';
import { TokenBucket } from './rate-limit.js';
import { syntheticAccount, type SyntheticAccount } from './synthetic-account.js';

export interface LoopbackOptions {
  buckets: number;
  latencyMs?: number;
  /** Calls a second across the endpoint; unlimited when undefined. */
  ratePerSecond?: number;
  /** Injected for tests. */
  now?: () => number;
}

export interface LoopbackCounters {
  requests: number;
  throttled: number;
  /** Sum over requests of arrival → answer written: ÷ wall is the mean number in flight. */
  requestMs: number;
  byService: Record<string, number>;
}

export interface LoopbackServer {
  endpoint: string;
  account: SyntheticAccount;
  counters: LoopbackCounters;
  close(): Promise<void>;
}

const SCOPE = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;
const JSON_SERVICES = new Set(['kms', 'tagging', 'cloudtrail', 'monitoring']);

/** Where the request would have gone without the endpoint override. */
export function awsUrl(service: string, region: string, path: string, headers: IncomingMessage['headers']): string | undefined {
  switch (service) {
    case 's3':
      return path.startsWith('/v20180820/')
        ? `https://${String(headers['x-amz-account-id'] ?? '')}.s3-control.${region}.amazonaws.com${path}`
        : `https://s3.${region}.amazonaws.com${path}`;
    case 'iam':
      return `https://iam.amazonaws.com${path}`;
    case 'sts':
    case 'kms':
    case 'tagging':
    case 'cloudtrail':
    case 'monitoring':
      return `https://${service}.${region}.amazonaws.com${path}`;
    default:
      return undefined;
  }
}

/** Which synthetic buckets a request can touch: the one in an S3 path, those a metric query names, or all. */
function viewOf(service: string, url: URL, body: string): 'all' | string[] {
  if (service === 's3') {
    if (url.pathname.startsWith('/v20180820/')) return [];
    const bucket = decodeURIComponent(url.pathname.split('/')[1] ?? '');
    return bucket ? [bucket] : 'all';
  }
  if (service === 'monitoring') {
    const names = [...body.matchAll(/"Name":"BucketName","Value":"([^"]+)"/g)].map((m) => m[1]!);
    return names.length > 0 ? [...new Set(names)] : 'all';
  }
  if (service === 'tagging') return 'all';
  return [];
}

let throttleIds = 0;
/** The service's own throttling answer. */
export function throttled(service: string, method: string): { status: number; headers: Record<string, string>; body: string } {
  const requestId = `THROTTLED${(++throttleIds).toString(16).toUpperCase().padStart(10, '0')}`;
  if (service === 's3') {
    const body =
      method === 'HEAD'
        ? ''
        : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>${requestId}</RequestId></Error>`;
    return { status: 503, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId }, body };
  }
  if (JSON_SERVICES.has(service)) {
    const code = service === 'monitoring' ? 'Throttling' : 'ThrottlingException';
    return {
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, 'x-amzn-query-error': `${code};Sender` },
      body: JSON.stringify({ __type: code, message: 'Rate exceeded' }),
    };
  }
  const ns = service === 'iam' ? 'https://iam.amazonaws.com/doc/2010-05-08/' : 'https://sts.amazonaws.com/doc/2011-06-15/';
  return {
    status: 400,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

const DROPPED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'expect', 'keep-alive']);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startLoopback(options: LoopbackOptions): Promise<LoopbackServer> {
  const account = syntheticAccount(options.buckets);
  const handlers: HttpHandler[] = createDemoHandlers(account.fixture);
  const limiter = options.ratePerSecond !== undefined ? new TokenBucket(options.ratePerSecond, options.now) : undefined;
  const latency = options.latencyMs ?? 0;
  const arrivals = new WeakMap<ServerResponse, number>();
  const counters: LoopbackCounters = { requests: 0, throttled: 0, requestMs: 0, byService: {} };

  const answer = (res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer) => {
    const arrived = arrivals.get(res) ?? performance.now();
    const send = () => {
      res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
      counters.requestMs += performance.now() - arrived;
    };
    if (latency > 0) setTimeout(send, latency);
    else send();
  };

  const server: Server = createServer((req, res) => {
    arrivals.set(res, performance.now());
    const arrived = limiter ? limiter.take() : true;
    void (async () => {
      const body = (await readBody(req)).toString('utf8');
      const scope = SCOPE.exec(String(req.headers.authorization ?? ''));
      const service = scope?.[2] ?? '';
      const region = scope?.[1] ?? '';
      counters.requests += 1;
      counters.byService[service] = (counters.byService[service] ?? 0) + 1;
      const target = awsUrl(service, region, req.url ?? '/', req.headers);
      if (!target) {
        answer(res, 400, { 'content-type': 'text/plain' }, `loopback endpoint: no AWS service in the SigV4 scope (${service || 'unsigned'})`);
        return;
      }
      if (!arrived) {
        counters.throttled += 1;
        const t = throttled(service, req.method ?? 'GET');
        answer(res, t.status, t.headers, t.body);
        return;
      }
      const url = new URL(target);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !DROPPED.has(k)) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const method = req.method ?? 'GET';
      const request = new Request(url, { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body }) });
      const response = await account.withView(viewOf(service, url, body), () => getResponse(handlers, request));
      if (!response) {
        answer(res, 501, { 'content-type': 'text/plain' }, `loopback endpoint: nothing emulates ${method} ${target}`);
        return;
      }
      const out: Record<string, string> = {};
      response.headers.forEach((v, k) => (out[k] = v));
      answer(res, response.status, out, Buffer.from(await response.arrayBuffer()));
    })().catch((err: unknown) => {
      if (!res.headersSent) answer(res, 500, { 'content-type': 'text/plain' }, `loopback endpoint: ${String(err)}`);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    account,
    counters,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
