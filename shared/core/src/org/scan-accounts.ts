/**
 * `scan --assume-role`: each account of a list (or of the organisation) scanned with its own
 * clients, through a role assumed in it, and the reports joined as `envelope merge` joins them.
 * An account whose role cannot be assumed is in the report as unknown, and the run goes on.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsClients } from '../collect/aws/clients.js';
import { IdentityError, readCallerIdentity } from '../collect/aws/sts.js';
import { notRead, unknown } from '../model/observed.js';
import type { Inventory } from '../model/inventory.js';
import { buildReport } from '../report/build.js';
import { mergeReports } from '../report/merge.js';
import type { Report } from '../report/schema.js';
import { evaluate } from '../rules/engine.js';
import { rules as allRules } from '../rules/registry.js';
import { defaultPriceTable } from '../cost/price-table.js';
import { scanAwsAccount, type ScanOptions } from '../scan.js';
import { assumeRole, listOrganizationAccounts, roleArnOf } from './accounts.js';
import { shardOf, type Shard } from './shard.js';

export interface AccountsScanOptions extends Omit<ScanOptions, 'clients' | 'snowflake' | 'validateIntegrations' | 'shard' | 'resolvePrices'> {
  /** The caller's clients: Organizations, AssumeRole. */
  base: AwsClients;
  /** Clients for one account, from the assumed role's credentials (the CLI keeps endpoint and timeout). */
  clientsFor: (credentials: AwsCredentialIdentityProvider) => AwsClients;
  roleName: string;
  /** Account ids, or the organisation's ACTIVE accounts. */
  accounts: readonly string[] | 'organization';
  externalId?: string;
  shard?: Shard;
  /** Said before each account is scanned (the CLI prints it on stderr). */
  onAccount?: (account: string, position: number, total: number) => void;
}

/**
 * The accounts this run scans: all of them; with --shard over several accounts, those whose id
 * hashes to this shard; with --shard and one account, that account, split by bucket in scanAwsAccount.
 */
export function accountsOfShard(accounts: readonly string[], shard: Shard | undefined): { mine: string[]; by?: 'account' | 'bucket' } {
  if (!shard) return { mine: [...accounts] };
  if (accounts.length === 1) return { mine: [...accounts], by: 'bucket' };
  return { mine: accounts.filter((a) => shardOf(a, shard.count) === shard.index), by: 'account' };
}

export async function scanAccounts(options: AccountsScanOptions): Promise<Report> {
  const { base, shard } = options;
  const { partition } = await readCallerIdentity(base);
  const all = options.accounts === 'organization' ? await listOrganizationAccounts(base) : [...options.accounts].sort();
  if (all.length === 0) throw new IdentityError('--organization: the organisation lists no ACTIVE account');
  const { mine, by } = accountsOfShard(all, shard);
  const parts: { name: string; report: Report }[] = [];
  for (const [i, account] of mine.entries()) {
    options.onAccount?.(account, i + 1, mine.length);
    // A bucket shard's own mark is put back on the whole below: merge joins parts of one run here.
    const { shard: _part, ...report } = await scanOne(options, account, partition, by === 'bucket' ? shard : undefined);
    parts.push({ name: `account ${account}`, report });
  }
  const report = parts.length > 0 ? mergeReports(parts) : emptyReport(options);
  // The caller's own calls (ListAccounts, AssumeRole) count with the accounts'.
  const s = base.stats;
  report.stats = {
    ...report.stats,
    apiCalls: addCounts(report.stats.apiCalls, s.byService()),
    apiCallsByOperation: addCounts(report.stats.apiCallsByOperation, s.byOperation()),
    apiCallsTotal: report.stats.apiCallsTotal + s.total(),
    httpAttempts: report.stats.httpAttempts + s.totalAttempts(),
  };
  if (shard && by) report.shard = { index: shard.index, count: shard.count, by };
  return report;
}

async function scanOne(options: AccountsScanOptions, account: string, partition: string, bucketShard: Shard | undefined): Promise<Report> {
  const roleArn = roleArnOf(partition, account, options.roleName);
  const assumed = await assumeRole(options.base, roleArn, account, options.externalId);
  if (!assumed.ok) return unreachableAccount(options, account, partition, assumed.reason);
  const clients = options.clientsFor(assumed.credentials);
  try {
    // The account-level shard is this function's; only a bucket split goes down to the scan.
    const { base: _b, clientsFor: _c, roleName: _r, accounts: _a, externalId: _e, shard: _s, onAccount: _o, ...scan } = options;
    const report = await scanAwsAccount({ ...scan, clients, ...(bucketShard ? { shard: bucketShard } : {}) });
    const seen = report.source.accounts[0];
    // A trust that hands out another account's session would put that account's findings under this one's name.
    if (seen !== account) return unreachableAccount(options, account, partition, `${roleArn} gave a session in account ${seen}, not ${account}`);
    return report;
  } catch (err) {
    if (err instanceof IdentityError) return unreachableAccount(options, account, partition, `with ${roleArn}: ${err.message}`);
    throw err;
  } finally {
    clients.destroy();
  }
}

/**
 * An account the run could not enter: an inventory where every read is unknown for `reason`, so
 * the account-level rules say unknown with it and the bucket list is a gap (exit 1, as for an
 * account whose buckets could not be listed).
 */
function unreachableAccount(options: AccountsScanOptions, account: string, partition: string, reason: string): Report {
  const inventory: Inventory = {
    source: { kind: options.sourceKind ?? 'aws', accounts: [account], regions: [] },
    collectedAt: new Date().toISOString(),
    account: { id: account, partition, publicAccessBlock: unknown(reason) },
    buckets: [],
    bucketList: unknown(reason),
    keys: [],
    aliases: {},
    roles: [],
    trails: [],
    trailList: unknown(reason),
    snowflake: { integrations: [], stages: [] },
    gaps: [{ resource: `account ${account}`, what: 'the bucket list', reason }],
  };
  const costEnabled = options.cost !== false;
  const prices = options.prices ?? defaultPriceTable;
  const findings = evaluate(options.rules ?? allRules, inventory, options.profile, { prices, costEnabled });
  return buildReport({
    inventory,
    findings,
    profile: options.profile,
    stats: { byService: {}, byOperation: {}, total: 0, attempts: 0 },
    durationMs: 0,
    cost: costEnabled ? { currency: prices.currency, priceTableDate: prices.priceTableDate, monthlyTotal: 0, lines: [], savings: [], assumptions: [] } : null,
  });
}

/** A shard that no account hashes to: a report of nothing, still mergeable with its siblings. */
function emptyReport(options: AccountsScanOptions): Report {
  const prices = options.prices ?? defaultPriceTable;
  const empty: Inventory = {
    source: { kind: options.sourceKind ?? 'aws', accounts: [], regions: [] },
    collectedAt: new Date().toISOString(),
    account: { id: '', partition: 'aws', publicAccessBlock: notRead('no account in this shard') },
    buckets: [],
    keys: [],
    aliases: {},
    roles: [],
    trails: [],
    snowflake: { integrations: [], stages: [] },
    gaps: [],
  };
  return buildReport({
    inventory: empty,
    findings: [],
    profile: options.profile,
    stats: { byService: {}, byOperation: {}, total: 0, attempts: 0 },
    durationMs: 0,
    cost: options.cost !== false ? { currency: prices.currency, priceTableDate: prices.priceTableDate, monthlyTotal: 0, lines: [], savings: [], assumptions: [] } : null,
  });
}

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x.localeCompare(y)));
}
