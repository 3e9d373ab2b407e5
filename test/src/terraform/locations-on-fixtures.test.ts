/**
 * Findings on a plan point at the code: each resource the plan manages carries its Terraform
 * address, and — with the .tf files beside the plan — the file and line of its `resource` block,
 * which SARIF, markdown and the table show. Without the .tf files: the address alone, no error.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { collectTerraformInventory } from '../../../shared/core/src/collect/terraform/index.js';
import { parsePlanJson } from '../../../shared/core/src/collect/terraform/plan-file.js';
import { planReport } from '../../../shared/core/src/plan.js';
import { profileSchema } from '../../../shared/core/src/profile/schema.js';
import { renderReport } from '../../../shared/core/src/report/index.js';
import type { Report } from '../../../shared/core/src/report/schema.js';
import { rules } from '../../../shared/core/src/rules/registry.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/terraform', import.meta.url));
const profile = profileSchema.parse({
  name: 'terraform-fixtures',
  regions: ['eu-west-1'],
  kms: { alias: 'alias/snowflake-s3-kms-stage', minDeletionWindowDays: 10 },
  snowflake: { roleName: 'snowflake-s3-kms-role', iamUserArn: 'arn:aws:iam::999988887777:user/abc1-s-exmp0000' },
});

/** The 1-based line of `resource "TYPE" "NAME" {` in a fixture file, found independently of hcl.ts. */
function lineOf(file: string, type: string, name: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith(`resource "${type}" "${name}" {`));
  expect(i, `${file} declares ${type}.${name}`).toBeGreaterThanOrEqual(0);
  return i + 1;
}

/** As the report shows it: relative to the working directory, `/` separators. */
const shown = (file: string) => relative(process.cwd(), file).split('\\').join('/');

const report = (file: string): Promise<Report> => planReport({ file, profile, account: '111122223333', cost: false });
const on = (r: Report, address: string) => r.findings.filter((f) => f.resource.address === address);

interface SarifResult {
  locations: { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string }[] }[];
}

