/** `envelope plan` run as a process: the shared fixtures, bad input, and secrets that must not come out. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/terraform', import.meta.url));
const PROFILE = fileURLToPath(new URL('../../fixtures/terraform-profile.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'envelope-plan-cli-'));
const plan = (...args: string[]) => runCli(['plan', ...args]);

/** Failing rule ids of a JSON report. */
const failing = (stdout: string): string[] => {
  const report = JSON.parse(stdout) as { findings: { ruleId: string; status: string }[] };
  return [...new Set(report.findings.filter((f) => f.status === 'fail').map((f) => f.ruleId))].sort();
};

describe('envelope plan', () => {
  it.each([
    ['baseline', []],
    ['no-bucket-key', ['cost-bucket-key-disabled', 's3-bucket-key-enabled']],
    ['aws-managed-key', ['s3-default-encryption-cmk']],
    ['trust-without-external-id', ['iam-trust-external-id']],
    ['short-deletion-window', ['kms-deletion-window-guard', 'kms-rotation-enabled']],
  ])('%s fails exactly its rules', async (name, expected) => {
    const r = await plan(join(FIXTURES, name as string, 'plan.json'), '--profile', PROFILE, '--format', 'json');
    expect(r.stderr).not.toMatch(/unexpected error/);
    const report = JSON.parse(r.stdout) as { source: { kind: string; accounts: string[] } };
    expect(report.source).toMatchObject({ kind: 'terraform-plan', accounts: ['111122223333'] });
    expect(failing(r.stdout)).toEqual(expected);
  });

  it('module-for-each with a stack per team (terraform-teams-profile.yaml): nothing fails, exit 0', async () => {
    const teams = fileURLToPath(new URL('../../fixtures/terraform-teams-profile.yaml', import.meta.url));
    const r = await plan(join(FIXTURES, 'module-for-each', 'plan.json'), '--profile', teams, '--format', 'json');
    expect(r.stderr.trim()).toMatch(/^envelope: could not see 1 thing\(s\)/); // account Block Public Access, not in the plan
    expect(r.code).toBe(0);
    expect(failing(r.stdout)).toEqual([]);
  });

  it('cost: nothing in a plan is measured — the keys it creates are planned, usage assumed; every renderer says so', async () => {
    const file = join(FIXTURES, 'baseline', 'plan.json');
    const json = JSON.parse((await plan(file, '--profile', PROFILE, '--format', 'json')).stdout) as { cost: { lines: { component: string; basis: string }[] } };
    const bases = json.cost.lines.map((l) => l.basis);
    expect(bases).not.toContain('measured');
    expect(json.cost.lines.filter((l) => l.component === 'kms-key').map((l) => l.basis)).toEqual(['planned', 'planned']);
    expect(new Set(bases)).toEqual(new Set(['planned', 'assumed']));
    const table = (await plan(file, '--profile', PROFILE)).stdout;
    expect(table).toMatch(/kms-key +1 key-month +\$1\.00 +planned/);
    expect(table).not.toMatch(/ measured$/m);
    const md = (await plan(file, '--profile', PROFILE, '--format', 'markdown')).stdout;
    expect(md).toMatch(/\| kms-key[^\n]*\| planned \|/);
    expect(md).not.toMatch(/\| measured \|/);
  });

  it('bad input: a clear error, exit 2, no stack trace', async () => {
    const binary = join(dir, 'plan.out');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]));
    const state = join(dir, 'state.json');
    writeFileSync(state, JSON.stringify({ format_version: '1.0', terraform_version: '1.11.4', values: { root_module: {} } }));
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, readFileSync(join(FIXTURES, 'baseline', 'plan.json'), 'utf8').slice(0, 5000));
    for (const [file, message] of [
      [binary, 'this is a binary plan file'],
      [state, 'this is a state file'],
      [truncated, 'the file looks truncated'],
      [join(dir, 'missing.json'), 'cannot read the plan (ENOENT)'],
    ] as const) {
      const r = await plan(file);
      expect([file, r.code]).toEqual([file, 2]);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('provider credentials and sensitive values never reach any output', async () => {
    // The stage bucket's owner tag is shown beside the bucket (ownership.tagKey); marked sensitive, it must not be.
    const profile = join(dir, 'owner-profile.yaml');
    writeFileSync(profile, `${readFileSync(PROFILE, 'utf8')}ownership: { tagKey: team }\n`);
    const canaryPlan = (name: string, sensitive: boolean) => {
      const out = join(dir, name);
      cpSync(join(FIXTURES, 'baseline'), out, { recursive: true });
      const file = join(out, 'plan.json');
      const p = JSON.parse(readFileSync(file, 'utf8'));
      p.configuration.provider_config.aws.expressions.secret_key = { constant_value: 'CANARY-PROVIDER-SECRET' };
      p.variables = { token: { value: 'CANARY-VARIABLE-SECRET' } };
      const planned = p.planned_values.root_module.resources.find((r: { address: string }) => r.address === 'aws_s3_bucket.stage');
      const change = p.resource_changes.find((c: { address: string }) => c.address === 'aws_s3_bucket.stage');
      for (const values of [planned.values, change.change.after]) {
        values.tags = { ...values.tags, team: 'CANARY-SENSITIVE-TAG' };
        values.tags_all = { ...values.tags_all, team: 'CANARY-SENSITIVE-TAG' };
      }
      if (sensitive) {
        planned.sensitive_values = { ...planned.sensitive_values, tags: { team: true }, tags_all: { team: true } };
        change.change.after_sensitive = { ...change.change.after_sensitive, tags: { team: true }, tags_all: { team: true } };
      }
      writeFileSync(file, JSON.stringify(p));
      return file;
    };
    // The same tag, not marked sensitive, is shown: the test can see a leak.
    const control = await plan(canaryPlan('control', false), '--profile', profile);
    expect(control.stdout).toContain('owner CANARY-SENSITIVE-TAG');
    const file = canaryPlan('canary', true);
    for (const format of ['table', 'json', 'sarif', 'markdown']) {
      const r = await plan(file, '--profile', profile, '--format', format, '--verbose');
      expect(r.stdout.length).toBeGreaterThan(100);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/CANARY/);
    }
  });
});
