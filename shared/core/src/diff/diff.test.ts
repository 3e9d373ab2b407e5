import { describe, expect, it } from 'vitest';
import type { Severity, Status } from '../model/finding.js';
import type { Report } from '../report/schema.js';
import { parseBaselineReport, priorStatePlan } from './baseline.js';
import { diffExitCode, diffReports, type DiffReport } from './diff.js';
import { renderDiffMarkdown } from './markdown.js';
import { renderDiffTerminal } from './terminal.js';
import { ConfigError } from '../profile/load.js';

const ACCOUNT = '111122223333';
const bucket = (name: string) => ({ id: `arn:aws:s3:::${name}`, type: 'bucket' as const, name, account: ACCOUNT });

type F = [ruleId: string, resource: string, status: Status, severity?: Severity];

function report(findings: F[], cost: Record<string, number> | null = {}): Report {
  const byStatus = { fail: 0, unknown: 0, suppressed: 0, pass: 0, not_applicable: 0 };
  for (const [, , s] of findings) byStatus[s] += 1;
  const lines = Object.entries(cost ?? {}).map(([name, monthlyAmount]) => ({
    resourceId: `arn:aws:s3:::${name}`,
    component: 's3-requests',
    quantity: 1,
    unit: 'month',
    unitPrice: monthlyAmount,
    monthlyAmount,
    basis: 'assumed' as const,
  }));
  return {
    schemaVersion: 1,
    tool: { name: 'envelope', version: '0.0.0-test' },
    scannedAt: '2026-01-01T00:00:00.000Z',
    source: { kind: 'terraform-plan', accounts: [ACCOUNT], regions: ['eu-west-1'] },
    profile: { name: 'test' },
    resources: [...new Set([...findings.map((f) => f[1]), ...Object.keys(cost ?? {})])].map(bucket),
    findings: findings.map(([ruleId, name, status, severity = 'high']) => ({
      ruleId,
      status,
      severity,
      resource: bucket(name),
      message: `${ruleId} is ${status} on ${name}`,
      messageId: status,
      remediation: 'fix it',
      docs: `https://example.com/rules/${ruleId}`,
    })),
    summary: { byStatus, failBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } },
    gaps: [],
    cost: cost === null ? null : { currency: 'USD', priceTableDate: '2026-01-01', monthlyTotal: lines.reduce((a, l) => a + l.monthlyAmount, 0), lines, savings: [], assumptions: ['100,000 PUTs a month'] },
    stats: { apiCalls: {}, apiCallsByOperation: {}, apiCallsTotal: 0, httpAttempts: 0, durationMs: 1 },
  };
}

const BASE = { baseline: { kind: 'report' as const, description: 'test baseline' } };
const ids = (d: DiffReport, k: 'introduced' | 'fixed' | 'unchangedFailing' | 'newlyUnknown' | 'suppressed') => d[k].map((e) => `${e.finding.ruleId}@${e.finding.resource.name}`);

describe('diffReports', () => {
  it.each([
    // [case, before status (undefined: not there), after status (undefined: gone), where it lands]
    ['pass → fail', 'pass', 'fail', 'introduced'],
    ['absent → fail', undefined, 'fail', 'introduced'],
    ['unknown → fail', 'unknown', 'fail', 'introduced'],
    ['fail → pass', 'fail', 'pass', 'fixed'],
    ['fail → not applicable', 'fail', 'not_applicable', 'fixed'],
    ['fail → resource gone', 'fail', undefined, 'fixed'],
    ['fail → fail', 'fail', 'fail', 'unchangedFailing'],
    ['fail → unknown (never fixed)', 'fail', 'unknown', 'newlyUnknown'],
    ['pass → unknown', 'pass', 'unknown', 'newlyUnknown'],
    ['unknown → unknown', 'unknown', 'unknown', undefined],
    ['pass → pass', 'pass', 'pass', undefined],
    // An accepted risk is listed apart: never introduced (the PR does not add a failure) nor fixed (the risk is still there).
    ['absent → suppressed', undefined, 'suppressed', 'suppressed'],
    ['pass → suppressed', 'pass', 'suppressed', 'suppressed'],
    ['fail → suppressed (not fixed)', 'fail', 'suppressed', 'suppressed'],
    ['suppressed → fail (tag removed: introduced)', 'suppressed', 'fail', 'introduced'],
    ['suppressed → pass', 'suppressed', 'pass', undefined],
  ] as const)('%s', (_, before, after, lands) => {
    const d = diffReports(report(before ? [['r', 'b', before]] : []), report(after ? [['r', 'b', after]] : []), BASE);
    for (const k of ['introduced', 'fixed', 'unchangedFailing', 'newlyUnknown', 'suppressed'] as const) expect([k, ids(d, k)]).toEqual([k, k === lands ? ['r@b'] : []]);
  });

  it('a first plan (no baseline): every failure is introduced, every unknown new, cost from zero', () => {
    const d = diffReports(null, report([['r', 'a', 'fail'], ['s', 'a', 'unknown'], ['t', 'a', 'pass']], { a: 3 }), { baseline: { kind: 'empty', description: 'nothing' } });
    expect([ids(d, 'introduced'), ids(d, 'newlyUnknown'), d.cost?.before, d.cost?.delta]).toEqual([['r@a'], ['s@a'], 0, 3]);
  });

  it('matches findings by rule and resource, not by rule alone', () => {
    const d = diffReports(report([['r', 'a', 'fail']]), report([['r', 'b', 'fail']]), BASE);
    expect([ids(d, 'introduced'), ids(d, 'fixed'), ids(d, 'unchangedFailing')]).toEqual([['r@b'], ['r@a'], []]);
  });

  it('cost delta per resource, largest change first; unchanged resources left out', () => {
    const d = diffReports(report([], { a: 1, b: 2, gone: 0.5 }), report([], { a: 1, b: 5.25, fresh: 0.25 }), BASE);
    expect(d.cost?.resources.map((r) => [r.name, r.before, r.after, r.delta])).toEqual([
      ['b', 2, 5.25, 3.25],
      ['gone', 0.5, 0, -0.5],
      ['fresh', 0, 0.25, 0.25],
    ]);
    expect(d.cost?.delta).toBeCloseTo(3, 10);
  });

  it('no cost delta when either side has no cost section, and says which', () => {
    expect(diffReports(report([], null), report([]), BASE)).toMatchObject({ cost: null, costNote: 'the baseline report has no cost estimate' });
    expect(diffReports(report([]), report([], null), BASE)).toMatchObject({ cost: null, costNote: 'the new report has no cost estimate' });
  });

  it('exit code: 1 only when something at or above --fail-on is introduced', () => {
    const d = diffReports(report([['old', 'a', 'fail', 'critical']]), report([['old', 'a', 'fail', 'critical'], ['new', 'a', 'fail', 'medium'], ['u', 'a', 'unknown', 'critical']]), BASE);
    expect([diffExitCode(d, 'high'), diffExitCode(d, 'medium'), diffExitCode(d, 'none')]).toEqual([0, 1, 0]);
  });
});

