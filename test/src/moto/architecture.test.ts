/**
 * The architecture built in moto and scanned by the real collectors: the compliant baseline passes
 * every S3, KMS and IAM rule, and each deviation flips exactly the rules it should and no other.
 */
import { rules } from '@envelope/core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Deviation } from './architecture.js';
import { diff } from './scan-moto.js';
import { runScenario, type ScenarioResult } from './scenario.js';

const endpoint = inject('motoEndpoint');
const S3_KMS_RULES = rules.map((r) => r.id).filter((id) => id.startsWith('s3-') || id.startsWith('kms-') || id.startsWith('iam-'));

/**
 * moto applies every conditional Deny in a bucket policy without evaluating its condition, so the
 * baseline's TLS-deny statement denies the scanner's HeadObject; AWS would not. The object-sample
 * rule is therefore unknown on the baseline (which is the right answer to AccessDenied) and is
 * exercised on a baseline without that statement below.
 */
const MOTO_UNKNOWN = 's3-objects-encrypted-with-cmk@acme-stage';

const deviations: [Deviation, Record<string, string>][] = [
  ['account-pab-missing', { 's3-account-public-access-block@123456789012': 'fail' }],
  ['bucket-pab-partial', { 's3-bucket-public-access-block@acme-stage': 'fail' }],
  // A public policy needs BlockPublicPolicy off first, so both show, and "*" is outside the account.
  ['public-policy', { 's3-bucket-not-public@acme-stage': 'fail', 's3-bucket-public-access-block@acme-stage': 'fail', 's3-policy-no-external-grants@acme-stage': 'fail' }],
  ['acls-enabled', { 's3-acls-disabled@acme-stage': 'fail' }],
  ['aws-managed-key', { 's3-default-encryption-cmk@acme-stage': 'fail' }],
  // The cost rule says what the missing Bucket Key costs (as the Terraform fixture expects too).
  ['no-bucket-key', { 's3-bucket-key-enabled@acme-stage': 'fail', 'cost-bucket-key-disabled@acme-stage': 'fail' }],
  ['versioning-suspended', { 's3-versioning-enabled@acme-stage': 'fail' }],
  ['no-wrong-key-deny', { 's3-policy-deny-wrong-kms-key@acme-stage': 'fail' }],
  ['external-grant', { 's3-policy-no-external-grants@acme-stage': 'fail' }],
  ['lifecycle-no-glacier', { 's3-lifecycle-matches-architecture@acme-stage': 'fail' }],
  ['no-logging', { 's3-access-logging-enabled@acme-stage': 'fail' }],
  ['replication-no-sse-kms', { 's3-replication-kms@acme-stage': 'fail' }],
  ['replication-role-wildcard', { 's3-replication-role-least-privilege@acme-stage': 'fail' }],
  // moto copies the origin onto the replica; imported material cannot rotate, so rotation is n/a.
  ['key-external-origin', { 'kms-key-type@stage-key': 'fail', 'kms-key-type@replica-key': 'fail', 'kms-rotation-enabled@stage-key': 'not_applicable' }],
  // A disabled key also breaks the bucket's encryption rule, which requires an Enabled key.
  ['key-disabled', { 'kms-key-enabled@stage-key': 'fail', 's3-default-encryption-cmk@acme-stage': 'fail' }],
  ['no-deletion-guard', { 'kms-deletion-window-guard@stage-key': 'fail' }],
  ['rotation-off', { 'kms-rotation-enabled@stage-key': 'fail' }],
  [
    'no-alias',
    {
      'kms-alias-present@stage-key': 'fail',
      'kms-alias-present@replica-key': 'fail',
      // Without the alias nobody can say which key the buckets should use.
      's3-default-encryption-cmk@acme-stage': 'fail',
      's3-default-encryption-cmk@acme-stage-replica': 'fail',
      's3-policy-deny-wrong-kms-key@acme-stage': 'unknown',
      's3-policy-deny-wrong-kms-key@acme-stage-replica': 'unknown',
    },
  ],
  // A plain key in the destination: no MRK pair; parity only concerns MRK replicas; and a
  // standalone key's rotation is its own (an MRK replica's follows the primary).
  [
    'replica-not-mrk',
    { 'kms-multi-region-replica@stage-key': 'fail', 'kms-replica-policy-parity@replica-key': 'not_applicable', 'kms-rotation-enabled@replica-key': 'pass' },
  ],
  ['key-policy-no-root', { 'kms-policy-root-admin@stage-key': 'fail' }],
  ['key-policy-public', { 'kms-policy-not-public@stage-key': 'fail' }],
  ['key-policy-no-via-service', { 'kms-policy-via-service@stage-key': 'fail' }],
  ['key-policy-encrypt', { 'kms-policy-least-privilege@stage-key': 'fail' }],
  ['key-policy-direct-snowflake-grant', { 'kms-policy-external-principal-scoped@stage-key': 'fail' }],
  ['replica-policy-missing-role', { 'kms-replica-policy-parity@replica-key': 'fail' }],
  // The Snowflake role's trust and access, and the replication role's trust.
  ['trust-no-external-id', { 'iam-trust-external-id@snowflake-s3-kms-role': 'fail' }],
  ['trust-external-id-wildcard', { 'iam-trust-external-id@snowflake-s3-kms-role': 'fail' }],
  ['trust-second-allow', { 'iam-trust-external-id@snowflake-s3-kms-role': 'fail' }],
  // With the ExternalId still required, a root principal is a principal problem only.
  ['trust-root-principal', { 'iam-trust-principal-exact@snowflake-s3-kms-role': 'fail' }],
  ['role-s3-wildcard', { 'iam-role-s3-scoped@snowflake-s3-kms-role': 'fail' }],
  ['role-list-any-prefix', { 'iam-role-s3-scoped@snowflake-s3-kms-role': 'fail' }],
  ['role-kms-no-via-service', { 'iam-role-kms-scoped@snowflake-s3-kms-role': 'fail' }],
  ['replication-trust-unbound', { 'iam-service-role-confused-deputy@acme-s3-replication': 'fail' }],
];

