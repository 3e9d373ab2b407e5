/**
 * Joins reports of disjoint parts of one scan — the accounts of an organisation, or the shards of
 * `scan --shard i/n` — into the report a single run over all of them writes.
 *
 * What is identical to the single run: findings (and their order), resources, summary, gaps,
 * source accounts and Regions, and the cost section (lines, savings, totals, assumptions) when the
 * split is by account. What is not: `scannedAt` (the earliest part's), `stats` (calls summed, the
 * duration is the longest part's; a sharded run also lists the organisation once per shard), and
 * `shard` (gone: the result is whole). Parts of one account split by bucket give the same findings,
 * resources, summary and gaps; their cost section is each part's lines joined (see
 * docs/multi-account.md).
 */
import { ConfigError } from '../profile/load.js';
import { sumAmounts } from '../cost/cost-line.js';
import { REPORT_SCHEMA_URL, summarize } from './build.js';
import type { Finding } from '../model/finding.js';
import { staleWhy } from '../suppress/apply.js';
import type { Report, ReportSuppressions } from './schema.js';

export interface NamedReport {
  /** Where the report came from (a file name), for error messages. */
  name: string;
  report: Report;
}

type Gap = Report['gaps'][number];
type Cost = NonNullable<Report['cost']>;

const TYPE_ORDER: Record<string, number> = { bucket: 0, key: 1, role: 2 };

/** The joined report; a ConfigError names the part and the field when the parts do not belong together. */
export function mergeReports(parts: readonly NamedReport[]): Report {
  if (parts.length === 0) throw new ConfigError('merge: no reports given');
  const ordered = checkShards(parts);
  const first = ordered[0]!.report;
  for (const { name, report } of ordered.slice(1)) {
    same(name, 'tool.version', report.tool.version, first.tool.version);
    same(name, 'profile.name', report.profile.name, first.profile.name);
    same(name, 'source.kind', report.source.kind, first.source.kind);
  }
  const byBucket = first.shard?.by === 'bucket';
  if (!byBucket) disjointAccounts(ordered);

  const accounts = [...new Set(ordered.flatMap((p) => p.report.source.accounts))].sort();
  const several = accounts.length > 1;
  const accountOf = ordered.map((p) => accountIndex(p.report));

  // Each account's rows keep the order its own scan gave them; accounts come in id order.
  const gaps = dedupe(
    byAccount(ordered.flatMap((p, i) => p.report.gaps.map((g) => ({ account: g.account ?? accountOf[i]!(g.resource), row: g })))),
    (g) => `${g.account}|${g.row.resource}|${g.row.what}|${g.row.reason}`,
  ).map(({ account, row }): Gap => {
    const { account: _, ...rest } = row;
    return several ? { ...rest, account } : rest;
  });

  const findings = ordered.flatMap((p) => p.report.findings);
  findings.sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.resource.id.localeCompare(b.resource.id));
  for (let i = 1; i < findings.length; i++) {
    const [a, b] = [findings[i - 1]!, findings[i]!];
    if (a.ruleId === b.ruleId && a.resource.id === b.resource.id)
      throw new ConfigError(`merge: ${a.ruleId} on ${a.resource.id} is in more than one report: are two of them the same part?`);
  }

  const resources = ordered.flatMap((p) => p.report.resources);
  resources.sort((a, b) => (TYPE_ORDER[a.type] ?? 9) - (TYPE_ORDER[b.type] ?? 9) || a.id.localeCompare(b.id));

  const merged: Report = {
    $schema: REPORT_SCHEMA_URL,
    schemaVersion: 1,
    tool: first.tool,
    scannedAt: ordered.map((p) => p.report.scannedAt).sort()[0]!,
    source: { kind: first.source.kind, accounts, regions: [...new Set(ordered.flatMap((p) => p.report.source.regions))].sort() },
    profile: first.profile,
    resources,
    findings,
    summary: summarize(findings),
    ...mergeSuppressions(ordered, findings),
    gaps,
    cost: mergeCost(ordered, accountOf, several),
    stats: {
      apiCalls: sumCounts(ordered.map((p) => p.report.stats.apiCalls)),
      apiCallsByOperation: sumCounts(ordered.map((p) => p.report.stats.apiCallsByOperation)),
      apiCallsTotal: ordered.reduce((n, p) => n + p.report.stats.apiCallsTotal, 0),
      httpAttempts: ordered.reduce((n, p) => n + p.report.stats.httpAttempts, 0),
      durationMs: Math.max(...ordered.map((p) => p.report.stats.durationMs)),
    },
  };
  return merged;
}

