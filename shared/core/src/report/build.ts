import { SEVERITIES, STATUSES, type Finding, type Status, type Severity } from '../model/finding.js';
import type { CostSection } from '../model/cost.js';
import type { BucketInventory, Declaration, Inventory } from '../model/inventory.js';
import type { Profile } from '../profile/schema.js';
import type { Report } from './schema.js';
import { TOOL_VERSION } from '../version.js';
import { applySuppressions } from '../suppress/apply.js';

export interface ReportInput {
  inventory: Inventory;
  /** The keys whose `referencedBy` give each bucket's `uses`, when not `inventory.keys` (a bucket shard that does not report the keys). */
  keysForUses?: Inventory['keys'];
  findings: Finding[];
  profile: Profile;
  stats: { byService: Record<string, number>; byOperation: Record<string, number>; total: number; attempts: number };
  durationMs: number;
  cost?: CostSection | null;
  scannedAt?: Date;
}

export const REPORT_SCHEMA_URL = 'https://envelope.dev/schema/report/v1.json';
/** Where `envelope diff --format json` output says its schema is (schema/diff.schema.json). */
export const DIFF_SCHEMA_URL = 'https://envelope.dev/schema/diff/v1.json';

export function buildReport(input: ReportInput): Report {
  const { inventory } = input;
  const scannedAt = input.scannedAt ?? new Date();
  const { findings, suppressions } = applySuppressions(input.findings, inventory, input.profile, scannedAt);
  const keysOf = new Map<string, string[]>();
  for (const k of input.keysForUses ?? inventory.keys) for (const by of k.referencedBy) keysOf.set(by, [...(keysOf.get(by) ?? []), k.arn]);
  const resources: Report['resources'] = [
    ...inventory.buckets.map((b) => ({
      id: b.arn,
      type: 'bucket' as const,
      name: b.name,
      ...(b.regionUnknown === undefined ? { region: b.region } : {}),
      account: b.account,
      ...(b.owner ? { owner: b.owner } : {}),
      ...declaredFields(b.declaredAt),
      role: b.role.kind,
      ...(b.role.kind === 'support' ? { roleReason: b.role.why } : b.role.kind === 'undetermined' ? { roleReason: b.role.reason } : {}),
      ...usesOf(b, keysOf.get(b.arn) ?? []),
    })),
    ...inventory.keys.map((k) => ({
      id: k.arn,
      type: 'key' as const,
      name: k.metadata.state === 'present' ? k.metadata.value.keyId : (k.arn.split('/').pop() ?? k.arn),
      region: k.region,
      account: k.account,
      ...(k.owner ? { owner: k.owner } : {}),
      ...declaredFields(k.declaredAt),
    })),
    ...inventory.roles.map((r) => ({ id: r.arn, type: 'role' as const, name: r.name, account: r.account, ...(r.owner ? { owner: r.owner } : {}), ...declaredFields(r.declaredAt) })),
  ];
  return {
    $schema: REPORT_SCHEMA_URL,
    schemaVersion: 1,
    tool: { name: 'envelope', version: TOOL_VERSION },
    scannedAt: scannedAt.toISOString(),
    source: inventory.source,
    profile: { name: input.profile.name },
    resources,
    findings,
    summary: summarize(findings),
    suppressions,
    gaps: inventory.gaps,
    cost: input.cost ?? null,
    stats: {
      apiCalls: input.stats.byService,
      apiCallsByOperation: input.stats.byOperation,
      apiCallsTotal: input.stats.total,
      httpAttempts: input.stats.attempts,
      durationMs: Math.round(input.durationMs),
    },
  };
}

/** The counts by status, and of failures by severity (merge.ts recounts a joined report with it). */
export function summarize(findings: readonly Pick<Finding, 'status' | 'severity'>[]): Report['summary'] {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const failBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) {
    byStatus[f.status]++;
    if (f.status === 'fail') failBySeverity[f.severity]++;
  }
  return { byStatus, failBySeverity };
}

/** What a bucket's configuration points at, for the next --since scan (incremental/plan.ts). */
export function usesOf(b: BucketInventory, keys: string[]): { uses?: string[] } {
  const partition = b.arn.split(':')[1] ?? 'aws';
  const out = new Set(keys);
  if (b.logging.state === 'present') out.add(`arn:${partition}:s3:::${b.logging.value.targetBucket}`);
  if (b.replication.state === 'present') {
    if (b.replication.value.roleArn) out.add(b.replication.value.roleArn);
    for (const r of b.replication.value.rules) out.add(r.destinationBucketArn);
  }
  out.delete(b.arn);
  return out.size > 0 ? { uses: [...out].sort() } : {};
}

/** Plan mode only: a live scan's resources have no Terraform address, and the report shows none. */
function declaredFields(at: Declaration | undefined): { address?: string; location?: { file: string; line: number } } {
  return at ? { address: at.address, ...(at.location ? { location: { ...at.location } } : {}) } : {};
}
