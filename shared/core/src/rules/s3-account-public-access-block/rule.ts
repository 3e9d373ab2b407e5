import { publicAccessBlockFlagsOff } from '../../model/public-access-block.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';

export default defineRule({
  id: 's3-account-public-access-block',
  title: 'Account-level S3 Block Public Access has all four settings on',
  severity: 'high',
  resourceType: 'account',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['S3.1'], cis: ['v3.0.0/2.1.4'], prowler: ['s3_account_level_public_access_blocks'] },
  description:
    'Account-level Block Public Access (s3control:GetPublicAccessBlock) is the backstop for every bucket in the account, including ones created later. All four settings must be on; an account with no configuration fails.',
  messages: {
    allOn: 'Account-level Block Public Access has all four settings on.',
    missing: 'Account {{account}} has no account-level Block Public Access configuration (NoSuchPublicAccessBlockConfiguration): nothing stops a new bucket from being made public.',
    flagsOff: 'Account-level Block Public Access is incomplete: {{off}} off ({{count}} of 4).',
  },
  remediation:
    'aws s3control put-public-access-block --account-id ACCOUNT_ID --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true (Terraform: aws_s3_account_public_access_block with all four arguments = true).',
  check(account) {
    const pab = account.publicAccessBlock;
    if (pab.state === 'unknown') return unknown(pab.reason);
    if (pab.state === 'absent') return fail('missing', { account: account.id }, { publicAccessBlock: null });
    const off = publicAccessBlockFlagsOff(pab.value);
    return off.length === 0
      ? pass('allOn', {}, { publicAccessBlock: pab.value })
      : fail('flagsOff', { off: off.join(', '), count: off.length }, { publicAccessBlock: pab.value });
  },
});
