import { describe, expect, it } from 'vitest';
import type { Inventory, SnowflakeStageInventory } from '../../model/inventory.js';
import { present, unknown } from '../../model/observed.js';
import { ACCOUNT, BUCKET, KEY_ARN, KEY_ID, makeBucket, makeInventory, makeLogBucket, REGION, runRule } from '../../testing/inventory-builders.js';
import rule, { stageBucketOf } from './rule.js';

const OTHER_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/9999ffff-12ab-34cd-56ef-1234567890ab`;
const STAND_IN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/tf-aws_kms_key.stage`;
const URL = JSON.stringify([`s3://${BUCKET}/data/`]);

const stage = (values: Record<string, string>, unknownProperties?: Record<string, string>): SnowflakeStageInventory => ({
  id: '"ANALYTICS"."RAW"."S3_STAGE"',
  name: 'S3_STAGE',
  account: '',
  properties: present({ URL, STORAGE_INTEGRATION: 'S3_STAGE_INT', ...values }),
  ...(unknownProperties ? { unknownProperties } : {}),
});
const sseKms = (keyId: string) => stage({ 'ENCRYPTION.TYPE': 'AWS_SSE_KMS', 'ENCRYPTION.KMS_KEY_ID': keyId });

/** A plan's inventory (the rule judges plans only) holding the stage; `base` changes the rest. */
const plan = (s: SnowflakeStageInventory, base: Partial<Inventory> = {}): Inventory =>
  makeInventory({ source: { kind: 'terraform-plan', accounts: [ACCOUNT], regions: [REGION] }, snowflake: { integrations: [], stages: [s] }, ...base });
