import { performance } from 'node:perf_hooks';
import { type AwsClients, collectAwsInventory, type ProgressEvent } from './collect/aws/index.js';
import type { Gap, Inventory, SourceKind } from './model/inventory.js';
import type { Profile } from './profile/schema.js';
import { buildReport } from './report/build.js';
import type { Report } from './report/schema.js';
import { evaluate } from './rules/engine.js';
import { rules as allRules } from './rules/registry.js';
import type { Rule } from './rules/define-rule.js';
import { estimateCost, regionsToPrice } from './cost/estimate-cost.js';
import { collectSnowflakeInventory } from './collect/snowflake/inventory.js';
import type { SnowflakeSqlClient } from './collect/snowflake/sql-api.js';
import { validateIntegrations } from './collect/snowflake/validate.js';
import { dedupeGaps } from './collect/aws/index.js';
import { sumAmounts } from './cost/cost-line.js';
import { defaultPriceTable } from './cost/price-table.js';
import type { PriceTable } from './cost/price-table-types.js';
import { shardOf, type Shard } from './org/shard.js';
import { planIncremental, scanFingerprint, type IncrementalPlan, type SinceInput } from './incremental/plan.js';
import { mergeFindings, partialInventory, withCarried } from './incremental/merge.js';

export interface ScanOptions {
  clients: AwsClients;
  profile: Profile;
  regions?: string[];
  concurrency?: number;
  rules?: readonly Rule[];
  /** Estimate cost (reads CloudWatch). Default true; false for --no-cost. */
  cost?: boolean;
  prices?: PriceTable;
  /**
   * Reads prices for the Regions the cost estimate meets (--prices aws: collect/aws/price-list.ts),
   * used instead of `prices`; the reads that failed become gaps. Not called with cost off.
   */
  resolvePrices?: (regions: readonly string[]) => Promise<{ table: PriceTable; gaps: Gap[] }>;
  sourceKind?: SourceKind;
  /**
   * Read the Snowflake account too (collect/snowflake): its integrations and stages join the
   * inventory, and the roles and buckets they name join the AWS scope. Build the client with
   * `stats: clients.stats` to count its statements with the AWS calls.
   */
  snowflake?: SnowflakeSqlClient;
  /**
   * With `snowflake`: run SYSTEM$VALIDATE_STORAGE_INTEGRATION once per enabled S3 integration. It
   * WRITES, reads, lists and deletes one small file (envelope-validate-<uuid>.txt) in the
   * integration's first stage location, so it is off unless asked for.
   */
  validateIntegrations?: boolean;
  /**
   * `--shard i/n` of this one account: this run reports the buckets whose name hashes to shard i,
   * and — when the account id hashes to it — the account, its keys, roles, trails and Snowflake
   * objects; each bucket and each of those once across the shards (see collect's ownsBucket).
   */
  shard?: Shard;
  onProgress?: (e: ProgressEvent) => void;
  /**
   * Called once with the collected inventory (gaps included) before rules run: for front ends that
   * draw from it what the report does not carry, e.g. the Backstage drawer's snowflakeChainMermaid.
   */
  onInventory?: (inventory: Inventory) => void;
  /**
   * --since: the previous report. Only the buckets CloudTrail says changed since (and new ones) are
   * read; the rest carry over (incremental/). When that cannot be done safely the scan is a full one,
   * `onNotice` is told why, and the report's `incremental` says so.
   */
  since?: SinceInput;
  onNotice?: (message: string) => void;
}

