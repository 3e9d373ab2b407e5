import { isSseKms } from '../../model/encryption.js';
import { defineRule, fail, pass, unknown, type Outcome } from '../define-rule.js';
import { regionGap } from '../membership.js';
import { profileKeyUnknown } from '../profile-values.js';

const KEY_ARN = /^arn:[^:]+:kms:([^:]+):\d{12}:key\/.+$/;

export default defineRule({
  id: 's3-default-encryption-cmk',
  title: 'S3 default encryption is SSE-KMS with the profile’s customer-managed key, by full ARN',
  severity: 'high',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['S3.17'], prowler: ['s3_bucket_kms_encryption'], checkov: ['CKV_AWS_145'] },
  description:
    'The bucket’s default encryption (s3:GetBucketEncryption) must be SSE-KMS (aws:kms or aws:kms:dsse) with KMSMasterKeyID set to the full key ARN of the profile key for the bucket’s Region, and that key must be customer-managed, Enabled and in the bucket’s Region. Without KMSMasterKeyID S3 uses the AWS-managed aws/s3 key, which no key policy of yours controls.',
  messages: {
    cmk: 'Default encryption is {{algorithm}} with the profile key {{keyArn}} (customer-managed, Enabled, {{region}}).',
    defaultOnly: 'Default encryption only: {{found}}, not SSE-KMS with the profile’s customer-managed key.',
    awsManagedKey: 'Default encryption is {{algorithm}} without KMSMasterKeyID, so S3 uses the AWS-managed key aws/s3, not the profile’s customer-managed key.',
    notFullArn: 'KMSMasterKeyID is {{keyId}}, not a full key ARN: S3 resolves aliases and bare key ids in the requester’s account. Use arn:…:kms:{{region}}:…:key/….',
    otherRegion: 'KMSMasterKeyID {{keyId}} is a key in {{keyRegion}}, but the bucket is in {{region}}.',
    wrongKey: 'Default encryption uses {{keyId}}, not the profile key {{expected}}.',
    keyMissing: 'Default encryption names {{keyArn}}, but KMS says the key does not exist.',
    notCustomer: 'Default encryption names {{keyArn}}, which is {{keyManager}}-managed, not customer-managed.',
    keyNotEnabled: 'Default encryption names {{keyArn}}, whose state is {{keyState}}: S3 cannot encrypt new objects with it.',
    keyOtherRegion: 'Default encryption names {{keyArn}}, which is in {{keyRegion}}, not the bucket’s Region {{region}}.',
  },
  remediation:
    'aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"arn:aws:kms:REGION:ACCOUNT:key/KEY_ID"},"BucketKeyEnabled":true}]}\' (Terraform: aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = "aws:kms" and kms_master_key_id = aws_kms_key.this.arn, not the alias). Existing objects keep their old encryption: see s3-objects-encrypted-with-cmk.',
  check(bucket, ctx) {
    const enc = bucket.encryption;
    if (enc.state === 'unknown') return unknown(enc.reason);
    const rules = enc.state === 'present' ? enc.value : [];
    const evidence: Record<string, unknown> = { encryption: rules };
    const region = bucket.region;

    const kmsRules = rules.filter((r) => isSseKms(r.sseAlgorithm));
    if (kmsRules.length === 0) {
      const found = rules.length
        ? `SSEAlgorithm is ${rules.map((r) => (r.sseAlgorithm === 'AES256' ? 'AES256 (SSE-S3)' : r.sseAlgorithm)).join(', ')}`
        : 'there is no default encryption configuration (S3 applies SSE-S3)';
      return fail('defaultOnly', { found }, evidence);
    }
    const algorithm = kmsRules[0]!.sseAlgorithm;
    const keyIds = kmsRules.flatMap((r) => (r.kmsMasterKeyId ? [r.kmsMasterKeyId] : []));
    if (keyIds.length === 0) return fail('awsManagedKey', { algorithm }, evidence);
    // These fail whatever the profile key is, so they do not wait for it to be resolved.
    const arns = keyIds.filter((id) => KEY_ARN.test(id));
    if (arns.length === 0) return fail('notFullArn', { keyId: keyIds[0]!, region }, evidence);
    // Everything below compares with the bucket's Region.
    const gap = regionGap(bucket);
    if (gap) return unknown(gap, evidence);
    const inRegion = arns.filter((a) => KEY_ARN.exec(a)![1] === region);
    if (inRegion.length === 0) return fail('otherRegion', { keyId: arns[0]!, keyRegion: KEY_ARN.exec(arns[0]!)![1]!, region }, evidence);

    /** What is wrong with a key the bucket names, whichever key the profile expects; undefined when nothing is. */
    const keyProblem = (keyArn: string): Outcome | undefined => {
      const key = ctx.lookups.key(keyArn, region);
      if (!key) return unknown(`key ${keyArn} was not described by the scan (kms:DescribeKey)`, evidence);
      const md = key.metadata;
      if (md.state === 'unknown') return unknown(`key ${keyArn}: ${md.reason}`, evidence);
      if (md.state === 'absent') return fail('keyMissing', { keyArn }, evidence);
      const { keyManager, keyState } = md.value;
      evidence.key = { keyManager, keyState, region: key.region };
      if (keyManager !== 'CUSTOMER') return fail('notCustomer', { keyArn, keyManager }, evidence);
      if (keyState !== 'Enabled') return fail('keyNotEnabled', { keyArn, keyState }, evidence);
      if (key.region !== region) return fail('keyOtherRegion', { keyArn, keyRegion: key.region, region }, evidence);
      return undefined;
    };

    const expected = ctx.lookups.profileKeyArn(region, bucket.name);
    if (expected.state !== 'resolved') {
      // The bucket's key fails on its own state whichever key the profile meant (were it the
      // profile key, for that state; were it not, as the wrong key). Anything else waits for the
      // profile key, whose absence profile-values-resolve reports once.
      const problems = inRegion.map(keyProblem);
      if (problems.every((p) => p?.status === 'fail')) return problems[0]!;
      return unknown(profileKeyUnknown(expected), evidence);
    }
    evidence.expectedKeyArn = expected.arn;
    const keyArn = inRegion.find((a) => a === expected.arn);
    if (!keyArn) return fail('wrongKey', { keyId: inRegion[0]!, expected: expected.arn }, evidence);
    return keyProblem(keyArn) ?? pass('cmk', { algorithm, keyArn, region }, evidence);
  },
});
