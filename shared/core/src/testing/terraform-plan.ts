/** Small hand-written plans for the Terraform mapper tests: root-module resources, each created. */
import type { PlanContext } from '../collect/terraform/context.js';
import type { TerraformPlan } from '../collect/terraform/plan-file.js';
import { PlanIndex } from '../collect/terraform/plan-index.js';

export interface PlannedRes {
  type: string;
  name: string;
  values: Record<string, unknown>;
  /** after_unknown: true at each value known only after apply. */
  unknown?: Record<string, unknown>;
  /** configuration expressions: {constant_value} or {references}. */
  expressions?: Record<string, unknown>;
  sensitive?: Record<string, unknown>;
}

/** `{references: [...]}` as Terraform writes it: `x.arn` and then `x`. */
export const refTo = (...references: string[]) => ({ references });

export function planOf(...resources: PlannedRes[]): TerraformPlan {
  const address = (r: PlannedRes) => `${r.type}.${r.name}`;
  return {
    format_version: '1.2',
    planned_values: { root_module: { resources: resources.map((r) => ({ address: address(r), mode: 'managed', type: r.type, name: r.name, values: r.values })) } },
    resource_changes: resources.map((r) => ({
      address: address(r),
      mode: 'managed',
      type: r.type,
      name: r.name,
      change: { actions: ['create'], after: r.values, after_unknown: r.unknown ?? {}, after_sensitive: r.sensitive ?? {} },
    })),
    configuration: { root_module: { resources: resources.map((r) => ({ address: address(r), mode: 'managed', type: r.type, name: r.name, expressions: r.expressions ?? {} })) } },
  };
}

/** The plan with one `aws` provider configuration whose region expression is `region`, used by every resource. */
export function withProviderRegion(plan: TerraformPlan, region: unknown): TerraformPlan {
  const root = plan.configuration?.root_module;
  return {
    ...plan,
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region } } },
      root_module: { ...root, resources: (root?.resources ?? []).map((r) => ({ ...r, provider_config_key: 'aws' })) },
    },
  };
}

/** Account 111122223333; each resource in its `region` value, else eu-west-1. */
export const planContextOf = (...resources: PlannedRes[]): PlanContext => ({
  index: new PlanIndex(planOf(...resources)),
  account: '111122223333',
  partition: 'aws',
  regionOf: (r) => (typeof r.values.region === 'string' ? r.values.region : 'eu-west-1'),
});
