/**
 * Our own Terraform fixtures (test/fixtures/terraform-own: real plans, Terraform 1.11.4 /
 * hashicorp/aws 5.100.0, against a prior state applied to moto — test/scripts/terraform-own-plans.sh —
 * and a hand-written Snowflake plan): update in place, replace, delete, a value the index cannot
 * resolve, a for_each over count instances, and the Snowflake resources. Every rule runs
 * over each AWS scenario; the failing and the unknown rules are asserted exactly against
 * EXPECTED.md.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectTerraformInventory } from '../../../shared/core/src/collect/terraform/index.js';
import { parsePlanJson } from '../../../shared/core/src/collect/terraform/plan-file.js';
import { priorStatePlan } from '../../../shared/core/src/diff/baseline.js';
import type { PlanSnowflakeIntegration, PlanSnowflakeStage } from '../../../shared/core/src/collect/terraform/snowflake.js';
import { planReport } from '../../../shared/core/src/plan.js';
import { profileSchema } from '../../../shared/core/src/profile/schema.js';
import { evaluate } from '../../../shared/core/src/rules/engine.js';
import { rules } from '../../../shared/core/src/rules/registry.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/terraform-own', import.meta.url));
const scenarios = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
/** Asserted rule by rule: all but the Snowflake-only plan (no buckets, no alias; its inventory is asserted below). */
const awsScenarios = scenarios.filter((s) => s !== 'snowflake');

const profile = profileSchema.parse({
  name: 'terraform-fixtures',
  regions: ['eu-west-1'],
  kms: { alias: 'alias/snowflake-s3-kms-stage', minDeletionWindowDays: 10 },
  snowflake: { roleName: 'snowflake-s3-kms-role', iamUserArn: 'arn:aws:iam::999988887777:user/abc1-s-exmp0000' },
});

/** What a plan cannot tell, whatever it holds: account Block Public Access it does not manage (objects are not_applicable to a plan). */
const ALWAYS_UNKNOWN = ['s3-account-public-access-block'];

const ids = (list: string | undefined): string[] => [...(list ?? '').matchAll(/[a-z0-9]+(?:-[a-z0-9]+)+/g)].map((m) => m[0]).filter((id) => id !== 'none').sort();
/** EXPECTED.md: "FAIL: a, b — [UNKNOWN: c, d —] why". */
function expected(name: string): { fail: string[]; unknown: string[] } {
  const text = readFileSync(join(FIXTURES, name, 'EXPECTED.md'), 'utf8');
  return { fail: ids(/FAIL:\s*([^—\n]*)/.exec(text)?.[1]), unknown: ids(/UNKNOWN:\s*([^—\n]*)/.exec(text)?.[1]) };
}

async function run(name: string) {
  const file = join(FIXTURES, name, 'plan.json');
  const inventory = await collectTerraformInventory(parsePlanJson(readFileSync(file), file), { profile, file, account: '111122223333' });
  const findings = evaluate(rules, inventory, profile);
  const byStatus = (status: string) => [...new Set(findings.filter((f) => f.status === status).map((f) => f.ruleId))].sort();
  return { inventory, findings, fail: byStatus('fail'), unknown: byStatus('unknown') };
}

/** The stage key's ARN in a fixture's prior state (the applied baseline). */
function priorKeyArn(name: string): string {
  const plan = JSON.parse(readFileSync(join(FIXTURES, name, 'plan.json'), 'utf8'));
  return plan.prior_state.values.root_module.resources.find((r: { address: string }) => r.address === 'aws_kms_key.stage').values.arn;
}

