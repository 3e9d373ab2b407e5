/**
 * The first scan of an account built exactly like the architecture but under names of its own,
 * with the built-in profile and nothing else — what a new user runs first. The profile's alias and
 * Snowflake role do not exist there: that is reported once, and no rule fails a compliant resource.
 */
import { builtinProfiles, parseProfile } from '@envelope/core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { OWN_NAMES, REGION, REPLICA_REGION } from './architecture.js';
import { runScenario, type ScenarioResult } from './scenario.js';

const endpoint = inject('motoEndpoint');
const builtin = parseProfile(builtinProfiles['snowflake-s3-kms']!, 'built-in profile');

describe('the built-in profile on an account with names of its own', () => {
  let r: ScenarioResult;

  beforeAll(async () => {
    r = await runScenario(endpoint, [], { names: OWN_NAMES, profile: builtin });
  });

  it('fails one finding, the unresolved profile values, each named once with what the account has', () => {
    // The architecture as built has no CloudTrail trail (cloudtrail.test.ts covers those rules);
    // cost-replication-transfer is information that "fails" to show what CRR costs.
    const failing = [...r.statuses].filter(([k, s]) => s === 'fail' && !k.startsWith('trail-') && !k.startsWith('cost-replication-transfer@')).map(([k]) => k);
    expect(failing).toEqual(['profile-values-resolve@123456789012']);
    const f = r.findings.find((x) => x.ruleId === 'profile-values-resolve')!;
    expect(f.data?.unresolved).toBe(`kms.alias alias/snowflake-s3-kms (${REGION}, ${REPLICA_REGION}), snowflake.roleName snowflake-s3-kms-role`);
    expect(f.message).toContain(`alias/snowflake-s3-kms (kms.alias) does not exist in ${REGION}; ${OWN_NAMES.alias} encrypts 1 of 1 in-scope bucket there`);
    expect(f.message).toContain(`alias/snowflake-s3-kms (kms.alias) does not exist in ${REPLICA_REGION}; ${OWN_NAMES.alias} encrypts 1 of 1 in-scope bucket there`);
    expect(f.message).toContain('`envelope init` finds the role Snowflake assumes');
  });

  it('the rules that need those values are unknown and say why, instead of failing every resource', () => {
    for (const bucket of [OWN_NAMES.stageBucket, OWN_NAMES.replicaBucket]) {
      for (const rule of ['s3-default-encryption-cmk', 's3-policy-deny-wrong-kms-key']) {
        const f = r.findings.find((x) => x.ruleId === rule && x.resource.name === bucket);
        expect([rule, bucket, f?.status]).toEqual([rule, bucket, 'unknown']);
        expect(f?.message).toContain('profile-values-resolve');
      }
    }
    // The keys carry the account's own alias: whether they should carry the profile's cannot be told.
    expect(r.statuses.get('kms-alias-present@stage-key')).toBe('unknown');
    expect(r.statuses.get('kms-alias-present@replica-key')).toBe('unknown');
    // The role the profile names does not exist: its rules wait for the right name.
    const onMissingRole = r.findings.filter((x) => x.resource.name === 'snowflake-s3-kms-role').map((x) => [x.ruleId, x.status]);
    expect(onMissingRole.length).toBeGreaterThan(0);
    expect(onMissingRole.filter(([, s]) => s !== 'unknown')).toEqual([]);
  });
});
