/**
 * A report → the rows the team page lists. Groups and counts only: every status, severity,
 * message, key state and amount is the report's own.
 */
import {
  LISTED_TYPES,
  SEVERITIES,
  STATUSES,
  type CostLine,
  type FindingBrief,
  type KeyState,
  type ListedType,
  type Report,
  type ReportFinding,
  type ResourceRow,
  type Severity,
  type SuppressedBrief,
  type Status,
} from '@envelope/plugin-envelope-common';

/** A row before the scan id, target and catalog Group are known, with its detail. */
export interface ProjectedResource {
  row: Omit<ResourceRow, 'ownerRef' | 'target' | 'scanId'>;
  findings: ReportFinding[];
  costLines: CostLine[];
}

const STATUS_RANK: Record<Status, number> = { fail: 0, unknown: 1, suppressed: 2, pass: 3, not_applicable: 4 };
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
/** Sort keys: lower is worse. A resource with no failing finding ranks after every severity. */
export const statusRank = (s: Status): number => STATUS_RANK[s];
export const severityRank = (s: Severity | null): number => (s === null ? 5 : SEVERITY_RANK[s]);

const isListed = (type: string): type is ListedType => (LISTED_TYPES as readonly string[]).includes(type);

export function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return STATUS_RANK[a.status] - STATUS_RANK[b.status] || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/**
 * The bucket's key as the scan read it: s3-default-encryption-cmk's evidence (the bucket's
 * encryption rules) names the algorithm and key; the key's state is kms-key-enabled's verdict on it.
 * Null when the report holds no encryption evidence for the bucket.
 */
function keyStateOf(findings: ReportFinding[], keyFindings: ReportFinding[]): KeyState | null {
  const evidence = findings.find((f) => f.ruleId === 's3-default-encryption-cmk')?.evidence?.encryption;
  if (!Array.isArray(evidence) || evidence.length === 0) return null;
  const rules = evidence as Array<{ sseAlgorithm?: unknown; kmsMasterKeyId?: unknown }>;
  const withKey = rules.find((r) => typeof r.kmsMasterKeyId === 'string');
  const algorithm = typeof (withKey ?? rules[0])?.sseAlgorithm === 'string' ? ((withKey ?? rules[0])!.sseAlgorithm as string) : undefined;
  const named = withKey?.kmsMasterKeyId as string | undefined;
  if (!named) return { ...(algorithm ? { algorithm } : {}) };
  // The bucket may name the key by ARN or by id; an alias has no kms-key-enabled finding of its own.
  const enabled = keyFindings.find((f) => f.resource.id === named || f.resource.name === named || f.resource.id.endsWith(`:key/${named}`));
  return { arn: named, ...(algorithm ? { algorithm } : {}), ...(enabled ? { status: enabled.status, message: enabled.message } : {}) };
}

function suppressedBrief(f: ReportFinding): SuppressedBrief {
  const s = f.suppression;
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    verdict: f.suppressedStatus ?? 'fail',
    reason: s?.reason ?? '',
    source: s?.source ?? 'profile',
    ...(s?.expires ? { expires: s.expires } : {}),
    ...(s?.approvedBy ? { approvedBy: s.approvedBy } : {}),
  };
}

/**
 * Compliance findings decide a resource's status; severity info is information (cost-replication-transfer
 * says what replication costs, s3-mfa-delete that MFA delete is off by design), so a bucket with only an
 * info "fail" is not Failing: those show as notes.
 */
const isCompliance = (f: ReportFinding): boolean => f.severity !== 'info';

function brief(f: ReportFinding): FindingBrief {
  return { ruleId: f.ruleId, status: f.status, severity: f.severity, message: f.message };
}

export function projectReport(report: Report): ProjectedResource[] {
  const listed = new Map(report.resources.map((r) => [r.id, r]));
  const byResource = new Map<string, ReportFinding[]>();
  const keyEnabled: ReportFinding[] = [];
  for (const f of report.findings) {
    if (f.resource.type === 'key' && f.ruleId === 'kms-key-enabled') keyEnabled.push(f);
    if (!isListed(f.resource.type)) continue;
    let list = byResource.get(f.resource.id);
    if (!list) byResource.set(f.resource.id, (list = []));
    list.push(f);
  }
  // Listed resources with no finding still show (e.g. a stage no rule looked at yet).
  for (const r of report.resources) if (isListed(r.type) && !byResource.has(r.id)) byResource.set(r.id, []);

  const costByResource = new Map<string, CostLine[]>();
  for (const line of report.cost?.lines ?? []) {
    let list = costByResource.get(line.resourceId);
    if (!list) costByResource.set(line.resourceId, (list = []));
    list.push(line);
  }

  const out: ProjectedResource[] = [];
  for (const [id, findings] of byResource) {
    findings.sort(compareFindings);
    const ref = listed.get(id) ?? findings[0]?.resource;
    if (!ref || !isListed(ref.type)) continue;
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
    const failBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    const compliance = findings.filter(isCompliance);
    for (const f of compliance) counts[f.status]++;
    // Every severity stays filterable (the severity filter's "Info" finds the notes).
    for (const f of findings) if (f.status === 'fail') failBySeverity[f.severity]++;
    const status = STATUSES.find((s) => counts[s] > 0) ?? 'not_applicable';
    const worstSeverity = SEVERITIES.find((s) => s !== 'info' && failBySeverity[s] > 0) ?? null;
    const first = compliance[0];
    const worst = first && (first.status === 'fail' || first.status === 'unknown') ? brief(first) : null;
    const suppressed = findings.filter((f) => f.status === 'suppressed').map(suppressedBrief);
    const notes = findings.filter((f) => !isCompliance(f) && (f.status === 'fail' || f.status === 'unknown')).map(brief);
    const costLines = costByResource.get(id) ?? [];
    const listedRef = listed.get(id);
    out.push({
      row: {
        id,
        type: ref.type,
        name: ref.name,
        account: ref.account,
        ...(ref.region ? { region: ref.region } : {}),
        ...(ref.owner ? { owner: ref.owner } : {}),
        ...(listedRef?.role ? { role: listedRef.role } : {}),
        status,
        counts,
        failBySeverity,
        worstSeverity,
        problemRules: [...new Set(compliance.filter((f) => f.status === 'fail' || f.status === 'unknown').map((f) => f.ruleId))],
        worst,
        suppressed,
        notes,
        key: ref.type === 'bucket' ? keyStateOf(findings, keyEnabled) : null,
        // Stages and integrations carry no AWS cost lines: no amount rather than $0.00.
        monthlyCost: report.cost && (costLines.length > 0 || ref.type === 'bucket') ? costLines.reduce((sum, l) => sum + l.monthlyAmount, 0) : null,
      },
      findings,
      costLines,
    });
  }
  return out;
}