describe('own Terraform fixtures: every rule', () => {
  it('the scenarios are there, each with its EXPECTED.md', () => {
    expect(scenarios).toEqual(['delete-bucket', 'delete-versioning', 'for-each-over-count', 'key-from-local', 'replace-kms-key', 'snowflake', 'snowflake-stage-key', 'update-bucket-key-off']);
    expect(expected('update-bucket-key-off').fail).toEqual(['cost-bucket-key-disabled', 's3-bucket-key-enabled']);
    expect(expected('snowflake-stage-key')).toEqual({ fail: ['snowflake-stage-kms-key-matches'], unknown: ['snowflake-chain-effective-access', 'snowflake-stage-within-allowed-locations'] });
    expect(expected('key-from-local')).toEqual({ fail: [], unknown: ['cost-bucket-key-disabled', 'kms-alias-present', 's3-bucket-key-enabled', 's3-default-encryption-cmk'] });
  });

  it.each(awsScenarios)('%s: exactly the EXPECTED.md rules fail, exactly its unknowns are unknown', async (name) => {
    const { fail, unknown } = await run(name);
    const want = expected(name);
    expect(fail).toEqual(want.fail);
    expect(unknown).toEqual([...new Set([...ALWAYS_UNKNOWN, ...want.unknown])].sort());
  });

  it('update in place: the plan reads the updated value, not the prior state', async () => {
    const { inventory } = await run('update-bucket-key-off');
    const plan = JSON.parse(readFileSync(join(FIXTURES, 'update-bucket-key-off', 'plan.json'), 'utf8'));
    const sse = plan.resource_changes.find((c: { address: string }) => c.address === 'aws_s3_bucket_server_side_encryption_configuration.stage');
    expect(sse.change.actions).toEqual(['update']);
    expect(sse.change.before.rule[0].bucket_key_enabled).toBe(true);
    const keyArn = priorKeyArn('update-bucket-key-off');
    expect(keyArn).toMatch(/^arn:aws:kms:eu-west-1:111122223333:key\/[0-9a-f-]{36}$/);
    expect(inventory.buckets.find((b) => b.name === 's3-snow-kms-test-v3')!.encryption).toEqual({
      state: 'present',
      value: [{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArn, bucketKeyEnabled: false }],
    });
  });

  it('replace: the replaced key is in the inventory as the key the plan creates, and the bucket names it', async () => {
    const { inventory } = await run('replace-kms-key');
    const stand = 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.stage';
    expect(inventory.keys.map((k) => k.arn)).toContain(stand);
    const plan = JSON.parse(readFileSync(join(FIXTURES, 'replace-kms-key', 'plan.json'), 'utf8'));
    expect(plan.resource_changes.find((c: { address: string }) => c.address === 'aws_kms_key.stage').change.actions).toEqual(['delete', 'create']);
    expect(inventory.keys.map((k) => k.arn)).not.toContain(priorKeyArn('replace-kms-key'));
    const enc = inventory.buckets.find((b) => b.name === 's3-snow-kms-test-v3')!.encryption;
    expect(enc.state === 'present' && enc.value[0]!.kmsMasterKeyId).toBe(stand);
  });

  it('for_each over count instances: each.value followed to the counted bucket through the for_each expression in main.tf', async () => {
    const plan = JSON.parse(readFileSync(join(FIXTURES, 'for-each-over-count', 'plan.json'), 'utf8'));
    const addresses = plan.resource_changes.map((c: { address: string }) => c.address);
    expect(addresses).toEqual(expect.arrayContaining(['aws_s3_bucket.stage[0]', 'aws_s3_bucket_versioning.stage["s3-snow-kms-test-v3"]', 'aws_s3_bucket_server_side_encryption_configuration.stage["s3-snow-kms-test-v3"]']));
    const { inventory } = await run('for-each-over-count');
    const stage = inventory.buckets.find((b) => b.name === 's3-snow-kms-test-v3')!;
    expect(stage.role.kind).toBe('architecture');
    expect(stage.versioning).toEqual({ state: 'present', value: expect.objectContaining({ status: 'Enabled' }) });
    expect(stage.encryption).toEqual({ state: 'present', value: [{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.stage', bucketKeyEnabled: true }] });
  });

  it('for_each over count instances without the .tf files: what each.value names is unknown, never a pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'envelope-own-'));
    const file = join(dir, 'plan.json');
    copyFileSync(join(FIXTURES, 'for-each-over-count', 'plan.json'), file);
    const inventory = await collectTerraformInventory(parsePlanJson(readFileSync(file), file), { profile, file, account: '111122223333' });
    const findings = evaluate(rules, inventory, profile);
    const stage = inventory.buckets.find((b) => b.name === 's3-snow-kms-test-v3')!;
    expect(stage.versioning.state).toBe('unknown');
    expect(stage.versioning.state === 'unknown' && stage.versioning.reason).toContain('aws_s3_bucket_versioning.stage["s3-snow-kms-test-v3"]');
    // (The policy templates are unknown too without the .tf files; these are the rules each.value decides.)
    const onStage = (id: string) => findings.find((f) => f.ruleId === id && f.resource.name === 's3-snow-kms-test-v3')?.status;
    for (const id of ['cost-bucket-key-disabled', 's3-bucket-key-enabled', 's3-default-encryption-cmk', 's3-mfa-delete', 's3-versioning-enabled']) expect([id, onStage(id)]).toEqual([id, 'unknown']);
    expect(findings.filter((f) => f.status === 'fail').map((f) => f.ruleId)).toEqual([]);
  });

  it('delete: a deleted bucket leaves the inventory; a deleted versioning resource leaves the bucket unversioned', async () => {
    const gone = await run('delete-bucket');
    expect(gone.inventory.buckets.map((b) => b.name)).toEqual(['org-audit-trail-111122223333', 's3-snow-kms-test-v3', 's3-snow-kms-test-v3-logs']);
    expect(gone.inventory.bucketList).toEqual({ state: 'present', value: ['org-audit-trail-111122223333', 's3-snow-kms-test-v3', 's3-snow-kms-test-v3-logs'] });
    const unversioned = await run('delete-versioning');
    const v = unversioned.inventory.buckets.find((b) => b.name === 's3-snow-kms-test-v3')!.versioning;
    expect(v.state === 'present' && v.value.status).not.toBe('Enabled');
  });
});

describe('own Terraform fixtures: Snowflake integrations and stages', () => {
  const CANARY = 'CANARY-SF-SECRET-7f3a9c';

  it('the plan holds the canary in plain text (the test can see a leak)', () => {
    expect(readFileSync(join(FIXTURES, 'snowflake', 'plan.json'), 'utf8')).toContain(CANARY);
  });

  it('maps both integration resources with DESC INTEGRATION property names; what only apply will tell is unknown, not unset', async () => {
    const { inventory } = await run('snowflake');
    const integrations = inventory.snowflake.integrations as PlanSnowflakeIntegration[];
    expect(integrations.map((i) => [i.address, i.name])).toEqual([
      ['snowflake_storage_integration.legacy', 'LEGACY_INT'],
      ['snowflake_storage_integration_aws.s3', 'S3_STAGE_INT'],
    ]);
    const [legacy, s3] = integrations;
    expect(legacy!.properties).toEqual({
      state: 'present',
      value: {
        ENABLED: 'true',
        STORAGE_PROVIDER: 'S3',
        STORAGE_ALLOWED_LOCATIONS: 's3://legacy-bucket/in/',
        STORAGE_BLOCKED_LOCATIONS: '',
        STORAGE_AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/legacy-snowflake',
        USE_PRIVATELINK_ENDPOINT: 'false',
        COMMENT: '',
        STORAGE_AWS_IAM_USER_ARN: 'arn:aws:iam::999988887777:user/abc1-s-exmp0000',
        // The generated id is not in storage_aws_external_id (provider issue 3934): read from describe_output.
        STORAGE_AWS_EXTERNAL_ID: 'XY12345_SFCRole=3_legacyexternalid=',
      },
    });
    expect(legacy!.recreated).toBeUndefined();
    expect(s3!.properties).toEqual({
      state: 'present',
      value: {
        ENABLED: 'true',
        STORAGE_PROVIDER: 'S3',
        STORAGE_ALLOWED_LOCATIONS: 's3://s3-snow-kms-test-v3/data/',
        STORAGE_BLOCKED_LOCATIONS: '',
        STORAGE_AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/snowflake-s3-kms-role',
        USE_PRIVATELINK_ENDPOINT: 'false',
        COMMENT: '',
      },
    });
    expect(Object.keys(s3!.unknownProperties).sort()).toEqual(['STORAGE_AWS_EXTERNAL_ID', 'STORAGE_AWS_IAM_USER_ARN']);
  });

  it('a replaced integration (CREATE OR REPLACE) says so: a new external id and a detached stage, also as a gap', async () => {
    const { inventory } = await run('snowflake');
    const s3 = (inventory.snowflake.integrations as PlanSnowflakeIntegration[]).find((i) => i.name === 'S3_STAGE_INT')!;
    expect(s3.recreated).toMatch(/CREATE OR REPLACE.*new STORAGE_AWS_EXTERNAL_ID.*trust policy.*detaches every stage/);
    // The old integration's external id is in the plan's `before`; it is no evidence for the new one.
    expect(JSON.stringify(s3)).not.toContain('fixtureexternalid');
    expect(inventory.gaps).toEqual(expect.arrayContaining([expect.objectContaining({ resource: 'snowflake_storage_integration_aws.s3', what: 'recreated' })]));
    expect(inventory.gaps).toEqual(expect.arrayContaining([expect.objectContaining({ resource: 'snowflake_storage_integration_aws.s3', what: 'STORAGE_AWS_EXTERNAL_ID' })]));
  });

  it('maps both stage resources: URL as DESC shows it, the integration, and the encryption a plan alone can tell', async () => {
    const { inventory } = await run('snowflake');
    const stages = inventory.snowflake.stages as PlanSnowflakeStage[];
    expect(stages.map((s) => [s.id, s.address])).toEqual([
      ['"ANALYTICS"."RAW"."LEGACY_STAGE"', 'snowflake_stage.legacy'],
      ['"ANALYTICS"."RAW"."S3_STAGE"', 'snowflake_stage_external_s3.stage'],
    ]);
    expect(stages[0]!.properties).toEqual({
      state: 'present',
      value: {
        URL: '["s3://legacy-bucket/in/"]',
        STORAGE_INTEGRATION: 'LEGACY_INT',
        'ENCRYPTION.TYPE': 'AWS_SSE_KMS',
        'ENCRYPTION.KMS_KEY_ID': 'arn:aws:kms:eu-west-1:111122223333:key/1111aaaa-22bb-33cc-44dd-555555eeeeee',
      },
    });
    // The new stage's key is the key this plan creates, resolved through the configuration reference.
    expect(stages[1]!.properties).toEqual({
      state: 'present',
      value: {
        URL: '["s3://s3-snow-kms-test-v3/data/"]',
        STORAGE_INTEGRATION: 'S3_STAGE_INT',
        USE_PRIVATELINK_ENDPOINT: 'false',
        'ENCRYPTION.TYPE': 'AWS_SSE_KMS',
        'ENCRYPTION.KMS_KEY_ID': 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.stage',
      },
    });
  });

  it('snowflake-stage-kms-key-matches: the stages’ buckets are not in this plan, so which key they should use is unknown — never a pass', async () => {
    const { findings } = await run('snowflake');
    const stageFindings = findings.filter((f) => f.ruleId === 'snowflake-stage-kms-key-matches');
    expect(stageFindings.map((f) => [f.resource.name, f.status])).toEqual([
      ['LEGACY_STAGE', 'unknown'],
      ['S3_STAGE', 'unknown'],
    ]);
    expect(stageFindings[1]!.message).toContain('bucket s3-snow-kms-test-v3 is not managed by this plan');
  });

  it('snowflake-stage-key: each stage’s KMS_KEY_ID resolved to a key and compared with the stage bucket’s profile key', async () => {
    const { findings } = await run('snowflake-stage-key');
    const stageFindings = findings.filter((f) => f.ruleId === 'snowflake-stage-kms-key-matches');
    expect(stageFindings.map((f) => [f.resource.address, f.status])).toEqual([
      ['snowflake_stage_external_s3.by_alias', 'pass'],
      ['snowflake_stage.legacy_sse_s3', 'fail'],
      ['snowflake_stage_external_s3.trail_key', 'fail'],
      ['snowflake_stage_external_s3.unload', 'pass'],
    ]);
    const stand = (name: string) => `arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.${name}`;
    const byAddress = (a: string) => stageFindings.find((f) => f.resource.address === a)!;
    expect(byAddress('snowflake_stage_external_s3.trail_key').message).toBe(
      `ENCRYPTION names KMS_KEY_ID ${stand('cloudtrail')} (key ${stand('cloudtrail')}), not the profile key ${stand('stage')} for s3-snow-kms-test-v3.`,
    );
    expect(byAddress('snowflake_stage.legacy_sse_s3').message).toContain('TYPE = AWS_SSE_S3');
    // The .tf files are beside the plan: the failing stages carry their file:line.
    expect(byAddress('snowflake_stage.legacy_sse_s3').resource.location).toEqual({ file: expect.stringMatching(/snowflake-stage-key\/main\.tf$/), line: expect.any(Number) });
  });

  it('sensitive values, variables and provider configuration reach neither the inventory nor any report', async () => {
    const { inventory } = await run('snowflake');
    expect(JSON.stringify(inventory)).not.toContain(CANARY);
    expect(JSON.stringify(inventory)).not.toContain('FIXTUREACCT');
    const report = await planReport({ file: join(FIXTURES, 'snowflake', 'plan.json'), profile, account: '111122223333' });
    expect(JSON.stringify(report)).not.toContain(CANARY);
    expect(JSON.stringify(report)).not.toContain('FIXTUREACCT');
    // envelope diff judges the prior state as a plan of its own: the legacy stage's credentials are there too.
    const file = join(FIXTURES, 'snowflake', 'plan.json');
    const prior = priorStatePlan(parsePlanJson(readFileSync(file), file))!;
    expect(JSON.stringify(prior)).toContain(CANARY);
    const before = await collectTerraformInventory(prior, { profile, file, account: '111122223333' });
    expect(before.snowflake.stages.map((s) => s.name)).toContain('LEGACY_STAGE');
    expect(JSON.stringify(before)).not.toContain(CANARY);
  });
});
