/**
 * One sticky comment per pull request and target, found by the hidden marker on its first line
 * (and written by us: a bot, or the token's own user). `update` edits it in place and leaves it
 * alone when the body is unchanged; `new` always adds one; `hide-and-new` minimizes the old ones
 * (GraphQL, OUTDATED) and `delete-and-new` deletes them before adding one. A 422 "body too long"
 * is retried one detail level down.
 */
import { lowerLevel, parseMarker, type PrCommentLevel } from '@envelope/core';
import type { getOctokit } from '@actions/github';
import type { CommentMode } from './inputs.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface Issue {
  owner: string;
  repo: string;
  number: number;
}

export interface CommentResult {
  action: 'created' | 'updated' | 'unchanged';
  url: string;
  level: PrCommentLevel;
}

interface ListedComment {
  id: number;
  node_id: string;
  body?: string | null;
  html_url: string;
  user: { login: string; type?: string } | null;
}

/** The login the token acts as; undefined for an app installation token (GITHUB_TOKEN), which cannot read /user. */
async function viewerLogin(octokit: Octokit): Promise<string | undefined> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login;
  } catch {
    return undefined;
  }
}

export async function findOurComments(octokit: Octokit, issue: Issue, target: string): Promise<ListedComment[]> {
  const all = (await octokit.paginate(octokit.rest.issues.listComments, { owner: issue.owner, repo: issue.repo, issue_number: issue.number, per_page: 100 })) as ListedComment[];
  const marked = all.filter((c) => {
    const m = parseMarker(c.body);
    return m?.kind === 'pr-comment' && m.target === target;
  });
  if (marked.length === 0) return [];
  const viewer = marked.some((c) => c.user?.type !== 'Bot') ? await viewerLogin(octokit) : undefined;
  // Someone else's comment that copies our marker is not ours to edit.
  return marked.filter((c) => c.user?.type === 'Bot' || (viewer !== undefined && c.user?.login === viewer));
}

const tooLong = (err: unknown): boolean =>
  (err as { status?: number }).status === 422 && /too long/i.test(JSON.stringify((err as { response?: { data?: unknown } }).response?.data ?? (err as Error).message));

/**
 * Posts or updates the comment. `render(level)` gives the body at a detail level; `level` is
 * where to start (the most detailed one that fits the budget).
 */
export async function upsertComment(
  octokit: Octokit,
  issue: Issue,
  target: string,
  mode: Exclude<CommentMode, 'off'>,
  render: (level: PrCommentLevel) => string,
  level: PrCommentLevel,
  log: (message: string) => void,
): Promise<CommentResult> {
  const existing = await findOurComments(octokit, issue, target);
  const latest = existing[existing.length - 1];
  if (mode === 'hide-and-new') {
    for (const c of existing) {
      await octokit.graphql('mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }', { id: c.node_id });
    }
  }
  if (mode === 'delete-and-new') {
    for (const c of existing) await octokit.rest.issues.deleteComment({ owner: issue.owner, repo: issue.repo, comment_id: c.id });
  }

  for (let at: PrCommentLevel | undefined = level; at; at = lowerLevel(at)) {
    const body = render(at);
    try {
      if (mode === 'update' && latest) {
        if ((latest.body ?? '').trimEnd() === body.trimEnd()) return { action: 'unchanged', url: latest.html_url, level: at };
        const r = await octokit.rest.issues.updateComment({ owner: issue.owner, repo: issue.repo, comment_id: latest.id, body });
        return { action: 'updated', url: r.data.html_url, level: at };
      }
      const r = await octokit.rest.issues.createComment({ owner: issue.owner, repo: issue.repo, issue_number: issue.number, body });
      return { action: 'created', url: r.data.html_url, level: at };
    } catch (err) {
      if (!tooLong(err) || !lowerLevel(at)) throw err;
      log(`GitHub rejected the comment as too long at detail level "${at}" (${body.length} characters); retrying with less detail.`);
    }
  }
  throw new Error('unreachable: the lowest detail level either posts or throws');
}
