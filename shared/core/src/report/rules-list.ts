/**
 * `envelope rules`: the rule catalogue as a terminal table, JSON or markdown, filtered by pack and
 * by framework. Everything comes from the rule metadata; nothing here judges a resource.
 */
import { severityRank } from '../model/finding.js';
import type { Rule } from '../rules/define-rule.js';
import { FRAMEWORKS, mappedIds, type Framework, type Pack, type RuleMappings } from '../rules/mappings.js';
import { codeOrText, escapeMarkdown } from './markdown-escape.js';
import { columns } from './terminal-text.js';
import { compareText } from './view.js';

export const RULES_FORMATS = ['table', 'json', 'markdown'] as const;
export type RulesFormat = (typeof RULES_FORMATS)[number];

export interface RulesFilter {
  pack?: Pack;
  /** Only rules that map to this framework, and only its column. */
  framework?: Framework;
}

/** One rule as `envelope rules --format json` lists it. */
export interface RuleListing {
  id: string;
  title: string;
  severity: Rule['severity'];
  resourceType: Rule['resourceType'];
  packs: readonly Pack[];
  mappings: RuleMappings;
  docs: string;
}

/** Short names for the mapping cells; the CLI's --framework values, in the same order. */
const SHORT: Record<Framework, string> = { 'security-hub': 'Security Hub', cis: 'CIS', prowler: 'Prowler', checkov: 'Checkov' };

export function selectRules(rules: readonly Rule[], filter: RulesFilter = {}): RuleListing[] {
  return rules
    .filter((r) => !filter.pack || r.packs.includes(filter.pack))
    .filter((r) => !filter.framework || mappedIds(r.mappings, filter.framework).length > 0)
    .map((r) => ({ id: r.id, title: r.title, severity: r.severity, resourceType: r.resourceType, packs: r.packs, mappings: r.mappings ?? {}, docs: r.docs }))
    .sort((a, b) => compareText(a.id, b.id));
}

export function renderRulesList(rules: readonly Rule[], format: RulesFormat, filter: RulesFilter = {}): string {
  const listed = selectRules(rules, filter);
  const frameworks = filter.framework ? [filter.framework] : FRAMEWORKS;
  if (format === 'json') {
    return `${JSON.stringify({ count: listed.length, ...(filter.pack ? { pack: filter.pack } : {}), ...(filter.framework ? { framework: filter.framework } : {}), rules: listed }, null, 2)}\n`;
  }
  const note = footnote(rules, listed.length, filter);
  if (format === 'markdown') {
    const head = ['Rule', 'Severity', 'Packs', ...frameworks.map((f) => SHORT[f])];
    const out = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
    for (const r of listed) {
      const cells = [
        `[${codeOrText(r.id)}](${r.docs})`,
        r.severity,
        r.packs.map(codeOrText).join(', '),
        ...frameworks.map((f) => mappedIds(r.mappings, f).map(codeOrText).join(', ') || '—'),
      ];
      out.push(`| ${cells.join(' | ')} |`);
    }
    return `${[...out, '', escapeMarkdown(note)].join('\n')}\n`;
  }
  // One aligned line per rule, then its mappings and docs link indented below it: as columns, the
  // Prowler ids and the URL would push every row far past a terminal's width.
  const byConcern = listed.slice().sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || compareText(a.id, b.id));
  const heads = columns(byConcern.map((r) => [r.id, r.severity, r.packs.join(', ')]));
  const out: string[] = [];
  byConcern.forEach((r, i) => {
    out.push(heads[i] as string);
    const mapped = frameworks.filter((f) => mappedIds(r.mappings, f).length > 0);
    const details = [...mapped.map((f) => [SHORT[f], mappedIds(r.mappings, f).join(', ')]), ['Docs', r.docs]];
    if (mapped.length === 0) details.unshift(['Maps to', 'no control of the frameworks envelope maps']);
    out.push(...columns(details).map((l) => `    ${l}`));
  });
  return `${[...out, '', note].join('\n')}\n`;
}

function footnote(rules: readonly Rule[], shown: number, filter: RulesFilter): string {
  const parts = [`${shown} of ${rules.length} rules`];
  if (filter.pack) parts.push(`in pack ${filter.pack}`);
  if (filter.framework) parts.push(`mapped to ${SHORT[filter.framework]} (${rules.length - rules.filter((r) => mappedIds(r.mappings, filter.framework as Framework).length > 0).length} rules have none)`);
  return `${parts.join(', ')}.`;
}
