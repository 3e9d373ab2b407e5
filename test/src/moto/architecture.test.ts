/**
 * The architecture built in moto and scanned by the real collectors: the compliant baseline passes
 * every S3, KMS and IAM rule, and each deviation flips exactly the rules it should and no other.
 */
import { rules } from '@envelope/core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DEVIATIONS as deviations } from './deviations.js';
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
