import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { absent, present, unknown, type Observed } from '../model/observed.js';
import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';
import { parseProfile } from '../profile/load.js';
import { roleReach } from './access.js';
import type { AccountFacts, BucketFacts, CandidateRole, IntegrationFacts } from './discover.js';
import { propose, stackNames } from './propose.js';
import { renderProfileYaml } from './render.js';
import { readTrust } from './trust.js';

const OWN = '111122223333';
const SF_USER = 'arn:aws:iam::999988887777:user/abc1-b-self1234';
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const assume = (principal: string, condition?: PolicyStatement['Condition']): PolicyStatement => ({
  Effect: 'Allow',
  Principal: { AWS: principal },
  Action: 'sts:AssumeRole',
  ...(condition ? { Condition: condition } : {}),
});
const EXTERNAL_ID = { StringEquals: { 'sts:ExternalId': 'ACME_SFCRole=1_abc=' } };

describe('readTrust', () => {
  it('a user of another account with an ExternalId is the integration shape', () => {
    expect(readTrust(doc(assume(SF_USER, EXTERNAL_ID)), OWN)).toEqual({ match: 'integration', foreignUsers: [SF_USER], foreignAccounts: [], externalId: true });
  });
  it('another account root with an ExternalId, or a user without one, is weak', () => {
    expect(readTrust(doc(assume('arn:aws:iam::999988887777:root', EXTERNAL_ID)), OWN)?.match).toBe('weak');
    expect(readTrust(doc(assume(SF_USER)), OWN)?.match).toBe('weak');
  });
  it('own-account principals, services, Deny statements and a bare foreign root are no candidates', () => {
    expect(readTrust(doc(assume(`arn:aws:iam::${OWN}:root`, EXTERNAL_ID)), OWN)).toBeUndefined();
    expect(readTrust(doc({ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }), OWN)).toBeUndefined();
    expect(readTrust(doc({ ...assume(SF_USER, EXTERNAL_ID), Effect: 'Deny' }), OWN)).toBeUndefined();
    expect(readTrust(doc(assume('arn:aws:iam::999988887777:root')), OWN)).toBeUndefined();
  });
});

