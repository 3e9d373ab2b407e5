/** Small, hand-written API answers for the component tests (the backend tests cover real scans). */
import type { EnvelopeApi, ReportFinding, ResourceDetail, ResourceRow, ResourcesResponse, ScanInfo, TargetFreshness, TeamsResponse } from '@envelope/plugin-envelope-common';

export const TEAM = 'group:default/data-platform';

export const scan = (over: Partial<ScanInfo> = {}): ScanInfo => ({
  id: 3,
  target: 'demo',
  status: 'ok',
  trigger: 'schedule',
  startedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
  finishedAt: new Date(Date.now() - 9 * 60_000).toISOString(),
  error: null,
  gaps: 0,
  resources: 2,
  byStatus: { fail: 1, unknown: 0, suppressed: 0, pass: 10, not_applicable: 2 },
  monthlyTotal: 100,
  ...over,
});

export const fresh: TargetFreshness = { target: 'demo', served: scan(), latest: scan(), stale: false, staleReason: null };
export const stale: TargetFreshness = {
  target: 'demo',
  served: scan(),
  latest: scan({ id: 4, status: 'failed', error: 'IdentityError: sts:GetCallerIdentity failed' }),
  stale: true,
  staleReason: 'scan #4 at 2026-12-06 10:00 UTC failed: IdentityError: sts:GetCallerIdentity failed',
};

export const HOSTILE = 'evil<img src=x onerror="alert(1)">-bucket';

export function row(over: Partial<ResourceRow> = {}): ResourceRow {
  return {
    id: 'arn:aws:s3:::acme-events-raw',
    type: 'bucket',
    name: 'acme-events-raw',
    account: '210987654321',
    region: 'eu-west-1',
    owner: 'data-platform',
    ownerRef: TEAM,
    role: 'architecture',
    status: 'fail',
    counts: { fail: 2, unknown: 0, pass: 12, not_applicable: 3 },
    failBySeverity: { critical: 0, high: 1, medium: 1, low: 0, info: 0 },
    worstSeverity: 'high',
    problemRules: ['s3-default-encryption-cmk', 's3-bucket-key-enabled'],
    worst: { ruleId: 's3-default-encryption-cmk', status: 'fail', severity: 'high', message: 'Default encryption is SSE-S3, not the CMK.' },
    key: { arn: 'arn:aws:kms:eu-west-1:210987654321:key/7d3b9e41', status: 'pass', message: 'The key is Enabled.' },
    monthlyCost: 42.5,
    target: 'demo',
    scanId: 3,
    ...over,
  };
}

export const teams = (freshness: TargetFreshness = fresh): TeamsResponse => ({
  teams: [
    {
      ref: TEAM,
      owners: ['data-platform'],
      mine: true,
      resources: 3,
      byType: { bucket: 2, 'snowflake-stage': 1, 'snowflake-integration': 0 },
      byStatus: { fail: 1, unknown: 1, suppressed: 0, pass: 1, not_applicable: 0 },
      failBySeverity: { critical: 0, high: 1, medium: 1, low: 0, info: 0 },
      monthlyCost: 123.456,
      worst: [{ resourceId: row().id, name: 'acme-events-raw', type: 'bucket', finding: row().worst! }],
    },
    {
      ref: 'group:default/ml-platform',
      owners: ['ml-platform'],
      mine: false,
      resources: 1,
      byType: { bucket: 1, 'snowflake-stage': 0, 'snowflake-integration': 0 },
      byStatus: { fail: 0, unknown: 0, suppressed: 0, pass: 1, not_applicable: 0 },
      failBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      monthlyCost: 5,
      worst: [],
    },
  ],
  freshness: [freshness],
});

export const finding = (over: Partial<ReportFinding> = {}): ReportFinding => ({
  ruleId: 's3-default-encryption-cmk',
  status: 'fail',
  severity: 'high',
  resource: { id: row().id, type: 'bucket', name: 'acme-events-raw', account: '210987654321', region: 'eu-west-1' },
  message: 'Default encryption is SSE-S3, not the CMK.',
  messageId: 'sse-s3',
  remediation: 'aws s3api put-bucket-encryption --bucket acme-events-raw …',
  docs: 'https://github.com/envelope-dev/envelope/blob/main/shared/core/src/rules/s3-default-encryption-cmk/README.md',
  ...over,
});

export const detail = (r: ResourceRow = row()): ResourceDetail => ({
  resource: r,
  findings: [finding({ resource: { ...finding().resource, id: r.id, name: r.name } }), finding({ ruleId: 's3-versioning-enabled', status: 'pass', severity: 'medium', message: 'Versioning is on.' })],
  costLines: [{ resourceId: r.id, component: 's3-storage:STANDARD', region: 'eu-west-1', quantity: 1000, unit: 'GB-month', unitPrice: 0.023, monthlyAmount: 23, basis: 'measured' }],
  chain: {
    source: 'snowflake-chain',
    nodes: [
      { id: 'n0', kind: 'stage', label: 'stage ANALYTICS.RAW.EVENTS' },
      { id: 'n1', kind: 'integration', label: 'integration S3_INT' },
      { id: 'n2', kind: 'role', label: 'role snowflake-s3-kms-role' },
      { id: 'n3', kind: 'bucket', label: `bucket ${r.name}`, current: true },
      { id: 'n4', kind: 'key', label: 'key ?' },
    ],
    edges: [
      { from: 'n0', to: 'n1', known: true },
      { from: 'n1', to: 'n2', known: true },
      { from: 'n0', to: 'n3', known: true },
      { from: 'n3', to: 'n4', known: false },
    ],
  },
  scan: scan(),
  freshness: fresh,
});

export function page(items: ResourceRow[], over: Partial<ResourcesResponse> = {}): ResourcesResponse {
  return { team: TEAM, items, total: items.length, offset: 0, limit: 50, monthlyCost: items.reduce((s, r) => s + (r.monthlyCost ?? 0), 0), freshness: [fresh], ...over };
}

/** An API whose methods the tests replace; unreplaced ones fail loudly. */
export function fakeApi(over: Partial<EnvelopeApi>): EnvelopeApi {
  const no = (name: string) => () => Promise.reject(new Error(`${name} not expected in this test`));
  return {
    getTeams: no('getTeams'),
    getTeamResources: no('getTeamResources'),
    getResource: no('getResource'),
    getScans: no('getScans'),
    rescan: no('rescan'),
    ...over,
  };
}
