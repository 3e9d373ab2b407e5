/** The report: its schema, how it is built, and its renderers. */
import type { Rule } from '../rules/define-rule.js';
import { withMappings } from './framework-groups.js';
import { renderJson } from './json.js';
import { renderMarkdown, type MarkdownOptions } from './markdown.js';
import { renderSarif, type SarifOptions } from './sarif.js';
import type { Report } from './schema.js';
import { renderTerminal, type TerminalOptions } from './terminal.js';

export * from './schema.js';
export { buildReport, DIFF_SCHEMA_URL, REPORT_SCHEMA_URL, type ReportInput } from './build.js';
export { diffJsonSchema, reportJsonSchema } from './json-schema.js';
export { jsonChunks, renderJson } from './json.js';
export { mergeReports, type NamedReport } from './merge.js';
export { readReportFile } from './read-report-file.js';
export { renderSarif, SARIF_LEVEL, SECURITY_SEVERITY, fingerprint, type SarifOptions } from './sarif.js';
export { renderMarkdown, REPORT_MARKER, DEFAULT_MAX_CHARS, type MarkdownOptions } from './markdown.js';
export { escapeMarkdown, codeOrText, safeUrl, markdownLink } from './markdown-escape.js';
export { renderTerminal, type TerminalOptions } from './terminal.js';
export { renderRulesDoc } from './rules-doc.js';
export { groupByControl, withMappings, frameworkLabel, type ControlGroup, type FrameworkGrouping } from './framework-groups.js';
export { renderRulesList, selectRules, RULES_FORMATS, type RulesFormat, type RulesFilter, type RuleListing } from './rules-list.js';

export const REPORT_FORMATS = ['json', 'sarif', 'markdown', 'table'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions extends MarkdownOptions, SarifOptions, Partial<TerminalOptions> {}

/** One entry point for the CLI and the Action: `--format` → text. `table` is colourless unless `color`. */
export function renderReport(report: Report, format: ReportFormat, rules: readonly Rule[], options: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      // Grouping is for people; JSON consumers get each finding's mappings and group as they like.
      return renderJson(options.byFramework ? withMappings(report, options.byFramework.rules) : report);
    case 'sarif':
      return renderSarif(report, rules, options);
    case 'markdown':
      return renderMarkdown(report, options);
    case 'table':
      return renderTerminal(report, {
        color: options.color ?? false,
        ...(options.verbose !== undefined ? { verbose: options.verbose } : {}),
        ...(options.byFramework ? { byFramework: options.byFramework } : {}),
      });
  }
}
