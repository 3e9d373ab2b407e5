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
import { defaultPriceTable } from './cost/price-table.js';
import type { PriceTable } from './cost/price-table-types.js';

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
  onProgress?: (e: ProgressEvent) => void;
  /**
   * Called once with the collected inventory (gaps included) before rules run: for front ends that
   * draw from it what the report does not carry, e.g. the Backstage drawer's snowflakeChainMermaid.
   */
  onInventory?: (inventory: Inventory) => void;
}

/** Collect → evaluate → report. The one path both front ends and the CLI use for a live account. */
export async function scanAwsAccount(options: ScanOptions): Promise<Report> {
  const started = performance.now();
  const collected = await collectAwsInventory({
    clients: options.clients,
    profile: options.profile,
    ...(options.regions ? { regions: options.regions } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    cost: options.cost !== false,
    ...(options.sourceKind ? { sourceKind: options.sourceKind } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const costEnabled = options.cost !== false;
  let prices = options.prices ?? defaultPriceTable;
  let inventory = collected;
  if (costEnabled && options.resolvePrices) {
    const resolved = await options.resolvePrices(regionsToPrice(collected, options.profile));
    prices = resolved.table;
    if (resolved.gaps.length > 0) inventory = { ...collected, gaps: [...collected.gaps, ...resolved.gaps] };
  }
  options.onInventory?.(inventory);
  const findings = evaluate(options.rules ?? allRules, inventory, options.profile, { prices, costEnabled });
  const s = options.clients.stats;
  return buildReport({
    inventory,
    findings,
    profile: options.profile,
    stats: { byService: s.byService(), byOperation: s.byOperation(), total: s.total(), attempts: s.totalAttempts() },
    durationMs: performance.now() - started,
    cost: costEnabled ? estimateCost(inventory, options.profile, prices) : null,
  });
}
