/**
 * Fault injection against the moto baseline: each S3, KMS, IAM and account read in turn is denied,
 * throttled past retries, failed with HTTP 500, stalled past the timeout or made malformed. The scan
 * always completes; the rules that needed the read say unknown with the reason; no finding turns
 * into a pass or a fail because of a fault.
 */
import { exitCodeFor, buildReport, type Finding } from '@envelope/core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runScenario, type ScenarioResult } from '../moto/scenario.js';
import { motoProfile } from '../moto/scan-moto.js';
import { injectFault, type Fault } from './faults.js';

const endpoint = inject('motoEndpoint');

/** For each read: the findings that depend on it (on the baseline they pass or are n/a). */
const READS: [string, string[]][] = [
  ['s3:GetBucketEncryption', ['s3-default-encryption-cmk@acme-stage', 's3-bucket-key-enabled@acme-stage']],
  ['s3:GetBucketVersioning', ['s3-versioning-enabled@acme-stage', 's3-mfa-delete@acme-stage']],
  ['s3:GetPublicAccessBlock', ['s3-bucket-public-access-block@acme-stage']],
  // s3-bucket-not-public still passes: it rests on GetBucketPolicyStatus, AWS's own evaluation.
  ['s3:GetBucketPolicy', ['s3-policy-deny-insecure-transport@acme-stage', 's3-policy-deny-wrong-kms-key@acme-stage', 's3-policy-no-external-grants@acme-stage']],
  ['s3:GetBucketPolicyStatus', ['s3-bucket-not-public@acme-stage']],
  ['s3:GetBucketOwnershipControls', ['s3-acls-disabled@acme-stage']],
  ['s3:GetBucketLifecycleConfiguration', ['s3-lifecycle-matches-architecture@acme-stage']],
  ['s3:GetBucketLogging', ['s3-access-logging-enabled@acme-stage']],
  ['s3:GetBucketReplication', ['s3-replication-kms@acme-stage', 's3-replication-role-least-privilege@acme-stage']],
  ['s3control:GetPublicAccessBlock', ['s3-account-public-access-block@123456789012']],
  ['kms:DescribeKey', ['kms-key-enabled@stage-key', 'kms-key-type@stage-key', 'kms-rotation-enabled@stage-key', 's3-default-encryption-cmk@acme-stage']],
  ['kms:GetKeyRotationStatus', ['kms-rotation-enabled@stage-key']],
  ['kms:GetKeyPolicy', ['kms-policy-root-admin@stage-key', 'kms-policy-not-public@stage-key', 'kms-policy-via-service@stage-key', 'kms-deletion-window-guard@stage-key']],
  ['kms:ListAliases', ['kms-alias-present@stage-key', 's3-default-encryption-cmk@acme-stage', 's3-policy-deny-wrong-kms-key@acme-stage']],
  ['iam:GetRole', ['iam-trust-external-id@snowflake-s3-kms-role', 'iam-trust-principal-exact@snowflake-s3-kms-role', 'iam-service-role-confused-deputy@acme-s3-replication']],
  ['iam:ListRolePolicies', ['iam-role-s3-scoped@snowflake-s3-kms-role', 'iam-role-kms-scoped@snowflake-s3-kms-role', 's3-replication-role-least-privilege@acme-stage']],
  ['iam:GetRolePolicy', ['s3-replication-role-least-privilege@acme-stage', 'iam-role-s3-scoped@snowflake-s3-kms-role', 'iam-role-kms-scoped@snowflake-s3-kms-role']],
  // The baseline has no trail, so the trail rules fail there; a denied DescribeTrails must not say "no trail".
  ['cloudtrail:DescribeTrails', ['trail-multi-region-logging@123456789012', 'trail-kms-events-logged@123456789012', 'trail-s3-data-events@acme-stage']],
];

/**
 * Resources the scan finds only through one read: when that read fails they cannot be listed at all
 * (the read's own unknowns and gap say so). The replication role is known only from the bucket's
 * replication configuration.
 */
const FOUND_THROUGH: Record<string, string> = { 's3:GetBucketReplication': '@acme-s3-replication' };

/** Every changed finding went to unknown, and each named dependent is among them. */
function expectOnlyUnknowns(baseline: ScenarioResult, faulted: ScenarioResult, dependents: string[], operation?: string) {
  const changed: Record<string, string> = {};
  const hidden = operation ? FOUND_THROUGH[operation] : undefined;
  for (const [k, s] of faulted.statuses) if (baseline.statuses.get(k) !== s) changed[k] = s;
  for (const k of baseline.statuses.keys()) if (!faulted.statuses.has(k) && !(hidden && k.endsWith(hidden))) changed[k] = 'missing';
  expect(Object.values(changed).every((s) => s === 'unknown'), JSON.stringify(changed)).toBe(true);
  for (const d of dependents) expect(faulted.statuses.get(d), d).toBe('unknown');
}

const byKey = (r: ScenarioResult, key: string): Finding | undefined =>
  r.findings.find((f) => `${f.ruleId}@${f.resource.name}` === key || (key.endsWith('@stage-key') && f.ruleId === key.split('@')[0] && f.resource.id === r.built.keyArn));