describe('moto: the seed architecture', () => {
  let baseline: ScenarioResult;
  let noTlsDeny: ScenarioResult;

  beforeAll(async () => {
    baseline = await runScenario(endpoint);
    noTlsDeny = await runScenario(endpoint, ['no-tls-deny']);
  });

  it('baseline: no rule fails, and nothing is unknown but the emulator-denied object sample', () => {
    // cost-replication-transfer is information (severity info): it "fails" to show what CRR costs.
    // This architecture has no CloudTrail trail: the trail rules have their own baseline in
    // cloudtrail.test.ts, so they are left out here.
    const bad = [...baseline.statuses].filter(
      ([k, s]) => !k.startsWith('trail-') && ((s === 'fail' && k !== 'cost-replication-transfer@acme-stage') || (s === 'unknown' && k !== MOTO_UNKNOWN)),
    );
    expect(baseline.statuses.get('cost-replication-transfer@acme-stage')).toBe('fail');
    expect(bad).toEqual([]);
    expect(baseline.statuses.get(MOTO_UNKNOWN)).toBe('unknown');
    expect(baseline.inventory.gaps).toEqual([{ resource: 'arn:aws:s3:::acme-stage', what: 'object sample', reason: 'access denied to s3:HeadObject (data/part-0001.csv)' }]);
  });

  it('baseline: every S3, KMS and IAM rule passes on some resource', () => {
    const passed = new Set([...baseline.statuses, ...noTlsDeny.statuses].filter(([, s]) => s === 'pass').map(([k]) => k.split('@')[0]));
    expect(S3_KMS_RULES.filter((id) => !passed.has(id))).toEqual(['s3-mfa-delete'].filter((id) => !passed.has(id)));
    expect(S3_KMS_RULES.length).toBe(33);
  });

  it('baseline: the log bucket is a support bucket (safety rules only) and the replica a replication destination', () => {
    const onLogs = (ruleId: string) => baseline.findings.find((f) => f.ruleId === ruleId && f.resource.name === 'acme-stage-logs')?.status;
    // Data rules do not apply to a log target; account-safety rules do.
    expect(onLogs('s3-lifecycle-matches-architecture')).toBe('not_applicable');
    expect(onLogs('s3-default-encryption-cmk')).toBe('not_applicable');
    expect(onLogs('s3-bucket-not-public')).toBe('pass');
    expect(onLogs('s3-policy-deny-insecure-transport')).toBe('pass');
    const replica = baseline.findings.find((f) => f.ruleId === 's3-replication-kms' && f.resource.name === 'acme-stage-replica');
    expect(replica?.message).toContain('replication destination of acme-stage');
  });

  it('without the TLS-deny statement: that rule fails and the object sample passes', () => {
    expect(diff(baseline.statuses, noTlsDeny.statuses)).toEqual({
      's3-policy-deny-insecure-transport@acme-stage': 'fail',
      [MOTO_UNKNOWN]: 'pass',
    });
  });

  it('an object written before default encryption fails the object sample', async () => {
    const r = await runScenario(endpoint, ['no-tls-deny', 'object-before-encryption']);
    expect(diff(noTlsDeny.statuses, r.statuses)).toEqual({ [MOTO_UNKNOWN]: 'fail' });
    expect(r.findings.find((f) => f.ruleId === 's3-objects-encrypted-with-cmk')?.message).toContain('data/legacy.csv');
  });

  it.each(deviations)('%s flips exactly its rules', async (deviation, expected) => {
    const r = await runScenario(endpoint, [deviation]);
    expect(diff(baseline.statuses, r.statuses)).toEqual(expected);
  });

  it('every S3, KMS and IAM rule fails in some scenario, except the information-only one', () => {
    const failing = new Set(
      [...deviations.flatMap(([, e]) => Object.entries(e)), ['s3-policy-deny-insecure-transport@x', 'fail'], ['s3-objects-encrypted-with-cmk@x', 'fail']]
        .filter(([, s]) => s === 'fail')
        .map(([k]) => k!.split('@')[0]),
    );
    expect(S3_KMS_RULES.filter((id) => !failing.has(id))).toEqual(['s3-mfa-delete']);
  });
});
