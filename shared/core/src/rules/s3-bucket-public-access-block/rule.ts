import { publicAccessBlockFlagsOff } from '../../model/public-access-block.js';
import type { AccountInventory } from '../../model/inventory.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';

/** The account-level state in words, for context only: it never changes this rule's verdict. */
function accountLevel(account: AccountInventory): string {
  const pab = account.publicAccessBlock;
  if (pab.state === 'unknown') return `account level could not be read (${pab.reason})`;
  if (pab.state === 'absent') return 'account level is not configured';
  const off = publicAccessBlockFlagsOff(pab.value);
  return off.length === 0 ? 'account level has all four on' : `account level has ${off.join(', ')} off`;
}

export default defineRule({
  id: 's3-bucket-public-access-block',
  title: 'Bucket-level S3 Block Public Access has all four settings on',
  severity: 'high',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['S3.8'], cis: ['v3.0.0/2.1.4'], prowler: ['s3_bucket_level_public_access_block'], checkov: ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'] },
  // Account safety: applies to log targets and other support buckets too.
  supportBuckets: 'include',
  description:
    'The bucket’s own Block Public Access configuration (s3:GetPublicAccessBlock) must have all four settings on. The account-level setting is reported alongside but never masks a bucket-level gap: it can be changed independently, and the bucket may move accounts.',
  messages: {
    allOn: 'Bucket-level Block Public Access has all four settings on ({{accountLevel}}).',
    missing: 'Bucket {{bucket}} has no bucket-level Block Public Access configuration (NoSuchPublicAccessBlockConfiguration); {{accountLevel}}, which does not make the bucket compliant.',
    flagsOff: 'Bucket-level Block Public Access is incomplete: {{off}} off ({{count}} of 4); {{accountLevel}}, which does not make the bucket compliant.',
  },
  remediation:
    'aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true (Terraform: aws_s3_bucket_public_access_block with all four arguments = true).',
  check(bucket, { inventory }) {
    const data = { accountLevel: accountLevel(inventory.account) };
    const evidence = { account: inventory.account.publicAccessBlock };
    const pab = bucket.publicAccessBlock;
    if (pab.state === 'unknown') return unknown(pab.reason, evidence);
    if (pab.state === 'absent') return fail('missing', { ...data, bucket: bucket.name }, { bucket: null, ...evidence });
    const off = publicAccessBlockFlagsOff(pab.value);
    return off.length === 0
      ? pass('allOn', data, { bucket: pab.value, ...evidence })
      : fail('flagsOff', { ...data, off: off.join(', '), count: off.length }, { bucket: pab.value, ...evidence });
  },
});
