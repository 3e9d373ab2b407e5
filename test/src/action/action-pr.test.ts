/**
 * The bundled Action in pull-request mode, run as a runner runs it (run-action.ts) against the
 * loopback GitHub fake, on the seed-architecture plan and deviation plans.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfile, parseMarker, planReport, reportSchema } from '@envelope/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { pullRequestEvent, ROOT, runAction, type RunOptions } from './run-action.js';
import { validateSarif } from './sarif-validate.js';

const TOKEN = 'ghs_canaryTOKEN0123456789abcdef';
const FIXTURES = join(ROOT, 'test/fixtures/terraform');

/** A repository checkout: infra/<fixture>/{plan.json,main.tf} and the fixtures' profile. */
function workspace(...fixtures: string[]): string {
  const ws = mkdtempSync(join(tmpdir(), 'envelope-ws-'));
  for (const f of fixtures) cpSync(join(FIXTURES, f), join(ws, 'infra', f), { recursive: true });
  cpSync(join(ROOT, 'test/fixtures/terraform-profile.yaml'), join(ws, 'profile.yaml'));
  return ws;
}

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await startFakeGitHub();
});
afterEach(async () => {
  await gh.close();
});

function pr(ws: string, inputs: Record<string, string>, extra: Partial<RunOptions> = {}) {
  return runAction({ workspace: ws, event: pullRequestEvent(7), eventName: 'pull_request', inputs: { profile: 'profile.yaml', ...inputs }, apiUrl: gh.url, token: TOKEN, ...extra });
}

const writes = () => gh.requests.filter((r) => r.method !== 'GET');

