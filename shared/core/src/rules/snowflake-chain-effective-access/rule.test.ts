import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../model/inventory.js';
import { present, unknown } from '../../model/observed.js';
import type { PolicyDocument } from '../../model/policy-document.js';
import type { Profile } from '../../profile/schema.js';
import { architectureProfile } from '../../testing/architecture-inventory.js';
import { BUCKET, KMS_MRK_ARN, makeSnowflakeRole, runRule, snowflakeRolePolicy } from '../../testing/inventory-builders.js';
import { makeIntegration, makeStage, snowflakeArchitecture, STAGE } from '../../testing/snowflake-builders.js';
import rule from './rule.js';

const unloading = (): Profile => {
  const p = architectureProfile();
  return { ...p, snowflake: { ...p.snowflake, unloadStages: ['DEMO_KMS_V3.*.*'] } };
};
/** The key policy only delegates to IAM (no statement for the Snowflake role): the role policy decides key use. */
const withRolePolicy = (edit: (d: PolicyDocument) => PolicyDocument): Inventory => {
  const inv = snowflakeArchitecture();
  const doc = edit(snowflakeRolePolicy(BUCKET, KMS_MRK_ARN));
  return {
    ...inv,
    keys: inv.keys.map((k) => (k.arn === KMS_MRK_ARN && k.policy.state === 'present' ? { ...k, policy: present({ ...k.policy.value, Statement: k.policy.value.Statement.filter((s) => s.Sid !== 'AllowSnowflakeRoleViaS3') }) } : k)),
    roles: inv.roles.map((r) => (r.purposes.includes('snowflake') ? makeSnowflakeRole({ policies: present([{ name: 'snowflake-stage-access', kind: 'inline', document: doc }]) }) : r)),
  };
};
const dropKmsAction = (action: string) => (d: PolicyDocument): PolicyDocument => ({
  ...d,
  Statement: d.Statement.map((s) => (s.Sid === 'StageKey' ? { ...s, Action: (s.Action as string[]).filter((a) => a !== action) } : s)),
});
const run = (inv: Inventory, profile: Profile = architectureProfile()) => runRule(rule, inv, { resource: STAGE, profile });

const cases: { name: string; inv: Inventory; profile?: Profile; status: string; says?: string }[] = [
  { name: 'compliant chain (load)', inv: snowflakeArchitecture(), status: 'pass' },
  { name: 'key policy delegates to IAM, role policy grants the key', inv: withRolePolicy((d) => d), status: 'pass' },
  { name: 're-created integration: new external id', inv: snowflakeArchitecture({ integrations: [makeIntegration({ STORAGE_AWS_EXTERNAL_ID: 'ACME_SFCRole=2_NEW=' })] }), status: 'fail', says: 'denied at sts:AssumeRole' },
  { name: 'role without kms:Decrypt', inv: withRolePolicy(dropKmsAction('kms:Decrypt')), status: 'fail', says: 'kms:Decrypt' },
  { name: 'role without kms:GenerateDataKey, load only', inv: withRolePolicy(dropKmsAction('kms:GenerateDataKey')), status: 'pass' },
  {
    name: 'role without kms:GenerateDataKey, stage unloads naming the key',
    inv: { ...withRolePolicy(dropKmsAction('kms:GenerateDataKey')), snowflake: snowflakeArchitecture({ stages: [makeStage({ 'ENCRYPTION.TYPE': 'AWS_SSE_KMS', 'ENCRYPTION.KMS_KEY_ID': KMS_MRK_ARN })] }).snowflake },
    profile: unloading(),
    status: 'fail',
    says: 'denied at kms:GenerateDataKey via S3',
  },
  { name: 'unload without the key header into a deny-wrong-key bucket', inv: snowflakeArchitecture(), profile: unloading(), status: 'fail', says: 'DenyWrongKmsKey' },
  { name: 'unload naming the key (plan: ENCRYPTION.KMS_KEY_ID)', inv: snowflakeArchitecture({ stages: [makeStage({ 'ENCRYPTION.TYPE': 'AWS_SSE_KMS', 'ENCRYPTION.KMS_KEY_ID': KMS_MRK_ARN })] }), profile: unloading(), status: 'pass' },
  { name: 'stage outside the role’s prefix', inv: snowflakeArchitecture({ stages: [makeStage({ URL: `["s3://${BUCKET}/other/"]` })] }), status: 'fail', says: 's3:ListBucket' },
  { name: 'integration disabled', inv: snowflakeArchitecture({ integrations: [makeIntegration({ ENABLED: 'false' })] }), status: 'fail', says: 'disabled' },
  { name: 'integration not visible to the scanning role', inv: snowflakeArchitecture({ integrations: [] }), status: 'unknown', says: 'USAGE' },
  { name: 'integration DESC failed', inv: snowflakeArchitecture({ integrations: [makeIntegration({}, { properties: unknown('422; needs USAGE on integration S3_INTEGRATION_KMS') })] }), status: 'unknown' },
  { name: 'stage with no integration', inv: snowflakeArchitecture({ stages: [makeStage({ STORAGE_INTEGRATION: undefined, HAS_CREDENTIALS: 'Y' })] }), status: 'not_applicable' },
  { name: 'bucket not in the scan', inv: snowflakeArchitecture({ stages: [makeStage({ URL: '["s3://someone-elses-bucket/data/"]' })] }), status: 'unknown' },
  {
    name: 'role policies unreadable',
    inv: (() => {
      const inv = snowflakeArchitecture();
      return { ...inv, roles: inv.roles.map((r) => (r.purposes.includes('snowflake') ? { ...r, policies: unknown('AccessDenied on iam:ListRolePolicies') } : r)) };
    })(),
    status: 'unknown',
  },
];

