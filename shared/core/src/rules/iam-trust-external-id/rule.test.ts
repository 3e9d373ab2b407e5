import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { absent, present, unknown } from '../../model/observed.js';
import { ACCOUNT, inventoryWith, makeRole, makeSnowflakeRole, runRule, SNOWFLAKE_EXTERNAL_ID, SNOWFLAKE_USER_ARN } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const trust = (...Statement: PolicyStatement[]) => makeSnowflakeRole({ trustPolicy: present({ Version: '2012-10-17', Statement }) });
const assume = (Condition?: PolicyStatement['Condition'], Principal: PolicyStatement['Principal'] = { AWS: SNOWFLAKE_USER_ARN }): PolicyStatement => ({
  Effect: 'Allow',
  Principal,
  Action: 'sts:AssumeRole',
  ...(Condition ? { Condition } : {}),
});
const withId = assume({ StringEquals: { 'sts:ExternalId': SNOWFLAKE_EXTERNAL_ID } });

const cases = [
  { name: 'StringEquals sts:ExternalId (the Snowflake shape)', role: makeSnowflakeRole(), status: 'pass' },
  { name: 'condition key in another case', role: trust(assume({ StringEquals: { 'STS:EXTERNALID': SNOWFLAKE_EXTERNAL_ID } })), status: 'pass' },
  { name: 'StringEquals plus an extra narrowing condition', role: trust(assume({ StringEquals: { 'sts:ExternalId': SNOWFLAKE_EXTERNAL_ID }, Bool: { 'aws:SecureTransport': 'true' } })), status: 'pass' },
  { name: 'two accepted ExternalIds (old and new integration)', role: trust(assume({ StringEquals: { 'sts:ExternalId': [SNOWFLAKE_EXTERNAL_ID, 'ACME_SFCRole=2_new='] } })), status: 'pass' },
  { name: 'no condition at all', role: trust(assume()), status: 'fail' },
  { name: 'StringLike with "*"', role: trust(assume({ StringLike: { 'sts:ExternalId': '*' } })), status: 'fail' },
  { name: 'StringLike with a prefix pattern', role: trust(assume({ StringLike: { 'sts:ExternalId': 'ACME_SFCRole=*' } })), status: 'fail' },
  { name: 'StringEqualsIfExists (absent ExternalId passes)', role: trust(assume({ StringEqualsIfExists: { 'sts:ExternalId': SNOWFLAKE_EXTERNAL_ID } })), status: 'fail' },
  { name: 'StringNotEquals (every other value passes)', role: trust(assume({ StringNotEquals: { 'sts:ExternalId': 'x' } })), status: 'fail' },
  { name: 'a second Allow without the condition', role: trust(withId, assume(undefined)), status: 'fail' },
  { name: 'a second Allow for the same account root', role: trust(withId, assume(undefined, { AWS: 'arn:aws:iam::999988887777:root' })), status: 'fail' },
  { name: 'ExternalId "*" under StringEquals (guessable)', role: trust(assume({ StringEquals: { 'sts:ExternalId': '*' } })), status: 'fail' },
  { name: 'Principal "*" with an ExternalId still requires it', role: trust(assume({ StringEquals: { 'sts:ExternalId': SNOWFLAKE_EXTERNAL_ID } }, '*')), status: 'pass' },
  { name: 'NotPrincipal without a condition', role: trust({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }), status: 'fail' },
  { name: 'Deny without ExternalId does not count as an Allow', role: trust(withId, { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { Null: { 'sts:ExternalId': 'true' } } }), status: 'pass' },
  { name: 'ExternalId from a policy variable', role: trust(assume({ StringEquals: { 'sts:ExternalId': '${aws:PrincipalAccount}' } })), status: 'fail' },
  { name: 'an unconditioned Allow guarded by Deny StringNotEquals sts:ExternalId', role: trust(assume(undefined), { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringNotEquals: { 'sts:ExternalId': SNOWFLAKE_EXTERNAL_ID } } }), status: 'pass' },
  { name: 'a StringLike pattern guarded by the same Deny', role: trust(assume({ StringLike: { 'sts:ExternalId': 'ACME*' } }), { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringNotEquals: { 'sts:ExternalId': SNOWFLAKE_EXTERNAL_ID } } }), status: 'pass' },
  { name: 'lower-case operator name', role: trust(assume({ stringequals: { 'sts:ExternalId': SNOWFLAKE_EXTERNAL_ID } })), status: 'pass' },
  { name: 'own-account principal only', role: trust(assume(undefined, { AWS: `arn:aws:iam::${ACCOUNT}:role/deployer` })), status: 'not_applicable' },
  { name: 'service principal only (replication role)', role: makeRole(), status: 'not_applicable' },
  { name: 'trust unreadable', role: makeSnowflakeRole({ trustPolicy: unknown('AccessDenied on iam:GetRole') }), status: 'unknown' },
  // The profile named it: which role to judge is not known (profile-values-resolve reports the name).
  { name: 'Snowflake role does not exist', role: makeSnowflakeRole({ trustPolicy: absent('the role does not exist'), policies: absent('the role does not exist') }), status: 'unknown' },
  // A replication role only a bucket names: s3-replication-role-least-privilege fails it, nothing to judge here.
  { name: 'replication role does not exist', role: makeRole({ trustPolicy: absent('the role does not exist'), policies: absent('the role does not exist') }), status: 'not_applicable' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ role, status }) => {
    expect(runRule(rule, inventoryWith('role', role)).status).toBe(status);
  });

  it('says why a missing Snowflake role leaves it unknown', () => {
    const f = runRule(rule, inventoryWith('role', cases.find((c) => c.name === 'Snowflake role does not exist')!.role));
    expect(f.message).toBe(
      `Could not evaluate: snowflake.roleName names snowflake-s3-kms-role, which does not exist in account ${ACCOUNT}, so the role these rules should judge is not known (profile-values-resolve reports it; run \`envelope init\` to write a profile from the account)`,
    );
  });

  it('names the statement that admits the principal without the ExternalId', () => {
    const f = runRule(rule, inventoryWith('role', trust({ ...withId, Sid: 'Snowflake' }, { ...assume(undefined), Sid: 'Legacy' })));
    expect(f.message).toContain('Legacy');
    expect(f.message).toContain('no ExternalId is allowed by trust policy statement "Legacy"');
    expect(f.message).not.toMatch(/statement "Snowflake" has no/);
  });

  it('StringLike "*" is caught by both the structure and the wrong-ExternalId probe', () => {
    const f = runRule(rule, inventoryWith('role', trust(assume({ StringLike: { 'sts:ExternalId': '*' } }))));
    expect(f.message).toMatch(/StringLike "\*"/);
    expect(f.message).toMatch(/with a wrong ExternalId is allowed/);
    // No ExternalId at all is still denied: StringLike on an absent key is false.
    expect(f.message).not.toMatch(/with no ExternalId is allowed/);
  });
});
