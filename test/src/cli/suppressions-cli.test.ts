/**
 * Suppressions through `envelope plan` run as a process: the envelope:ignore tag in the plan (on
 * a bucket and on a key), profile entries with expiry, --fail-on, the warning for an expired one,
 * bad entries, and the SARIF checked by Microsoft's validator.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateSarif } from '../action/sarif-validate.js';
import { runCli } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/terraform', import.meta.url));
const PROFILE = readFileSync(fileURLToPath(new URL('../../fixtures/terraform-profile.yaml', import.meta.url)), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'envelope-suppressions-'));

type Finding = { ruleId: string; status: string; suppressedStatus?: string; suppression?: { source: string; reason: string; expires?: string }; resource: { name: string } };
type Json = { findings: Finding[]; summary: { byStatus: Record<string, number> }; suppressions: { expired: unknown[]; stale: { rule: string }[] } };

/** A copy of a shared fixture (plan.json and main.tf) with `envelope:ignore` set on the planned resource at `address`. */
function taggedFixture(name: string, tags: Record<string, string>): string {
  const to = join(dir, `${name}-${Object.keys(tags).join('-').replace(/[^a-z]/g, '')}`);
  cpSync(join(FIXTURES, name), to, { recursive: true });
  const file = join(to, 'plan.json');
  const plan = JSON.parse(readFileSync(file, 'utf8'));
  for (const [address, value] of Object.entries(tags)) {
    const tag = (values: Record<string, unknown>) => {
      for (const field of ['tags', 'tags_all']) values[field] = { ...(values[field] as object), 'envelope:ignore': value };
    };
    tag(plan.planned_values.root_module.resources.find((r: { address: string }) => r.address === address).values);
    tag(plan.resource_changes.find((r: { address: string }) => r.address === address).change.after);
  }
  writeFileSync(file, JSON.stringify(plan));
  return file;
}

