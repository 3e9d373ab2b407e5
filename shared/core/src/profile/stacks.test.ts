import { describe, expect, it } from 'vitest';
import { absent, present } from '../model/observed.js';
import profileValuesResolve from '../rules/profile-values-resolve/rule.js';
import s3DefaultEncryptionCmk from '../rules/s3-default-encryption-cmk/rule.js';
import iamTrustPrincipalExact from '../rules/iam-trust-principal-exact/rule.js';
import kmsAliasPresent from '../rules/kms-alias-present/rule.js';
import { evaluate } from '../rules/engine.js';
import {
  ACCOUNT,
  KEY_ARN,
  KEY_ID,
  REGION,
  makeBucket,
  makeInventory,
  makeKey,
  makeSnowflakeRole,
  snowflakeTrustPolicy,
  SNOWFLAKE_USER_ARN,
} from '../testing/inventory-builders.js';
import { ConfigError, parseProfile } from './load.js';
import { defaultStack, snowflakeRoles, snowflakeUserArns, stackOfBucket, stackOfRole, stacksOf } from './stacks.js';

const OTHER_KEY_ID = '9999abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${OTHER_KEY_ID}`;
const FINANCE_USER = 'arn:aws:iam::999988887777:user/fin1-s-exmp0000';

const teams = parseProfile(
  {
    name: 'teams',
    snowflake: { iamUserArn: SNOWFLAKE_USER_ARN },
    stacks: [
      { name: 'analytics', buckets: ['analytics-*'], kms: { alias: 'alias/stage-analytics' }, snowflake: { roleName: 'role-analytics' } },
      { name: 'finance', buckets: ['finance-*'], kms: { alias: 'alias/stage-finance' }, snowflake: { roleName: 'role-finance', iamUserArn: FINANCE_USER } },
    ],
  },
  'test',
);

