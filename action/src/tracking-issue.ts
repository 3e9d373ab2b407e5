/**
 * Scheduled audits keep one tracking issue per target, found by its label and the hidden marker
 * (labels can be edited by people; the marker is the key). It is created when a problem appears,
 * updated only when the problems change (the marker carries their fingerprint), closed when the
 * account is clean, and reopened when a problem comes back.
 */
import { createHash } from 'node:crypto';
import { parseMarker, renderMarkdown, renderMarker, type Report } from '@envelope/core';
import type { Octokit } from './sticky-comment.js';

export interface IssueResult {
  action: 'created' | 'updated' | 'unchanged' | 'closed' | 'reopened' | 'none';
  number?: number;
  url?: string;
}

interface ListedIssue {
  number: number;
  state: string;
  body?: string | null;
  html_url: string;
  updated_at: string;
  pull_request?: unknown;
}

/** Failing and unknown findings (what is not clean): unknown is never counted as passing. */
export function problemsOf(report: Report): Report['findings'] {
  return report.findings.filter((f) => f.status === 'fail' || f.status === 'unknown');
}

export function fingerprintOf(report: Report): string {
  const keys = problemsOf(report)
    .map((f) => `${f.ruleId}\u0000${f.resource.id}\u0000${f.status}`)
    .sort();
  return createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 16);
}

export interface TrackingOptions {
  owner: string;
  repo: string;
  target: string;
  label: string;
  runUrl: string;
}

export async function syncTrackingIssue(octokit: Octokit, report: Report, o: TrackingOptions): Promise<IssueResult> {
  const listed = (await octokit.paginate(octokit.rest.issues.listForRepo, { owner: o.owner, repo: o.repo, state: 'all', labels: o.label, per_page: 100 })) as ListedIssue[];
  const mine = listed
    .filter((i) => !i.pull_request)
    .filter((i) => {
      const m = parseMarker(i.body);
      return m?.kind === 'audit-issue' && m.target === o.target;
    })
    .sort((a, b) => (a.state === b.state ? b.updated_at.localeCompare(a.updated_at) : a.state === 'open' ? -1 : 1));
  const issue = mine[0];
  const problems = problemsOf(report);
  const where = { owner: o.owner, repo: o.repo };

  if (problems.length === 0) {
    if (!issue || issue.state !== 'open') return { action: 'none', ...(issue ? { number: issue.number, url: issue.html_url } : {}) };
    await octokit.rest.issues.createComment({ ...where, issue_number: issue.number, body: `✅ Clean: no failing or unknown findings in [this audit run](${o.runUrl}). Closing.` });
    await octokit.rest.issues.update({ ...where, issue_number: issue.number, state: 'closed', state_reason: 'completed' });
    return { action: 'closed', number: issue.number, url: issue.html_url };
  }

  const fingerprint = fingerprintOf(report);
  const body = `${renderMarker({ kind: 'audit-issue', target: o.target, fingerprint })}\n${renderMarkdown(report, { title: `envelope audit: ${o.target}`, maxChars: 60_000 })}`;
  const counts = `${report.summary.byStatus.fail ?? 0} failing, ${report.summary.byStatus.unknown ?? 0} could not be evaluated`;
  if (!issue) {
    const r = await octokit.rest.issues.create({ ...where, title: `envelope: ${o.target} drifts from the architecture`, body, labels: [o.label] });
    return { action: 'created', number: r.data.number, url: r.data.html_url };
  }
  if (issue.state !== 'open') {
    await octokit.rest.issues.update({ ...where, issue_number: issue.number, state: 'open', body });
    await octokit.rest.issues.createComment({ ...where, issue_number: issue.number, body: `🔁 The problem is back (${counts}) in [this audit run](${o.runUrl}). Reopening.` });
    return { action: 'reopened', number: issue.number, url: issue.html_url };
  }
  if (parseMarker(issue.body)?.fingerprint === fingerprint) return { action: 'unchanged', number: issue.number, url: issue.html_url };
  await octokit.rest.issues.update({ ...where, issue_number: issue.number, body });
  await octokit.rest.issues.createComment({ ...where, issue_number: issue.number, body: `🔄 The findings changed (${counts}) in [this audit run](${o.runUrl}); the description is up to date.` });
  return { action: 'updated', number: issue.number, url: issue.html_url };
}
