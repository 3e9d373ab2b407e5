import { describe, expect, it } from 'vitest';
import type { AliasEntry, BucketInventory, Inventory } from '../../model/inventory.js';
import { absent, present, unknown, type Observed } from '../../model/observed.js';
import {
  ACCOUNT,
  KEY_ARN,
  KEY_ID,
  makeBucket,
  makeInventory,
  makeKey,
  makeLogBucket,
  makeProfile,
  makeRole,
  makeSnowflakeRole,
  REGION,
  runRule,
} from '../../testing/inventory-builders.js';
import { evaluate } from '../engine.js';
import { rules } from '../registry.js';
import rule from './rule.js';

const OTHER_ID = '99999999-aaaa-bbbb-cccc-000000000000';
const OTHER_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${OTHER_ID}`;
const alias = (name: string, targetKeyId?: string): AliasEntry => ({ name, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:${name}`, ...(targetKeyId ? { targetKeyId } : {}) });
const withAliases = (list: Observed<AliasEntry[]>, overrides: Partial<Inventory> = {}): Inventory =>
  makeInventory({ roles: [makeSnowflakeRole()], aliases: { [REGION]: list }, ...overrides });
const missingRole = (name: string, purposes: string[]) =>
  makeRole({ arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, name, purposes, trustPolicy: absent('the role does not exist'), policies: absent('the role does not exist') });
const run = (inv: Inventory, profile = makeProfile()) => runRule(rule, inv, { resource: ACCOUNT, profile });

/** 24 in-scope buckets: 23 under the account's own aliased key, one under a key with no alias. */
function fleet(): Inventory {
  const buckets = Array.from({ length: 24 }, (_, i) =>
    makeBucket({ name: `stage-${String(i).padStart(2, '0')}`, arn: `arn:aws:s3:::stage-${String(i).padStart(2, '0')}`, encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: i === 23 ? OTHER_ARN : KEY_ARN, bucketKeyEnabled: true }]) }),
  );
  return withAliases(present([alias('alias/snowflake-data-key', KEY_ID), alias('alias/aws/s3', 'aws-s3-key-id')]), { buckets: [...buckets, makeLogBucket()] });
}

