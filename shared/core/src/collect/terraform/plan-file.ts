import { ConfigError } from '../../profile/load.js';
import { lineAndColumn } from '../../input-file.js';

/** The parts of `terraform show -json <planfile>` (format 1.x; OpenTofu's too) envelope reads. */
export interface TerraformPlan {
  format_version: string;
  terraform_version?: string;
  planned_values?: { root_module?: PlanModule };
  resource_changes?: ResourceChange[];
  prior_state?: { values?: { root_module?: PlanModule } };
  configuration?: { provider_config?: Record<string, ProviderConfig>; root_module?: ConfigModule };
  errored?: boolean;
  complete?: boolean;
}

export interface PlanModule {
  address?: string;
  resources?: PlannedResource[];
  child_modules?: PlanModule[];
}

export interface PlannedResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  provider_name?: string;
  values?: Record<string, unknown>;
  sensitive_values?: unknown;
}

export interface ResourceChange {
  address: string;
  module_address?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  change: {
    actions: string[];
    before?: unknown;
    after?: unknown;
    after_unknown?: unknown;
    before_sensitive?: unknown;
    after_sensitive?: unknown;
  };
}

/** An expression: a literal, or the references it is built from (`aws_kms_key.x.arn`, `aws_kms_key.x`). */
export interface Expression {
  constant_value?: unknown;
  references?: string[];
}

export interface ConfigResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  provider_config_key?: string;
  expressions?: Record<string, unknown>;
}

export interface ConfigModule {
  resources?: ConfigResource[];
  module_calls?: Record<string, { source?: string; expressions?: Record<string, unknown>; module?: ConfigModule }>;
}

/** Provider configuration: never printed (it may hold literal credentials). */
export interface ProviderConfig {
  name?: string;
  full_name?: string;
  module_address?: string;
  expressions?: Record<string, unknown>;
}

const HOW = 'produce it with `terraform show -json plan.out > plan.json` (or `tofu show -json`)';

/**
 * Reads plan JSON, or says exactly what the file is instead and how to make the right one. Every
 * failure is a ConfigError (exit 2, no stack trace) naming the file.
 */
export function parsePlanJson(content: string | Uint8Array, file: string): TerraformPlan {
  const bytes = typeof content === 'string' ? undefined : content;
  if (bytes && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    throw new ConfigError(`${file}: this is a binary plan file (what \`terraform plan -out\` writes), not its JSON; ${HOW}`, file);
  const text = typeof content === 'string' ? content : new TextDecoder('utf-8', { fatal: false }).decode(content);
  if (text.trim() === '') throw new ConfigError(`${file}: the file is empty; ${HOW}`, file);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const trimmed = text.trimEnd();
    const truncated = trimmed.startsWith('{') && !trimmed.endsWith('}');
    const message = (err as Error).message.split('\n')[0] ?? '';
    const at = /at position (\d+)/.exec(message);
    const where = at ? ((lc) => ` at line ${lc.line}, column ${lc.column}`)(lineAndColumn(text, Number(at[1]))) : '';
    throw new ConfigError(`${file}: not valid JSON${where}${truncated ? ' — the file looks truncated' : ''} (${message.replace(/ in JSON at position \d+.*$/, '').slice(0, 120)}); ${HOW}`, file);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${file}: not a Terraform plan: the JSON is not an object; ${HOW}`, file);
  const o = raw as Record<string, unknown>;
  if (typeof o.format_version !== 'string') throw new ConfigError(`${file}: not a Terraform plan: there is no format_version; ${HOW}`, file);
  if (o.planned_values === undefined && o.resource_changes === undefined) {
    const what = o.values !== undefined ? 'a state file (`terraform show -json` without a plan file)' : 'JSON without planned_values or resource_changes';
    throw new ConfigError(`${file}: this is ${what}, not a plan; run \`terraform plan -out plan.out\`, then ${HOW.replace('produce it with ', '')}`, file);
  }
  const major = o.format_version.split('.')[0];
  if (major !== '1')
    throw new ConfigError(`${file}: format_version ${JSON.stringify(o.format_version)} is not supported (envelope reads plan JSON format 1.x, written by Terraform ≥ 1.0 and OpenTofu)`, file, 'format_version');
  return o as unknown as TerraformPlan;
}