function profileWith(suppressions: string): string {
  const file = join(dir, `profile-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `${PROFILE}\nsuppressions:\n${suppressions}`);
  return file;
}

const plan = (...args: string[]) => runCli(['plan', ...args]);
const suppressed = (r: Json) => r.findings.filter((f) => f.status === 'suppressed').map((f) => `${f.ruleId}@${f.resource.name}:${f.suppression?.source}`).sort();

describe('suppressions in plan mode', () => {
  it('the envelope:ignore tag on a planned bucket suppresses its findings: still in the report, not counted for --fail-on; SARIF valid with inSource suppressions', async () => {
    const file = taggedFixture('no-bucket-key', { 'aws_s3_bucket.stage': 's3-bucket-key-enabled+cost-bucket-key-disabled Legacy reader cannot use a Bucket Key (RISK-7)' });
    const profile = join(dir, 'plain.yaml');
    writeFileSync(profile, PROFILE);
    const before = await plan(join(FIXTURES, 'no-bucket-key', 'plan.json'), '--profile', profile, '--format', 'json', '--fail-on', 'info');
    expect(before.code).toBe(1);

    const r = await plan(file, '--profile', profile, '--format', 'json', '--fail-on', 'info');
    const json = JSON.parse(r.stdout) as Json;
    expect(suppressed(json)).toEqual(['cost-bucket-key-disabled@s3-snow-kms-test-v3:tag', 's3-bucket-key-enabled@s3-snow-kms-test-v3:tag']);
    expect(json.findings.filter((f) => f.status === 'fail')).toEqual([]);
    expect(json.summary.byStatus.suppressed).toBe(2);
    expect(r.code).toBe(0);

    const table = await plan(file, '--profile', profile, '--fail-on', 'none');
    expect(table.stdout).toMatch(/~ +medium +s3-bucket-key-enabled +suppressed fail: Legacy reader cannot use a Bucket Key \(RISK-7\) \(resource tag envelope:ignore, no expiry\)/);
    expect(table.stdout).toMatch(/2 suppressed/);

    const sarifFile = join(dir, 'tagged.sarif');
    await plan(file, '--profile', profile, '--format', 'sarif', '--output', sarifFile, '--fail-on', 'none');
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { results: { ruleId: string; kind: string; suppressions?: { kind: string; status: string; justification: string }[] }[] }[] };
    const withSuppression = Object.fromEntries(sarif.runs[0]!.results.filter((x) => x.suppressions).map((x) => [x.ruleId, [x.kind, x.suppressions]]));
    const accepted = { kind: 'inSource', status: 'accepted', justification: 'Legacy reader cannot use a Bucket Key (RISK-7) (resource tag envelope:ignore, no expiry)', properties: { source: 'tag', tag: 'envelope:ignore' } };
    expect(withSuppression).toEqual({ 's3-bucket-key-enabled': ['fail', [accepted]], 'cost-bucket-key-disabled': ['fail', [accepted]] });
    expect(validateSarif(sarifFile)).toEqual([]);
  }, 120_000);

  it('the tag on a planned key suppresses the key rules it names', async () => {
    const file = taggedFixture('short-deletion-window', { 'aws_kms_key.stage': 'kms-deletion-window-guard Seven days agreed with the platform team' });
    const profile = profileWith('  []\n');
    const json = JSON.parse((await plan(file, '--profile', profile, '--format', 'json', '--fail-on', 'none')).stdout) as Json;
    expect(suppressed(json)).toEqual([expect.stringMatching(/^kms-deletion-window-guard@.+:tag$/)]);
    expect(json.findings.filter((f) => f.status === 'fail').map((f) => f.ruleId)).toEqual(['kms-rotation-enabled']);
  });

  it('profile entries: an active one suppresses with its terms, an expired one stops applying with a warning, a stale one is listed; profile wins over the tag', async () => {
    const file = taggedFixture('trust-without-external-id', { 'aws_iam_role.snowflake': 'iam-trust-external-id from the tag' });
    const active = profileWith(
      [
        '  - { rule: iam-trust-external-id, resource: "arn:aws:iam::*:role/snowflake-*", reason: "Snowflake account migrating (CHG-9)", expires: "2099-12-31", approvedBy: security@example.com }',
        '  - { rule: s3-mfa-delete, resource: "legacy-*", reason: "no legacy buckets any more", expires: "2099-12-31" }',
        '',
      ].join('\n'),
    );
    const r = await plan(file, '--profile', active, '--format', 'json', '--fail-on', 'low');
    const json = JSON.parse(r.stdout) as Json;
    expect(r.code).toBe(0);
    expect(json.findings.find((f) => f.ruleId === 'iam-trust-external-id')).toMatchObject({
      status: 'suppressed',
      suppressedStatus: 'fail',
      suppression: { source: 'profile', reason: 'Snowflake account migrating (CHG-9)', expires: '2099-12-31' },
    });
    expect(json.suppressions.stale.map((s) => s.rule)).toEqual(['s3-mfa-delete']);

    const expired = profileWith('  - { rule: iam-trust-external-id, resource: "*", reason: "old", expires: "2020-01-31", approvedBy: bob }\n');
    const e = await plan(file, '--profile', expired, '--format', 'json', '--fail-on', 'low');
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/warning: the suppression of iam-trust-external-id on \* expired on 2020-01-31; its 1 finding\(s\) count again/);
    const ej = JSON.parse(e.stdout) as Json;
    // Expiry also stops the role's tag: the accepted risk is due for review.
    expect(ej.findings.find((f) => f.ruleId === 'iam-trust-external-id')?.status).toBe('fail');
    expect(ej.suppressions.expired).toHaveLength(1);
  });

  it('a bad entry is a clear error naming the field and value, never a stack trace', async () => {
    const bad = profileWith('  - { rule: s3-bukcet-key-enabled, resource: "*", reason: "x", expires: "2027-13-01" }\n');
    const r = await plan(join(FIXTURES, 'baseline', 'plan.json'), '--profile', bad);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/suppressions\[0\]\.expires: is not a calendar date \(got "2027-13-01"\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const unknownRule = profileWith('  - { rule: s3-bukcet-key-enabled, resource: "*", reason: "x", expires: "2027-12-01" }\n');
    const u = await plan(join(FIXTURES, 'baseline', 'plan.json'), '--profile', unknownRule);
    expect(u.stderr).toMatch(/suppressions\[0\]\.rule: is not a rule id \(did you mean s3-bucket-key-enabled\?\)/);
  });
});
