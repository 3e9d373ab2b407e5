/**
 * Every rule over the inventory of each shared Terraform fixture, against the rule ids its
 * EXPECTED.md says must fail. The S3 rules are asserted exactly; for the rest the test prints
 * which rules fail, pass or stay unknown, so the state of the other mappers shows in the log.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectTerraformInventory } from '../../../shared/core/src/collect/terraform/index.js';
import { parsePlanJson } from '../../../shared/core/src/collect/terraform/plan-file.js';
import { profileSchema } from '../../../shared/core/src/profile/schema.js';
import { evaluate } from '../../../shared/core/src/rules/engine.js';
import { rules } from '../../../shared/core/src/rules/registry.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/terraform', import.meta.url));
const scenarios = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

/** The profile the fixtures were written for (fixtures README). */
const profile = profileSchema.parse({
  name: 'terraform-fixtures',
  regions: ['eu-west-1'],
  kms: { alias: 'alias/snowflake-s3-kms-stage', minDeletionWindowDays: 10 },
  snowflake: { roleName: 'snowflake-s3-kms-role', iamUserArn: 'arn:aws:iam::999988887777:user/abc1-s-exmp0000' },
});

/** EXPECTED.md: "FAIL: a, b — …" or "FAIL: none — …". */
function expectedFailures(name: string): string[] {
  const text = readFileSync(join(FIXTURES, name, 'EXPECTED.md'), 'utf8');
  const list = /FAIL:\s*([^—\n]*)/.exec(text)?.[1] ?? '';
  return [...list.matchAll(/[a-z0-9]+(?:-[a-z0-9]+)+/g)].map((m) => m[0]).filter((id) => id !== 'none').sort();
}

const S3_RULES = rules.map((r) => r.id).filter((id) => id.startsWith('s3-') || id === 'cost-bucket-key-disabled');

async function run(name: string) {
  const file = join(FIXTURES, name, 'plan.json');
  const inventory = await collectTerraformInventory(parsePlanJson(readFileSync(file), file), { profile, file, account: '111122223333' });
  const findings = evaluate(rules, inventory, profile);
  const byStatus = (status: string) => [...new Set(findings.filter((f) => f.status === status).map((f) => f.ruleId))].sort();
  return { inventory, findings, fail: byStatus('fail'), unknown: byStatus('unknown'), pass: byStatus('pass') };
}

describe('every rule over each Terraform fixture', () => {
  it('there are fixtures, each with its EXPECTED.md', () => {
    expect(scenarios).toEqual(expect.arrayContaining(['baseline', 'no-bucket-key', 'aws-managed-key', 'module-for-each']));
    expect(expectedFailures('no-bucket-key')).toEqual(['cost-bucket-key-disabled', 's3-bucket-key-enabled']);
    expect(expectedFailures('baseline')).toEqual([]);
  });

  it.each(scenarios)('%s: the S3 rules fail exactly as EXPECTED.md says', async (name) => {
    const { fail, unknown, findings } = await run(name);
    const expected = expectedFailures(name);
    // The state of every rule, for the log: the S3 rules are asserted below, the rest reported.
    console.log(`${name}: expected ${expected.join(', ') || 'none'}\n  fail: ${fail.join(', ') || 'none'}\n  unknown: ${unknown.join(', ') || 'none'}`);
    for (const f of findings.filter((x) => x.status === 'fail' && !expected.includes(x.ruleId))) console.log(`  unexpected fail ${f.ruleId} ${f.resource.name}: ${f.message}`);
    expect(fail.filter((id) => S3_RULES.includes(id))).toEqual(expected.filter((id) => S3_RULES.includes(id)));
    // What a plan cannot tell, by design: account Block Public Access it does not manage, objects it has none of.
    if (name !== 'module-for-each') expect(unknown.filter((id) => S3_RULES.includes(id))).toEqual(['s3-account-public-access-block']);
  });

  it('baseline: the stage bucket is the architecture bucket; the log and trail buckets are support buckets', async () => {
    const { inventory } = await run('baseline');
    expect(inventory.source.kind).toBe('terraform-plan');
    expect(inventory.buckets.map((b) => [b.name, b.role.kind])).toEqual([
      ['org-audit-trail-111122223333', 'support'],
      ['s3-snow-kms-test-v3', 'architecture'],
      ['s3-snow-kms-test-v3-logs', 'support'],
    ]);
    expect(inventory.buckets.find((b) => b.name === 's3-snow-kms-test-v3')!.encryption).toEqual({
      state: 'present',
      value: [{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.stage', bucketKeyEnabled: true }],
    });
    expect(inventory.bucketList).toEqual({ state: 'present', value: ['org-audit-trail-111122223333', 's3-snow-kms-test-v3', 's3-snow-kms-test-v3-logs'] });
  });
});

describe('module-for-each: both module instances', () => {
  it('each team’s stage bucket is an architecture bucket with its own key, and its log bucket a support bucket', async () => {
    const { inventory } = await run('module-for-each');
    expect(inventory.buckets.map((b) => [b.name, b.role.kind])).toEqual([
      ['org-audit-trail-111122223333', 'support'],
      ['s3-snow-kms-test-v3-analytics', 'architecture'],
      ['s3-snow-kms-test-v3-analytics-logs', 'support'],
      ['s3-snow-kms-test-v3-finance', 'architecture'],
      ['s3-snow-kms-test-v3-finance-logs', 'support'],
    ]);
    const keyOf = (name: string) => {
      const e = inventory.buckets.find((b) => b.name === name)!.encryption;
      return e.state === 'present' ? e.value[0]!.kmsMasterKeyId : e.state;
    };
    expect(keyOf('s3-snow-kms-test-v3-analytics')).toBe('arn:aws:kms:eu-west-1:111122223333:key/tf-module.stage["analytics"].aws_kms_key.this');
    expect(keyOf('s3-snow-kms-test-v3-finance')).toBe('arn:aws:kms:eu-west-1:111122223333:key/tf-module.stage["finance"].aws_kms_key.this');
  });
});
