/**
 * `envelope init` on an account built exactly like the architecture but under names of its own
 * (another key alias, Snowflake role, user, stage prefix, owner tag): the profile it writes must
 * carry those names, load unchanged, and make the scan pass the compliant account.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initProfile, loadProfile, type AwsClients, type InitResult, type Profile } from '@envelope/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildArchitecture, OWN_NAMES, REPLICA_REGION, REGION, testClients } from './architecture.js';
import { resetMoto } from './moto-server.js';
import { DEVIATIONS, underNames } from './deviations.js';
import { runScenario, type ScenarioResult } from './scenario.js';
import { diff, scannerClients } from './scan-moto.js';

const endpoint = inject('motoEndpoint');
const dir = mkdtempSync(join(tmpdir(), 'envelope-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs init against the current moto account, writes the YAML and loads it as `scan --profile` would. */
async function initAndLoad(name: string): Promise<{ result: InitResult; file: string }> {
  const clients = scannerClients(endpoint);
  try {
    const result = await initProfile({ clients });
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, result.yaml);
    return { result, file };
  } finally {
    clients.destroy();
  }
}

describe('envelope init on an account with names of its own', () => {
  let init: { result: InitResult; file: string };

  beforeAll(async () => {
    await resetMoto(endpoint);
    await buildArchitecture(testClients(endpoint), [], OWN_NAMES);
    init = await initAndLoad('compliant');
  });

  it('finds the Snowflake role, its user, prefix, buckets, key alias, replication and owner tag', async () => {
    const profile = await loadProfile(init.file);
    expect(profile.snowflake.roleName).toBe(OWN_NAMES.snowflakeRole);
    expect(profile.snowflake.iamUserArn).toBe(OWN_NAMES.snowflakeUserArn);
    expect(profile.s3.dataPrefix).toBe(OWN_NAMES.dataPrefix);
    expect(profile.kms.alias).toBe(OWN_NAMES.alias);
    // The replica key is a multi-Region replica under the same alias: no explicit ARN needed.
    expect(profile.kms.keyArns).toEqual([]);
    expect(profile.ownership.tagKey).toBe(OWN_NAMES.tagKey);
    expect(profile.replication).toEqual({ expected: true, destinationRegions: [REPLICA_REGION] });
    expect(profile.regions).toEqual([REGION, REPLICA_REGION]);
    expect([...profile.scope.bucketNames].sort()).toEqual([OWN_NAMES.logBucket, OWN_NAMES.replicaBucket, OWN_NAMES.replicaLogBucket, OWN_NAMES.stageBucket].sort());
    expect([...profile.scope.supportBucketNames].sort()).toEqual([OWN_NAMES.logBucket, OWN_NAMES.replicaLogBucket].sort());
  });

  it('says why each value was chosen, and how many calls it made', () => {
    const { yaml, calls } = init.result;
    expect(yaml).toMatch(new RegExp(`# trusted by ${OWN_NAMES.snowflakeUserArn.replace(/[/.]/g, '\\$&')} with an sts:ExternalId condition`));
    expect(yaml).toMatch(/# targets arn:aws:kms:eu-west-1:\d{12}:key\/\S+, which encrypts 1 of 1 stage bucket in eu-west-1 by default, and sf-integration-lake may use it/);
    expect(yaml).toContain('# carried by 4 of 4 in-scope buckets');
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    expect(yaml).toContain(`with ${total} read-only API calls`);
    // Roles are listed once; only the candidate roles' policies are read.
    expect(calls['iam:ListRoles']).toBe(1);
    expect(calls['iam:GetRole']).toBe(1);
  });

  it('the scan with that profile fails nothing on the compliant account', async () => {
    const profile = await loadProfile(init.file);
    const r: ScenarioResult = await runScenario(endpoint, [], { names: OWN_NAMES, profile });
    // The architecture as built has no CloudTrail trail (cloudtrail.test.ts covers those rules).
    const failing = [...r.statuses].filter(([k, s]) => s === 'fail' && !k.startsWith('cost-replication-transfer@') && !k.startsWith('trail-'));
    expect(failing).toEqual([]);
    // The Snowflake role was read and judged.
    expect(r.statuses.get(`iam-trust-external-id@${OWN_NAMES.snowflakeRole}`)).toBe('pass');
    expect(r.statuses.get(`iam-role-s3-scoped@${OWN_NAMES.snowflakeRole}`)).toBe('pass');
  });
});

/** init with the given clients, its YAML loaded the way `scan --profile` loads a file. */
async function profileFromInit(clients: AwsClients, name: string): Promise<Profile> {
  const { yaml } = await initProfile({ clients });
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return loadProfile(file);
}

/** Failing findings but the information-only CRR cost and the trail rules (this architecture has no trail). */
const failures = (r: ScenarioResult) => [...r.statuses].filter(([k, s]) => s === 'fail' && !k.startsWith('cost-replication-transfer@') && !k.startsWith('trail-')).map(([k]) => k);

describe("every deviation, rebuilt under the account's own names", () => {
  let compliantProfile: Profile;
  let baseline: ScenarioResult;

  beforeAll(async () => {
    baseline = await runScenario(endpoint, [], { names: OWN_NAMES, profile: (c) => profileFromInit(c, 'baseline') });
    compliantProfile = baseline.profile;
  });

  it('the compliant account fails nothing with the profile init wrote for it', () => {
    expect(failures(baseline)).toEqual([]);
  });

  it.each(DEVIATIONS)("%s: the compliant account's init profile catches exactly its rules", async (deviation, expected) => {
    const r = await runScenario(endpoint, [deviation], { names: OWN_NAMES, profile: compliantProfile });
    expect(diff(baseline.statuses, r.statuses)).toEqual(underNames(expected, OWN_NAMES));
  });

  it.each(DEVIATIONS)('%s: init on the deviated account itself still reports it and fails nothing else', async (deviation, expected) => {
    const r = await runScenario(endpoint, [deviation], { names: OWN_NAMES, profile: (c) => profileFromInit(c, deviation) });
    const want = Object.entries(underNames(expected, OWN_NAMES)).filter(([, s]) => s === 'fail').map(([k]) => k);
    const got = failures(r);
    // Reported: every failure the deviation should cause (a profile taken from a drifted account must not absorb the drift).
    expect(want.filter((k) => !got.includes(k))).toEqual([]);
    // Nothing else fails.
    expect(got.filter((k) => !want.includes(k))).toEqual([]);
  });
});
