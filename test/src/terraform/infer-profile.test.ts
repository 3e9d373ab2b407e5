/**
 * A plan checked without a profile is judged against the names it describes itself (init --plan):
 * every shared fixture then fails exactly the rules its EXPECTED.md lists, with nothing to write
 * first — module-for-each included, as two stacks. And `envelope init --plan` writes that profile,
 * which `plan --profile` reads back to the same verdicts.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parsePlanJson } from '../../../shared/core/src/collect/terraform/plan-file.js';
import { profileFromPlan } from '../../../shared/core/src/init/plan-facts.js';
import { planReport } from '../../../shared/core/src/plan.js';
import { parseProfile } from '../../../shared/core/src/profile/load.js';
import { runCli } from '../cli/run-cli.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/terraform', import.meta.url));
const scenarios = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

function expectedFailures(name: string): string[] {
  const text = readFileSync(join(FIXTURES, name, 'EXPECTED.md'), 'utf8');
  const list = /FAIL:\s*([^—\n]*)/.exec(text)?.[1] ?? '';
  return [...list.matchAll(/[a-z0-9]+(?:-[a-z0-9]+)+/g)].map((m) => m[0]).filter((id) => id !== 'none').sort();
}
const ids = (findings: { ruleId: string; status: string }[], status: string) => [...new Set(findings.filter((f) => f.status === status).map((f) => f.ruleId))].sort();

describe('a plan without a profile', () => {
  it.each(scenarios)('%s: exactly the EXPECTED.md rules fail; the only unknown is account Block Public Access', async (name) => {
    const report = await planReport({ file: join(FIXTURES, name, 'plan.json') });
    expect(report.profile.name).toBe('inferred from plan.json');
    expect(ids(report.findings, 'fail')).toEqual(expectedFailures(name));
    expect(ids(report.findings, 'unknown')).toEqual(['s3-account-public-access-block']);
  });

  it('the inferred profile names what the plan shows: the role, its bucket, the key alias, the Snowflake user', async () => {
    const file = join(FIXTURES, 'baseline', 'plan.json');
    const { profile, proposal } = await profileFromPlan(parsePlanJson(readFileSync(file), file), { file });
    expect(profile.snowflake).toEqual({ roleName: 'snowflake-s3-kms-role', iamUserArn: 'arn:aws:iam::999988887777:user/abc1-s-exmp0000' });
    expect(profile.kms.alias).toBe('alias/snowflake-s3-kms-stage');
    expect(profile.scope.bucketNames).toEqual(['s3-snow-kms-test-v3', 's3-snow-kms-test-v3-logs']);
    expect(profile.s3.dataPrefix).toBe('data/');
    // Name and project are tags every bucket carries, not owners.
    expect(proposal.tagKey).toBeUndefined();
  });

  it('module-for-each: one stack per team role', async () => {
    const file = join(FIXTURES, 'module-for-each', 'plan.json');
    const { profile } = await profileFromPlan(parsePlanJson(readFileSync(file), file), { file });
    expect(profile.stacks.map((s) => [s.name, s.buckets, s.kms.alias, s.snowflake.roleName])).toEqual([
      ['analytics', ['s3-snow-kms-test-v3-analytics'], 'alias/snowflake-s3-kms-stage-analytics', 'snowflake-s3-kms-role-analytics'],
      ['finance', ['s3-snow-kms-test-v3-finance'], 'alias/snowflake-s3-kms-stage-finance', 'snowflake-s3-kms-role-finance'],
    ]);
    expect(profile.ownership.tagKey).toBe('team');
  });

  it('a deviation is still caught when the deviating value is one the profile is inferred from: aws-managed-key takes the key the role is granted', async () => {
    const file = join(FIXTURES, 'aws-managed-key', 'plan.json');
    const { profile, proposal } = await profileFromPlan(parsePlanJson(readFileSync(file), file), { file });
    expect(profile.kms.alias).toBe('alias/snowflake-s3-kms-stage');
    expect(proposal.alias?.why).toContain("no stage bucket names a customer key by default; snowflake-s3-kms-role's policies grant this one");
  });
});

describe('envelope init --plan, then plan --profile', () => {
  it('writes a profile that plan reads back to the same verdicts, and says so on stderr without --profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'envelope-init-plan-'));
    const plan = join(FIXTURES, 'no-bucket-key', 'plan.json');
    const out = join(dir, 'profile.yaml');
    const init = await runCli(['init', '--plan', plan, '--output', out]);
    expect(init.code).toBe(0);
    expect(init.stderr).toBe(`envelope: profile written to ${out} (no API call)\n`);
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toContain(`# from Terraform plan ${plan} (account 111122223333), with no API call.`);
    parseProfile(parseYaml(yaml), out);

    const withProfile = await runCli(['plan', plan, '--profile', out, '--format', 'json']);
    const without = await runCli(['plan', plan, '--format', 'json']);
    expect(without.stderr).toContain('envelope: no --profile given: judged against the names');
    expect(withProfile.stderr).not.toContain('no --profile given');
    const failing = (stdout: string) => ids((JSON.parse(stdout) as { findings: { ruleId: string; status: string }[] }).findings, 'fail');
    expect(failing(withProfile.stdout)).toEqual(['cost-bucket-key-disabled', 's3-bucket-key-enabled']);
    expect(failing(without.stdout)).toEqual(failing(withProfile.stdout));
  });

  it('bad input: --plan with --demo, and a plan that is not there, are clear errors with exit 2', async () => {
    const both = await runCli(['init', '--plan', join(FIXTURES, 'baseline', 'plan.json'), '--demo']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--plan and --demo: read one of them, not both');
    const missing = await runCli(['init', '--plan', '/nonexistent/plan.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/plan.json: cannot read the plan (ENOENT)');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