describe('fault injection: unknown, never pass', () => {
  let baseline: ScenarioResult;
  beforeAll(async () => {
    baseline = await runScenario(endpoint);
  });

  it.each(READS)('AccessDenied on %s', async (operation, dependents) => {
    const fault = injectFault(endpoint, operation, { kind: 'access-denied' });
    const r = await runScenario(endpoint, [], { handlers: fault.handlers });
    expect(fault.hits()).toBeGreaterThan(0);
    expectOnlyUnknowns(baseline, r, dependents, operation);
    expect(byKey(r, dependents[0]!)?.message).toContain(`access denied to ${operation}`);
    expect(r.inventory.gaps.some((g) => g.reason.includes(`access denied to ${operation}`))).toBe(true);
  });

  const transient: [string, Fault, string, RegExp][] = [
    ['s3:GetBucketPolicy', { kind: 'throttled' }, 's3-policy-deny-insecure-transport@acme-stage', /s3:GetBucketPolicy was throttled after 2 attempts \(SlowDown\)/],
    ['kms:GetKeyPolicy', { kind: 'throttled' }, 'kms-policy-root-admin@stage-key', /kms:GetKeyPolicy was throttled after 2 attempts \(ThrottlingException\)/],
    ['s3:GetBucketEncryption', { kind: 'http-500' }, 's3-bucket-key-enabled@acme-stage', /s3:GetBucketEncryption failed with HTTP 500 after 2 attempts/],
    ['kms:DescribeKey', { kind: 'http-500' }, 'kms-key-enabled@stage-key', /kms:DescribeKey failed with HTTP 500 after 2 attempts/],
    ['s3:GetBucketLifecycleConfiguration', { kind: 'stall', ms: 1500 }, 's3-lifecycle-matches-architecture@acme-stage', /s3:GetBucketLifecycleConfiguration timed out/],
    ['kms:GetKeyRotationStatus', { kind: 'stall', ms: 1500 }, 'kms-rotation-enabled@stage-key', /kms:GetKeyRotationStatus timed out/],
  ];

  it.each(transient)('%s: %o past retries', async (operation, f, dependent, reason) => {
    const fault = injectFault(endpoint, operation, f);
    const r = await runScenario(endpoint, [], { handlers: fault.handlers, clientOptions: { maxAttempts: 2, requestTimeoutMs: 400 } });
    // Every affected call was tried twice (maxAttempts 2: one retry), then given up.
    if (f.kind !== 'stall') expect(fault.hits() % 2, `hits ${fault.hits()}`).toBe(0);
    expectOnlyUnknowns(baseline, r, [dependent]);
    expect(byKey(r, dependent)?.message).toMatch(reason);
  });

  it('a malformed bucket policy makes the policy rules unknown', async () => {
    const fault = injectFault(endpoint, 's3:GetBucketPolicy', { kind: 'malformed-policy' });
    const r = await runScenario(endpoint, [], { handlers: fault.handlers });
    expectOnlyUnknowns(baseline, r, ['s3-policy-deny-insecure-transport@acme-stage', 's3-policy-deny-wrong-kms-key@acme-stage', 's3-policy-no-external-grants@acme-stage']);
    expect(byKey(r, 's3-policy-deny-insecure-transport@acme-stage')?.message).toMatch(/bucket policy is malformed: policy is not valid JSON/);
  });

  it('a malformed key policy makes the key-policy rules unknown', async () => {
    const fault = injectFault(endpoint, 'kms:GetKeyPolicy', { kind: 'malformed-policy' });
    const r = await runScenario(endpoint, [], { handlers: fault.handlers });
    expectOnlyUnknowns(baseline, r, ['kms-policy-root-admin@stage-key', 'kms-policy-not-public@stage-key', 'kms-deletion-window-guard@stage-key']);
    expect(byKey(r, 'kms-policy-root-admin@stage-key')?.message).toMatch(/key policy is malformed: Statement\[0\]\.Effect is "Perhaps"/);
  });

  it('a malformed trust policy makes the trust rules unknown', async () => {
    const fault = injectFault(endpoint, 'iam:GetRole', { kind: 'malformed-policy' });
    const r = await runScenario(endpoint, [], { handlers: fault.handlers });
    expectOnlyUnknowns(baseline, r, ['iam-trust-external-id@snowflake-s3-kms-role', 'iam-trust-principal-exact@snowflake-s3-kms-role', 'iam-service-role-confused-deputy@acme-s3-replication']);
    expect(byKey(r, 'iam-trust-external-id@snowflake-s3-kms-role')?.message).toMatch(/trust policy of snowflake-s3-kms-role is malformed/);
  });

  it.each([
    ['iam:ListRolePolicies', { kind: 'throttled' }, 'iam-role-s3-scoped@snowflake-s3-kms-role', /iam:ListRolePolicies was throttled after 2 attempts/],
    ['iam:GetRole', { kind: 'http-500' }, 'iam-trust-external-id@snowflake-s3-kms-role', /iam:GetRole failed with HTTP 500 after 2 attempts/],
    ['cloudtrail:DescribeTrails', { kind: 'http-500' }, 'trail-multi-region-logging@123456789012', /cloudtrail:DescribeTrails failed with HTTP 500 after 2 attempts/],
  ] as [string, Fault, string, RegExp][])('%s: %o past retries (IAM, CloudTrail)', async (operation, f, dependent, reason) => {
    const fault = injectFault(endpoint, operation, f);
    const r = await runScenario(endpoint, [], { handlers: fault.handlers, clientOptions: { maxAttempts: 2, requestTimeoutMs: 400 } });
    expect(fault.hits() % 2, `hits ${fault.hits()}`).toBe(0);
    expectOnlyUnknowns(baseline, r, [dependent]);
    expect(byKey(r, dependent)?.message).toMatch(reason);
  });

  it.each([
    ['tagging:GetResources', 'tags'],
    ['iam:ListRolePolicies', 'role policies'],
    ['iam:GetRole', 'trust policy'],
    ['cloudwatch:ListMetrics', 'CloudWatch usage'],
    ['cloudwatch:GetMetricData', 'CloudWatch usage'],
    ['kms:ListKeys', 'unreferenced keys'],
  ])('AccessDenied on %s is reported as a gap (%s) and changes no verdict to pass or fail', async (operation, what) => {
    const fault = injectFault(endpoint, operation, { kind: 'access-denied' });
    const r = await runScenario(endpoint, [], { handlers: fault.handlers });
    expect(fault.hits()).toBeGreaterThan(0);
    expectOnlyUnknowns(baseline, r, []);
    expect(r.inventory.gaps.some((g) => g.what === what && g.reason.includes(`access denied to ${operation}`)), JSON.stringify(r.inventory.gaps)).toBe(true);
  });

  describe('object sample (on a baseline without the TLS-deny statement, which moto would apply to it)', () => {
    let open: ScenarioResult;
    beforeAll(async () => {
      open = await runScenario(endpoint, ['no-tls-deny']);
    });
    it.each(['s3:ListObjectsV2', 's3:HeadObject'])('AccessDenied on %s', async (operation) => {
      const fault = injectFault(endpoint, operation, { kind: 'access-denied' });
      const r = await runScenario(endpoint, ['no-tls-deny'], { handlers: fault.handlers });
      expect(open.statuses.get('s3-objects-encrypted-with-cmk@acme-stage')).toBe('pass');
      expectOnlyUnknowns(open, r, ['s3-objects-encrypted-with-cmk@acme-stage']);
      expect(byKey(r, 's3-objects-encrypted-with-cmk@acme-stage')?.message).toContain(`access denied to ${operation}`);
    });

    // S3 throttles a HEAD with a bare 503. Read as throttling, it is retried (with the throttling
    // backoff) and the object is read; were it a transient error, a drained retry quota would stop it.
    it('a HEAD throttled with a bare 503 is retried and read', async () => {
      const fault = injectFault(endpoint, 's3:HeadObject', { kind: 'bare-503', times: 1 });
      const r = await runScenario(endpoint, ['no-tls-deny'], { handlers: fault.handlers });
      // One refused, then every HEAD of the sample answered.
      expect(fault.hits()).toBeGreaterThanOrEqual(2);
      expect(r.statuses.get('s3-objects-encrypted-with-cmk@acme-stage')).toBe('pass');
      expect(r.statuses).toEqual(open.statuses);
    });

    it('a HEAD answered with a bare 503 on every attempt says it was throttled, and is unknown', async () => {
      const fault = injectFault(endpoint, 's3:HeadObject', { kind: 'bare-503' });
      const r = await runScenario(endpoint, ['no-tls-deny'], { handlers: fault.handlers, clientOptions: { maxAttempts: 2 } });
      expect(fault.hits() % 2, `hits ${fault.hits()}`).toBe(0);
      expectOnlyUnknowns(open, r, ['s3-objects-encrypted-with-cmk@acme-stage']);
      expect(byKey(r, 's3-objects-encrypted-with-cmk@acme-stage')?.message).toMatch(/s3:HeadObject \([^)]*\) was throttled after 2 attempts \(Unknown\)/);
    });
  });

  it('a denied bucket list still completes, says so, and does not exit 0', async () => {
    const fault = injectFault(endpoint, 's3:ListBuckets', { kind: 'access-denied' });
    const r = await runScenario(endpoint, [], { handlers: fault.handlers });
    expect(r.inventory.buckets).toEqual([]);
    expect(r.inventory.gaps).toContainEqual({ resource: 'account 123456789012', what: 'the bucket list', reason: 'access denied to s3:ListBuckets: Access Denied' });
    const report = buildReport({ inventory: r.inventory, findings: r.findings, profile: motoProfile, stats: { byService: {}, byOperation: {}, total: 0, attempts: 0 }, durationMs: 1 });
    expect(exitCodeFor(report, 'critical')).toBe(1);
  });
});
