import { describe, expect, it } from 'vitest';
import { renderJson } from './json.js';
import { mergeReports, type NamedReport } from './merge.js';
import type { Report } from './schema.js';
import { testingReport } from './testing-report.js';

/** The fixture report moved to another account: its ids, bucket names and ARNs rewritten. */
function inAccount(account: string, prefix: string): Report {
  const text = JSON.stringify(testingReport).replaceAll('111122223333', account).replaceAll('arn:aws:s3:::', `arn:aws:s3:::${prefix}-`).replaceAll('"name":"analytics', `"name":"${prefix}-analytics`);
  return JSON.parse(text) as Report;
}

const A = inAccount('111111111111', 'a');
const B = inAccount('222222222222', 'b');
const C = inAccount('333333333333', 'c');
const named = (...reports: Report[]): NamedReport[] => reports.map((report, i) => ({ name: `r${i}.json`, report }));
const json = (r: Report) => renderJson({ ...r, scannedAt: 'x', stats: { ...r.stats, durationMs: 0 } });

describe('mergeReports', () => {
  it('one report merged alone is that report, byte for byte (findings in the engine\'s order, as a scan writes them)', () => {
    const scanned: Report = {
      ...testingReport,
      findings: [...testingReport.findings].sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.resource.id.localeCompare(b.resource.id)),
    };
    expect(renderJson(mergeReports(named(scanned)))).toBe(renderJson(scanned));
  });

  it('does not depend on how the accounts are grouped or ordered (what shards of any split rely on)', () => {
    const whole = json(mergeReports(named(A, B, C)));
    expect(json(mergeReports(named(C, A, B)))).toBe(whole);
    expect(json(mergeReports(named(mergeReports(named(A, C)), B)))).toBe(whole);
    expect(json(mergeReports(named(mergeReports(named(B)), mergeReports(named(C, A)))))).toBe(whole);
  });

  it('several accounts: every gap names its account, source lists them sorted, summary and cost add up, calls are summed', () => {
    const m = mergeReports(named(B, A));
    expect(m.source.accounts).toEqual(['111111111111', '222222222222']);
    expect(m.gaps.map((g) => g.account)).toEqual([...A.gaps.map(() => '111111111111'), ...B.gaps.map(() => '222222222222')]);
    expect(m.summary.byStatus.fail).toBe(A.summary.byStatus.fail + B.summary.byStatus.fail);
    expect(m.cost!.monthlyTotal).toBeCloseTo(A.cost!.monthlyTotal + B.cost!.monthlyTotal, 9);
    expect(m.stats.apiCallsTotal).toBe(A.stats.apiCallsTotal + B.stats.apiCallsTotal);
    expect(m.findings.map((f) => `${f.ruleId}|${f.resource.id}`)).toEqual(
      [...A.findings, ...B.findings].map((f) => `${f.ruleId}|${f.resource.id}`).sort((x, y) => x.split('|')[0]!.localeCompare(y.split('|')[0]!) || x.split('|')[1]!.localeCompare(y.split('|')[1]!)),
    );
  });

  it.each<[string, () => NamedReport[], string]>([
    ['no report', () => [], 'merge: no reports given'],
    ['the same account twice', () => named(A, A), 'account 111111111111 is in both r0.json and r1.json'],
    ['another envelope version', () => named(A, { ...B, tool: { ...B.tool, version: '0.0.1' } }), 'r1.json has tool.version "0.0.1"'],
    ['another profile', () => named(A, { ...B, profile: { name: 'other' } }), 'r1.json has profile.name "other"'],
    ['one part without cost', () => named(A, { ...B, cost: null }), 'r1.json has no cost section (--no-cost)'],
    ['a missing shard', () => named({ ...A, shard: { index: 1, count: 3, by: 'account' } }, { ...B, shard: { index: 3, count: 3, by: 'account' } }), 'shard 2/3 missing'],
    ['a shard twice', () => named({ ...A, shard: { index: 1, count: 2, by: 'account' } }, { ...B, shard: { index: 1, count: 2, by: 'account' } }), 'r1.json and r0.json are both shard 1/2'],
    ['shards of two splits', () => named({ ...A, shard: { index: 1, count: 2, by: 'account' } }, { ...B, shard: { index: 2, count: 3, by: 'account' } }), 'not the same split'],
    ['a shard and a whole report', () => named({ ...A, shard: { index: 1, count: 1, by: 'account' } }, B), 'r1.json is not a shard report'],
    ['bucket shards of two accounts', () => named({ ...A, shard: { index: 1, count: 2, by: 'bucket' } }, { ...B, shard: { index: 2, count: 2, by: 'bucket' } }), 'bucket shards of more than one account'],
    ['one finding in two bucket shards', () => named({ ...A, shard: { index: 1, count: 2, by: 'bucket' } }, { ...A, shard: { index: 2, count: 2, by: 'bucket' } }), 'is in more than one report'],
  ])('refuses %s', (_, parts, message) => {
    expect(() => mergeReports(parts())).toThrow(message);
  });
});

describe('gaps of several accounts, as the renderers show them', () => {
  it('a gap whose resource names no account gets it; one that does is left as is', async () => {
    const { gapWhere } = await import('./view.js');
    expect(gapWhere({ resource: 'KMS in eu-west-1', what: 'aliases', reason: 'r', account: '111111111111' })).toBe('KMS in eu-west-1 (account 111111111111)');
    expect(gapWhere({ resource: 'account 111111111111', what: 'the bucket list', reason: 'r', account: '111111111111' })).toBe('account 111111111111');
    expect(gapWhere({ resource: 'KMS in eu-west-1', what: 'aliases', reason: 'r' })).toBe('KMS in eu-west-1');
    const m = mergeReports(named(A, B));
    const { renderMarkdown } = await import('./markdown.js');
    expect(renderMarkdown(m)).toContain(`${m.gaps.find((g) => g.account === '222222222222')!.resource} (account 222222222222)`);
  });
});