describe('renderers', () => {
  const HOSTILE = 'x|<img src=x onerror=alert(1)>[link](http://evil) @org/team';
  const hostile = diffReports(report([]), report([['r', HOSTILE, 'fail']], { [HOSTILE]: 2 }), { baseline: { kind: 'report', description: '\u001b[2Jevil\nrow' } });

  it('markdown escapes every untrusted string and carries its marker', () => {
    const md = renderDiffMarkdown(hostile);
    expect(md.startsWith('<!-- envelope-diff -->\n')).toBe(true);
    expect(md).not.toMatch(/(^|[^\\])<img/);
    expect(md).not.toContain('](http://evil)');
    expect(md).not.toContain('@org');
    expect(md).toContain('### 🆕 Introduced');
    expect(md).toContain('**+$2.00**');
  });

  it('markdown fits its budget, dropping still-failing rows before introduced ones', () => {
    const many = (status: Status) => Array.from({ length: 300 }, (_, i): F => [`rule-${i}`, `bucket-${i}`, status]);
    const d = diffReports(report(many('fail')), report([...many('fail'), ['new-rule', 'new-bucket', 'fail']]), BASE);
    const md = renderDiffMarkdown(d, { maxChars: 4000 });
    expect(md.length).toBeLessThanOrEqual(4000);
    expect(md).toContain('[`new-rule`](https://example.com/rules/new-rule)');
    expect(md).toMatch(/more findings not shown/);
  });

  it('terminal: control characters and newlines from a report never reach the screen', () => {
    const out = renderDiffTerminal(hostile, { color: false });
    expect(out).not.toContain('\u001b');
    expect(out).toContain('compared with [2Jevil row');
    expect(out).toMatch(/Introduced \(1\)\n {2}✗ {2}high {2}r {2}x\|<img/);
  });
});

describe('baselines', () => {
  it('a report file that is not a report names the field and value', () => {
    const bad = { ...report([]), schemaVersion: 2 };
    expect(() => parseBaselineReport(JSON.stringify(bad), 'old.json')).toThrow(/--baseline old\.json: not an envelope report \(schemaVersion 1\): field "schemaVersion" is 2/);
    expect(() => parseBaselineReport('{"findings": [}', 'old.json')).toThrow(ConfigError);
    expect(() => parseBaselineReport(JSON.stringify({ kind: 'envelope-diff' }), 'd.json')).toThrow(/this is a diff, not a report/);
    const noFindings = { ...report([]), findings: undefined };
    expect(() => parseBaselineReport(JSON.stringify(noFindings), 'old.json')).toThrow(/field "findings" is missing/);
    expect(parseBaselineReport(JSON.stringify(report([['r', 'a', 'fail']])), 'ok.json').findings).toHaveLength(1);
  });

  it('prior state becomes a plan with nothing unknown; a state of only data sources is no baseline', () => {
    const data = { address: 'data.x.y', mode: 'data' as const, type: 'x', name: 'y', values: {} };
    expect(priorStatePlan({ format_version: '1.2', prior_state: { values: { root_module: { resources: [data] } } } })).toBeNull();
    expect(priorStatePlan({ format_version: '1.2' })).toBeNull();
    const bucketState = { address: 'module.m.aws_s3_bucket.b', mode: 'managed' as const, type: 'aws_s3_bucket', name: 'b', values: { bucket: 'b' } };
    const p = priorStatePlan({ format_version: '1.2', prior_state: { values: { root_module: { child_modules: [{ resources: [bucketState] }] } } }, planned_values: { root_module: {} } });
    expect(p).toEqual({ format_version: '1.2', planned_values: { root_module: { child_modules: [{ resources: [bucketState] }] } }, resource_changes: [] });
  });
});
