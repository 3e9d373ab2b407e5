import { describe, expect, it } from 'vitest';
import { absent, present, unknown } from '../../model/observed.js';
import type { PolicyStatement } from '../../model/policy-document.js';
import { architectureProfile } from '../../testing/architecture-inventory.js';
import { makeSnowflakeRole, runRule, SNOWFLAKE_EXTERNAL_ID, SNOWFLAKE_ROLE_ARN, SNOWFLAKE_USER_ARN, snowflakeRolePolicy, BUCKET, KMS_MRK_ARN } from '../../testing/inventory-builders.js';
import { INTEGRATION, makeIntegration, snowflakeArchitecture, withProperties } from '../../testing/snowflake-builders.js';
import rule from './rule.js';

const NEW_ID = 'ACME_SFCRole=2_NEWrecreated000000000=';
const NEW_USER = 'arn:aws:iam::999988887777:user/zz99-s-new00000';
const policies = present([{ name: 'snowflake-stage-access', kind: 'inline' as const, document: snowflakeRolePolicy(BUCKET, KMS_MRK_ARN) }]);
const trustOf = (...Statement: PolicyStatement[]) => makeSnowflakeRole({ trustPolicy: present({ Version: '2012-10-17', Statement }), policies });
const assume = (Principal: PolicyStatement['Principal'], Condition?: PolicyStatement['Condition']): PolicyStatement => ({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) });

function inventory(integration = makeIntegration(), role = makeSnowflakeRole({ policies })) {
  const inv = snowflakeArchitecture({ integrations: [integration] });
  return { ...inv, roles: [role, ...inv.roles.filter((r) => r.arn !== role.arn)] };
}
const run = (inv: ReturnType<typeof inventory>) => runRule(rule, inv, { resource: INTEGRATION, profile: architectureProfile() });

const cases = [
  { name: 'the trust names the integration’s user and external id', inv: inventory(), status: 'pass' },
  { name: 're-created integration: new external id (phase-3 break)', inv: inventory(makeIntegration({ STORAGE_AWS_EXTERNAL_ID: NEW_ID })), status: 'fail' },
  { name: 're-created with a new IAM user too', inv: inventory(makeIntegration({ STORAGE_AWS_EXTERNAL_ID: NEW_ID, STORAGE_AWS_IAM_USER_ARN: NEW_USER })), status: 'fail' },
  { name: 'trust names both old and new external ids', inv: inventory(makeIntegration({ STORAGE_AWS_EXTERNAL_ID: NEW_ID }), trustOf(assume({ AWS: SNOWFLAKE_USER_ARN }, { StringEquals: { 'sts:ExternalId': [SNOWFLAKE_EXTERNAL_ID, NEW_ID] } }))), status: 'pass' },
  { name: 'allowed only through the account root and StringLike', inv: inventory(makeIntegration(), trustOf(assume({ AWS: 'arn:aws:iam::999988887777:root' }, { StringLike: { 'sts:ExternalId': 'ACME_SFCRole=*' } }))), status: 'fail' },
  { name: 'the role does not exist', inv: inventory(makeIntegration(), makeSnowflakeRole({ trustPolicy: absent('NoSuchEntity'), policies: absent('NoSuchEntity') })), status: 'fail' },
  { name: 'trust policy unreadable', inv: inventory(makeIntegration(), makeSnowflakeRole({ trustPolicy: unknown('AccessDenied on iam:GetRole') })), status: 'unknown' },
  { name: 'DESC failed', inv: inventory(withProperties(makeIntegration(), unknown('DESC STORAGE INTEGRATION failed (422); needs USAGE'))), status: 'unknown' },
  { name: 'external id only after apply (plan)', inv: inventory(makeIntegration({ STORAGE_AWS_EXTERNAL_ID: undefined }, { unknownProperties: { STORAGE_AWS_EXTERNAL_ID: 'known after apply' } })), status: 'unknown' },
  { name: 'role in another account', inv: inventory(makeIntegration({ STORAGE_AWS_ROLE_ARN: 'arn:aws:iam::444455556666:role/other' })), status: 'unknown' },
  { name: 'role not read', inv: inventory(makeIntegration({ STORAGE_AWS_ROLE_ARN: SNOWFLAKE_ROLE_ARN.replace('snowflake-s3-kms-role', 'never-read') })), status: 'unknown' },
  { name: 'a GCS integration', inv: inventory(makeIntegration({ STORAGE_PROVIDER: 'GCS' })), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ inv, status }) => {
    expect(run(inv).status).toBe(status);
  });

  it('shows both sides of the phase-3 break and the fix', () => {
    const f = run(inventory(makeIntegration({ STORAGE_AWS_EXTERNAL_ID: NEW_ID })));
    expect(f.message).toContain('the external id differs');
    expect(f.message).toContain(`external id ${NEW_ID}`);
    expect(f.message).toContain(`StringEquals sts:ExternalId "${SNOWFLAKE_EXTERNAL_ID}"`);
    expect(f.message).toContain(`principal(s) "${SNOWFLAKE_USER_ARN}"`);
    expect(f.message).toContain('DEMO_KMS_V3.DEMO_SCHEMA.S3_STAGE_KMS');
    expect(f.message).toContain(`aws iam update-assume-role-policy --role-name snowflake-s3-kms-role --policy-document '{"Version":"2012-10-17"`);
    expect(f.message).toContain(JSON.stringify(NEW_ID));
    expect(f.evidence).toMatchObject({ integration: { externalId: NEW_ID }, trustPolicy: { externalIds: [SNOWFLAKE_EXTERNAL_ID] } });
  });

  it('names the IAM user when it changed too', () => {
    const f = run(inventory(makeIntegration({ STORAGE_AWS_EXTERNAL_ID: NEW_ID, STORAGE_AWS_IAM_USER_ARN: NEW_USER })));
    expect(f.message).toContain('neither the IAM user nor the external id');
    expect(f.message).toContain(NEW_USER);
  });
});