/** What SYSTEM$VALIDATE_STORAGE_INTEGRATION answered (--validate-integrations), at a location. */
const probed = (location: string, fail: Record<string, string> = {}, inv: Inventory = snowflakeArchitecture()): Inventory => {
  const actions = Object.fromEntries(['READ', 'WRITE', 'LIST', 'DELETE'].map((a) => [a, fail[a] ? { status: 'failure', message: fail[a] } : { status: 'success' }]));
  const validation = present({ location, file: 'envelope-validate-x.txt', status: Object.keys(fail).length ? 'failure' : 'success', actions });
  return { ...inv, snowflake: { ...inv.snowflake, integrations: inv.snowflake.integrations.map((i) => ({ ...i, validation })) } };
};
const ACCESS_DENIED = 'Access Denied (Status Code: 403; Error Code: AccessDenied)';
const probeCases: typeof cases = [
  { name: 'probe agrees with the policies', inv: probed(`s3://${BUCKET}/data/`), status: 'pass' },
  { name: 'probe fails READ though the policies allow it (an SCP the scan cannot see)', inv: probed(`s3://${BUCKET}/data/`, { READ: ACCESS_DENIED }), status: 'fail', says: 'failed READ (Access Denied' },
  { name: 'probe fails WRITE only, load-only stage', inv: probed(`s3://${BUCKET}/data/`, { WRITE: ACCESS_DENIED }), status: 'pass' },
  { name: 'probe at another location fails: not this stage', inv: probed(`s3://${BUCKET}/other/`, { READ: ACCESS_DENIED }), status: 'pass' },
  { name: 'probe elsewhere could not assume the role: nothing on the integration works', inv: probed(`s3://${BUCKET}/other/`, { READ: 'Error assuming AWS_ROLE.' }), status: 'fail', says: 'Error assuming AWS_ROLE' },
  {
    name: 'policies undecided (role policies unreadable), probe succeeded here: settled',
    inv: (() => {
      const inv = probed(`s3://${BUCKET}/data/`);
      return { ...inv, roles: inv.roles.map((r) => (r.purposes.includes('snowflake') ? { ...r, policies: unknown('AccessDenied on iam:ListRolePolicies') } : r)) };
    })(),
    status: 'pass',
    says: 'succeeded for READ, LIST',
  },
];

describe(rule.id, () => {
  it.each(probeCases)('--validate-integrations: $name → $status', ({ inv, profile, status, says }) => {
    const f = run(inv, profile);
    expect(f.status).toBe(status);
    if (says) expect(f.message).toContain(says);
  });

  it.each(cases)('$name → $status', ({ inv, profile, status, says }) => {
    const f = run(inv, profile);
    expect(f.status).toBe(status);
    if (says) expect(f.message).toContain(says);
  });

  it('names the hop and the statement that denies', () => {
    const f = run(snowflakeArchitecture(), unloading());
    expect(f.message).toContain('denied at s3:PutObject (unload)');
    expect(f.message).toContain('explicitly denied by bucket policy of s3-snow-kms-test-v3 statement "DenyWrongKmsKey"');
    expect(f.message).toContain('sts:AssumeRole allowed → s3:ListBucket allowed → s3:GetObject allowed → kms:Decrypt allowed → s3:PutObject denied');
  });
});
