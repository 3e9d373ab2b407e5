import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parsePlanJson, type TerraformPlan } from './collect/terraform/plan-file.js';
import { collectTerraformInventory } from './collect/terraform/index.js';
import { estimateCost } from './cost/estimate-cost.js';
import { defaultPriceTable } from './cost/price-table.js';
import type { PriceTable } from './cost/price-table-types.js';
import { ConfigError } from './profile/load.js';
import type { Profile } from './profile/schema.js';
import { buildReport } from './report/build.js';
import type { Report } from './report/schema.js';
import type { Rule } from './rules/define-rule.js';
import { evaluate } from './rules/engine.js';
import { rules as allRules } from './rules/registry.js';

export interface PlanOptions {
  /** The plan JSON file (`terraform show -json plan.out > plan.json`). */
  file: string;
  profile: Profile;
  /** The account the plan deploys to, when its ARNs do not say. */
  account?: string;
  rules?: readonly Rule[];
  /** Estimate cost from the profile's assumptions (a plan has no usage). Default true. */
  cost?: boolean;
  prices?: PriceTable;
}

/** Read → inventory → evaluate → report, for a Terraform plan: what the account will be after apply. */
export async function planReport(options: PlanOptions): Promise<Report> {
  const started = performance.now();
  let content: Uint8Array;
  try {
    content = await readFile(options.file);
  } catch (err) {
    throw new ConfigError(`${options.file}: cannot read the plan (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, options.file);
  }
  return planReportOf(parsePlanJson(content, options.file), options, started);
}

/** The report for a plan already read: `envelope diff` also judges the plan's prior state this way. */
export async function planReportOf(plan: TerraformPlan, options: PlanOptions, started = performance.now()): Promise<Report> {
  const inventory = await collectTerraformInventory(plan, { profile: options.profile, file: options.file, ...(options.account ? { account: options.account } : {}) });
  const costEnabled = options.cost !== false;
  const prices = options.prices ?? defaultPriceTable;
  const findings = evaluate(options.rules ?? allRules, inventory, options.profile, { prices, costEnabled });
  return buildReport({
    inventory,
    findings,
    profile: options.profile,
    stats: { byService: {}, byOperation: {}, total: 0, attempts: 0 },
    durationMs: performance.now() - started,
    cost: costEnabled ? estimateCost(inventory, options.profile, prices) : null,
  });
}
