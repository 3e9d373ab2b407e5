/** `envelope diff` run as a process: the shared fixtures against reports and against a plan's prior state. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutBucketEncryptionCommand } from '@aws-sdk/client-s3';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { testClients } from '../moto/architecture.js';
import { resetMoto } from '../moto/moto-server.js';
import { runCli } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/terraform', import.meta.url));
const PROFILE = fileURLToPath(new URL('../../fixtures/terraform-profile.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'envelope-diff-cli-'));
const fixture = (name: string) => join(FIXTURES, name, 'plan.json');

// Every JSON diff these tests read is checked against the shipped schema (as cli.test.ts does for reports).
const diffSchema = JSON.parse(readFileSync(new URL('../../../shared/core/schema/diff.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strictRequired: false });
addFormats.default(ajv);
const validateDiff = ajv.compile(diffSchema);

interface Entry {
  finding: { ruleId: string; resource: { name: string; location?: { file: string; line: number } }; status: string };
  before?: string;
}
interface Diff {
  $schema: string;
  kind: string;
  baseline: { kind: string };
  introduced: Entry[];
  fixed: Entry[];
  unchangedFailing: Entry[];
  newlyUnknown: Entry[];
  cost: { delta: number; resources: { name: string; delta: number }[] } | null;
}
const rules = (entries: Entry[]) => entries.map((e) => `${e.finding.ruleId}@${e.finding.resource.name}`).sort();

/** A report written by `envelope plan --format json`, as a user would keep one. */
async function planReport(name: string): Promise<string> {
  const r = await runCli(['plan', fixture(name), '--profile', PROFILE, '--format', 'json', '-o', join(dir, `${name}.json`)]);
  expect(r.stderr).not.toMatch(/unexpected error/);
  return join(dir, `${name}.json`);
}

async function diff(...args: string[]): Promise<{ code: number | null; diff: Diff; stderr: string }> {
  const r = await runCli(['diff', '--profile', PROFILE, '--format', 'json', ...args]);
  expect(r.stderr).not.toMatch(/unexpected error/);
  const json: unknown = JSON.parse(r.stdout);
  expect([validateDiff(json), validateDiff.errors ?? []]).toEqual([true, []]);
  return { code: r.code, diff: json as Diff, stderr: r.stderr };
}

/** An existing bucket whose versioning the plan suspends: prior state Enabled, planned Suspended. */
function versioningOffPlan(): string {
  const bucket = (status: string) => [
    {
      address: 'aws_s3_bucket.data',
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: 'data',
      values: { bucket: 'existing-data-111122223333', arn: 'arn:aws:s3:::existing-data-111122223333', region: 'eu-west-1', tags: {}, tags_all: {} },
      sensitive_values: {},
    },
    {
      address: 'aws_s3_bucket_versioning.data',
      mode: 'managed',
      type: 'aws_s3_bucket_versioning',
      name: 'data',
      values: { bucket: 'existing-data-111122223333', expected_bucket_owner: null, mfa: null, versioning_configuration: [{ status, mfa_delete: '' }] },
      sensitive_values: { versioning_configuration: [{}] },
    },
  ];
  const plan = {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: { resources: bucket('Suspended') } },
    prior_state: { format_version: '1.0', terraform_version: '1.11.4', values: { root_module: { resources: bucket('Enabled') } } },
    resource_changes: [
      { address: 'aws_s3_bucket.data', mode: 'managed', type: 'aws_s3_bucket', name: 'data', change: { actions: ['no-op'], after_unknown: {}, after_sensitive: {} } },
      {
        address: 'aws_s3_bucket_versioning.data',
        mode: 'managed',
        type: 'aws_s3_bucket_versioning',
        name: 'data',
        change: { actions: ['update'], after_unknown: {}, after_sensitive: { versioning_configuration: [{}] } },
      },
    ],
    configuration: {
      provider_config: { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
      root_module: {
        resources: [
          { address: 'aws_s3_bucket.data', mode: 'managed', type: 'aws_s3_bucket', name: 'data', provider_config_key: 'aws', expressions: { bucket: { constant_value: 'existing-data-111122223333' } } },
          {
            address: 'aws_s3_bucket_versioning.data',
            mode: 'managed',
            type: 'aws_s3_bucket_versioning',
            name: 'data',
            provider_config_key: 'aws',
            expressions: { bucket: { references: ['aws_s3_bucket.data.id', 'aws_s3_bucket.data'] }, versioning_configuration: [{ status: { constant_value: 'Suspended' } }] },
          },
        ],
      },
    },
  };
  const file = join(dir, 'versioning-off.json');
  writeFileSync(file, JSON.stringify(plan));
  return file;
}