describe('profile stacks', () => {
  it('a profile without stacks is one default stack with the top-level values and the default role', () => {
    const p = parseProfile({ name: 'plain' }, 'test');
    expect(stacksOf(p)).toEqual([{ name: 'plain', field: '', kms: { alias: 'alias/snowflake-s3-kms', keyArns: [] }, snowflake: { roleName: 'snowflake-s3-kms-role', iamUserArn: undefined } }]);
    expect(stackOfBucket(p, 'anything')).toBe(defaultStack(p));
  });

  it('a bucket belongs to the first stack whose globs match it, else to the default stack', () => {
    expect(stackOfBucket(teams, 'analytics-raw').name).toBe('analytics');
    expect(stackOfBucket(teams, 'finance-ledger').name).toBe('finance');
    expect(stackOfBucket(teams, 'shared-stage')).toBe(defaultStack(teams));
  });

  it('with stacks, only the roles they (or an explicit top-level roleName) name are Snowflake roles; each inherits the top-level user unless it names its own', () => {
    expect(snowflakeRoles(teams).map((r) => [r.roleName, r.stack.name, r.stack.snowflake.iamUserArn])).toEqual([
      ['role-analytics', 'analytics', SNOWFLAKE_USER_ARN],
      ['role-finance', 'finance', FINANCE_USER],
    ]);
    expect(stackOfRole(teams, `arn:aws:iam::${ACCOUNT}:role/role-finance`)?.name).toBe('finance');
    expect(stackOfRole(teams, 'snowflake-s3-kms-role')).toBeUndefined();
    expect(snowflakeUserArns(teams)).toEqual([SNOWFLAKE_USER_ARN, FINANCE_USER]);
    const withTop = parseProfile({ name: 'x', snowflake: { roleName: 'shared-role' }, stacks: [{ name: 'a', buckets: ['a-*'] }] }, 'test');
    expect(snowflakeRoles(withTop).map((r) => r.roleName)).toEqual(['shared-role']);
    // A stack without its own alias inherits the top-level one.
    expect(stacksOf(withTop)[0]!.kms.alias).toBe('alias/snowflake-s3-kms');
  });

  it.each([
    [{ stacks: [{ name: 'a', buckets: [] }] }, 'stacks[0].buckets: must name at least one bucket name glob'],
    [{ stacks: [{ name: 'a', buckets: ['x'] }, { name: 'a', buckets: ['y'] }] }, 'stacks[1].name: names the stack a twice'],
    [{ stacks: [{ name: 'a b', buckets: ['x'] }] }, 'stacks[0].name: must be a short name'],
    [{ stacks: [{ name: 'a', buckets: ['x'], kms: { alias: 'alias/aws/s3' } }] }, 'stacks[0].kms.alias: must start with alias/ and not be an AWS-managed'],
    [{ stacks: [{ name: 'a', buckets: ['x'], snowflake: { iamUserArn: 'abc' } }] }, 'stacks[0].snowflake.iamUserArn: must be an IAM user ARN'],
    [{ stacks: [{ name: 'a', buckets: ['x'], colour: 'red' }] }, 'stacks[0]: Unrecognized key: "colour"'],
  ])('rejects a bad stack with the field and the value: %j', (raw, message) => {
    let err: unknown;
    try {
      parseProfile({ name: 'bad', ...raw }, 'p.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(message);
  });
});

describe('rules judge each bucket, key and role against its own stack', () => {
  const analyticsAlias = { name: 'alias/stage-analytics', arn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/stage-analytics`, targetKeyId: KEY_ID };
  const financeAlias = { name: 'alias/stage-finance', arn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/stage-finance`, targetKeyId: OTHER_KEY_ID };
  const aliases = { [REGION]: present([analyticsAlias, financeAlias]) };
  const sse = (keyArn: string) => present([{ sseAlgorithm: 'aws:kms' as const, kmsMasterKeyId: keyArn, bucketKeyEnabled: true }]);
  const inventory = (financeKey: string) =>
    makeInventory({
      buckets: [
        makeBucket({ name: 'analytics-raw', arn: 'arn:aws:s3:::analytics-raw', encryption: sse(KEY_ARN) }),
        makeBucket({ name: 'finance-ledger', arn: 'arn:aws:s3:::finance-ledger', encryption: sse(financeKey) }),
      ],
      bucketList: present(['analytics-raw', 'finance-ledger']),
      keys: [makeKey(), makeKey({ arn: OTHER_KEY_ARN, metadata: present({ ...(makeKey().metadata as { value: object }).value, arn: OTHER_KEY_ARN, keyId: OTHER_KEY_ID } as never) })],
      aliases,
      roles: [
        makeSnowflakeRole({ arn: `arn:aws:iam::${ACCOUNT}:role/role-analytics`, name: 'role-analytics' }),
        makeSnowflakeRole({ arn: `arn:aws:iam::${ACCOUNT}:role/role-finance`, name: 'role-finance', trustPolicy: present(snowflakeTrustPolicy(FINANCE_USER)) }),
      ],
    });
  const statusOf = (findings: ReturnType<typeof evaluate>, rule: string, resource: string) => findings.find((f) => f.ruleId === rule && f.resource.name === resource)?.status;

  it('each bucket is encrypted with its own stack’s key, each role trusts its own stack’s user: all pass', () => {
    const f = evaluate([s3DefaultEncryptionCmk, iamTrustPrincipalExact, kmsAliasPresent, profileValuesResolve], inventory(OTHER_KEY_ARN), teams);
    expect(f.filter((x) => x.status !== 'pass').map((x) => `${x.ruleId} ${x.resource.name}: ${x.message}`)).toEqual([]);
    expect(f.find((x) => x.ruleId === profileValuesResolve.id)?.message).toBe(
      `Every profile value names something in the account: stacks.analytics.kms.alias alias/stage-analytics (${REGION}), stacks.finance.kms.alias alias/stage-finance (${REGION}), stacks.analytics.snowflake.roleName role-analytics, stacks.finance.snowflake.roleName role-finance.`,
    );
  });

  it('the finance bucket under the analytics key fails, though that key is a profile key too', () => {
    const f = evaluate([s3DefaultEncryptionCmk], inventory(KEY_ARN), teams);
    expect(statusOf(f, s3DefaultEncryptionCmk.id, 'finance-ledger')).toBe('fail');
    expect(statusOf(f, s3DefaultEncryptionCmk.id, 'analytics-raw')).toBe('pass');
  });

  it('a role trusting the other stack’s Snowflake user fails', () => {
    const inv = inventory(OTHER_KEY_ARN);
    const swapped = { ...inv, roles: inv.roles.map((r) => (r.name === 'role-analytics' ? { ...r, trustPolicy: present(snowflakeTrustPolicy(FINANCE_USER)) } : r)) };
    const f = evaluate([iamTrustPrincipalExact], swapped, teams);
    expect(statusOf(f, iamTrustPrincipalExact.id, 'role-analytics')).toBe('fail');
    expect(statusOf(f, iamTrustPrincipalExact.id, 'role-finance')).toBe('pass');
  });

  it('a stack alias that does not exist is reported under its stack’s field; a stack that owns no bucket needs nothing', () => {
    const inv = { ...inventory(OTHER_KEY_ARN), aliases: { [REGION]: present([analyticsAlias]) } };
    const withIdle = parseProfile({ ...teams, stacks: [...teams.stacks, { name: 'hr', buckets: ['hr-*'], kms: { alias: 'alias/stage-hr' }, snowflake: { roleName: 'role-hr' } }] }, 'test');
    const [f] = evaluate([profileValuesResolve], inv, withIdle);
    expect(f?.status).toBe('fail');
    expect(f?.data?.unresolved).toBe(`stacks.finance.kms.alias alias/stage-finance (${REGION})`);
    expect(f?.message).not.toContain('hr');
    expect(f?.message).not.toContain('alias/snowflake-s3-kms ');
  });

  it('a stack role the account does not have is named by its stack field', () => {
    const inv = inventory(OTHER_KEY_ARN);
    const gone = { ...inv, roles: inv.roles.map((r) => (r.name === 'role-finance' ? { ...r, trustPolicy: absent(), policies: absent() } : r)) };
    const [f] = evaluate([profileValuesResolve], gone, teams);
    expect(f?.data?.unresolved).toBe('stacks.finance.snowflake.roleName role-finance');
    const trust = evaluate([iamTrustPrincipalExact], gone, teams).find((x) => x.resource.name === 'role-finance');
    expect(trust?.status).toBe('unknown');
    expect(trust?.message).toContain('stacks.finance.snowflake.roleName names role-finance, which does not exist');
  });
});
