/**
 * `envelope explain` as a user runs it: the built CLI against the architecture in moto, answering
 * the seeds' troubleshooting table (Access Denied on upload / download, invalid KMS key) from the
 * account's own policies, with the statement responsible.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, inject, it } from 'vitest';
import { buildArchitecture, SNOWFLAKE_EXTERNAL_ID, SNOWFLAKE_ROLE_ARN, SNOWFLAKE_USER_ARN, STAGE_BUCKET, testClients, TYPO_KEY_ARN, type Deviation } from '../moto/architecture.js';
import { resetMoto } from '../moto/moto-server.js';
import { motoProfileInput } from '../moto/scan-moto.js';
import { runCli } from './run-cli.js';

const endpoint = inject('motoEndpoint');
const dir = mkdtempSync(join(tmpdir(), 'envelope-explain-'));
const profileFile = join(dir, 'profile.yaml');
writeFileSync(profileFile, stringify({ ...motoProfileInput, replication: { expected: false } }));

const OBJECT = `arn:aws:s3:::${STAGE_BUCKET}/data/part-0001.csv`;
const explain = (...args: string[]) => runCli(['explain', '--profile', profileFile, '--endpoint-url', endpoint, '--region', 'eu-west-1', ...args]);

async function account(...deviations: Deviation[]) {
  await resetMoto(endpoint);
  return buildArchitecture(testClients(endpoint), ['no-replication', ...deviations]);
}

describe('envelope explain against moto', () => {
  it('the compliant stage: upload with the key header and download are allowed, naming each statement', async () => {
    const { keyArn } = await account();
    const up = await explain('--principal', SNOWFLAKE_ROLE_ARN, '--action', 's3:PutObject', '--resource', OBJECT, '--sse-kms-key-id', keyArn);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/1\. S3 s3:PutObject .* — ALLOWED\n {3}allowed by inline policy "snowflake-stage-access" of snowflake-s3-kms-role statement "StageObjects"/);
    expect(up.stdout).toMatch(/2\. KMS kms:GenerateDataKey via S3 on .* — ALLOWED\n {3}allowed by key policy of .* statement "SnowflakeRoleViaS3"/);
    const down = await explain('--principal', SNOWFLAKE_ROLE_ARN, '--action', 's3:GetObject', '--resource', OBJECT);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain('KMS kms:Decrypt via S3');
  });

  it('Access Denied on upload: the role has no kms:GenerateDataKey and the key policy delegates to IAM', async () => {
    const { keyArn } = await account('key-policy-iam-only', 'role-kms-no-generate-data-key');
    const r = await explain('--principal', SNOWFLAKE_ROLE_ARN, '--action', 's3:PutObject', '--resource', OBJECT, '--sse-kms-key-id', keyArn);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1\. S3 s3:PutObject .* — ALLOWED/);
    expect(r.stdout).toMatch(/2\. KMS kms:GenerateDataKey via S3 on .* — DENIED/);
    expect(r.stdout).toMatch(/no identity policy statement allows kms:GenerateDataKey on arn:aws:kms:eu-west-1:123456789012:key\//);
    expect(r.stdout).toMatch(/result: Denied at KMS kms:GenerateDataKey/);
  });

  it('Access Denied on download: the role has no kms:Decrypt', async () => {
    await account('key-policy-iam-only', 'role-kms-no-decrypt');
    const r = await explain('--principal', SNOWFLAKE_ROLE_ARN, '--action', 's3:GetObject', '--resource', OBJECT);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2\. KMS kms:Decrypt via S3 on .* — DENIED/);
    expect(r.stdout).toMatch(/no identity policy statement allows kms:Decrypt/);
  });

  it('Invalid KMS key: the bucket names a key ARN that does not exist', async () => {
    await account('key-arn-typo');
    const r = await explain('--principal', SNOWFLAKE_ROLE_ARN, '--action', 's3:PutObject', '--resource', OBJECT, '--sse-kms-key-id', TYPO_KEY_ARN);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`invalid KMS key: ${TYPO_KEY_ARN} does not exist (DescribeKey: NotFoundException)`);
    expect(r.stdout).toContain(`aws kms describe-key --key-id ${TYPO_KEY_ARN}`);
  });

  it('an upload without the key header is refused by the wrong-key Deny, with the fix', async () => {
    await account();
    const r = await explain('--principal', SNOWFLAKE_ROLE_ARN, '--action', 's3:PutObject', '--resource', OBJECT);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/explicitly denied by bucket policy of acme-stage statement "DenyWrongKmsKey"/);
    expect(r.stdout).toMatch(/note: the request sent no x-amz-server-side-encryption-aws-kms-key-id header/);
  });

  it('sts:AssumeRole by the Snowflake user: the ExternalId decides, and --format json carries the chain', async () => {
    await account();
    const ok = await explain('--principal', SNOWFLAKE_USER_ARN, '--action', 'sts:AssumeRole', '--resource', SNOWFLAKE_ROLE_ARN, '--external-id', SNOWFLAKE_EXTERNAL_ID, '--format', 'json');
    expect(ok.code, ok.stderr).toBe(0);
    const e = JSON.parse(ok.stdout);
    expect(e.result).toBe('allowed');
    expect(e.steps[0].decision.chain[0]).toMatchObject({ sid: 'SnowflakeStorageIntegration', source: 'resource' });
    const bad = await explain('--principal', SNOWFLAKE_USER_ARN, '--action', 'sts:AssumeRole', '--resource', SNOWFLAKE_ROLE_ARN, '--external-id', 'someone-elses-id');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/DENIED/);
    expect(bad.stdout).toMatch(/sts:ExternalId/);
  });

  it('bad input names the flag and value, without a stack trace', async () => {
    for (const [args, message] of [
      [['--principal', 'nobody', '--action', 's3:GetObject', '--resource', OBJECT], /--principal: expected an ARN, got "nobody"/],
      [['--principal', SNOWFLAKE_ROLE_ARN, '--action', 'GetObject', '--resource', OBJECT], /--action: expected service:Action/],
      [['--principal', SNOWFLAKE_ROLE_ARN, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::not-in-scope/x'], /bucket not-in-scope is not in the scan/],
    ] as const) {
      const r = await explain(...args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('envelope explain --demo', () => {
  it('answers on the embedded account, reading the object\'s own key with HeadObject', async () => {
    const r = await runCli([
      'explain', '--demo', '--principal', 'arn:aws:iam::210987654321:role/acme-events-ingest', '--action', 's3:GetObject',
      '--resource', 'arn:aws:s3:::acme-events-raw/events/2025/06/01/09/part-00000-5e1f.json.gz',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/managed policy "acme-events-ingest-access" of acme-events-ingest statement "EventsBucket"/);
    expect(r.stdout).toContain("note: the object's key is the one HeadObject reported");
  });
});
