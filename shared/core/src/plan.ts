import { basename } from 'node:path';
import { profileFromPlan, type PlanProfile } from './init/plan-facts.js';
import { performance } from 'node:perf_hooks';
import { parsePlanJson, type TerraformPlan } from './collect/terraform/plan-file.js';
import { collectTerraformInventory } from './collect/terraform/index.js';
import { estimateCost } from './cost/estimate-cost.js';
import { defaultPriceTable } from './cost/price-table.js';
import type { PriceTable } from './cost/price-table-types.js';
import { readInputFile } from './input-file.js';
import type { Profile } from './profile/schema.js';
import { buildReport } from './report/build.js';
import type { Report } from './report/schema.js';
import type { Rule } from './rules/define-rule.js';
import { evaluate } from './rules/engine.js';
import { rules as allRules } from './rules/registry.js';

export interface PlanOptions {
  /** The plan JSON file (`terraform show -json plan.out > plan.json`). */
  file: string;
  /** Absent: the profile the plan itself describes (profileFromPlan), named "inferred from FILE". */
  profile?: Profile;
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
  const content = await readInputFile({ option: 'plan', path: options.file, kind: 'plan' });
  return planReportOf(parsePlanJson(content, options.file), options, started);
}

/** The report for a plan already read: `envelope diff` also judges the plan's prior state this way. */
export async function planReportOf(plan: TerraformPlan, options: PlanOptions, started = performance.now()): Promise<Report> {
  const profile = options.profile ?? (await inferredProfile(plan, options)).profile;
  const inventory = await collectTerraformInventory(plan, { profile, file: options.file, ...(options.account ? { account: options.account } : {}) });
  const costEnabled = options.cost !== false;
  const prices = options.prices ?? defaultPriceTable;
  const findings = evaluate(options.rules ?? allRules, inventory, profile, { prices, costEnabled });
  return buildReport({
    inventory,
    findings,
    profile,
    stats: { byService: {}, byOperation: {}, total: 0, attempts: 0 },
    durationMs: performance.now() - started,
    cost: costEnabled ? estimateCost(inventory, profile, prices) : null,
  });
}

/**
 * The profile a plan describes (its Snowflake role or one stack per team role, the buckets they
 * reach, their key alias), for a plan checked without one: named after the file so every output
 * says whose names the rules used.
 */
export async function inferredProfile(plan: TerraformPlan, options: Pick<PlanOptions, 'file' | 'account'>): Promise<PlanProfile> {
  const inferred = await profileFromPlan(plan, { file: options.file, ...(options.account ? { account: options.account } : {}) });
  return { ...inferred, profile: { ...inferred.profile, name: `inferred from ${basename(options.file)}` } };
}
