/**
 * A small, fixed report for renderer tests and goldens (and for front ends that need a sample):
 * every status, a support bucket, a gap, a non-null cost section and one hostile bucket name.
 * Fixed version and timestamp, so goldens change only when a renderer does.
 */
import { summarize } from './build.js';
import { SEVERITIES, type Severity, type Status } from '../model/finding.js';
import { defineRule, pass, type Rule } from '../rules/define-rule.js';
import type { RuleMappings } from '../rules/mappings.js';
import type { Report } from './schema.js';

const ACCOUNT = '111122223333';
const RAW = { id: 'arn:aws:s3:::analytics-raw', type: 'bucket', name: 'analytics-raw', region: 'eu-west-1', account: ACCOUNT, owner: 'data-platform' } as const;
const LOGS = { id: 'arn:aws:s3:::analytics-raw-logs', type: 'bucket', name: 'analytics-raw-logs', region: 'eu-west-1', account: ACCOUNT, owner: 'data-platform' } as const;
export const HOSTILE_NAME = 'x|<img src=x onerror=alert(1)>[link](http://evil)';
const HOSTILE = { id: `arn:aws:s3:::${HOSTILE_NAME}`, type: 'bucket', name: HOSTILE_NAME, region: 'eu-central-1', account: ACCOUNT } as const;
const KEY = {
  id: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  type: 'key',
  name: '1234abcd-12ab-34cd-56ef-1234567890ab',
  region: 'eu-west-1',
  account: ACCOUNT,
  owner: 'data-platform',
} as const;
const ROLE = { id: `arn:aws:iam::${ACCOUNT}:role/snowflake-s3-kms-role`, type: 'role', name: 'snowflake-s3-kms-role', account: ACCOUNT } as const;

type Ref = Report['findings'][number]['resource'];
const DOCS = 'https://github.com/envelope-dev/envelope/blob/main/shared/core/src/rules';

/** Mappings for --group-by framework goldens: two rules share S3.8's neighbourhood, one maps to two controls, two map to nothing. */
const FIXTURE_MAPPINGS: Record<string, RuleMappings> = {
  'kms-rotation-enabled': { securityHub: ['KMS.4'], cis: ['v3.0.0/3.6'], checkov: ['CKV_AWS_7'] },
  's3-block-public-access': { securityHub: ['S3.1', 'S3.8'], cis: ['v3.0.0/2.1.4'] },
  's3-lifecycle-tiering': { securityHub: ['S3.13'] },
  's3-versioning-enabled': { securityHub: ['S3.14'], checkov: ['CKV_AWS_21'] },
};

/** The rule metadata the fixture's findings refer to (a stand-in for the registry, which changes). */
export const testingRules: readonly Rule[] = [
  ['kms-rotation-enabled', 'high', 'key', 'Automatic key rotation is on, within the profile period'],
  ['s3-block-public-access', 'critical', 'bucket', 'All four Block Public Access flags are on'],
  ['s3-bucket-key-enabled', 'medium', 'bucket', 'S3 Bucket Key is enabled for SSE-KMS'],
  ['s3-lifecycle-tiering', 'low', 'bucket', 'Lifecycle moves objects to STANDARD_IA and GLACIER'],
  ['s3-versioning-enabled', 'medium', 'bucket', 'Versioning is enabled'],
  ['snowflake-role-trust', 'critical', 'role', 'The role trusts exactly the Snowflake IAM user and external id'],
].map(([id, severity, resourceType, title]) =>
  defineRule({
    id: id as string,
    severity: severity as Severity,
    resourceType: resourceType as 'bucket',
    title: title as string,
    description: `${title as string}. Fixture rule for renderer tests.`,
    messages: { ok: 'ok' },
    remediation: `Fix ${id as string}: see the rule README (snake_case_words stay literal).`,
    packs: ['snowflake-s3-kms'],
    ...(FIXTURE_MAPPINGS[id as string] ? { mappings: FIXTURE_MAPPINGS[id as string] } : {}),
    check: () => pass('ok'),
  }) as Rule,
);

const severityById = new Map(testingRules.map((r) => [r.id, r.severity]));

function finding(ruleId: string, status: Status, resource: Ref, message: string, messageId = status as string): Report['findings'][number] {
  const data = status === 'unknown' || status === 'not_applicable' ? { reason: message.replace(/^[^:]+: /, '') } : undefined;
  return {
    ruleId,
    status,
    severity: severityById.get(ruleId) ?? 'info',
    resource,
    message,
    messageId,
    ...(data ? { data } : {}),
    remediation: `Fix ${ruleId}: see the rule README (snake_case_words stay literal).`,
    docs: `${DOCS}/${ruleId}/README.md`,
  };
}

const ACCESS_DENIED =
  'AccessDenied: User: arn:aws:sts::111122223333:assumed-role/ci/gh is not authorized to perform: s3:GetLifecycleConfiguration';

const findings: Report['findings'] = [
  finding('kms-rotation-enabled', 'fail', KEY, 'Automatic rotation is off.', 'off'),
  finding('s3-block-public-access', 'fail', HOSTILE, 'BlockPublicPolicy is off; a policy with Principal "*" would make objects public.', 'flagsOff'),
  finding('s3-block-public-access', 'pass', RAW, 'All four flags are on.', 'allOn'),
  finding('s3-block-public-access', 'pass', LOGS, 'All four flags are on.', 'allOn'),
  finding('s3-bucket-key-enabled', 'fail', RAW, 'Bucket Key is off: every object read calls KMS (cost and throttling).', 'off'),
  finding('s3-bucket-key-enabled', 'not_applicable', LOGS, 'Not applicable: support bucket (server access log target); architecture rules do not apply'),
  finding('s3-lifecycle-tiering', 'unknown', RAW, `Could not evaluate: ${ACCESS_DENIED}`),
  finding('s3-lifecycle-tiering', 'not_applicable', LOGS, 'Not applicable: support bucket (server access log target); architecture rules do not apply'),
  finding('s3-versioning-enabled', 'pass', RAW, 'Versioning is Enabled.', 'enabled'),
  finding('s3-versioning-enabled', 'unknown', HOSTILE, 'Could not evaluate: GetBucketVersioning timed out after 3 attempts'),
  finding('snowflake-role-trust', 'pass', ROLE, 'Trust names exactly the Snowflake user with sts:ExternalId.', 'exact'),
];


