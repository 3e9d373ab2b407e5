import { resolveKeyRef } from '../../model/key-ref.js';
import { defineRule, fail, notApplicable, pass, unknown } from '../define-rule.js';
import { regionGap } from '../membership.js';
import { profileKeyUnknown } from '../profile-values.js';

/** The bucket of a stage URL as DESC STAGE shows it (`["s3://bucket/prefix/"]`) or as written (`s3://bucket/prefix/`). */
export function stageBucketOf(url: string): string | undefined {
  let first = url;
  try {
    const list: unknown = JSON.parse(url);
    if (Array.isArray(list) && typeof list[0] === 'string') first = list[0];
  } catch {
    // Not DESC's list form: the URL itself.
  }
  return /^s3(?:gov|china)?:\/\/([^/]+)/i.exec(first.trim())?.[1];
}

export default defineRule({
  id: 'snowflake-stage-kms-key-matches',
  title: 'Snowflake external stage encrypts with SSE-KMS and the profile key of its bucket (plan mode)',
  severity: 'medium',
  resourceType: 'snowflake-stage',
  packs: ['snowflake-s3-kms'],
  description:
    'An external S3 stage’s ENCRYPTION clause sets how Snowflake encrypts the files it unloads into the bucket: it must be TYPE = AWS_SSE_KMS with KMS_KEY_ID naming the key the profile expects for the stage’s bucket. NONE leaves the bucket default to apply, AWS_SSE_S3 uses S3-managed keys, AWS_CSE uses a master key held in Snowflake, and AWS_SSE_KMS without KMS_KEY_ID uses the AWS-managed aws/s3 key. Snowflake does not show a stage’s encryption in SHOW or DESCRIBE STAGE, so only a Terraform plan can be judged.',
  messages: {
    matches: 'ENCRYPTION is AWS_SSE_KMS with {{keyId}}, the profile key {{keyArn}} for {{bucket}}.',
    notSseKms: 'ENCRYPTION is TYPE = {{type}}, not AWS_SSE_KMS with the profile key {{expected}}: {{why}}.',
    noKeyId: 'ENCRYPTION is AWS_SSE_KMS without KMS_KEY_ID: files Snowflake unloads into {{bucket}} are encrypted with the AWS-managed aws/s3 key, not the profile key {{expected}}.',
    wrongKey: 'ENCRYPTION names KMS_KEY_ID {{keyId}} (key {{keyArn}}), not the profile key {{expected}} for {{bucket}}.',
  },
  remediation:
    'Set the stage’s encryption to SSE-KMS with the profile key of its bucket, by key ARN. Terraform (snowflakedb/snowflake): snowflake_stage_external_s3 { encryption { aws_sse_kms { kms_key_id = aws_kms_key.stage.arn } } }; legacy snowflake_stage: encryption = "TYPE=\'AWS_SSE_KMS\' KMS_KEY_ID=\'arn:aws:kms:REGION:ACCOUNT:key/KEY_ID\'". SQL: ALTER STAGE db.schema.stage SET ENCRYPTION = (TYPE = \'AWS_SSE_KMS\' KMS_KEY_ID = \'arn:aws:kms:REGION:ACCOUNT:key/KEY_ID\').',
  check(stage, ctx) {
    if (ctx.inventory.source.kind !== 'terraform-plan')
      return notApplicable('Snowflake does not show a stage’s ENCRYPTION in SHOW or DESCRIBE STAGE; only a Terraform plan holds it');
    const props = stage.properties;
    if (props.state === 'unknown') return unknown(props.reason);
    if (props.state === 'absent') return unknown(`the stage ${stage.name} was not found`);
    const values = props.value;
    const pending = stage.unknownProperties ?? {};
    const evidence: Record<string, unknown> = {};
    const read = (name: string): { value: string } | { reason: string } => {
      const v = values[name];
      if (v !== undefined) return { value: v };
      return { reason: pending[name] ?? `the plan does not show the stage’s ${name}` };
    };

    const type = read('ENCRYPTION.TYPE');
    if ('reason' in type) return unknown(type.reason);
    evidence.encryptionType = type.value;
    const url = read('URL');
    const bucketName = 'value' in url ? stageBucketOf(url.value) : undefined;
    if (bucketName) evidence.bucket = bucketName;

    // The profile key the stage's bucket expects; a wrong encryption type fails whichever it is.
    const expectedKey = (): { arn: string } | { reason: string } => {
      if ('reason' in url) return { reason: url.reason };
      if (!bucketName) return { reason: `the stage URL ${url.value} names no S3 bucket` };
      const bucket = ctx.lookups.bucketByName(bucketName);
      if (bucket.state === 'unknown') return { reason: `bucket ${bucketName} is not in the plan (${bucket.reason}), so its Region and profile key are not known` };
      if (bucket.state === 'not-found') return { reason: `bucket ${bucketName} is not managed by this plan (or is out of the profile’s scope), so its Region and profile key are not known` };
      const gap = regionGap(bucket.value);
      if (gap) return { reason: gap };
      const key = ctx.lookups.profileKeyArn(bucket.value.region, bucket.value.name);
      return key.state === 'resolved' ? { arn: key.arn } : { reason: profileKeyUnknown(key) };
    };
    const expected = expectedKey();
    const expectedText = 'arn' in expected ? expected.arn : 'of its bucket';
    if ('arn' in expected) evidence.expectedKeyArn = expected.arn;

    if (type.value !== 'AWS_SSE_KMS') {
      const why =
        type.value === 'NONE'
          ? 'Snowflake sends no encryption headers and the bucket’s default encryption applies'
          : type.value === 'AWS_SSE_S3'
            ? 'S3-managed keys, which no key policy of yours controls'
            : type.value === 'AWS_CSE'
              ? 'client-side encryption with a master key held in Snowflake, outside KMS'
              : 'not a KMS encryption type';
      return fail('notSseKms', { type: type.value, expected: expectedText, why }, evidence);
    }
    const keyId = read('ENCRYPTION.KMS_KEY_ID');
    if ('reason' in keyId) {
      // Unset (not merely unknown) is the AWS-managed key whichever key the profile expects.
      if (pending['ENCRYPTION.KMS_KEY_ID'] === undefined) return fail('noKeyId', { bucket: bucketName ?? 'the bucket', expected: expectedText }, evidence);
      return unknown(keyId.reason, evidence);
    }
    evidence.kmsKeyId = keyId.value;
    if ('reason' in expected) return unknown(expected.reason, evidence);

    const region = expected.arn.split(':')[3]!;
    const { accountId: account, partition } = ctx.lookups;
    const keyArn = ctx.lookups.key(keyId.value, region)?.arn ?? resolveKeyRef(keyId.value, region, { account, partition, aliases: ctx.inventory.aliases });
    if (!keyArn) {
      const list = ctx.inventory.aliases[region];
      const why = list?.state === 'unknown' ? list.reason : list === undefined ? `KMS aliases in ${region} are not in the plan` : `the plan has no such alias in ${region}`;
      return unknown(`KMS_KEY_ID ${keyId.value} is an alias that does not resolve to a key: ${why}`, evidence);
    }
    evidence.keyArn = keyArn;
    if (keyArn !== expected.arn) return fail('wrongKey', { keyId: keyId.value, keyArn, expected: expected.arn, bucket: bucketName! }, evidence);
    return pass('matches', { keyId: keyId.value, keyArn, bucket: bucketName! }, evidence);
  },
});
