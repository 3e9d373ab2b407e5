export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = ['fail', 'unknown', 'suppressed', 'pass', 'not_applicable'] as const;
export type Status = (typeof STATUSES)[number];
/** The verdicts a suppression can set aside: a pass has nothing to accept. */
export const SUPPRESSIBLE = ['fail', 'unknown'] as const;
export type SuppressibleStatus = (typeof SUPPRESSIBLE)[number];

/** Why a finding is `suppressed`: an accepted risk, from the profile or from the resource's own tag. */
export interface FindingSuppression {
  source: 'profile' | 'tag';
  reason: string;
  /** Profile suppressions: the last day (UTC, inclusive) it applies. Tags never expire. */
  expires?: string;
  approvedBy?: string;
  /** The profile entry's rule and resource patterns, or the tag's key, as written. */
  rule?: string;
  resource?: string;
  tag?: string;
}

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
  /** Status `suppressed` only: the verdict the rule gave, kept so a suppressed unknown still reads as not seen. */
  suppressedStatus?: SuppressibleStatus;
  suppression?: FindingSuppression;
}

/** Higher rank = more severe. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}