export const testingReport: Report = {
  $schema: 'https://envelope.dev/schema/report/v1.json',
  schemaVersion: 1,
  tool: { name: 'envelope', version: '0.0.0-test' },
  scannedAt: '2026-03-01T09:30:00.000Z',
  source: { kind: 'aws', accounts: [ACCOUNT], regions: ['eu-central-1', 'eu-west-1'] },
  profile: { name: 'snowflake-s3-kms' },
  resources: [
    { ...RAW, role: 'architecture' },
    { ...LOGS, role: 'support', roleReason: 'server access log target' },
    { ...HOSTILE, role: 'architecture' },
    KEY,
    ROLE,
  ],
  findings,
  summary: summarize(findings),
  gaps: [{ resource: RAW.id, what: 'lifecycle configuration', reason: ACCESS_DENIED }],
  cost: {
    currency: 'USD',
    priceTableDate: '2026-01-15',
    monthlyTotal: 41.95,
    lines: [
      { resourceId: RAW.id, component: 'S3 Standard storage', region: 'eu-west-1', quantity: 1200, unit: 'GB-Mo', unitPrice: 0.023, monthlyAmount: 27.6, basis: 'measured' },
      { resourceId: RAW.id, component: 'KMS requests (no Bucket Key)', region: 'eu-west-1', quantity: 4_000_000, unit: 'requests', unitPrice: 0.000003, monthlyAmount: 12, basis: 'assumed', note: '4M GET/PUT a month' },
      { resourceId: KEY.id, component: 'KMS customer managed key', region: 'eu-west-1', quantity: 1, unit: 'key-Mo', unitPrice: 1, monthlyAmount: 1, basis: 'measured' },
      { resourceId: LOGS.id, component: 'S3 Standard storage', region: 'eu-west-1', quantity: 58.7, unit: 'GB-Mo', unitPrice: 0.023, monthlyAmount: 1.35, basis: 'measured' },
    ],
    savings: [{ resourceId: RAW.id, action: 'Enable S3 Bucket Key', monthlyLow: 10.8, monthlyHigh: 11.9, note: 'KMS calls drop by ~99%' }],
    assumptions: ['4M object requests a month on analytics-raw (profile default)'],
  },
  stats: {
    apiCalls: { iam: 2, kms: 3, s3: 18, sts: 1 },
    apiCallsByOperation: { GetBucketEncryption: 3, GetKeyRotationStatus: 1 },
    apiCallsTotal: 24,
    httpAttempts: 27,
    durationMs: 1234,
  },
};

/**
 * A report with `count` failing findings over many buckets, spread over every severity, for the
 * truncation tests.
 */
export function manyFindingsReport(count: number): Report {
  const many: Report['findings'] = Array.from({ length: count }, (_, i) => {
    const name = `bucket-${String(i).padStart(5, '0')}`;
    const severity = SEVERITIES[i % SEVERITIES.length] as Severity;
    return {
      ...finding('s3-bucket-key-enabled', 'fail', { ...RAW, id: `arn:aws:s3:::${name}`, name }, `Finding ${i}: Bucket Key is off on ${name}.`, 'off'),
      severity,
    };
  });
  return { ...testingReport, findings: many, summary: summarize(many), cost: null };
}

/**
 * The testing report with suppressions at work: a failing key accepted in the profile, an unknown
 * bucket finding accepted by the bucket's tag (a hostile reason, for escaping), an expired entry, a
 * stale one and an unreadable tag.
 */
export const suppressedTestingReport: Report = (() => {
  const accepted = testingReport.findings.map((f): Report['findings'][number] => {
    if (f.ruleId === 'kms-rotation-enabled' && f.status === 'fail')
      return {
        ...f,
        status: 'suppressed',
        suppressedStatus: 'fail',
        suppression: { source: 'profile', reason: 'Rotated by the quarterly key runbook (RISK-142)', expires: '2026-06-30', approvedBy: 'alice@example.com', rule: 'kms-rotation-enabled', resource: KEY.id },
      };
    if (f.ruleId === 's3-lifecycle-tiering' && f.status === 'unknown')
      return { ...f, status: 'suppressed', suppressedStatus: 'unknown', suppression: { source: 'tag', reason: 'tiering by the <b>nightly</b> | job', tag: 'envelope:ignore' } };
    return f;
  });
  return {
    ...testingReport,
    findings: accepted,
    summary: summarize(accepted),
    suppressions: {
      expired: [{ rule: 's3-versioning-enabled', resource: 'arn:aws:s3:::analytics-*', reason: 'Migration window', expires: '2026-02-28', approvedBy: 'bob', matches: 1 }],
      stale: [{ source: 'profile', rule: 's3-mfa-delete', resource: 'legacy-*', reason: 'Legacy buckets', expires: '2026-12-31', why: 'matches no finding of this scan' }],
      invalidTags: [{ resource: HOSTILE.id, resourceName: HOSTILE_NAME, tag: 'envelope:ignore', value: 's3-block-public-access', problem: 'gives no reason after the rule ids: a suppression must say why the risk is accepted' }],
    },
  };
})();

export { summarize };