/** A live scan holding the stage (a future Snowflake collector). */
const live = (s: SnowflakeStageInventory): Inventory => ({ ...plan(s), source: { kind: 'aws', accounts: [ACCOUNT], regions: [REGION] } });
/** The plan creates the profile key: its ARN is the stand-in, and the profile alias targets it. */
const planCreatingKey = (s: SnowflakeStageInventory): Inventory =>
  plan(s, { aliases: { [REGION]: present([{ name: 'alias/snowflake-s3-kms', arn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/snowflake-s3-kms`, targetKeyId: 'tf-aws_kms_key.stage' }]) } });

const cases = [
  { name: 'AWS_SSE_KMS with the profile key ARN', inv: plan(sseKms(KEY_ARN)), status: 'pass' },
  { name: 'AWS_SSE_KMS with the profile key’s id', inv: plan(sseKms(KEY_ID)), status: 'pass' },
  { name: 'AWS_SSE_KMS with the profile alias name', inv: plan(sseKms('alias/snowflake-s3-kms')), status: 'pass' },
  { name: 'AWS_SSE_KMS with the profile alias ARN', inv: plan(sseKms(`arn:aws:kms:${REGION}:${ACCOUNT}:alias/snowflake-s3-kms`)), status: 'pass' },
  { name: 'AWS_SSE_KMS with the stand-in of the key the plan creates', inv: planCreatingKey(sseKms(STAND_IN)), status: 'pass' },
  { name: 'AWS_SSE_KMS with another key', inv: plan(sseKms(OTHER_KEY_ARN)), status: 'fail' },
  { name: 'AWS_SSE_KMS with the same key id in another Region', inv: plan(sseKms(KEY_ARN.replace(REGION, 'us-east-1'))), status: 'fail' },
  { name: 'AWS_SSE_KMS with another key the plan creates', inv: planCreatingKey(sseKms(`arn:aws:kms:${REGION}:${ACCOUNT}:key/tf-aws_kms_key.cloudtrail`)), status: 'fail' },
  { name: 'AWS_SSE_KMS without KMS_KEY_ID (aws/s3)', inv: plan(stage({ 'ENCRYPTION.TYPE': 'AWS_SSE_KMS' })), status: 'fail' },
  { name: 'ENCRYPTION NONE', inv: plan(stage({ 'ENCRYPTION.TYPE': 'NONE' })), status: 'fail' },
  { name: 'AWS_SSE_S3', inv: plan(stage({ 'ENCRYPTION.TYPE': 'AWS_SSE_S3' })), status: 'fail' },
  { name: 'AWS_CSE', inv: plan(stage({ 'ENCRYPTION.TYPE': 'AWS_CSE' })), status: 'fail' },
  // A wrong type fails whichever key the profile expects, even when that is not known.
  { name: 'AWS_SSE_S3 on a bucket not in the plan', inv: plan(stage({ 'ENCRYPTION.TYPE': 'AWS_SSE_S3', URL: '["s3://elsewhere/x/"]' })), status: 'fail' },
  { name: 'KMS_KEY_ID known only after apply', inv: plan(stage({ 'ENCRYPTION.TYPE': 'AWS_SSE_KMS' }, { 'ENCRYPTION.KMS_KEY_ID': 'snowflake_stage_external_s3.stage encryption.aws_sse_kms.kms_key_id is known only after apply (from var.key)' })), status: 'unknown' },
  { name: 'ENCRYPTION known only after apply', inv: plan(stage({}, { 'ENCRYPTION.TYPE': 'snowflake_stage_external_s3.stage encryption is known only after apply' })), status: 'unknown' },
  { name: 'an alias the plan does not hold', inv: plan(sseKms('alias/some-other-alias')), status: 'unknown' },
  { name: 'an alias where the alias list is unknown', inv: plan(sseKms('alias/snowflake-s3-kms'), { aliases: { [REGION]: unknown('the name of aws_kms_alias.x is known only after apply (name_prefix)') } }), status: 'unknown' },
  { name: 'the stage bucket is not in the plan', inv: plan(stage({ 'ENCRYPTION.TYPE': 'AWS_SSE_KMS', 'ENCRYPTION.KMS_KEY_ID': KEY_ARN, URL: '["s3://elsewhere/x/"]' })), status: 'unknown' },
  { name: 'the bucket list is not known', inv: plan(stage({ 'ENCRYPTION.TYPE': 'AWS_SSE_KMS', 'ENCRYPTION.KMS_KEY_ID': KEY_ARN, URL: '["s3://elsewhere/x/"]' }), { bucketList: unknown('denied') }), status: 'unknown' },
  { name: 'the URL known only after apply', inv: plan({ ...sseKms(KEY_ARN), properties: present({ 'ENCRYPTION.TYPE': 'AWS_SSE_KMS', 'ENCRYPTION.KMS_KEY_ID': KEY_ARN }), unknownProperties: { URL: 'url is known only after apply' } }), status: 'unknown' },
  { name: 'the bucket’s Region is not known', inv: plan(sseKms(KEY_ARN), { buckets: [makeBucket({ regionUnknown: 'no literal region' }), makeLogBucket()] }), status: 'unknown' },
  { name: 'the profile alias is not in the plan', inv: plan(sseKms(KEY_ARN), { aliases: { [REGION]: present([]) } }), status: 'unknown' },
  { name: 'the stage properties could not be read', inv: plan({ ...sseKms(KEY_ARN), properties: unknown('DESC STAGE denied') }), status: 'unknown' },
  { name: 'a live inventory', inv: live(sseKms(KEY_ARN)), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ inv, status }) => {
    expect(runRule(rule, inv).status).toBe(status);
  });

  it('names the key found and the key expected', () => {
    expect(runRule(rule, plan(sseKms(OTHER_KEY_ARN))).message).toBe(
      `ENCRYPTION names KMS_KEY_ID ${OTHER_KEY_ARN} (key ${OTHER_KEY_ARN}), not the profile key ${KEY_ARN} for ${BUCKET}.`,
    );
    expect(runRule(rule, plan(sseKms('alias/snowflake-s3-kms'))).message).toBe(`ENCRYPTION is AWS_SSE_KMS with alias/snowflake-s3-kms, the profile key ${KEY_ARN} for ${BUCKET}.`);
    expect(runRule(rule, plan(stage({ 'ENCRYPTION.TYPE': 'AWS_SSE_S3' }))).message).toContain('TYPE = AWS_SSE_S3, not AWS_SSE_KMS with the profile key');
  });

  it('unknown says why, never passes', () => {
    const f = runRule(rule, plan(stage({ 'ENCRYPTION.TYPE': 'AWS_SSE_KMS' }, { 'ENCRYPTION.KMS_KEY_ID': 'kms_key_id is known only after apply (from var.key)' })));
    expect(f.message).toBe('Could not evaluate: kms_key_id is known only after apply (from var.key)');
    expect(runRule(rule, cases.find((c) => c.name === 'the stage bucket is not in the plan')!.inv).message).toContain('bucket elsewhere is not managed by this plan');
    expect(runRule(rule, cases.find((c) => c.name === 'a live inventory')!.inv).message).toContain('Snowflake does not show a stage’s ENCRYPTION');
  });

  it('reads the bucket from DESC’s list form and from a bare URL', () => {
    expect(stageBucketOf('["s3://my-bucket/data/"]')).toBe('my-bucket');
    expect(stageBucketOf('s3gov://gov-bucket/x')).toBe('gov-bucket');
    expect(stageBucketOf('["s3://b1/x/", "s3://b2/y/"]')).toBe('b1');
    expect(stageBucketOf('["azure://acct.blob.core.windows.net/c/"]')).toBeUndefined();
  });
});