describe('declaration of plan resources on the fixtures', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'envelope-plan-alone-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('baseline: every finding on aws_s3_bucket.stage points at its resource block in main.tf', async () => {
    const r = await report(join(FIXTURES, 'baseline', 'plan.json'));
    const tf = join(FIXTURES, 'baseline', 'main.tf');
    const expected = { file: shown(tf), line: lineOf(tf, 'aws_s3_bucket', 'stage') };
    const stage = on(r, 'aws_s3_bucket.stage');
    expect(stage.length).toBeGreaterThan(0);
    for (const f of stage) {
      expect(f.resource.name).toBe('s3-snow-kms-test-v3');
      expect(f.resource.location).toEqual(expected);
    }
    expect(r.resources.find((x) => x.address === 'aws_s3_bucket.stage')?.location).toEqual(expected);
    // The key, role and trail point at their own blocks.
    expect(on(r, 'aws_kms_key.stage')[0]?.resource.location).toEqual({ file: shown(tf), line: lineOf(tf, 'aws_kms_key', 'stage') });
    expect(on(r, 'aws_iam_role.snowflake')[0]?.resource.location).toEqual({ file: shown(tf), line: lineOf(tf, 'aws_iam_role', 'snowflake') });
    expect(on(r, 'aws_cloudtrail.org_audit')[0]?.resource.location).toEqual({ file: shown(tf), line: lineOf(tf, 'aws_cloudtrail', 'org_audit') });
    // The account is no Terraform resource.
    expect(r.findings.filter((f) => f.resource.type === 'account').every((f) => f.resource.address === undefined && f.resource.location === undefined)).toBe(true);

    const where = `${expected.file}:${expected.line}`;
    expect(renderReport(r, 'markdown', rules)).toContain(where);
    expect(renderReport(r, 'table', rules)).toContain(where);
  });

  it('no-bucket-key: the SARIF results on the stage bucket annotate its resource block', async () => {
    const r = await planReport({ file: join(FIXTURES, 'no-bucket-key', 'plan.json'), profile, account: '111122223333' });
    const tf = join(FIXTURES, 'no-bucket-key', 'main.tf');
    const expected = { artifactLocation: { uri: shown(tf) }, region: { startLine: lineOf(tf, 'aws_s3_bucket', 'stage') } };
    const failing = on(r, 'aws_s3_bucket.stage').filter((f) => f.status === 'fail').map((f) => f.ruleId).sort();
    expect(failing).toEqual(['cost-bucket-key-disabled', 's3-bucket-key-enabled']);
    const results = (JSON.parse(renderReport(r, 'sarif', rules, { artifactUri: 'plan.json' })) as { runs: { results: (SarifResult & { ruleId: string })[] }[] }).runs[0]!.results;
    const onStage = results.filter((x) => x.locations[0]!.logicalLocations[0]!.fullyQualifiedName === 'arn:aws:s3:::s3-snow-kms-test-v3');
    const reported = on(r, 'aws_s3_bucket.stage').filter((f) => f.status === 'fail' || f.status === 'unknown').map((f) => f.ruleId).sort();
    expect(onStage.map((x) => x.ruleId).sort()).toEqual(reported);
    // The declaration wins over the plan file's line 1.
    for (const x of onStage) expect(x.locations[0]!.physicalLocation).toEqual(expected);
  });

  it('module-for-each: each instance points at the module file, told apart by its address', async () => {
    const r = await report(join(FIXTURES, 'module-for-each', 'plan.json'));
    const tf = join(FIXTURES, 'module-for-each', 'modules', 'stage-bucket', 'main.tf');
    const expected = { file: shown(tf), line: lineOf(tf, 'aws_s3_bucket', 'stage') };
    for (const team of ['analytics', 'finance']) {
      const stage = on(r, `module.stage["${team}"].aws_s3_bucket.stage`);
      expect(stage.length).toBeGreaterThan(0);
      for (const f of stage) {
        expect(f.resource.name).toBe(`s3-snow-kms-test-v3-${team}`);
        expect(f.resource.location).toEqual(expected);
      }
    }
    const root = join(FIXTURES, 'module-for-each', 'main.tf');
    expect(on(r, 'aws_s3_bucket.trail')[0]?.resource.location).toEqual({ file: shown(root), line: lineOf(root, 'aws_s3_bucket', 'trail') });
  });

  it('snowflake (own fixture, no .tf files): integrations and stages carry their address, no location', async () => {
    const file = join(FIXTURES, '..', 'terraform-own', 'snowflake', 'plan.json');
    const plan = JSON.parse(readFileSync(file, 'utf8')) as { planned_values: { root_module: { resources: { address: string; type: string }[] } } };
    const declared = plan.planned_values.root_module.resources.filter((x) => /^snowflake_(storage_integration|stage)/.test(x.type)).map((x) => x.address).sort();
    expect(declared.length).toBeGreaterThan(0);
    // No Snowflake rule exists yet (issue 20): the inventory carries what their findings will show.
    const inventory = await collectTerraformInventory(parsePlanJson(readFileSync(file), file), { profile, file, account: '111122223333' });
    const objects = [...inventory.snowflake.integrations, ...inventory.snowflake.stages];
    expect(objects.map((o) => o.declaredAt?.address).sort()).toEqual(declared);
    for (const o of objects) expect(o.declaredAt?.location).toBeUndefined();
  });

  it('without the .tf files: the same verdicts, the address, no location and no error', async () => {
    const alone = join(scratch, 'plan.json');
    copyFileSync(join(FIXTURES, 'baseline', 'plan.json'), alone);
    const withTf = await report(join(FIXTURES, 'baseline', 'plan.json'));
    const r = await report(alone);
    const stage = on(r, 'aws_s3_bucket.stage');
    expect(stage.length).toBeGreaterThan(0);
    for (const f of r.findings) expect(f.resource.location).toBeUndefined();
    expect(r.resources.every((x) => x.location === undefined)).toBe(true);
    // The .tf files rebuild policy templates, so only verdicts not on a policy are compared here:
    // every rule's verdict on the stage bucket that is not unknown without them is the same with them.
    for (const f of stage.filter((x) => x.status !== 'unknown')) {
      expect(on(withTf, 'aws_s3_bucket.stage').find((x) => x.ruleId === f.ruleId)?.status, f.ruleId).toBe(f.status);
    }
    const results = (JSON.parse(renderReport(r, 'sarif', rules)) as { runs: { results: SarifResult[] }[] }).runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    for (const x of results) expect(x.locations[0]!.physicalLocation).toBeUndefined();
    expect(renderReport(r, 'markdown', rules)).toContain('aws\\_s3\\_bucket.stage');
    expect(renderReport(r, 'table', rules)).toContain('aws_s3_bucket.stage');
  });
});
