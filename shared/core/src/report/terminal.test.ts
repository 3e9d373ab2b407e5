import { describe, expect, it } from 'vitest';
import { renderTerminal } from './terminal.js';
import { displayWidth, printable } from './terminal-text.js';
import { testingReport } from './testing-report.js';

// eslint-disable-next-line no-control-regex -- looking for escape codes is the point
const ANSI = /\u001b\[/;

describe('renderTerminal', () => {
  it('colours only when asked', () => {
    expect(renderTerminal(testingReport, { color: false })).not.toMatch(ANSI);
    expect(renderTerminal(testingReport, { color: true })).toMatch(ANSI);
  });

  it('aligns the rule and message columns across resources', () => {
    const rows = renderTerminal(testingReport, { color: false, verbose: true })
      .split('\n')
      .filter((l) => /^ {2}[✗?✓–] {2}/.test(l));
    const messageColumn = new Set(rows.map((l) => l.search(/ {2}(?=[A-Z])/)));
    expect(rows.length).toBeGreaterThan(5);
    expect(messageColumn.size).toBe(1);
  });

  it('ends with the summary line', () => {
    const lines = renderTerminal(testingReport, { color: false }).trimEnd().split('\n');
    expect(lines.at(-1)).toBe('3 failed (1 critical, 1 high, 1 medium) · 2 unknown · 4 passed · 2 not applicable · 24 API calls in 1.2 s');
  });

  it('cannot be steered by escape codes or newlines in account data', () => {
    const evil = 'bucket\u001b[2J\u001b]8;;http://evil\u0007\nfake row';
    const report = {
      ...testingReport,
      findings: testingReport.findings.map((f) => ({ ...f, resource: { ...f.resource, name: evil }, message: `${f.message}\u001b[31m` })),
    };
    const out = renderTerminal(report, { color: false });
    expect(out).not.toMatch(ANSI);
    expect(out).not.toContain('\u0007');
    expect(out).not.toMatch(/^fake row/m);
  });
});

describe('terminal text', () => {
  it.each([
    ['ascii', 'abc', 3],
    ['status symbols are one column', '✗?✓–', 4],
    ['CJK is two columns', '日本', 4],
    ['combining marks take none', 'e\u0301', 1],
  ])('%s', (_, text, width) => expect(displayWidth(text)).toBe(width));

  it('makes control characters harmless', () => {
    expect(printable('a\tb\nc\u001b[0m\u202e')).toBe('a b c[0m');
  });
});

describe('unpriced cost lines', () => {
  it('say "not priced" instead of a zero amount', async () => {
    const { lineAmount } = await import('./view.js');
    expect(lineAmount({ resourceId: 'r', component: 'unpriced', quantity: 3, unit: '10k requests', unitPrice: 0, monthlyAmount: 0, basis: 'assumed', note: 'no prices for region ap-south-1' })).toBe('not priced');
    expect(lineAmount({ resourceId: 'r', component: 'kms-requests', quantity: 3, unit: '10k requests', unitPrice: 0.03, monthlyAmount: 0.09, basis: 'assumed' })).toBe('$0.09');
  });
});
