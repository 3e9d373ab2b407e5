/**
 * What the envelope backend serves. Every verdict in here (status, severity, message, key state,
 * cost) is copied from a stored report; the backend only groups and counts.
 */
import type { CostLine, ReportFinding, Severity, Status } from './report-types.js';

/** The resources the team page lists: encrypted buckets and the Snowflake objects in front of them. */
export const LISTED_TYPES = ['bucket', 'snowflake-stage', 'snowflake-integration'] as const;
export type ListedType = (typeof LISTED_TYPES)[number];

/** A finding in one line: enough for a table cell or the entity card's "worst findings". */
export interface FindingBrief {
  ruleId: string;
  status: Status;
  severity: Severity;
  message: string;
}

/** A finding the report marks `suppressed`: an accepted risk, with the rule's own verdict and the terms. */
export interface SuppressedBrief {
  ruleId: string;
  severity: Severity;
  /** The rule's verdict under the suppression; unknown means the scan could not see it at all. */
  verdict: 'fail' | 'unknown';
  reason: string;
  source: 'profile' | 'tag';
  /** Profile suppressions: the last day it applies (YYYY-MM-DD). Tags never expire. */
  expires?: string;
  approvedBy?: string;
}

/**
 * The key a bucket's default encryption names (the s3-default-encryption-cmk finding's evidence,
 * as the scan read it), with the kms-key-enabled finding on that key.
 */
export interface KeyState {
  /** The key id, ARN or alias the bucket names; absent for SSE-S3 or the AWS managed aws/s3 key. */
  arn?: string;
  /** The bucket's algorithm as read: aws:kms, aws:kms:dsse or AES256. */
  algorithm?: string;
  /** kms-key-enabled's status on this key; undefined when the report holds no such finding. */
  status?: Status;
  /** kms-key-enabled's message, e.g. "The key is Enabled." */
  message?: string;
}

export interface ResourceRow {
  id: string;
  type: ListedType;
  name: string;
  account: string;
  region?: string;
  /** The owner the report names (ownership tag, ownership table or stack). */
  owner?: string;
  /** The catalog Group that owner resolved to; null when nothing in the catalog or the mapping matches. */
  ownerRef: string | null;
  /** From report.resources: architecture, support or undetermined (buckets only). */
  role?: string;
  /**
   * The worst status among the resource's compliance findings (severity above info): fail, then
   * unknown, then suppressed, then pass, then not_applicable. Information (cost advice) is in `notes`.
   */
  status: Status;
  /** Compliance findings by status; `suppressed` is absent in rows stored before suppressions. */
  counts: Record<Exclude<Status, 'suppressed'>, number> & { suppressed?: number };
  failBySeverity: Record<Severity, number>;
  /** The most severe failing compliance finding's severity; null when nothing above info fails. */
  worstSeverity: Severity | null;
  /** Rule ids of the failing and unknown compliance findings. */
  problemRules: string[];
  /** The worst compliance finding (fail or unknown first), for cards and tooltips. */
  worst: FindingBrief | null;
  /** Accepted risks on the resource; absent in rows stored before suppressions. */
  suppressed?: SuppressedBrief[];
  /** Information findings that "fail" (severity info, e.g. what replication costs): shown apart, never the status. */
  notes?: FindingBrief[];
  key: KeyState | null;
  /** Sum of the report's cost lines for this resource (USD per month); null when the scan ran without cost. */
  monthlyCost: number | null;
  /** The target (configured account) whose scan this row comes from. */
  target: string;
  scanId: number;
}

export type ScanStatus = 'running' | 'ok' | 'partial' | 'failed';

export interface ScanInfo {
  id: number;
  target: string;
  status: ScanStatus;
  trigger: 'schedule' | 'manual';
  startedAt: string;
  finishedAt: string | null;
  /** Why a scan failed, or what a partial scan could not see (first gaps). Never holds secrets. */
  error: string | null;
  gaps: number;
  resources: number;
  byStatus: Record<Status, number> | null;
  monthlyTotal: number | null;
}

/** Per target: the result served (the last good scan) and whether a later scan went wrong. */
export interface TargetFreshness {
  target: string;
  /** The scan the rows come from; null before the first good scan. */
  served: ScanInfo | null;
  /** The newest scan of any status (may be running, failed or partial). */
  latest: ScanInfo | null;
  /** True when a later scan failed or was partial: the served result is older than it should be. */
  stale: boolean;
  /** Why it is stale, e.g. "scan #12 at 2026-12-06 10:00 UTC failed: …". */
  staleReason: string | null;
}

export interface TeamSummary {
  /** Catalog Group ref, or null for resources whose owner resolves to no Group. */
  ref: string | null;
  /** The owner names the report used for this team (tag values, stack names). */
  owners: string[];
  /** The signed-in user belongs to (or is) this team. */
  mine: boolean;
  resources: number;
  byType: Record<ListedType, number>;
  /** Resources by their worst status. */
  byStatus: Record<Status, number>;
  /** Failing findings by severity, over the team's resources. */
  failBySeverity: Record<Severity, number>;
  monthlyCost: number | null;
  /** Up to three resources with the worst findings. */
  worst: Array<{ resourceId: string; name: string; type: ListedType; finding: FindingBrief }>;
}

export interface TeamsResponse {
  teams: TeamSummary[];
  freshness: TargetFreshness[];
}

export interface ResourcesResponse {
  team: string | null;
  items: ResourceRow[];
  total: number;
  offset: number;
  limit: number;
  /** The whole team's monthly cost (all rows, not just this page); null without cost data. */
  monthlyCost: number | null;
  freshness: TargetFreshness[];
}

export interface ChainNode {
  id: string;
  kind: 'stage' | 'integration' | 'role' | 'bucket' | 'key' | 'other';
  label: string;
  /** The resource this node stands for, when the drawer can link it. */
  current?: boolean;
}

export interface ChainEdge {
  from: string;
  to: string;
  /** False when the inventory could not read the link (drawn dashed, "?"). */
  known: boolean;
}

/** The stage → integration → role → bucket → key chain around one resource. */
export interface Chain {
  nodes: ChainNode[];
  edges: ChainEdge[];
  /** Where the links come from: the core's snowflakeChainMermaid, or the bucket's encryption finding. */
  source: 'snowflake-chain' | 'bucket-encryption';
}

export interface ResourceDetail {
  resource: ResourceRow;
  /** The report's findings on this resource, worst first. */
  findings: ReportFinding[];
  costLines: CostLine[];
  chain: Chain | null;
  scan: ScanInfo;
  freshness: TargetFreshness;
}

export interface ScansResponse {
  items: ScanInfo[];
  freshness: TargetFreshness[];
}

export interface RescanResponse {
  targets: string[];
  /** The scheduler refused to start a target already running: listed here, not an error. */
  alreadyRunning: string[];
}
