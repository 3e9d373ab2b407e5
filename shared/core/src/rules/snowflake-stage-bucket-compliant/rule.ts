import type { Rule } from '../define-rule.js';
import { defineRule, fail, pass, renderMessage, unknown, type Outcome } from '../define-rule.js';
import { stageLocation } from '../snowflake-shared.js';
import kmsKeyEnabled from '../kms-key-enabled/rule.js';
import kmsPolicyNotPublic from '../kms-policy-not-public/rule.js';
import kmsPolicyViaService from '../kms-policy-via-service/rule.js';
import kmsRotationEnabled from '../kms-rotation-enabled/rule.js';
import s3AclsDisabled from '../s3-acls-disabled/rule.js';
import s3BucketKeyEnabled from '../s3-bucket-key-enabled/rule.js';
import s3BucketNotPublic from '../s3-bucket-not-public/rule.js';
import s3BucketPublicAccessBlock from '../s3-bucket-public-access-block/rule.js';
import s3DefaultEncryptionCmk from '../s3-default-encryption-cmk/rule.js';
import s3PolicyDenyInsecureTransport from '../s3-policy-deny-insecure-transport/rule.js';
import s3PolicyDenyWrongKmsKey from '../s3-policy-deny-wrong-kms-key/rule.js';
import s3VersioningEnabled from '../s3-versioning-enabled/rule.js';

/** The rules the summary links, each run on the stage's bucket or its default key as the engine would. */
const BUCKET_RULES = [s3DefaultEncryptionCmk, s3BucketKeyEnabled, s3VersioningEnabled, s3BucketPublicAccessBlock, s3BucketNotPublic, s3AclsDisabled, s3PolicyDenyInsecureTransport, s3PolicyDenyWrongKmsKey] as Rule<'bucket'>[];
const KEY_RULES = [kmsKeyEnabled, kmsRotationEnabled, kmsPolicyNotPublic, kmsPolicyViaService] as Rule<'key'>[];

const safely = (rule: Rule<'bucket'> | Rule<'key'>, run: () => Outcome): { id: string; outcome: Outcome; message: string } => {
  let outcome: Outcome;
  try {
    outcome = run();
  } catch (err) {
    outcome = { status: 'unknown', messageId: 'unknown', data: { reason: `rule error: ${(err as Error).message}` } };
  }
  const template = outcome.messageId === 'unknown' || outcome.messageId === 'not_applicable' ? '{{reason}}' : (rule.messages[outcome.messageId] ?? outcome.messageId);
  return { id: rule.id, outcome, message: renderMessage(template, outcome.data) };
};

export default defineRule({
  id: 'snowflake-stage-bucket-compliant',
  title: 'The stage’s bucket and its key pass the S3 and KMS rules',
  severity: 'high',
  resourceType: 'snowflake-stage',
  packs: ['snowflake-s3-kms'],
  description:
    'A summary per stage, so "this team’s stages" shows whether the data behind each one is stored as the architecture requires: the stage URL’s bucket must pass s3-default-encryption-cmk, s3-bucket-key-enabled, s3-versioning-enabled, s3-bucket-public-access-block, s3-bucket-not-public, s3-acls-disabled, s3-policy-deny-insecure-transport and s3-policy-deny-wrong-kms-key, and its default key kms-key-enabled, kms-rotation-enabled, kms-policy-not-public and kms-policy-via-service. Each failure links the rule that gives the detail.',
  messages: {
    compliant: 'Bucket {{bucket}} and key {{key}} pass {{count}} S3 and KMS rules.',
    failing: 'Bucket {{bucket}} of the stage fails {{failing}}.',
  },
  remediation: 'Fix the failing rules the finding names on the stage’s bucket and key; each links its own README with the steps.',
  check(stage, ctx) {
    const loc = stageLocation(stage);
    if (!loc.ok) return unknown(loc.reason);
    const bucket = ctx.lookups.bucketByName(loc.bucket);
    if (bucket.state === 'unknown') return unknown(`the stage’s bucket ${loc.bucket} was not read: ${bucket.reason}`);
    if (bucket.state === 'not-found') return unknown(`the stage’s bucket ${loc.bucket} is not a bucket of the scanned account ${ctx.lookups.accountId} (another account’s, or gone)`);
    const b = bucket.value;
    const results = BUCKET_RULES.map((r) => safely(r, () => r.check(b, ctx)));
    const rule = b.encryption.state === 'present' ? b.encryption.value[0] : undefined;
    const key = rule?.kmsMasterKeyId ? ctx.lookups.key(rule.kmsMasterKeyId, b.region) : undefined;
    if (key) results.push(...KEY_RULES.map((r) => safely(r, () => r.check(key, ctx))));
    const failing = results.filter((r) => r.outcome.status === 'fail');
    const evidence = { bucket: b.name, ...(key ? { key: key.arn } : {}), rules: Object.fromEntries(results.map((r) => [r.id, r.outcome.status])) };
    if (failing.length > 0) return fail('failing', { bucket: b.name, failing: failing.map((f) => `${f.id} (${f.message})`).join('; ') }, evidence);
    const undecided = results.find((r) => r.outcome.status === 'unknown');
    if (undecided) return unknown(`${undecided.id} on ${b.name}: ${undecided.message}`, evidence);
    // An SSE-KMS bucket whose key was not read cannot be called compliant.
    if (rule?.kmsMasterKeyId && !key) return unknown(`the bucket’s key ${rule.kmsMasterKeyId} was not read`, evidence);
    return pass('compliant', { bucket: b.name, key: key?.arn ?? 'none', count: results.filter((r) => r.outcome.status === 'pass').length }, evidence);
  },
});
