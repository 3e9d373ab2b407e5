/**
 * The tracking issue's whole life (create, unchanged, update, close when clean, reopen when a
 * problem returns), with the real Octokit of @actions/github against the loopback fake. Reports are
 * the core's fixed testing report and a clean copy of it: a clean live account is hard to get from
 * moto, so the bundle test (action-live.test.ts) covers create/unchanged/update on a real scan.
 */
import { getOctokit } from '@actions/github';
import { parseMarker, type Report } from '@envelope/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncTrackingIssue } from '../../../action/src/tracking-issue.js';
import { summarize, testingReport } from '../../../shared/core/src/report/testing-report.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await startFakeGitHub();
});
afterEach(async () => {
  await gh.close();
});

const clean = (): Report => {
  const findings = testingReport.findings.map((f) => (f.status === 'fail' || f.status === 'unknown' ? { ...f, status: 'pass' as const } : f));
  return { ...testingReport, findings, summary: summarize(findings), gaps: [] };
};
const onlyOneProblem = (): Report => {
  const findings = clean().findings.map((f) => (f.ruleId === 'kms-rotation-enabled' ? { ...f, status: 'fail' as const } : f));
  return { ...testingReport, findings, summary: summarize(findings) };
};

describe('tracking issue lifecycle (fake GitHub, real Octokit)', () => {
  it('create → unchanged → update → close when clean → nothing while clean → reopen when a problem returns', async () => {
    const octokit = getOctokit('ghs_x', { baseUrl: gh.url });
    const o = { owner: 'acme', repo: 'infra', target: 'prod', label: 'envelope-audit', runUrl: 'https://github.com/acme/infra/actions/runs/1' };
    const sync = (r: Report) => syncTrackingIssue(octokit, r, o);

    expect((await sync(testingReport)).action).toBe('created');
    expect(gh.issues).toHaveLength(1);
    expect(gh.issues[0]).toMatchObject({ state: 'open', labels: ['envelope-audit'] });
    expect(gh.issues[0]!.body).toContain('kms-rotation-enabled');

    expect((await sync(testingReport)).action).toBe('unchanged');
    expect((await sync(onlyOneProblem())).action).toBe('updated');
    expect(gh.comments.at(-1)!.body).toMatch(/^🔄 The findings changed \(1 failing, 0 could not be evaluated\)/);

    expect((await sync(clean())).action).toBe('closed');
    expect(gh.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(gh.comments.at(-1)!.body).toMatch(/^✅ Clean/);
    const writes = gh.requests.filter((r) => r.method !== 'GET').length;
    expect((await sync(clean())).action).toBe('none');
    expect(gh.requests.filter((r) => r.method !== 'GET')).toHaveLength(writes);

    expect((await sync(testingReport)).action).toBe('reopened');
    expect(gh.issues).toHaveLength(1);
    expect(gh.issues[0]!.state).toBe('open');
    expect(gh.comments.at(-1)!.body).toMatch(/^🔁 The problem is back/);
  });

  it('one issue per target; an issue with the label but another target or no marker is left alone', async () => {
    const octokit = getOctokit('ghs_x', { baseUrl: gh.url });
    const base = { owner: 'acme', repo: 'infra', label: 'envelope-audit', runUrl: 'https://x' };
    gh.issues.push({ number: 1, title: 'hand-made', body: 'no marker', state: 'open', state_reason: null, labels: ['envelope-audit'], updated_at: '2026-01-01T00:00:00Z' });
    await syncTrackingIssue(octokit, testingReport, { ...base, target: 'prod' });
    await syncTrackingIssue(octokit, testingReport, { ...base, target: 'dr' });
    expect(gh.issues.map((i) => parseMarker(i.body)?.target)).toEqual([undefined, 'prod', 'dr']);
    await syncTrackingIssue(octokit, clean(), { ...base, target: 'dr' });
    expect(gh.issues.map((i) => i.state)).toEqual(['open', 'open', 'closed']);
  });

  it('unknown findings keep the issue open: an account that could not be read is not clean', async () => {
    const octokit = getOctokit('ghs_x', { baseUrl: gh.url });
    const findings = clean().findings.map((f) => (f.ruleId === 's3-versioning-enabled' ? { ...f, status: 'unknown' as const } : f));
    const r = await syncTrackingIssue(octokit, { ...testingReport, findings, summary: summarize(findings) }, { owner: 'acme', repo: 'infra', target: 't', label: 'l', runUrl: 'https://x' });
    expect(r.action).toBe('created');
  });
});
