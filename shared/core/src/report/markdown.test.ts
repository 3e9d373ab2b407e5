import { describe, expect, it } from 'vitest';
import { renderMarkdown, REPORT_MARKER } from './markdown.js';
import { manyFindingsReport, testingReport } from './testing-report.js';

const MORE = /… ([\d,]+) more findings? not shown; see the full report \(JSON\/SARIF\)/;

describe('renderMarkdown', () => {
  it('starts with the hidden marker and carries no raw untrusted HTML', () => {
    const body = renderMarkdown(testingReport);
    expect(body.split('\n')[0]).toBe(REPORT_MARKER);
    expect(body).not.toMatch(/(^|[^\\])<img/);
    expect(body).not.toContain('](http://evil)');
  });

  it('says when there is no cost section, in one line', () => {
    const body = renderMarkdown({ ...testingReport, cost: null });
    expect(body).toContain('No cost estimate in this report.');
    expect(body).not.toContain('### 💰 Cost');
  });

  it('shows a clean report as clean', () => {
    const passing = testingReport.findings.filter((f) => f.status === 'pass');
    const body = renderMarkdown({
      ...testingReport,
      findings: passing,
      gaps: [],
      summary: { byStatus: { fail: 0, unknown: 0, pass: passing.length, not_applicable: 0 }, failBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } },
    });
    expect(body).toContain('> [!NOTE]');
    expect(body).not.toContain('### Failing findings');
    expect(body).not.toContain('Could not evaluate');
  });

  it('leaves a body under the budget untouched', () => {
    const body = renderMarkdown(testingReport);
    expect(renderMarkdown(testingReport, { maxChars: body.length })).toBe(body);
    expect(body).not.toMatch(MORE);
  });
});

describe('renderMarkdown truncation', () => {
  const report = manyFindingsReport(400);

  it.each([5000, 12_000, 60_000])('stays within maxChars %i and says how many findings it left out', (maxChars) => {
    const body = renderMarkdown(report, { maxChars });
    expect(body.length).toBeLessThanOrEqual(maxChars);
    expect(body.startsWith(`${REPORT_MARKER}\n`)).toBe(true);
    const shown = body.split('\n').filter((l) => l.startsWith('| ') && l.includes('bucket-')).length;
    const more = MORE.exec(body);
    expect(more).not.toBeNull();
    expect(shown + Number(more?.[1]?.replace(/,/g, ''))).toBe(400);
  });

  it('drops the lowest severities first', () => {
    const body = renderMarkdown(report, { maxChars: 8000 });
    const severities = body.split('\n').filter((l) => l.startsWith('| ') && l.includes('bucket-')).map((l) => l.split(' | ')[0]?.replace(/^\| \S+ /, ''));
    expect(severities).toContain('critical');
    expect(severities).not.toContain('info');
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const ranks = severities.map((s) => order.indexOf(s as string));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('never exceeds even a budget smaller than the fixed text', () => {
    for (const maxChars of [10, 300, 1200]) {
      const body = renderMarkdown(report, { maxChars });
      expect(body.length).toBeLessThanOrEqual(maxChars);
    }
    expect(renderMarkdown(report, { maxChars: 300 })).toContain(REPORT_MARKER);
  });
});
