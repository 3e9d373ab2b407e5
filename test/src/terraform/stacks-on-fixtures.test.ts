/**
 * The module-for-each fixture — the architecture once per team through a module with for_each —
 * under a profile with one `stacks` entry per team (test/fixtures/terraform-teams-profile.yaml):
 * every rule a plan can decide passes, for both instances, as its EXPECTED.md says; and a profile
 * that gives one team the other's alias or Snowflake user fails exactly that team's resources.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectTerraformInventory } from '../../../shared/core/src/collect/terraform/index.js';
import { parsePlanJson } from '../../../shared/core/src/collect/terraform/plan-file.js';
import { loadProfile, parseProfile } from '../../../shared/core/src/profile/load.js';
import type { Profile } from '../../../shared/core/src/profile/schema.js';
import { evaluate } from '../../../shared/core/src/rules/engine.js';
import { rules } from '../../../shared/core/src/rules/registry.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/terraform/module-for-each/plan.json', import.meta.url));
const PROFILE = fileURLToPath(new URL('../../fixtures/terraform-teams-profile.yaml', import.meta.url));
const ANALYTICS = 's3-snow-kms-test-v3-analytics';
const FINANCE = 's3-snow-kms-test-v3-finance';

async function run(profile: Profile) {
  const inventory = await collectTerraformInventory(parsePlanJson(readFileSync(FIXTURE), FIXTURE), { profile, file: FIXTURE, account: '111122223333' });
  return evaluate(rules, inventory, profile);
}
const said = (fs: { ruleId: string; resource: { name: string }; status: string }[]) => fs.map((f) => `${f.ruleId} ${f.resource.name}`).sort();

describe('module-for-each under a profile with a stack per team', () => {
  it('nothing fails; the one unknown is account Block Public Access, which the plan does not manage', async () => {
    const findings = await run(await loadProfile(PROFILE));
    expect(said(findings.filter((f) => f.status === 'fail'))).toEqual([]);
    expect(said(findings.filter((f) => f.status === 'unknown'))).toEqual(['s3-account-public-access-block 111122223333']);
  });

  it('both teams’ buckets, keys and roles were judged, each against its own stack', async () => {
    const findings = await run(await loadProfile(PROFILE));
    const passing = (rule: string) => said(findings.filter((f) => f.ruleId === rule && f.status === 'pass'));
    expect(passing('s3-default-encryption-cmk')).toEqual([`s3-default-encryption-cmk ${ANALYTICS}`, `s3-default-encryption-cmk ${FINANCE}`]);
    expect(passing('iam-trust-principal-exact')).toEqual(['iam-trust-principal-exact snowflake-s3-kms-role-analytics', 'iam-trust-principal-exact snowflake-s3-kms-role-finance']);
    const aliasPass = findings.filter((f) => f.ruleId === 'kms-alias-present' && f.status === 'pass').map((f) => f.message).sort();
    expect(aliasPass).toEqual([
      'The key has customer alias(es) alias/cloudtrail-org-audit.',
      `alias/snowflake-s3-kms-stage-analytics targets this key (the profile key of stack analytics in eu-west-1).`,
      `alias/snowflake-s3-kms-stage-finance targets this key (the profile key of stack finance in eu-west-1).`,
    ]);
  });

  it('giving analytics the finance alias fails the analytics bucket and key (its key is not that alias’s) and nothing of finance', async () => {
    const base = await loadProfile(PROFILE);
    const swapped = parseProfile({ ...base, stacks: base.stacks.map((s) => (s.name === 'analytics' ? { ...s, kms: { ...s.kms, alias: 'alias/snowflake-s3-kms-stage-finance' } } : s)) }, 'swapped');
    const failing = (await run(swapped)).filter((f) => f.status === 'fail');
    expect(said(failing)).toEqual([
      'kms-alias-present tf-module.stage["analytics"].aws_kms_key.this',
      `s3-default-encryption-cmk ${ANALYTICS}`,
      `s3-policy-deny-wrong-kms-key ${ANALYTICS}`,
    ]);
  });

  it('a finance Snowflake user other than the one the plan trusts fails the finance role only', async () => {
    const base = await loadProfile(PROFILE);
    const other = parseProfile(
      { ...base, stacks: base.stacks.map((s) => (s.name === 'finance' ? { ...s, snowflake: { ...s.snowflake, iamUserArn: 'arn:aws:iam::999988887777:user/fin9-s-exmp9999' } } : s)) },
      'other-user',
    );
    const failing = (await run(other)).filter((f) => f.status === 'fail');
    expect(said(failing)).toEqual(['iam-trust-principal-exact snowflake-s3-kms-role-finance']);
  });

  it('the single-stack fixture profile says what it lacks on this plan: the one alias and role it names', async () => {
    const single = await loadProfile(fileURLToPath(new URL('../../fixtures/terraform-profile.yaml', import.meta.url)));
    const resolve = (await run(single)).find((f) => f.ruleId === 'profile-values-resolve');
    expect(resolve?.status).toBe('fail');
    expect(resolve?.message).toContain('alias/snowflake-s3-kms-stage-analytics encrypts 1 of 2 in-scope buckets there');
  });
});