/** Shard reports: all of one split (same count, same kind), each once; sorted by index. Others: as given. */
function checkShards(parts: readonly NamedReport[]): NamedReport[] {
  const sharded = parts.filter((p) => p.report.shard);
  if (sharded.length === 0) return [...parts];
  const plain = parts.find((p) => !p.report.shard);
  if (plain) throw new ConfigError(`merge: ${plain.name} is not a shard report but ${sharded[0]!.name} is; merge the shards of one split, then nothing else`);
  const { count, by } = sharded[0]!.report.shard!;
  const seen = new Map<number, string>();
  for (const { name, report } of parts) {
    const s = report.shard!;
    if (s.count !== count || s.by !== by)
      throw new ConfigError(`merge: ${name} is shard ${s.index}/${s.count} by ${s.by}, ${sharded[0]!.name} is of ${count} by ${by}: not the same split`);
    const other = seen.get(s.index);
    if (other) throw new ConfigError(`merge: ${name} and ${other} are both shard ${s.index}/${count}`);
    seen.set(s.index, name);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  // A missing shard would leave its accounts out of a report that looks whole: never a silent pass.
  if (missing.length > 0) throw new ConfigError(`merge: shard ${missing.map((i) => `${i}/${count}`).join(', ')} missing; give every shard's report`);
  if (by === 'bucket') {
    const accounts = new Set(parts.flatMap((p) => p.report.source.accounts));
    if (accounts.size > 1) throw new ConfigError(`merge: bucket shards of more than one account (${[...accounts].sort().join(', ')})`);
  }
  return [...parts].sort((a, b) => a.report.shard!.index - b.report.shard!.index);
}

function same(name: string, field: string, value: string, expected: string): void {
  if (value !== expected) throw new ConfigError(`merge: ${name} has ${field} ${JSON.stringify(value)}, the first report ${JSON.stringify(expected)}; reports to merge come from one envelope version and profile`);
}

function disjointAccounts(parts: readonly NamedReport[]): void {
  const holder = new Map<string, string>();
  for (const { name, report } of parts)
    for (const a of report.source.accounts) {
      const other = holder.get(a);
      if (other) throw new ConfigError(`merge: account ${a} is in both ${other} and ${name}; each account must come from one report`);
      holder.set(a, name);
    }
}

/**
 * The account a row of `report` belongs to, from the resource it names: the report's own resource
 * list and findings (a bucket ARN names no account), an ARN's account field, "account <id>", or
 * the report's only account.
 */
function accountIndex(report: Report): (resource: string) => string {
  const known = new Map<string, string>();
  for (const r of report.resources) known.set(r.id, r.account);
  for (const f of report.findings) known.set(f.resource.id, f.resource.account);
  const only = report.source.accounts.length === 1 ? report.source.accounts[0]! : '';
  return (resource) => known.get(resource) ?? /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(resource)?.[1] ?? /^account (\d{12})\b/.exec(resource)?.[1] ?? only;
}

/** Stable: rows of one account stay in their order. */
function byAccount<T extends { account: string }>(rows: T[]): T[] {
  return rows.map((r, i) => ({ r, i })).sort((a, b) => a.r.account.localeCompare(b.r.account) || a.i - b.i).map(({ r }) => r);
}

function dedupe<T>(rows: T[], key: (r: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = key(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function mergeCost(parts: readonly NamedReport[], accountOf: ((resource: string) => string)[], several: boolean): Report['cost'] {
  const costs = parts.map((p) => p.report.cost);
  if (costs.every((c) => c === null)) return null;
  const missing = parts.find((p) => p.report.cost === null);
  if (missing) throw new ConfigError(`merge: ${missing.name} has no cost section (--no-cost) and others have one; scan every part with the same cost options`);
  const first = costs[0]!;
  for (const [i, c] of costs.entries()) {
    same(parts[i]!.name, 'cost.currency', c!.currency, first.currency);
    same(parts[i]!.name, 'cost.priceTableDate', c!.priceTableDate, first.priceTableDate);
  }
  const lines = byAccount(costs.flatMap((c, i) => c!.lines.map((row) => ({ account: accountOf[i]!(row.resourceId), row })))).map((l) => l.row);
  const savings = byAccount(costs.flatMap((c, i) => c!.savings.map((row) => ({ account: accountOf[i]!(row.resourceId), row })))).map((s) => s.row);
  const assumptions = dedupe(
    costs.flatMap((c) => c!.assumptions),
    (a) => a,
  );
  const withSources = costs.filter((c) => c!.priceSources !== undefined);
  const priceSources = dedupe(
    withSources.flatMap((c) => c!.priceSources!),
    (s) => `${s.region}|${s.source}`,
  ).sort((a, b) => a.region.localeCompare(b.region) || a.source.localeCompare(b.source));
  const cost: Cost = {
    currency: first.currency,
    priceTableDate: first.priceTableDate,
    monthlyTotal: sumAmounts(lines),
    lines,
    savings,
    // One account's sentences in their order; several accounts' sorted, so no part's order wins.
    assumptions: several ? assumptions.sort() : assumptions,
    ...(withSources.length > 0 ? { priceSources } : {}),
  };
  return cost;
}

function sumCounts(maps: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The parts' suppression lists as one run over everything would write them. Every part read the same
 * profile: its expired entries are the same, their matches summed; a profile entry is stale only
 * when it is stale in every part, and why is decided again over all the findings. Tags sit on one
 * resource, which one part reports: their stale ids and unreadable values are joined.
 */
function mergeSuppressions(parts: readonly NamedReport[], findings: readonly Report['findings'][number][]): { suppressions?: ReportSuppressions } {
  const lists = parts.map((p) => p.report.suppressions);
  const first = lists[0];
  if (!first) return {};
  const all = lists.filter((l): l is ReportSuppressions => l !== undefined);
  const entryKey = (e: { rule: string; resource: string; reason?: string; expires?: string }) => JSON.stringify([e.rule, e.resource, e.reason, e.expires]);
  const expired = first.expired.map((e) => ({
    ...e,
    matches: all.reduce((n, l) => n + (l.expired.find((x) => entryKey(x) === entryKey(e))?.matches ?? 0), 0),
  }));
  const staleEverywhere = first.stale
    .filter((e) => e.source === 'profile' && all.every((l) => l.stale.some((x) => x.source === 'profile' && entryKey(x) === entryKey(e))))
    .map((e) => ({ ...e, why: staleWhy(e, findings as readonly Finding[]) }));
  const tagKey = (e: { rule: string; resource: string }) => `${e.resource}|${e.rule}`;
  const tagStale = dedupe(all.flatMap((l) => l.stale.filter((e) => e.source === 'tag')), tagKey).map((e) => ({ ...e, why: staleWhy(e, findings as readonly Finding[]) }));
  const invalidTags = dedupe(all.flatMap((l) => l.invalidTags), (t) => `${t.resource}|${t.value}`);
  return { suppressions: { expired, stale: [...staleEverywhere, ...tagStale], invalidTags } };
}