describe('action: pull request mode (bundle, fake GitHub)', () => {
  it('posts one sticky comment, leaves it alone when unchanged, updates it in place for a deviation plan', async () => {
    const ws = workspace('baseline', 'no-bucket-key');
    const first = await pr(ws, { 'plan-json': 'infra/baseline/plan.json', target: 'prod' });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(gh.comments).toHaveLength(1);
    expect(parseMarker(gh.comments[0]!.body)).toEqual({ kind: 'pr-comment', target: 'prod' });
    expect(first.outputs['comment-url']).toBe(`https://github.com/acme/infra/pull/7#issuecomment-${gh.comments[0]!.id}`);
    expect(first.stdout).toContain('Pull request comment created');

    const before = writes().length;
    const again = await pr(ws, { 'plan-json': 'infra/baseline/plan.json', target: 'prod' });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Pull request comment unchanged');
    expect(writes()).toHaveLength(before);

    const deviation = await pr(ws, { 'plan-json': 'infra/no-bucket-key/plan.json', target: 'prod' });
    expect(deviation.code).toBe(0);
    expect(deviation.stdout).toContain('Pull request comment updated');
    expect(gh.comments).toHaveLength(1);
    const body = gh.comments[0]!.body;
    expect(body).toContain('🆕 Introduced by this change');
    expect(body).toMatch(/\[`s3-bucket-key-enabled`\]\([^)]+\) \| s3-snow-kms-test-v3 <sub>bucket · infra\/no-bucket-key\/main\.tf:\d+<\/sub>/);
    expect(body).toMatch(/💰 \*\*\+\$\d+\.\d\d \/ month\*\*/);
    expect(writes().filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('no profile input: each plan is judged by the names it describes (module-for-each as two stacks), with a notice saying so', async () => {
    const ws = workspace('module-for-each', 'no-bucket-key');
    const r = await pr(ws, { profile: '', 'plan-json': 'infra/*/plan.json', 'fail-on': 'none' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('::notice::infra/module-for-each/plan.json: no profile input, so it is judged against the names it describes itself');
    // One report per stack, in plan order: module-for-each, then no-bucket-key.
    const [forEach, noBucketKey] = r.outputs['report-path']!.split('\n').map((p) => JSON.parse(readFileSync(join(ws, p), 'utf8')) as { profile: { name: string }; findings: { ruleId: string; status: string }[] });
    const failing = (rep: typeof forEach) => [...new Set(rep!.findings.filter((x) => x.status === 'fail').map((x) => x.ruleId))].sort();
    expect(forEach!.profile.name).toBe('inferred from plan.json');
    expect(failing(forEach)).toEqual([]);
    expect(failing(noBucketKey)).toEqual(['cost-bucket-key-disabled', 's3-bucket-key-enabled']);
    expect(gh.comments[0]!.body).toContain('s3-bucket-key-enabled');
  });

  it('a plan that touches Snowflake stages and integrations: the comment draws their chain (mermaid); one that does not, none', async () => {
    const ws = workspace('baseline');
    cpSync(join(ROOT, 'test/fixtures/terraform-own/snowflake'), join(ws, 'infra/snowflake'), { recursive: true });
    const r = await pr(ws, { 'plan-json': 'infra/snowflake/plan.json', target: 'sf', 'fail-on': 'none' });
    expect(r.code, r.stdout).toBe(0);
    const body = gh.comments[0]!.body;
    expect(body).toContain('### 🔗 The Snowflake → S3 → KMS chain this change touches');
    const chart = /```mermaid\n([\s\S]*?)\n```/.exec(body)?.[1] ?? '';
    expect(chart).toMatch(/^flowchart LR\n/);
    expect(chart).toMatch(/n\d+\["integration S3_STAGE_INT"\]/);
    expect(chart).toMatch(/n\d+\["role snowflake-s3-kms-role"\]/);
    expect(chart).toMatch(/n\d+\["bucket legacy-bucket"\]/);
    await pr(ws, { 'plan-json': 'infra/baseline/plan.json', target: 'no-sf' });
    expect(gh.comments[1]!.body).not.toContain('```mermaid');
  });

  it('the bundle judges exactly as the core does (its .tf parser, the hcl2json WASM shipped in dist/, included)', async () => {
    const ws = workspace('baseline', 'no-bucket-key');
    for (const f of ['baseline', 'no-bucket-key']) {
      const r = await pr(ws, { 'plan-json': `infra/${f}/plan.json`, comment: 'off', 'fail-on': 'none', 'report-file': `${f}.json` });
      expect(r.code, r.stdout).toBe(0);
      const bundled = reportSchema.parse(JSON.parse(readFileSync(join(ws, `${f}.json`), 'utf8')));
      const core = await planReport({ file: join(ws, 'infra', f, 'plan.json'), profile: await loadProfile(join(ws, 'profile.yaml')) });
      const key = (x: typeof core) => x.findings.map((g) => `${g.ruleId}@${g.resource.id}=${g.status}:${g.message}`).sort();
      expect(key(bundled)).toEqual(key(core));
      expect(bundled.gaps).toEqual(core.gaps);
      expect(bundled.tool.version).toBe(core.tool.version);
    }
  });

  it('two targets → two comments, each updated by its own target', async () => {
    const ws = workspace('baseline', 'no-bucket-key');
    await pr(ws, { 'plan-json': 'infra/baseline/plan.json', target: 'prod' });
    await pr(ws, { 'plan-json': 'infra/no-bucket-key/plan.json', target: 'staging' });
    await pr(ws, { 'plan-json': 'infra/no-bucket-key/plan.json', target: 'prod' });
    expect(gh.comments.map((c) => parseMarker(c.body)?.target)).toEqual(['prod', 'staging']);
    expect(gh.comments.every((c) => c.body.includes('s3-bucket-key-enabled'))).toBe(true);
  });

  it('several plans by glob under one target: one comment with a section per stack; outputs sum them', async () => {
    const ws = workspace('baseline', 'no-bucket-key');
    const r = await pr(ws, { 'plan-json': 'infra/*/plan.json', target: 'all', 'report-file': 'out/report.json' });
    expect(r.code, r.stdout).toBe(0);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body).toContain('### 📦 infra/baseline/plan.json');
    expect(gh.comments[0]!.body).toContain('### 📦 infra/no-bucket-key/plan.json');
    expect(r.outputs['report-path']).toBe('out/report-1.json\nout/report-2.json');
    const reports = ['out/report-1.json', 'out/report-2.json'].map((f) => reportSchema.parse(JSON.parse(readFileSync(join(ws, f), 'utf8'))));
    expect(Number(r.outputs['fail-count'])).toBe(reports.reduce((a, x) => a + (x.summary.byStatus.fail ?? 0), 0));
    // One SARIF log with a run per stack, valid for Microsoft's validator.
    const sarif = JSON.parse(readFileSync(join(ws, 'envelope.sarif'), 'utf8'));
    expect(sarif.runs).toHaveLength(2);
    expect(validateSarif(join(ws, 'envelope.sarif'))).toEqual([]);
  });

  it('writes outputs, the job summary, the JSON report and SARIF on the .tf lines; annotations name file and line', async () => {
    const ws = workspace('no-bucket-key');
    const r = await pr(ws, { 'plan-json': 'infra/no-bucket-key/plan.json' });
    expect(r.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(readFileSync(join(ws, 'envelope-report.json'), 'utf8')));
    expect(report.source.kind).toBe('terraform-plan');
    expect(r.outputs).toMatchObject({
      'report-path': 'envelope-report.json',
      'sarif-path': 'envelope.sarif',
      'fail-count': String(report.summary.byStatus.fail),
      'medium-count': String(report.summary.failBySeverity.medium),
      'cost-monthly': report.cost!.monthlyTotal.toFixed(2),
    });
    expect(Number(r.outputs['introduced-count'])).toBeGreaterThanOrEqual(2);
    expect(Number(r.outputs['cost-delta'])).toBeGreaterThan(0);
    expect(r.summary).toContain('envelope report: infra/no-bucket-key/plan.json');
    expect(r.summary).toContain('🆕 Introduced by this change');
    const sarif = JSON.parse(readFileSync(join(ws, 'envelope.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const bucketKey = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 's3-bucket-key-enabled');
    expect(bucketKey.locations[0].physicalLocation.artifactLocation.uri).toBe('infra/no-bucket-key/main.tf');
    expect(r.stdout).toMatch(/::warning title=envelope s3-bucket-key-enabled \(medium\),file=infra\/no-bucket-key\/main\.tf,line=\d+::aws_s3_bucket\.stage: /);
  });

  it.each([
    ['none', 'false', 0],
    ['high', 'false', 0],
    ['medium', 'false', 1],
    ['high', 'true', 1],
  ])('fail-on %s, fail-on-unknown %s → exit %i', async (failOn, failOnUnknown, code) => {
    const ws = workspace('no-bucket-key');
    const r = await pr(ws, { 'plan-json': 'infra/no-bucket-key/plan.json', 'fail-on': failOn, 'fail-on-unknown': failOnUnknown });
    expect(r.code).toBe(code);
    if (code === 1) expect(r.stdout).toMatch(new RegExp(`^::error::envelope: findings at or above fail-on "${failOn}".*see the job summary\\.$`, 'm'));
    // The comment and the summary are written whatever the verdict.
    expect(gh.comments).toHaveLength(1);
    expect(r.summary.length).toBeGreaterThan(1000);
  });

  it('GitHub answers 422 "body too long": retried one detail level down', async () => {
    const ws = workspace('no-bucket-key');
    const full = await pr(ws, { 'plan-json': 'infra/no-bucket-key/plan.json', comment: 'new' });
    const fullLength = gh.comments[0]!.body.length;
    gh.maxBody = fullLength - 1;
    const r = await pr(ws, { 'plan-json': 'infra/no-bucket-key/plan.json', comment: 'new' });
    expect(full.code).toBe(0);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/::warning::GitHub rejected the comment as too long at detail level "full"/);
    expect(r.stdout).toContain('(detail level compact)');
    expect(gh.comments).toHaveLength(2);
    expect(gh.comments[1]!.body.length).toBeLessThan(fullLength);
    expect(gh.requests.filter((x) => x.method === 'POST' && x.path.endsWith('/comments'))).toHaveLength(3);
  });

  it('hide-and-new minimizes the old comment; delete-and-new deletes it', async () => {
    const ws = workspace('baseline');
    await pr(ws, { 'plan-json': 'infra/baseline/plan.json' });
    await pr(ws, { 'plan-json': 'infra/baseline/plan.json', comment: 'hide-and-new' });
    expect(gh.comments.map((c) => c.minimized)).toEqual([true, false]);
    await pr(ws, { 'plan-json': 'infra/baseline/plan.json', comment: 'delete-and-new' });
    expect(gh.comments).toHaveLength(1);
    expect(gh.requests.filter((x) => x.method === 'DELETE')).toHaveLength(2);
  });

  it('a human comment carrying our marker is not ours: a new comment is posted, theirs is untouched', async () => {
    const ws = workspace('baseline');
    const theirs = gh.addComment(7, '<!-- envelope:pr-comment {"target":"default"} -->\nhijack', { login: 'mallory', type: 'User' });
    const r = await pr(ws, { 'plan-json': 'infra/baseline/plan.json' });
    expect(r.code, r.stdout).toBe(0);
    expect(gh.comments).toHaveLength(2);
    expect(gh.comments[0]).toEqual(theirs);
  });

  it('a fork pull request: plan-only, no comment, no write to GitHub, and the summary says why', async () => {
    const ws = workspace('no-bucket-key');
    const r = await runAction({
      workspace: ws,
      event: pullRequestEvent(8, { fork: true }),
      eventName: 'pull_request',
      inputs: { profile: 'profile.yaml', 'plan-json': 'infra/no-bucket-key/plan.json', 'scan-live': 'true' },
      apiUrl: gh.url,
      token: TOKEN,
      env: { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    });
    expect(r.code, r.stdout).toBe(0);
    expect(gh.requests).toHaveLength(0);
    expect(r.stdout).toContain('::notice::Pull request from a fork: a plan-only analysis');
    expect(r.summary).toContain('Pull request from a fork: a plan-only analysis');
    expect(r.summary).toContain('s3-bucket-key-enabled');
    expect(r.outputs['comment-url']).toBeUndefined();
  });

  it('no token: plan-only with a notice; the token never appears in the log but in the mask command', async () => {
    const ws = workspace('baseline');
    const none = await pr(ws, { 'plan-json': 'infra/baseline/plan.json' }, { token: '' });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('::notice::No github-token: no comment is posted');
    expect(gh.requests).toHaveLength(0);
    const withToken = await pr(ws, { 'plan-json': 'infra/baseline/plan.json' });
    const lines = (withToken.stdout + withToken.stderr).split('\n').filter((l) => l.includes(TOKEN));
    expect(lines).toEqual([`::add-mask::${TOKEN}`]);
    expect(gh.requests.every((x) => x.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it.each([
    [{ mode: 'bogus' }, 'Input "mode" has the value "bogus": expected one of pr, audit, auto'],
    [{ 'fail-on': 'severe' }, 'Input "fail-on" has the value "severe": expected one of'],
    [{ 'scan-live': 'yes' }, 'Input "scan-live" has the value "yes": expected true or false'],
    [{ comment: 'sticky' }, 'Input "comment" has the value "sticky": expected one of update, new, hide-and-new, delete-and-new, off'],
    [{ regions: 'eu-west-1 Mars' }, 'Input "regions" has the value "Mars": not an AWS Region name'],
    [{ 'plan-json': '' }, 'Input "plan-json" has the value "": required in pr mode'],
    [{ 'plan-json': 'infra/nothing-*.json' }, 'Input "plan-json" has the value "infra/nothing-*.json": matches no file'],
    [{ 'plan-json': 'infra/baseline/main.tf' }, 'Input "plan-json" has the value "infra/baseline/main.tf": '],
    [{ profile: 'missing.yaml' }, 'Input "profile" has the value "missing.yaml": '],
  ])('bad input %j → one clear line naming it, exit 1, no stack trace', async (inputs, message) => {
    const ws = workspace('baseline');
    const r = await pr(ws, { 'plan-json': 'infra/baseline/plan.json', ...inputs });
    expect(r.code).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(gh.requests.filter((x) => x.method !== 'GET')).toHaveLength(0);
  });
});
