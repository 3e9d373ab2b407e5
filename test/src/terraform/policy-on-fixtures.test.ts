/**
 * The baseline fixture's policies rebuilt from the plan: with main.tf beside the plan every
 * template (`"${aws_s3_bucket.stage.arn}/*"`) is evaluated and the documents equal what main.tf
 * says; without it, each element built from an after-apply value stays unknown, never guessed.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlanContext } from '../../../shared/core/src/collect/terraform/context.js';
import { readTerraformSource } from '../../../shared/core/src/collect/terraform/hcl.js';
import { parsePlanJson } from '../../../shared/core/src/collect/terraform/plan-file.js';
import { PlanIndex } from '../../../shared/core/src/collect/terraform/plan-index.js';
import { policyFromPlan } from '../../../shared/core/src/collect/terraform/policy.js';
import type { PolicyDocument } from '../../../shared/core/src/model/policy-document.js';

const BASELINE = fileURLToPath(new URL('../../fixtures/terraform/baseline', import.meta.url));
const MODULES = fileURLToPath(new URL('../../fixtures/terraform/module-for-each', import.meta.url));
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.stage';
const ROLE = 'arn:aws:iam::111122223333:role/snowflake-s3-kms-role';
const BUCKET = 'arn:aws:s3:::s3-snow-kms-test-v3';

const bucketPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Sid: 'DenyWrongKmsKey', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${BUCKET}/*`, Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY } } },
  ],
};
const rolePolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'StageObjectReadWrite', Effect: 'Allow', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject'], Resource: `${BUCKET}/data/*` },
    { Sid: 'StageListDataPrefix', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { StringLike: { 's3:prefix': 'data/*' } } },
    { Sid: 'StageBucketLocation', Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: BUCKET },
    { Sid: 'StageKeyViaS3', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: KEY, Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } },
  ],
};
const keyPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'EnableRootAccountAdministration', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
    { Sid: 'AllowSnowflakeRoleViaS3', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } },
    { Sid: 'DenyShortDeletionWindow', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ScheduleKeyDeletion', Resource: '*', Condition: { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '7' } } },
  ],
};
const trustPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'SnowflakeStorageIntegration', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:user/abc1-s-exmp0000' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'XY12345_SFCRole=2_fixtureexternalid=' } } },
  ],
};

async function context(dir: string): Promise<PlanContext> {
  const file = join(dir, 'plan.json');
  const plan = parsePlanJson(readFileSync(file), file);
  const source = await readTerraformSource(dir, plan);
  return { index: new PlanIndex(plan), account: '111122223333', partition: 'aws', regionOf: () => 'eu-west-1', ...(source ? { source } : {}) };
}
const policyOf = (ctx: PlanContext, address: string, attribute: string) => policyFromPlan(ctx, ctx.index.get(address)!, attribute);

const bare = mkdtempSync(join(tmpdir(), 'envelope-tf-'));
afterAll(() => rmSync(bare, { recursive: true, force: true }));

describe('baseline policies from the plan', () => {
  it('with main.tf: the stage bucket policy, the role inline policy, the key policy and the trust policy equal main.tf', async () => {
    const ctx = await context(BASELINE);
    expect(ctx.source).toBeDefined();
    expect(policyOf(ctx, 'aws_s3_bucket_policy.stage', 'policy')).toEqual({ state: 'present', value: bucketPolicy });
    expect(policyOf(ctx, 'aws_iam_role_policy.snowflake_access', 'policy')).toEqual({ state: 'present', value: rolePolicy });
    expect(policyOf(ctx, 'aws_kms_key_policy.stage', 'policy')).toEqual({ state: 'present', value: keyPolicy });
    expect(policyOf(ctx, 'aws_iam_role.snowflake', 'assume_role_policy')).toEqual({ state: 'present', value: trustPolicy });
  });

  it('with main.tf: resource blocks are located by line', async () => {
    const ctx = await context(BASELINE);
    expect(ctx.source!.locate('aws_s3_bucket', 'stage', '')).toEqual({ file: join(BASELINE, 'main.tf'), line: 115 });
    expect(ctx.source!.locate('aws_kms_key_policy', 'stage', '')).toEqual({ file: join(BASELINE, 'main.tf'), line: 106 });
    expect(ctx.source!.locate('aws_iam_policy_document', 'stage_key', '', 'data')).toEqual({ file: join(BASELINE, 'main.tf'), line: 61 });
    expect(ctx.source!.locate('aws_s3_bucket', 'nowhere', '')).toBeUndefined();
  });

  it('without main.tf: every element built from an after-apply value is unknown with its reason, the known policies still read', async () => {
    cpSync(join(BASELINE, 'plan.json'), join(bare, 'plan.json'));
    const ctx = await context(bare);
    expect(ctx.source).toBeUndefined();
    const bucket = policyOf(ctx, 'aws_s3_bucket_policy.stage', 'policy');
    expect(bucket).toMatchObject({ state: 'unknown' });
    expect(bucket.state === 'unknown' && bucket.reason).toContain('statement[0].resources is known only after apply; put the .tf files beside the plan to evaluate it');
    expect(bucket.state === 'unknown' && bucket.reason).toContain('statement[1].condition[0].values is known only after apply');
    const role = policyOf(ctx, 'aws_iam_role_policy.snowflake_access', 'policy');
    expect(role.state === 'unknown' && role.reason).toContain('statement[3].resources is known only after apply');
    const key = policyOf(ctx, 'aws_kms_key_policy.stage', 'policy');
    expect(key.state === 'unknown' && key.reason).toContain('statement[1].principals[0].identifiers is known only after apply');
    // Nothing after apply in the trust policy: the plan alone gives it whole.
    expect(policyOf(ctx, 'aws_iam_role.snowflake', 'assume_role_policy')).toEqual({ state: 'present', value: trustPolicy });
  });

  it('module-for-each: each instance key policy names its own role, each bucket policy its own key (module source read from ./modules)', async () => {
    const ctx = await context(MODULES);
    for (const team of ['analytics', 'finance']) {
      const key = policyOf(ctx, `module.stage["${team}"].aws_kms_key.this`, 'policy');
      expect(key.state === 'present' && key.value.Statement[1]).toMatchObject({ Sid: 'AllowSnowflakeRoleViaS3', Principal: { AWS: expect.stringMatching(new RegExp(`^arn:aws:iam::111122223333:role/.*${team}`)) } });
      const bucket = policyOf(ctx, `module.stage["${team}"].aws_s3_bucket_policy.stage`, 'policy');
      expect(bucket.state === 'present' && bucket.value.Statement[1]?.Condition).toEqual({
        StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:eu-west-1:111122223333:key/tf-module.stage["${team}"].aws_kms_key.this` },
      });
    }
  });
});
