/**
 * Golden files for the human and SARIF renderers over the fixed testing report. Review changes as
 * diffs; regenerate with `npx vitest run src/report -u`.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTerminal } from './terminal.js';
import type { Report } from './schema.js';
import { suppressedTestingReport, testingReport, testingRules } from './testing-report.js';

/** The testing report as `envelope plan` would write it: its key is counted from the plan, so planned, not measured. */
const planReport: Report = {
  ...testingReport,
  source: { ...testingReport.source, kind: 'terraform-plan' },
  cost: testingReport.cost && { ...testingReport.cost, lines: testingReport.cost.lines.map((l) => (l.unit === 'key-Mo' ? { ...l, basis: 'planned' as const } : l)) },
};

describe('renderer goldens', () => {
  it.each([
    ['report.md', () => renderMarkdown(testingReport)],
    ['report-no-cost.md', () => renderMarkdown({ ...testingReport, cost: null }, { title: 'envelope — prod' })],
    ['report.txt', () => renderTerminal(testingReport, { color: false })],
    ['report-verbose.txt', () => renderTerminal(testingReport, { color: false, verbose: true })],
    ['report.sarif', () => renderSarif(testingReport, testingRules)],
    ['report-plan.md', () => renderMarkdown(planReport)],
    ['report-plan.txt', () => renderTerminal(planReport, { color: false })],
    ['report-by-security-hub.txt', () => renderTerminal(testingReport, { color: false, byFramework: { framework: 'security-hub', rules: testingRules } })],
    ['report-by-cis-verbose.txt', () => renderTerminal(testingReport, { color: false, verbose: true, byFramework: { framework: 'cis', rules: testingRules } })],
    ['report-by-security-hub.md', () => renderMarkdown(testingReport, { byFramework: { framework: 'security-hub', rules: testingRules } })],
    ['report-suppressed.md', () => renderMarkdown(suppressedTestingReport)],
    ['report-suppressed.txt', () => renderTerminal(suppressedTestingReport, { color: false })],
    ['report-suppressed.sarif', () => renderSarif(suppressedTestingReport, testingRules)],
  ])('%s', async (file, render) => {
    await expect(render()).toMatchFileSnapshot(`./__golden__/${file}`);
  });
});