describe('roleReach', () => {
  it('reads buckets, prefixes (object resources and s3:prefix) and keys from Allow statements', () => {
    const reach = roleReach([
      {
        name: 'access',
        document: doc(
          { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::lake-*/ingest/*', 'arn:aws:s3:::*'] },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::lake-raw', Condition: { StringLike: { 's3:prefix': ['ingest/*'] } } },
          { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::secret' },
          { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: 'arn:aws:kms:eu-west-1:111122223333:key/k1' },
        ),
      },
    ]);
    expect(reach.buckets).toEqual(['lake-*', 'lake-raw']);
    expect(reach.prefixes.map((p) => p.prefix)).toEqual(['ingest/', 'ingest/']);
    expect(reach.keys).toEqual(['arn:aws:kms:eu-west-1:111122223333:key/k1']);
  });
});

function role(name: string, trust: PolicyDocument, policy: PolicyDocument): CandidateRole {
  const list = [{ name: 'access', kind: 'inline' as const, document: policy }];
  return { arn: `arn:aws:iam::${OWN}:role/${name}`, name, trust: readTrust(trust, OWN)!, policies: present(list), reach: roleReach(list) };
}

const stageAccess = (bucket: string, key = 'arn:aws:kms:eu-west-1:111122223333:key/k1') =>
  doc(
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${bucket}/ingest/*` },
    { Effect: 'Allow', Action: 'kms:Decrypt', Resource: key },
  );

function facts(over: Partial<AccountFacts> = {}): AccountFacts {
  const kmsEnc = (key: string): BucketFacts => ({
    encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: key, bucketKeyEnabled: true }]),
    logging: present({ targetBucket: 'lake-logs' }),
    replication: absent(),
  });
  return {
    account: OWN,
    partition: 'aws',
    callerArn: `arn:aws:iam::${OWN}:user/admin`,
    roleCount: present(40),
    candidates: [role('sf-lake', doc(assume(SF_USER, EXTERNAL_ID)), stageAccess('lake-*'))],
    buckets: present(['lake-a', 'lake-b', 'lake-c', 'lake-logs', 'unrelated'].map((name) => ({ name, region: 'eu-west-1' }))),
    bucketFacts: new Map([
      ['lake-a', kmsEnc('arn:aws:kms:eu-west-1:111122223333:key/k1')],
      ['lake-b', kmsEnc('alias/lake-key')],
      ['lake-c', kmsEnc('arn:aws:kms:eu-west-1:111122223333:key/k2')],
      ['lake-logs', { encryption: present([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]), logging: absent() }],
    ]),
    aliases: {
      'eu-west-1': present([
        { name: 'alias/lake-key', arn: '', targetKeyId: 'k1' },
        { name: 'alias/aws/s3', arn: '', targetKeyId: 'k9' },
      ]),
    },
    tags: {
      'eu-west-1': present(
        new Map<string, Record<string, string>>([
          ['lake-a', { owner: 'data' }],
          ['lake-b', { owner: 'data', env: 'prod' }],
          ['lake-c', { env: 'prod', owner: 'ml' }],
        ]),
      ),
    },
    ...over,
  };
}

describe('propose', () => {
  it('picks the majority key by default encryption, its customer alias, and names the odd bucket out', () => {
    const p = propose(facts());
    expect(p.alias).toEqual({ value: 'alias/lake-key', why: expect.stringContaining('encrypts 2 of 3 stage buckets in eu-west-1 by default, and sf-lake may use it') });
    expect(p.keyArns).toEqual([]);
    expect(p.notes).toContain('lake-c encrypts with arn:aws:kms:eu-west-1:111122223333:key/k2, not the main key: scan will say so');
    expect(p.bucketNames.map((b) => b.value)).toEqual(['lake-a', 'lake-b', 'lake-c', 'lake-logs']);
    expect(p.supportBucketNames.map((b) => b.value)).toEqual(['lake-logs']);
    expect(p.tagKey).toEqual({ value: 'owner', why: 'carried by 3 of 4 in-scope buckets' });
    expect(p.otherTagKeys.map((t) => t.value)).toEqual(['env']);
  });

  it('ranks the integration-shaped role first and lists the others as candidates', () => {
    const vendor = role('vendor-audit', doc(assume('arn:aws:iam::777788889999:root', EXTERNAL_ID)), stageAccess('lake-a'));
    const second = role('sf-other', doc(assume('arn:aws:iam::999988887777:user/zz', EXTERNAL_ID)), stageAccess('nothing-here'));
    const p = propose(facts({ candidates: [vendor, second, ...facts().candidates] }));
    expect(p.role?.value).toBe('sf-lake');
    expect(p.notes).not.toContain(expect.stringContaining("sf-lake's policies name buckets"));
    expect(p.otherRoles.map((r) => r.value)).toEqual(['sf-other', 'vendor-audit']);
    expect(p.iamUserArn?.value).toBe(SF_USER);
  });

  it('takes the data prefix from object resources: a ListBucket condition opened to "*" is drift, not the prefix', () => {
    const loose = doc(
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::lake-*/ingest/*' },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::lake-*', Condition: { StringLike: { 's3:prefix': ['*'] } } },
    );
    const p = propose(facts({ candidates: [role('sf-lake', doc(assume(SF_USER, EXTERNAL_ID)), loose)] }));
    expect(p.dataPrefix).toEqual({ value: 'ingest/', why: "1 of 1 object resources in sf-lake's policies name \"ingest/\"" });
  });

  it("names the role's buckets it cannot find in the account", () => {
    const p = propose(facts({ candidates: [role('sf-lake', doc(assume(SF_USER, EXTERNAL_ID)), doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::lake-a/ingest/*', 'arn:aws:s3:::partner-drop/ingest/*'] }))] }));
    expect(p.bucketNames.map((b) => b.value)).toEqual(['lake-a', 'lake-logs']);
    expect(p.notes).toContain("sf-lake's policies name buckets this account does not list (another account's, deleted, or outside --region): partner-drop");
  });

  it('a key with no customer alias is named by ARN, with the reason', () => {
    const p = propose(facts({ aliases: { 'eu-west-1': present([]) } }));
    expect(p.alias).toBeUndefined();
    expect(p.keyArns).toEqual([{ value: 'arn:aws:kms:eu-west-1:111122223333:key/k1', why: expect.stringContaining('no customer alias targets it') }]);
  });

  it('does not call unread replication "no replication"', () => {
    const bucketFacts = new Map(facts().bucketFacts);
    for (const b of ['lake-a', 'lake-b', 'lake-c']) bucketFacts.set(b, { ...bucketFacts.get(b)!, replication: unknown('access denied to s3:GetBucketReplication') });
    const p = propose(facts({ bucketFacts }));
    expect(p.replication.why).toBe("the replication of 3 stage buckets could not be read; set expected: true if the architecture's cross-Region replication is required");
    expect(p.notes).toContain('could not read the replication of lake-a (access denied to s3:GetBucketReplication)');
  });

  it('says what it could not read instead of guessing', () => {
    const p = propose(facts({ roleCount: unknown('access denied to iam:ListRoles'), candidates: [] }));
    expect(p.role).toBeUndefined();
    expect(p.bucketNames).toEqual([]);
    expect(p.notes[0]).toBe('could not list IAM roles (access denied to iam:ListRoles): the Snowflake role was not looked for');
  });
});

describe('propose: one stack per team role', () => {
  const teamFacts = (users: [string, string] = [SF_USER, SF_USER]) =>
    facts({
      candidates: [
        role('snowflake-stage-role-analytics', doc(assume(users[0], EXTERNAL_ID)), stageAccess('analytics-stage', 'arn:aws:kms:eu-west-1:111122223333:key/k1')),
        role('snowflake-stage-role-finance', doc(assume(users[1], EXTERNAL_ID)), stageAccess('finance-stage', 'arn:aws:kms:eu-west-1:111122223333:key/k2')),
        role('vendor-audit', doc(assume('arn:aws:iam::777788889999:root', EXTERNAL_ID)), stageAccess('analytics-stage')),
      ],
      buckets: present(['analytics-stage', 'finance-stage', 'lake-logs'].map((name) => ({ name, region: 'eu-west-1' }))),
      bucketFacts: new Map<string, BucketFacts>([
        ['analytics-stage', { encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k1', bucketKeyEnabled: true }]), logging: present({ targetBucket: 'lake-logs' }), replication: absent() }],
        ['finance-stage', { encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k2', bucketKeyEnabled: true }]), logging: present({ targetBucket: 'lake-logs' }), replication: absent() }],
      ]),
      aliases: { 'eu-west-1': present([{ name: 'alias/stage-analytics', arn: '', targetKeyId: 'k1' }, { name: 'alias/stage-finance', arn: '', targetKeyId: 'k2' }]) },
      tags: { 'eu-west-1': present(new Map([['analytics-stage', { team: 'analytics' }], ['finance-stage', { team: 'finance' }]])) },
    });

  it('two integration roles with buckets of their own become two stacks, each with its buckets, alias and role; shared values stay at the top', () => {
    const p = propose(teamFacts());
    expect(p.role).toBeUndefined();
    expect(p.alias).toBeUndefined();
    expect(p.stacks?.map((s) => [s.name, s.role.value, s.buckets.map((b) => b.value), s.alias?.value, s.iamUserArn?.value])).toEqual([
      ['analytics', 'snowflake-stage-role-analytics', ['analytics-stage'], 'alias/stage-analytics', undefined],
      ['finance', 'snowflake-stage-role-finance', ['finance-stage'], 'alias/stage-finance', undefined],
    ]);
    expect(p.iamUserArn?.value).toBe(SF_USER);
    expect(p.supportBucketNames.map((b) => b.value)).toEqual(['lake-logs']);
    expect(p.otherRoles.map((r) => r.value)).toEqual(['vendor-audit']);
    expect(p.tagKey?.value).toBe('team');
  });

  it('the YAML loads, and each bucket belongs to its stack', async () => {
    const { stackOfBucket } = await import('../profile/stacks.js');
    const yaml = renderProfileYaml(propose(teamFacts()), { readAt: '2026-12-06T00:00:00.000Z', calls: {}, toolVersion: '0.0.0' });
    const profile = parseProfile(parseYaml(yaml), 'init output');
    expect(stackOfBucket(profile, 'finance-stage').kms.alias).toBe('alias/stage-finance');
    expect(stackOfBucket(profile, 'analytics-stage').snowflake.roleName).toBe('snowflake-stage-role-analytics');
    expect(profile.snowflake.roleName).toBeUndefined();
  });

  it('stacks that trust different Snowflake users each name their own', () => {
    const other = 'arn:aws:iam::999988887777:user/abc2-b-self5678';
    const p = propose(teamFacts([SF_USER, other]));
    expect(p.iamUserArn).toBeUndefined();
    expect(p.stacks?.map((s) => s.iamUserArn?.value)).toEqual([SF_USER, other]);
  });

  it('roles that share a bucket are one architecture, not stacks', () => {
    const f = teamFacts();
    const shared = role('snowflake-stage-role-finance', doc(assume(SF_USER, EXTERNAL_ID)), stageAccess('*-stage'));
    const p = propose({ ...f, candidates: [f.candidates[0]!, shared] });
    expect(p.stacks).toBeUndefined();
    expect(p.role?.value).toBeDefined();
  });

  it.each([
    [['snowflake-s3-kms-role-analytics', 'snowflake-s3-kms-role-finance'], ['analytics', 'finance']],
    [['analytics-snowflake', 'finance-snowflake'], ['analytics', 'finance']],
    [['sf/team-a/role', 'sf/team-b/role'], ['role', 'role-2']],
    [['alpha', 'beta'], ['alpha', 'beta']],
  ])('stack names from role names %j → %j', (roles, names) => {
    expect(stackNames(roles)).toEqual(names);
  });
});

describe('propose: from Snowflake storage integrations', () => {
  const RECREATED_USER = 'arn:aws:iam::999988887777:user/new1-b-self9999';
  const integration = (name: string, role: string, user: string, locations: string[]): IntegrationFacts => ({
    name,
    usable: true,
    roleArn: `arn:aws:iam::${OWN}:role/${role}`,
    userArn: user,
    externalId: `${name}_SFCRole=1_x=`,
    allowedLocations: locations,
  });

  it('the integration names the role and the user, even when the trust policy still names an older user', () => {
    const p = propose(facts({ integrations: present([integration('LAKE_INT', 'sf-lake', RECREATED_USER, ['s3://lake-a/ingest/'])]) }));
    expect(p.role).toEqual({ value: 'sf-lake', why: expect.stringContaining('STORAGE_AWS_ROLE_ARN of storage integration LAKE_INT') });
    expect(p.iamUserArn).toEqual({ value: RECREATED_USER, why: 'STORAGE_AWS_IAM_USER_ARN of storage integration LAKE_INT (DESC STORAGE INTEGRATION)' });
    expect(p.notes).toContain(`sf-lake's trust policy does not name ${RECREATED_USER}, the user of storage integration LAKE_INT (it names ${SF_USER}): scan will fail snowflake-integration-trust-matches`);
  });

  it('a role no trust policy offers to another account is still the one the integration names', () => {
    const p = propose(facts({ candidates: [], integrations: present([integration('LAKE_INT', 'sf-internal', SF_USER, ['s3://lake-a/ingest/'])]) }));
    expect(p.role?.value).toBe('sf-internal');
    expect(p.bucketNames.map((b) => b.value)).toEqual(['lake-a', 'lake-logs']);
    expect(p.dataPrefix).toEqual({ value: 'ingest/', why: expect.stringContaining('STORAGE_ALLOWED_LOCATIONS of storage integration LAKE_INT') });
    expect(p.notes).toContain('storage integration LAKE_INT names sf-internal, whose trust policy lets no other account assume it (or which does not exist): scan will say which');
  });

  it('integrations on two roles with buckets of their own become two stacks', () => {
    const second = role('sf-ml', doc(assume(SF_USER, EXTERNAL_ID)), stageAccess('lake-c', 'arn:aws:kms:eu-west-1:111122223333:key/k2'));
    const lake = role('sf-lake', doc(assume(SF_USER, EXTERNAL_ID)), stageAccess('lake-a'));
    const p = propose(
      facts({
        candidates: [lake, second],
        integrations: present([integration('LAKE_INT', 'sf-lake', SF_USER, ['s3://lake-a/ingest/']), integration('ML_INT', 'sf-ml', SF_USER, ['s3://lake-c/ingest/'])]),
      }),
    );
    expect(p.stacks?.map((s) => [s.name, s.role.value, s.buckets.map((b) => b.value)])).toEqual([
      ['lake', 'sf-lake', ['lake-a']],
      ['ml', 'sf-ml', ['lake-c']],
    ]);
  });

  it('integrations that could not be read: said at the top, and the role is found from trust policies', () => {
    const p = propose(facts({ integrations: unknown('could not list Snowflake storage integrations: 403 (USAGE on the integrations is missing)') }));
    expect(p.role?.value).toBe('sf-lake');
    expect(p.notes).toContain('could not list Snowflake storage integrations: 403 (USAGE on the integrations is missing): the Snowflake role was found from trust policies instead');
  });

  it('a disabled or non-S3 integration, or one naming another account\'s role, names nothing', () => {
    const off = { ...integration('OFF_INT', 'sf-off', RECREATED_USER, ['s3://lake-a/']), usable: false };
    const foreign = { ...integration('X_INT', 'sf-x', RECREATED_USER, ['s3://lake-a/']), roleArn: 'arn:aws:iam::444455556666:role/sf-x' };
    expect(propose(facts({ integrations: present([off, foreign]) })).role?.value).toBe('sf-lake');
  });
});

describe('renderProfileYaml', () => {
  const options = { readAt: '2026-12-06T00:00:00.000Z', calls: { 'iam:ListRoles': 1, 's3:ListBuckets': 1 }, toolVersion: '0.0.0' };

  it('writes YAML the profile loader accepts unchanged, with the values proposed', () => {
    const yaml = renderProfileYaml(propose(facts()), options);
    const profile = parseProfile(parseYaml(yaml), 'init output');
    expect(profile.snowflake).toEqual({ roleName: 'sf-lake', iamUserArn: SF_USER });
    expect(profile.kms.alias).toBe('alias/lake-key');
    expect(profile.s3.dataPrefix).toBe('ingest/');
    expect(profile.scope.bucketNames).toEqual(['lake-a', 'lake-b', 'lake-c', 'lake-logs']);
    expect(yaml).toContain('with 2 read-only API calls: iam:ListRoles 1, s3:ListBuckets 1.');
  });

  it('keeps account data out of the YAML structure: a newline in a tag key stays inside its comment and value', () => {
    const hostile = 'owner\nscope: {bucketNames: ["*"]}';
    const tags: Record<string, Observed<Map<string, Record<string, string>>>> = {
      'eu-west-1': present(new Map(['lake-a', 'lake-b', 'lake-c'].map((b) => [b, { [hostile]: 'x' }]))),
    };
    const yaml = renderProfileYaml(propose(facts({ tags })), options);
    const profile = parseProfile(parseYaml(yaml), 'init output');
    expect(profile.ownership.tagKey).toBe(hostile);
    expect(profile.scope.bucketNames).toEqual(['lake-a', 'lake-b', 'lake-c', 'lake-logs']);
  });
});
