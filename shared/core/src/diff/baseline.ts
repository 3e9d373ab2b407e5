/**
 * Where a diff's "before" comes from: the plan's own prior state (what Terraform last recorded),
 * or a report JSON written earlier (`envelope plan|scan --format json`).
 */
import type { PlanModule, TerraformPlan } from '../collect/terraform/plan-file.js';
import { ConfigError } from '../profile/load.js';
import { reportSchema, type Report } from '../report/schema.js';

function hasManaged(m: PlanModule | undefined): boolean {
  if (!m) return false;
  return (m.resources ?? []).some((r) => r.mode === 'managed') || (m.child_modules ?? []).some(hasManaged);
}

/**
 * The prior state as a plan of its own: planned values are the state's values, nothing unknown,
 * nothing changing — so the same collector judges what exists today. Null when the state holds no
 * managed resource (a first plan): the baseline is empty then.
 */
export function priorStatePlan(plan: TerraformPlan): TerraformPlan | null {
  const root = plan.prior_state?.values?.root_module;
  if (!hasManaged(root)) return null;
  return {
    format_version: plan.format_version,
    ...(plan.terraform_version ? { terraform_version: plan.terraform_version } : {}),
    planned_values: { root_module: root as PlanModule },
    resource_changes: [],
    ...(plan.configuration ? { configuration: plan.configuration } : {}),
  };
}

/** A report JSON from an earlier run, checked against the report schema; anything else is a ConfigError naming the field. */
export function parseBaselineReport(text: string, file: string): Report {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`--baseline ${file}: not valid JSON (${(err as Error).message.split('\n')[0]}); write one with \`envelope plan <plan.json> --format json -o ${file}\``, file, 'baseline');
  }
  if (raw !== null && typeof raw === 'object' && (raw as { kind?: unknown }).kind === 'envelope-diff')
    throw new ConfigError(`--baseline ${file}: this is a diff, not a report; pass a report written by \`envelope plan|scan --format json\``, file, 'baseline');
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || '(top level)';
    let value: unknown = raw;
    for (const step of issue?.path ?? []) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[step as PropertyKey] : undefined;
    const shown = value === undefined ? 'missing' : JSON.stringify(value)?.slice(0, 80);
    throw new ConfigError(
      `--baseline ${file}: not an envelope report (schemaVersion 1): field "${path}" is ${shown} (${issue?.message ?? 'invalid'}); pass a report written by \`envelope plan|scan --format json\``,
      file,
      path,
    );
  }
  return parsed.data;
}
