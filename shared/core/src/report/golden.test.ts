/**
 * Golden files for the human and SARIF renderers over the fixed testing report. Review changes as
 * diffs; regenerate with `npx vitest run src/report -u`.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTerminal } from './terminal.js';
import { testingReport, testingRules } from './testing-report.js';

describe('renderer goldens', () => {
  it.each([
    ['report.md', () => renderMarkdown(testingReport)],
    ['report-no-cost.md', () => renderMarkdown({ ...testingReport, cost: null }, { title: 'envelope — prod' })],
    ['report.txt', () => renderTerminal(testingReport, { color: false })],
    ['report-verbose.txt', () => renderTerminal(testingReport, { color: false, verbose: true })],
    ['report.sarif', () => renderSarif(testingReport, testingRules)],
  ])('%s', async (file, render) => {
    await expect(render()).toMatchFileSnapshot(`./__golden__/${file}`);
  });
});
