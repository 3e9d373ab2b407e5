import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { absent, present, unknown } from '../../model/observed.js';
import {
  ACCOUNT,
  inventoryWith,
  makeProfile,
  makeRole,
  makeSnowflakeRole,
  runRule,
  SNOWFLAKE_EXTERNAL_ID,
  SNOWFLAKE_USER_ARN,
} from '../../testing/inventory-builders.js';
import rule from './rule.js';

const withUser = makeProfile({ snowflake: { roleName: 'snowflake-s3-kms-role', iamUserArn: SNOWFLAKE_USER_ARN } });
const condition = { StringEquals: { 'sts:ExternalId': SNOWFLAKE_EXTERNAL_ID } };
const grant = (Principal: PolicyStatement['Principal']): PolicyStatement => ({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', Condition: condition });
const trust = (...Statement: PolicyStatement[]) => makeSnowflakeRole({ trustPolicy: present({ Version: '2012-10-17', Statement }) });
const vendorRole = (Principal: PolicyStatement['Principal']) =>
  makeRole({ arn: `arn:aws:iam::${ACCOUNT}:role/vendor`, name: 'vendor', purposes: ['app'], trustPolicy: present({ Version: '2012-10-17', Statement: [grant(Principal)] }) });

const cases = [
  { name: 'exactly the integration user', role: makeSnowflakeRole(), profile: withUser, status: 'pass' },
  { name: 'exact user, profile without iamUserArn (form checked)', role: makeSnowflakeRole(), status: 'pass' },
  { name: 'the integration was recreated: trust names the old user', role: trust(grant({ AWS: 'arn:aws:iam::999988887777:user/old-0000-s' })), profile: withUser, status: 'fail' },
  { name: 'Snowflake account root', role: trust(grant({ AWS: 'arn:aws:iam::999988887777:root' })), status: 'fail' },
  { name: 'bare account id', role: trust(grant({ AWS: '999988887777' })), status: 'fail' },
  { name: 'Principal "*"', role: trust(grant('*')), status: 'fail' },
  { name: 'AWS "*"', role: trust(grant({ AWS: '*' })), status: 'fail' },
  { name: 'NotPrincipal', role: trust({ Effect: 'Allow', NotPrincipal: { AWS: SNOWFLAKE_USER_ARN }, Action: 'sts:AssumeRole', Condition: condition }), status: 'fail' },
  { name: 'extra principal in the same statement', role: trust(grant({ AWS: [SNOWFLAKE_USER_ARN, 'arn:aws:iam::444455556666:role/etl'] })), profile: withUser, status: 'fail' },
  { name: 'extra service principal in the Snowflake role', role: trust(grant({ AWS: SNOWFLAKE_USER_ARN }), { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), status: 'fail' },
  { name: 'extra own-account principal in the Snowflake role', role: trust(grant({ AWS: [SNOWFLAKE_USER_ARN, `arn:aws:iam::${ACCOUNT}:role/admin`] })), status: 'fail' },
  { name: 'no trust statement for anyone', role: trust(), status: 'fail' },
  { name: 'only a Deny', role: trust({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }), status: 'fail' },
  // Reported once by profile-values-resolve; the role Snowflake really assumes is not known here.
  { name: 'the Snowflake role does not exist', role: makeSnowflakeRole({ trustPolicy: absent('the role does not exist'), policies: absent('the role does not exist') }), status: 'unknown' },
  { name: 'trust unreadable', role: makeSnowflakeRole({ trustPolicy: unknown('AccessDenied') }), status: 'unknown' },
  { name: 'application role trusting an exact vendor role', role: vendorRole({ AWS: 'arn:aws:iam::444455556666:role/vendor-reader' }), status: 'pass' },
  { name: 'application role trusting a vendor root', role: vendorRole({ AWS: 'arn:aws:iam::444455556666:root' }), status: 'fail' },
  { name: 'service role', role: makeRole(), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ role, status, ...rest }) => {
    const profile = 'profile' in rest ? rest.profile : makeProfile();
    expect(runRule(rule, inventoryWith('role', role), { profile }).status).toBe(status);
  });

  it('names the old and the expected user after CREATE OR REPLACE INTEGRATION', () => {
    const f = runRule(rule, inventoryWith('role', trust(grant({ AWS: 'arn:aws:iam::999988887777:user/old-0000-s' }))), { profile: withUser });
    expect(f.message).toContain('old-0000-s');
    expect(f.message).toContain(SNOWFLAKE_USER_ARN);
  });

  it('says when only the form could be checked', () => {
    expect(runRule(rule, inventoryWith('role', makeSnowflakeRole())).message).toMatch(/set snowflake\.iamUserArn/);
  });
});
