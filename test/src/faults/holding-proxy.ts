/**
 * A loopback endpoint in front of moto that accepts every request and never answers the ones for
 * one operation: the connection is open, the request is read, no byte comes back — a stalled AWS
 * endpoint. msw cannot stand in for it: its socket does not "connect" until a handler answers, so
 * a handler that never does is cut off by the connection timeout, not by the wait for an answer.
 * Every other request goes on to moto (through fetch, so the msw fidelity shims still apply).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { operationOf } from './aws-operation.js';

export interface HoldingProxy {
  url: string;
  /** Requests for the operation that were held unanswered (every attempt counts). */
  held(): number;
  /** Drops the held connections and stops listening. */
  close(): Promise<void>;
}

/** Headers that belong to one hop, not to the request or response carried. */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length', 'expect', 'upgrade', 'te', 'trailer', 'proxy-authorization', 'proxy-connection']);

export async function startHoldingProxy(upstream: string, operation: string | undefined): Promise<HoldingProxy> {
  let held = 0;
  const server = createServer((req, res) => {
    forward(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`holding proxy: ${(err as Error).message}`);
    });
  });

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const method = req.method ?? 'GET';
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k)) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const body = method === 'GET' || method === 'HEAD' || chunks.length === 0 ? undefined : Buffer.concat(chunks);
    const request = new Request(new URL(req.url ?? '/', upstream), { method, headers, ...(body ? { body } : {}) });
    if (operation !== undefined && (await operationOf(request)) === operation) {
      held++;
      return; // never answered: the socket stays open until the client gives up or close()
    }
    const answer = await fetch(request, { redirect: 'manual' });
    const bytes = Buffer.from(await answer.arrayBuffer());
    const out: Record<string, string> = {};
    answer.headers.forEach((v, k) => {
      if (!HOP.has(k) && k !== 'content-encoding') out[k] = v;
    });
    // A HEAD answer has no body but says how long the object is.
    out['content-length'] = method === 'HEAD' ? (answer.headers.get('content-length') ?? '0') : String(bytes.length);
    res.writeHead(answer.status, out);
    res.end(method === 'HEAD' ? undefined : bytes);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held: () => held,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