/** Collect → evaluate → report. The one path both front ends and the CLI use for a live account. */
export async function scanAwsAccount(options: ScanOptions): Promise<Report> {
  const started = performance.now();
  // Snowflake first: the roles and buckets its integrations and stages name are the chain to read.
  const snowflake = options.snowflake
    ? await collectSnowflakeInventory({ client: options.snowflake, profile: options.profile, ...(options.onProgress ? { onProgress: options.onProgress } : {}) })
    : undefined;
  if (snowflake && options.validateIntegrations) {
    await validateIntegrations(options.snowflake!, snowflake.integrations, snowflake.stages);
    for (const i of snowflake.integrations) if (i.validation?.state === 'unknown') snowflake.gaps.push({ resource: i.id, what: 'SYSTEM$VALIDATE_STORAGE_INTEGRATION', reason: i.validation.reason });
  }
  const fingerprint = scanFingerprint(options.profile, { regions: options.regions ?? [], cost: options.cost !== false, snowflake: snowflake !== undefined });
  let plan: IncrementalPlan | undefined;
  let fullScan: string | undefined;
  if (options.since) {
    const outcome = await planIncremental(options.clients, options.since, { fingerprint, now: new Date() });
    if ('plan' in outcome) plan = outcome.plan;
    else {
      fullScan = outcome.fullScan;
      options.onNotice?.(`--since ${options.since.file}: a full scan instead: ${fullScan}`);
    }
  }
  const aws = await collectAwsInventory({
    clients: options.clients,
    profile: options.profile,
    ...(options.regions ? { regions: options.regions } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    cost: options.cost !== false,
    ...(options.sourceKind ? { sourceKind: options.sourceKind } : {}),
    ...(snowflake ? { snowflakeScope: snowflake.scope } : {}),
    ...(plan ? { bucketFilter: ((p) => (name: string) => p.reread.has(name) || !p.previousBuckets.has(name))(plan) } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.shard ? { ownsBucket: (name: string) => shardOf(name, options.shard!.count) === options.shard!.index } : {}),
  });
  const collected = snowflake
    ? {
        ...aws,
        snowflake: { integrations: snowflake.integrations, stages: snowflake.stages, listing: snowflake.listing },
        gaps: dedupeGaps([...aws.gaps, ...snowflake.gaps]),
      }
    : aws;
  const costEnabled = options.cost !== false;
  let prices = options.prices ?? defaultPriceTable;
  let inventory = collected;
  if (costEnabled && options.resolvePrices) {
    const resolved = await options.resolvePrices(regionsToPrice(collected, options.profile));
    prices = resolved.table;
    if (resolved.gaps.length > 0) inventory = { ...collected, gaps: [...collected.gaps, ...resolved.gaps] };
  }
  options.onInventory?.(inventory);
  const partial = plan ? partialInventory(inventory, plan) : undefined;
  const evaluated = evaluate(options.rules ?? allRules, partial?.evaluated ?? inventory, options.profile, { prices, costEnabled });
  const merged = plan && partial ? mergeFindings(evaluated, inventory, partial, plan) : undefined;
  const s = options.clients.stats;
  const findings = merged?.findings ?? evaluated;
  if (options.shard) {
    if (options.since) throw new Error('scanAwsAccount: --since and --shard cannot be combined');
    const shard = shardPart(inventory, options.shard);
    const report = buildReport({
      inventory: shard.inventory,
      keysForUses: inventory.keys,
      findings: findings.filter((f) => (f.resource.type === 'bucket' ? shard.ownsBucket(f.resource.name) : shard.ownsAccount)),
      profile: options.profile,
      stats: { byService: s.byService(), byOperation: s.byOperation(), total: s.total(), attempts: s.totalAttempts() },
      durationMs: performance.now() - started,
      cost: costEnabled ? estimateCost(shard.costInventory, options.profile, prices) : null,
    });
    if (report.cost && !shard.ownsAccount) {
      // The account's KMS free tier is credited once, by the shard that reports the account.
      const root = `arn:${inventory.account.partition}:iam::${inventory.account.id}:root`;
      report.cost.lines = report.cost.lines.filter((l) => l.resourceId !== root);
      report.cost.monthlyTotal = sumAmounts(report.cost.lines);
    }
    report.profile.fingerprint = fingerprint;
    report.shard = { ...options.shard, by: 'bucket' };
    return report;
  }
  const report = buildReport({
    inventory,
    profile: options.profile,
    stats: { byService: s.byService(), byOperation: s.byOperation(), total: s.total(), attempts: s.totalAttempts() },
    durationMs: performance.now() - started,
    findings,
    cost: costEnabled ? estimateCost(inventory, options.profile, prices) : null,
  });
  report.profile.fingerprint = fingerprint;
  if (plan && merged && partial)
    return withCarried(report, merged, plan, {
      rereadBuckets: inventory.buckets.map((b) => b.name),
      keys: inventory.keys.length,
      roles: inventory.roles.length,
      carriedBuckets: partial.stubs.size,
    });
  if (options.since) report.incremental = { mode: 'full', since: { file: options.since.file, scannedAt: sinceScannedAt(options.since) }, reason: fullScan ?? 'unknown' };
  return report;
}

/**
 * What a bucket shard reports: its buckets; and the account's keys, roles, trails, Snowflake
 * objects and account-wide gaps when the account id hashes to it. Rules ran on the whole inventory.
 */
function shardPart(inventory: Inventory, shard: Shard) {
  const ownsBucket = (name: string) => shardOf(name, shard.count) === shard.index;
  const ownsAccount = shardOf(inventory.account.id, shard.count) === shard.index;
  const bucketArns = new Map(inventory.buckets.map((b) => [b.arn, b.name]));
  const part: Inventory = {
    ...inventory,
    buckets: inventory.buckets.filter((b) => ownsBucket(b.name)),
    keys: ownsAccount ? inventory.keys : [],
    roles: ownsAccount ? inventory.roles : [],
    trails: ownsAccount ? inventory.trails : [],
    gaps: inventory.gaps.filter((g) => (bucketArns.has(g.resource) ? ownsBucket(bucketArns.get(g.resource)!) : ownsAccount)),
  };
  // Cost keeps every trail: a trail's data events are billed to the buckets it records.
  const costInventory: Inventory = { ...inventory, buckets: part.buckets, keys: part.keys };
  return { inventory: part, costInventory, ownsBucket, ownsAccount };
}

function sinceScannedAt(since: SinceInput): string {
  const at = (since.raw as { scannedAt?: unknown } | null)?.scannedAt;
  return typeof at === 'string' ? at : '(unknown)';
}