describe('envelope diff', () => {
  let baselineReport: string;
  let shortWindowReport: string;
  beforeAll(async () => {
    baselineReport = await planReport('baseline');
    shortWindowReport = await planReport('short-deletion-window');
  });

  it('Bucket Key turned off: cost-bucket-key-disabled introduced and the monthly cost goes up', async () => {
    const { code, diff: d } = await diff('--plan', fixture('no-bucket-key'), '--baseline', baselineReport);
    expect(d.$schema).toBe('https://envelope.dev/schema/diff/v1.json');
    expect(d.baseline.kind).toBe('report');
    expect(d.introduced.map((e) => e.finding.resource.location?.file)).toEqual([expect.stringMatching(/no-bucket-key\/main\.tf$/), expect.stringMatching(/no-bucket-key\/main\.tf$/)]);
    expect(rules(d.introduced)).toEqual(['cost-bucket-key-disabled@s3-snow-kms-test-v3', 's3-bucket-key-enabled@s3-snow-kms-test-v3']);
    expect(d.fixed).toEqual([]);
    expect(d.cost?.delta).toBeGreaterThan(0);
    expect(d.cost?.resources.map((r) => r.name)).toEqual(['s3-snow-kms-test-v3']);
    // Both are medium: below the default --fail-on high, at --fail-on medium.
    expect(code).toBe(0);
    expect((await diff('--plan', fixture('no-bucket-key'), '--baseline', baselineReport, '--fail-on', 'medium')).code).toBe(1);
  });

  it('rotation turned on: kms-rotation-enabled fixed', async () => {
    const { code, diff: d } = await diff('--plan', fixture('baseline'), '--baseline', shortWindowReport);
    expect(rules(d.fixed)).toEqual(['kms-deletion-window-guard@tf-aws_kms_key.stage', 'kms-rotation-enabled@tf-aws_kms_key.stage']);
    expect(d.introduced).toEqual([]);
    expect(code).toBe(0);
  });

  it('against the prior state: an existing bucket whose versioning the plan suspends', async () => {
    const { code, diff: d } = await diff('--plan', versioningOffPlan(), '--account', '111122223333');
    expect(d.baseline.kind).toBe('prior-state');
    expect(rules(d.introduced)).toEqual(['s3-versioning-enabled@existing-data-111122223333']);
    expect(d.introduced[0]?.before).toBe('pass');
    expect(d.fixed).toEqual([]);
    expect(code).toBe(0);
    expect((await diff('--plan', versioningOffPlan(), '--account', '111122223333', '--fail-on', 'medium')).code).toBe(1);
  });

  it('a first plan (no prior state) is compared with nothing: its failures are all introduced', async () => {
    const { diff: d } = await diff('--plan', fixture('short-deletion-window'));
    expect(d.baseline.kind).toBe('empty');
    expect(rules(d.introduced)).toEqual(expect.arrayContaining(['kms-rotation-enabled@tf-aws_kms_key.stage']));
    expect(d.fixed).toEqual([]);
    expect(d.cost?.delta).toBeGreaterThan(0);
  });

  it('table and markdown: what a reviewer reads', async () => {
    const table = await runCli(['diff', '--plan', fixture('no-bucket-key'), '--baseline', baselineReport, '--profile', PROFILE]);
    expect(table.stdout).toMatch(/Introduced \(2\)\n {2}✗ {2}medium {2}cost-bucket-key-disabled/);
    expect(table.stdout).toMatch(/Cost: \+\$\d+\.\d\d \/ month/);
    expect(table.stdout).toMatch(/2 introduced · 0 fixed/);
    // The .tf files are beside the fixture's plan: each introduced finding points at its line.
    expect(table.stdout).toMatch(/cost-bucket-key-disabled {2}s3-snow-kms-test-v3 \(\S*no-bucket-key\/main\.tf:\d+\)/);
    const md = await runCli(['diff', '--plan', fixture('no-bucket-key'), '--baseline', baselineReport, '--profile', PROFILE, '--format', 'markdown']);
    expect(md.stdout.startsWith('<!-- envelope-diff -->\n')).toBe(true);
    expect(md.stdout).toContain('### 🆕 Introduced');
    expect(md.stdout).toMatch(/s3-snow-kms-test-v3 <sub>bucket · `\S*no-bucket-key\/main\.tf:\d+`<\/sub>/);
    expect(md.stdout).toMatch(/\| s3-snow-kms-test-v3 \| \$\d+\.\d\d \| \$\d+\.\d\d \| \*\*\+\$/);
  });

  it('--live: against the account as it is (moto), the bucket whose Bucket Key the plan turns off', async () => {
    const endpoint = inject('motoEndpoint');
    await resetMoto(endpoint);
    const c = testClients(endpoint);
    const bucket = 's3-snow-kms-test-v3';
    await c.s3('eu-west-1').send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const key = await c.kms('eu-west-1').send(new CreateKeyCommand({ Description: 'stage' }));
    await c.s3('eu-west-1').send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.KeyMetadata?.Arn }, BucketKeyEnabled: true }] },
      }),
    );
    const { diff: d } = await diff('--plan', fixture('no-bucket-key'), '--live', '--endpoint-url', endpoint, '--region', 'eu-west-1');
    expect(d.baseline.kind).toBe('live');
    const bucketKey = d.introduced.find((e) => e.finding.ruleId === 's3-bucket-key-enabled');
    expect([bucketKey?.finding.resource.name, bucketKey?.before]).toEqual([bucket, 'pass']);
    const both = await runCli(['diff', '--plan', fixture('no-bucket-key'), '--live', '--baseline', baselineReport, '--endpoint-url', endpoint, '--profile', PROFILE]);
    expect([both.code, both.stderr.trim()]).toEqual([2, 'envelope: --baseline and --live: give one baseline, not both']);
  });

  it('a baseline that is not a report: a clear error, exit 2, no stack trace', async () => {
    const notReport = join(dir, 'not-report.json');
    writeFileSync(notReport, JSON.stringify({ schemaVersion: 1, findings: 'none' }));
    for (const [file, message] of [
      [notReport, '--baseline'],
      [fixture('baseline'), 'not an envelope report'],
      [join(dir, 'missing.json'), 'missing.json: cannot read the report (ENOENT)'],
    ] as const) {
      const r = await runCli(['diff', '--plan', fixture('baseline'), '--baseline', file, '--profile', PROFILE]);
      expect([file, r.code]).toEqual([file, 2]);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const noPlan = await runCli(['diff', '--profile', PROFILE]);
    expect(noPlan.code).toBe(2);
    expect(noPlan.stderr).toContain("required option '--plan <plan.json>' not specified");
  });
});
