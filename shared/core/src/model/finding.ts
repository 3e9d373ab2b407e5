export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = ['fail', 'unknown', 'pass', 'not_applicable'] as const;
export type Status = (typeof STATUSES)[number];

export type ResourceType =
  | 'account'
  | 'bucket'
  | 'key'
  | 'role'
  | 'trail'
  | 'snowflake-integration'
  | 'snowflake-stage';

export interface ResourceRef {
  /** ARN, or snowflake://<account>/<DB>.<SCHEMA>.<NAME>. */
  id: string;
  type: ResourceType;
  name: string;
  region?: string;
  account: string;
  owner?: string;
  /** Plan mode: the Terraform address of the resource. */
  address?: string;
  /** Plan mode, with the .tf files beside the plan: where the resource is declared. */
  location?: { file: string; line: number };
}

export interface Finding {
  ruleId: string;
  status: Status;
  severity: Severity;
  resource: ResourceRef;
  /** Rendered message. Renderers show it; they never re-derive the verdict. */
  message: string;
  messageId: string;
  data?: Record<string, string | number | boolean>;
  evidence?: Record<string, unknown>;
  remediation: string;
  docs: string;
  /** Incremental scans: when a finding carried over from an earlier report was observed. */
  observedAt?: string;
}

/** Higher rank = more severe. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}
