/**
 * The bundled Action with the `report` input: audit mode publishing a report made elsewhere (the
 * merge job of an organisation matrix, docs/workflows/org-audit.yml) — summary, tracking issue,
 * SARIF and outputs, with no AWS credentials and no scan — and bad values of the input.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeReports, parseMarker, renderJson, type Report } from '@envelope/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testingReport } from '../../../shared/core/src/report/testing-report.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { pullRequestEvent, runAction, scheduleEvent } from './run-action.js';

const TOKEN = 'ghs_reportTOKEN';
let gh: FakeGitHub;
let ws: string;
beforeEach(async () => {
  gh = await startFakeGitHub();
  ws = mkdtempSync(join(tmpdir(), 'envelope-ws-'));
});
afterEach(async () => {
  await gh.close();
});

/** Two accounts' reports joined as `envelope merge` joins shard files. */
function orgReport(): Report {
  const moved = JSON.parse(JSON.stringify(testingReport).replaceAll('111122223333', '444455556666').replaceAll('arn:aws:s3:::', 'arn:aws:s3:::b-')) as Report;
  return mergeReports([
    { name: 'shard-1.json', report: testingReport },
    { name: 'shard-2.json', report: moved },
  ]);
}

const audit = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction({ workspace: ws, event: scheduleEvent(), eventName: 'schedule', inputs: { target: 'organization', 'fail-on': 'high', ...inputs }, apiUrl: gh.url, token: TOKEN, env });

describe('action: audit mode with a given report (bundle)', () => {
  it('publishes the merged report: tracking issue, summary, outputs; no AWS credentials needed, nothing scanned', async () => {
    writeFileSync(join(ws, 'merged.json'), renderJson(orgReport()));
    const r = await audit({ report: 'merged.json' });
    // fail-on high: the report has high failures, so the step fails after publishing.
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('::error::envelope: findings at or above fail-on "high"');
    expect(gh.issues).toHaveLength(1);
    expect(parseMarker(gh.issues[0]!.body)).toMatchObject({ kind: 'audit-issue', target: 'organization' });
    expect(gh.issues[0]!.body).toContain('b-analytics-raw');
    expect(r.summary).toContain('envelope audit: organization');
    expect(Number(r.outputs['fail-count'])).toBe(2 * testingReport.summary.byStatus.fail);
    expect(r.outputs['report-path']).toBe('envelope-report.json');
    expect(r.stdout + r.stderr).not.toContain('AWS credentials');
  });

  it.each([
    ['missing.json', null, 'Input "report" has the value "missing.json": cannot read the report (ENOENT)'],
    ['broken.json', '{"schemaVersion":', 'Input "report" has the value "broken.json": not valid JSON at line 1, column'],
    ['other.json', '{"runs": []}', 'Input "report" has the value "other.json": not an envelope JSON report (schemaVersion'],
  ])('report: %s → one clear line naming the input, exit 1, nothing posted', async (file, content, message) => {
    if (content !== null) writeFileSync(join(ws, file), content);
    const r = await audit({ report: file });
    expect(r.code).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(gh.requests.filter((x) => x.method !== 'GET')).toHaveLength(0);
  });

  it('report in pr mode → refused by name: it publishes to the audit issue only', async () => {
    writeFileSync(join(ws, 'merged.json'), renderJson(orgReport()));
    const r = await runAction({ workspace: ws, event: pullRequestEvent(3), eventName: 'pull_request', inputs: { report: 'merged.json', 'plan-json': 'plan.json' }, apiUrl: gh.url, token: TOKEN });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::Input "report" has the value "merged.json": only in audit mode');
  });
});