const cases = [
  { name: 'the alias and the Snowflake role exist', inv: withAliases(present([alias('alias/snowflake-s3-kms', KEY_ID)])), status: 'pass' },
  { name: 'the alias does not exist', inv: withAliases(present([alias('alias/snowflake-data-key', KEY_ID)])), status: 'fail' },
  { name: 'the alias targets no key', inv: withAliases(present([alias('alias/snowflake-s3-kms')])), status: 'fail' },
  { name: 'the aliases cannot be listed', inv: withAliases(unknown('access denied to kms:ListAliases')), status: 'unknown' },
  { name: 'the aliases were not read in the bucket’s Region', inv: makeInventory({ roles: [makeSnowflakeRole()], aliases: {} }), status: 'unknown' },
  // Only in-scope buckets need the profile key: a Region holding just a log bucket needs no alias.
  { name: 'only a support bucket in a Region without the alias', inv: withAliases(present([alias('alias/snowflake-s3-kms', KEY_ID)]), { buckets: [makeBucket(), makeLogBucket({ region: 'eu-central-1' })] }), status: 'pass' },
  { name: 'the Snowflake role does not exist', inv: makeInventory({ roles: [missingRole('snowflake-s3-kms-role', ['snowflake'])] }), status: 'fail' },
  { name: 'the Snowflake role could not be read', inv: makeInventory({ roles: [makeSnowflakeRole({ trustPolicy: unknown('access denied to iam:GetRole'), policies: unknown('access denied to iam:GetRole') })] }), status: 'unknown' },
  // An inventory that never looked the role up (a hand-written one) cannot vouch for it.
  { name: 'the Snowflake role was not read at all', inv: makeInventory({ roles: [] }), status: 'unknown' },
  // Missing input never turns a failure into a pass, nor a pass into a failure.
  { name: 'the bucket list could not be read', inv: withAliases(present([]), { buckets: [], bucketList: unknown('access denied to s3:ListBuckets') }), status: 'unknown' },
  { name: 'a bucket’s Region could not be read', inv: withAliases(present([alias('alias/snowflake-s3-kms', KEY_ID)]), { buckets: [makeBucket({ regionUnknown: 'access denied to s3:GetBucketLocation' }), makeLogBucket()] }), status: 'unknown' },
  {
    name: 'a Region without the alias holds only a bucket whose role could not be told',
    inv: withAliases(present([alias('alias/snowflake-s3-kms', KEY_ID)]), {
      buckets: [makeBucket(), makeLogBucket({ region: 'eu-central-1', role: { kind: 'undetermined', reason: 'the logging of its source could not be read' } as unknown as BucketInventory['role'] })],
    }),
    status: 'unknown',
  },
  { name: 'a missing value beside an unreadable one', inv: withAliases(present([]), { roles: [makeSnowflakeRole({ trustPolicy: unknown('throttled'), policies: unknown('throttled') })] }), status: 'fail' },
] as const;

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ inv, status }) => {
    expect(run(inv).status).toBe(status);
  });

  it('names the missing alias and the aliases whose keys encrypt the in-scope buckets, with counts', () => {
    const f = run(fleet());
    expect(f.status).toBe('fail');
    expect(f.message).toBe(
      `The profile names what this account does not have: alias/snowflake-s3-kms (kms.alias) does not exist in ${REGION}; ` +
        `alias/snowflake-data-key encrypts 23 of 24 in-scope buckets there; key ${OTHER_ARN} (no alias; kms.keyArns can name it) encrypts 1 of 24 in-scope buckets there. ` +
        'The rules that need these values are unknown until the profile matches the account — run `envelope init` to write a profile from the account.',
    );
    // The one line the CLI prints.
    expect(f.data?.unresolved).toBe(`kms.alias alias/snowflake-s3-kms (${REGION})`);
  });

  it('does not offer an AWS-managed key as the profile key', () => {
    const inv = withAliases(present([alias('alias/aws/s3', 'aws-s3-key-id')]), {
      buckets: [makeBucket({ encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/aws-s3-key-id`, bucketKeyEnabled: true }]) })],
    });
    expect(run(inv).message).toContain(`no customer key encrypts any of the 1 in-scope bucket there`);
  });

  it('says a missing Snowflake role does not exist and that init finds the one Snowflake assumes', () => {
    const f = run(makeInventory({ roles: [missingRole('snowflake-s3-kms-role', ['snowflake'])] }));
    expect(f.message).toContain(`the Snowflake role snowflake-s3-kms-role (snowflake.roleName) does not exist in account ${ACCOUNT}; \`envelope init\` finds the role Snowflake assumes`);
    expect(f.data?.unresolved).toBe('snowflake.roleName snowflake-s3-kms-role');
  });

  it('checks application roles and explicit key ARNs', () => {
    const profile = makeProfile({ iam: { appRoles: ['etl-loader'] }, kms: { keyArns: [OTHER_ARN] } });
    const inv = withAliases(present([alias('alias/snowflake-s3-kms', KEY_ID)]), {
      roles: [makeSnowflakeRole(), missingRole('etl-loader', ['app'])],
      keys: [makeKey(), makeKey({ arn: OTHER_ARN, metadata: absent('the key does not exist'), policy: absent(), rotation: absent() })],
    });
    const f = run(inv, profile);
    expect(f.status).toBe('fail');
    expect(f.data?.unresolved).toBe(`kms.keyArns ${OTHER_ARN}, iam.appRoles etl-loader`);
    expect(f.message).toContain(`${OTHER_ARN} (kms.keyArns) does not exist; alias/snowflake-s3-kms encrypts 1 of 1 in-scope bucket there`);
    expect(f.message).toContain(`the application role etl-loader (iam.appRoles) does not exist in account ${ACCOUNT}`);
  });

  it('lists what resolved when everything does', () => {
    const f = run(cases[0].inv);
    expect(f.message).toBe(`Every profile value names something in the account: kms.alias alias/snowflake-s3-kms (${REGION}), snowflake.roleName snowflake-s3-kms-role.`);
  });
});

/**
 * The cascade this rule exists to stop: an account built like the architecture under names of its
 * own, scanned with the built-in profile. Against the same account with a profile that carries its
 * names, the only new failure is this rule; everything that needed the names turns unknown.
 */
describe('a compliant account with names of its own, scanned with the built-in profile', () => {
  const ownAliases = { [REGION]: present([alias('alias/snowflake-data-key', KEY_ID)]) };
  const ownRole = makeSnowflakeRole({ arn: `arn:aws:iam::${ACCOUNT}:role/sf-loader`, name: 'sf-loader' });
  const matching = evaluate(rules, makeInventory({ aliases: ownAliases, roles: [ownRole] }), makeProfile({ kms: { alias: 'alias/snowflake-data-key' }, snowflake: { roleName: 'sf-loader' } }));
  // What the collector reads with the built-in profile: the default role name, which does not exist.
  const builtin = evaluate(rules, makeInventory({ aliases: ownAliases, roles: [missingRole('snowflake-s3-kms-role', ['snowflake'])] }), makeProfile());
  const key = (f: (typeof builtin)[number]) => `${f.ruleId}@${f.resource.name}`;

  it('with its own names, the profile resolves', () => {
    expect(matching.find((f) => f.ruleId === rule.id)?.status).toBe('pass');
  });

  it('fails one finding, which names both values; nothing else fails that did not fail with the right names', () => {
    const before = new Map(matching.map((f) => [key(f), f.status]));
    const newFailures = builtin.filter((f) => f.status === 'fail' && before.get(key(f)) !== 'fail').map(key);
    expect(newFailures).toEqual([`${rule.id}@${ACCOUNT}`]);
    expect(builtin.find((f) => f.ruleId === rule.id)?.data?.unresolved).toBe(`kms.alias alias/snowflake-s3-kms (${REGION}), snowflake.roleName snowflake-s3-kms-role`);
  });

  it('the rules that need the names are unknown, and say why', () => {
    const byKey = new Map(builtin.map((f) => [key(f), f]));
    for (const k of ['s3-default-encryption-cmk@s3-snow-kms-test-v3', 's3-objects-encrypted-with-cmk@s3-snow-kms-test-v3', 's3-policy-deny-wrong-kms-key@s3-snow-kms-test-v3', 'kms-alias-present@' + KEY_ID]) {
      expect([k, byKey.get(k)?.status]).toEqual([k, 'unknown']);
      expect(byKey.get(k)?.message).toContain('profile-values-resolve');
    }
    for (const f of builtin.filter((x) => x.resource.type === 'role')) {
      expect([f.ruleId, f.status]).toEqual([f.ruleId, 'unknown']);
      expect(f.message).toContain('snowflake.roleName names snowflake-s3-kms-role, which does not exist');
    }
  });
});
