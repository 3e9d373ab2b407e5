/**
 * A loopback fake of the parts of GitHub's REST (and one GraphQL mutation) the Action uses, with
 * state kept like GitHub keeps it: issue comments (paginated, Link headers), issues with labels
 * and state, 422 "body is too long" over the body limit, 401 without a token, 403 on /user for an
 * installation token (GITHUB_TOKEN), minimizeComment. Every request is recorded for assertions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  node_id: string;
  issue: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  minimized: boolean;
  created_at: string;
  updated_at: string;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  updated_at: string;
}

export interface Recorded {
  method: string;
  path: string;
  body?: unknown;
  authorization?: string;
}

export interface FakeGitHub {
  url: string;
  comments: FakeComment[];
  issues: FakeIssue[];
  requests: Recorded[];
  /** GitHub's limit is 65,536 characters; lower it to force the 422 retry. */
  maxBody: number;
  /** Comments on a PR by someone else (for "not ours" tests). */
  addComment(issue: number, body: string, user?: FakeComment['user']): FakeComment;
  close(): Promise<void>;
}

const BOT = { login: 'github-actions[bot]', type: 'Bot' as const };

export async function startFakeGitHub(owner = 'acme', repo = 'infra'): Promise<FakeGitHub> {
  let clock = Date.parse('2026-12-01T00:00:00Z');
  const now = (): string => new Date((clock += 1000)).toISOString();
  let nextId = 1000;
  const state: Omit<FakeGitHub, 'url' | 'close' | 'addComment'> = { comments: [], issues: [], requests: [], maxBody: 65_536 };
  const base = `/repos/${owner}/${repo}`;
  let url = '';

  const commentJson = (c: FakeComment) => ({
    id: c.id,
    node_id: c.node_id,
    body: c.body,
    user: c.user,
    html_url: `https://github.com/${owner}/${repo}/pull/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${url}${base}/issues/${c.issue}`,
    created_at: c.created_at,
    updated_at: c.updated_at,
  });
  const issueJson = (i: FakeIssue) => ({
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.state_reason,
    labels: i.labels.map((name) => ({ name })),
    html_url: `https://github.com/${owner}/${repo}/issues/${i.number}`,
    updated_at: i.updated_at,
  });
  const addComment = (issue: number, body: string, user: FakeComment['user'] = BOT): FakeComment => {
    const at = now();
    const c: FakeComment = { id: nextId++, node_id: `IC_${nextId}`, issue, body, user, minimized: false, created_at: at, updated_at: at };
    state.comments.push(c);
    return c;
  };

  function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  }
  const tooLong = (res: ServerResponse, resource: string) =>
    send(res, 422, {
      message: 'Validation Failed',
      errors: [{ resource, code: 'custom', field: 'body', message: `body is too long (maximum is ${state.maxBody} characters)` }],
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
    });

  /** page/per_page with a Link header, as GitHub paginates. */
  function paged<T>(req: IncomingMessage, res: ServerResponse, items: T[], u: URL): void {
    const perPage = Math.min(Number(u.searchParams.get('per_page') ?? 30), 100);
    const page = Number(u.searchParams.get('page') ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < items.length) {
      const next = new URL(u.toString());
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${url}${next.pathname}${next.search}>; rel="next"`;
    }
    send(res, 200, slice, headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    const u = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    state.requests.push({ method, path: u.pathname + u.search, ...(body ? { body } : {}), ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    if (!req.headers.authorization) return send(res, 401, { message: 'Requires authentication' });
    let m: RegExpExecArray | null;

    if (method === 'GET' && u.pathname === '/user') return send(res, 403, { message: 'Resource not accessible by integration' });
    if (method === 'POST' && u.pathname === '/graphql') {
      const id = (body?.variables as { id?: string } | undefined)?.id;
      const c = state.comments.find((x) => x.node_id === id);
      if (!c || !String(body?.query).includes('minimizeComment')) return send(res, 200, { errors: [{ message: `Could not resolve to a node with the global id of '${id}'` }] });
      c.minimized = true;
      return send(res, 200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } });
    }
    if ((m = new RegExp(`^${base}/issues/(\\d+)/comments$`).exec(u.pathname))) {
      const issue = Number(m[1]);
      if (method === 'GET')
        return paged(
          req,
          res,
          state.comments.filter((c) => c.issue === issue).map(commentJson),
          u,
        );
      if (method === 'POST') {
        const text = String(body?.body ?? '');
        if (text.length > state.maxBody) return tooLong(res, 'IssueComment');
        return send(res, 201, commentJson(addComment(issue, text)));
      }
    }
    if ((m = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(u.pathname))) {
      const c = state.comments.find((x) => x.id === Number(m![1]));
      if (!c) return send(res, 404, { message: 'Not Found' });
      if (method === 'PATCH') {
        const text = String(body?.body ?? '');
        if (text.length > state.maxBody) return tooLong(res, 'IssueComment');
        if (c.user.login !== BOT.login) return send(res, 403, { message: 'Resource not accessible by integration' });
        c.body = text;
        c.updated_at = now();
        return send(res, 200, commentJson(c));
      }
      if (method === 'DELETE') {
        state.comments.splice(state.comments.indexOf(c), 1);
        return send(res, 204);
      }
    }
    if (u.pathname === `${base}/issues` && method === 'GET') {
      const labels = (u.searchParams.get('labels') ?? '').split(',').filter(Boolean);
      const st = u.searchParams.get('state') ?? 'open';
      const list = state.issues.filter((i) => (st === 'all' || i.state === st) && labels.every((l) => i.labels.includes(l))).sort((a, b) => b.number - a.number);
      return paged(req, res, list.map(issueJson), u);
    }
    if (u.pathname === `${base}/issues` && method === 'POST') {
      const text = String(body?.body ?? '');
      if (text.length > state.maxBody) return tooLong(res, 'Issue');
      const number = 100 + state.issues.length;
      const issue: FakeIssue = { number, title: String(body?.title), body: text, state: 'open', state_reason: null, labels: (body?.labels as string[]) ?? [], updated_at: now() };
      state.issues.push(issue);
      return send(res, 201, issueJson(issue));
    }
    if ((m = new RegExp(`^${base}/issues/(\\d+)$`).exec(u.pathname)) && method === 'PATCH') {
      const i = state.issues.find((x) => x.number === Number(m![1]));
      if (!i) return send(res, 404, { message: 'Not Found' });
      if (typeof body?.body === 'string') {
        if (body.body.length > state.maxBody) return tooLong(res, 'Issue');
        i.body = body.body;
      }
      if (body?.state === 'open' || body?.state === 'closed') {
        i.state = body.state;
        i.state_reason = body.state === 'closed' ? String(body.state_reason ?? 'completed') : 'reopened';
      }
      i.updated_at = now();
      return send(res, 200, issueJson(i));
    }
    send(res, 404, { message: `Not Found: ${method} ${u.pathname}` });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url,
    addComment,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
