/**
 * The two ways of reading IAM roles against moto: targeted reads (GetRole, the inline policies,
 * the attached policies' default versions, per role) and one account-wide
 * GetAccountAuthorizationDetails listing. On the baseline architecture plus an application role
 * with a customer-managed policy (two versions, the second the default), an AWS-managed policy and
 * an owner tag, and a role the profile names that does not exist, both strategies must build the
 * same role inventory and so the same findings. A denied listing leaves every role unknown, never
 * absent, and the iam-* rules unknown.
 *
 * Where moto differs from IAM here (moto 5.2.5), and what this file does about it:
 * - GetAccountAuthorizationDetails ignores MaxItems and Marker and always answers IsTruncated=false,
 *   so pagination never happens. The shim below splits moto's one answer into two pages (policies
 *   first, roles second), so the Marker loop runs and roles are matched to policies listed on an
 *   earlier page.
 * - Its AssumeRolePolicyDocument is raw JSON, where IAM (and moto's own GetRole) URL-encode it. The
 *   shim URL-encodes it, so the decoding the collector needs against AWS is what is tested. (Without
 *   the shim the scan still reads it: decodeURIComponent leaves JSON without a '%' unchanged.)
 * - moto_server loads AWS-managed policies (arn:aws:iam::aws:policy/…) only when started with
 *   MOTO_IAM_LOAD_MANAGED_POLICIES=true; /moto-api/config cannot switch it on. This file starts
 *   its own moto with it, so attaching AmazonS3ReadOnlyAccess, GetPolicy and GetPolicyVersion on it
 *   are moto's real answers.
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { collectAwsInventory, parseProfile, type AwsCollectOptions, type Inventory, type Profile } from '@envelope/core';
import { bypass, http, HttpResponse, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectFault } from '../faults/faults.js';
import { operationOf } from '../faults/aws-operation.js';
import { ACCOUNT, buildArchitecture, REPLICATION_ROLE, SNOWFLAKE_ROLE, testClients } from './architecture.js';
import { fidelityShims } from './fidelity-shims.js';
import { resetMoto, startMoto, type MotoServer } from './moto-server.js';
import { findingsFor, motoProfileInput, scannerClients, statusMap, type StatusMap } from './scan-moto.js';

type IamStrategy = NonNullable<AwsCollectOptions['iamStrategy']>;

const APP_ROLE = 'acme-ingest-app';
const APP_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/apps/${APP_ROLE}`;
const MISSING_ROLE = 'acme-missing-role';
const LOCAL_POLICY = 'acme-stage-read';
const AWS_POLICY_ARN = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
/** Enough application roles that 'auto' lists the account. */
const MANY_APP_ROLES = Array.from({ length: 9 }, (_, i) => `acme-app-${i}`);

const doc = (statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement });
const V1 = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }];
const V2 = [{ Sid: 'DefaultVersion', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-stage/data/*' }];

const profileWith = (appRoles: string[]): Profile => parseProfile({ ...motoProfileInput, iam: { appRoles } }, 'iam strategy test profile');
const PROFILE = profileWith([`apps/${APP_ROLE}`, MISSING_ROLE]);

/** The architecture plus what it lacks for these reads: managed policies, a path, owner tags, unrelated roles. */
async function provision(endpoint: string): Promise<void> {
  await resetMoto(endpoint);
  const c = testClients(endpoint);
  await buildArchitecture(c);
  const iam = c.iam;
  const trust = doc([{ Effect: 'Allow', Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }]);
  const policy = await iam.send(new CreatePolicyCommand({ PolicyName: LOCAL_POLICY, Path: '/acme/', PolicyDocument: doc(V1) }));
  const policyArn = policy.Policy!.Arn!;
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: doc(V2), SetAsDefault: true }));
  // An unrelated local policy, attached to nothing in scope.
  await iam.send(new CreatePolicyCommand({ PolicyName: 'acme-unrelated', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }]) }));
  await iam.send(new CreateRoleCommand({ RoleName: APP_ROLE, Path: '/apps/', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'team', Value: 'ingest' }] }));
  await iam.send(new PutRolePolicyCommand({ RoleName: APP_ROLE, PolicyName: 'ingest-kms', PolicyDocument: doc([{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }]) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: APP_ROLE, PolicyArn: policyArn }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: APP_ROLE, PolicyArn: AWS_POLICY_ARN }));
  await iam.send(new TagRoleCommand({ RoleName: SNOWFLAKE_ROLE, Tags: [{ Key: 'team', Value: 'data-platform' }] }));
  for (const name of MANY_APP_ROLES) {
    await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: i0(name) ? AWS_POLICY_ARN : policyArn }));
  }
}
const i0 = (name: string) => name.endsWith('-0');

const xmlUnescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Fidelity shim for GetAccountAuthorizationDetails (see the header): two pages, trust policies URL-encoded. */
function authorizationDetailsShim(endpoint: string): RequestHandler {
  return http.post(`${endpoint}/`, async ({ request }) => {
    if ((await operationOf(request)) !== 'iam:GetAccountAuthorizationDetails') return undefined;
    const secondPage = new URLSearchParams(await request.clone().text()).get('Marker') === 'shim-page-2';
    const upstream = await fetch(bypass(request));
    let xml = await upstream.text();
    if (!upstream.ok) return new HttpResponse(xml, { status: upstream.status, headers: upstream.headers });
    xml = xml.replace(/<AssumeRolePolicyDocument>([^<]*)<\/AssumeRolePolicyDocument>/g, (_, text: string) => {
      const raw = xmlUnescape(text);
      return `<AssumeRolePolicyDocument>${raw.startsWith('{') ? encodeURIComponent(raw) : text}</AssumeRolePolicyDocument>`;
    });
    if (secondPage) xml = xml.replace(/<Policies>[\s\S]*?<\/Policies>/, '<Policies/>');
    else
      xml = xml
        .replace(/<RoleDetailList>[\s\S]*?<\/RoleDetailList>/, '<RoleDetailList/>')
        .replace('<IsTruncated>false</IsTruncated>', '<IsTruncated>true</IsTruncated><Marker>shim-page-2</Marker>');
    return new HttpResponse(xml, { status: 200, headers: { 'content-type': 'text/xml' } });
  });
}

interface Scan {
  inventory: Inventory;
  statuses: StatusMap;
  calls: Record<string, number>;
}

async function scan(endpoint: string, iamStrategy: IamStrategy, options: { profile?: Profile; handlers?: RequestHandler[] } = {}): Promise<Scan> {
  const profile = options.profile ?? PROFILE;
  const server = setupServer(
    ...(options.handlers ?? []),
    authorizationDetailsShim(endpoint),
    ...fidelityShims(endpoint, { sseKmsEncryptedObjects: new Map([['acme-stage', 'Enabled']]) }),
  );
  server.listen({ onUnhandledRequest: 'bypass' });
  const clients = scannerClients(endpoint, { maxAttempts: 1 });
  try {
    const inventory = await collectAwsInventory({ clients, profile, cost: false, iamStrategy });
    return { inventory, statuses: statusMap(findingsFor(inventory, profile)), calls: clients.stats.byOperation() };
  } finally {
    server.close();
    clients.destroy();
  }
}

const roleNamed = (inv: Inventory, name: string) => inv.roles.find((r) => r.name === name);
const iamCalls = (calls: Record<string, number>) => Object.fromEntries(Object.entries(calls).filter(([op]) => op.startsWith('iam:')));

describe('IAM read strategies against moto', () => {
  let moto: MotoServer;
  let targeted: Scan;
  let listed: Scan;

  beforeAll(async () => {
    const before = process.env.MOTO_IAM_LOAD_MANAGED_POLICIES;
    process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true';
    try {
      moto = await startMoto();
    } finally {
      if (before === undefined) delete process.env.MOTO_IAM_LOAD_MANAGED_POLICIES;
      else process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = before;
    }
    await provision(moto.endpoint);
    targeted = await scan(moto.endpoint, 'targeted');
    listed = await scan(moto.endpoint, 'authorization-details');
  });
  afterAll(async () => moto?.stop());

  it('both strategies build the same roles: trust, policies, purposes, owner', () => {
    // Sorted by ARN: role/acme-…, role/apps/acme-ingest-app, role/snowflake-….
    expect(targeted.inventory.roles.map((r) => r.name)).toEqual([MISSING_ROLE, REPLICATION_ROLE, APP_ROLE, SNOWFLAKE_ROLE]);
    expect(listed.inventory.roles).toEqual(targeted.inventory.roles);
    const app = roleNamed(listed.inventory, APP_ROLE)!;
    expect(app.arn).toBe(APP_ROLE_ARN);
    expect(app.owner).toBe('ingest');
    expect(app.purposes).toEqual(['app']);
    expect(app.trustPolicy.state).toBe('present');
    // The customer-managed policy's default version (v2), the AWS-managed one, the inline one.
    const policies = app.policies.state === 'present' ? app.policies.value : [];
    expect(policies.map((p) => [p.kind, p.name]).sort()).toEqual([['inline', 'ingest-kms'], ['managed', 'AmazonS3ReadOnlyAccess'], ['managed', LOCAL_POLICY]]);
    expect(JSON.stringify(policies.find((p) => p.name === LOCAL_POLICY)?.document)).toContain('DefaultVersion');
    expect(roleNamed(listed.inventory, SNOWFLAKE_ROLE)).toMatchObject({ owner: 'data-platform', purposes: ['snowflake'] });
    expect(roleNamed(listed.inventory, REPLICATION_ROLE)).toMatchObject({ purposes: ['replication'] });
    expect(listed.inventory.gaps.filter((g) => g.resource.includes(':role/'))).toEqual(targeted.inventory.gaps.filter((g) => g.resource.includes(':role/')));
  });

  it('and so the same findings', () => {
    expect([...listed.statuses].filter(([k]) => k.startsWith('iam-')).length).toBeGreaterThan(0);
    expect(listed.statuses).toEqual(targeted.statuses);
  });

  it('a role the profile names that does not exist is absent in both', () => {
    for (const s of [targeted, listed]) {
      const missing = roleNamed(s.inventory, MISSING_ROLE)!;
      expect(missing.trustPolicy).toEqual({ state: 'absent', note: 'the role does not exist' });
      expect(missing.policies.state).toBe('absent');
    }
  });

  it('the listing makes GetAccountAuthorizationDetails calls (every page) and no per-role reads', () => {
    expect(iamCalls(listed.calls)).toEqual({
      'iam:GetAccountAuthorizationDetails': 2, // the shim's two pages
      // Only the AWS-managed policy, which a LocalManagedPolicy listing does not carry.
      'iam:GetPolicy': 1,
      'iam:GetPolicyVersion': 1,
    });
    // 3 per role that exists, plus 1 per inline and 2 per managed policy; the missing role costs 1.
    expect(iamCalls(targeted.calls)).toEqual({
      'iam:GetRole': 4,
      'iam:ListRolePolicies': 3,
      'iam:GetRolePolicy': 3,
      'iam:ListAttachedRolePolicies': 3,
      'iam:GetPolicy': 2,
      'iam:GetPolicyVersion': 2,
    });
  });

  it("'auto' reads a few roles one by one, and lists the account when a batch has more than 8", async () => {
    const few = await scan(moto.endpoint, 'auto');
    expect(few.calls['iam:GetAccountAuthorizationDetails']).toBeUndefined();
    expect(few.inventory.roles).toEqual(targeted.inventory.roles);
    // 8 profile roles (the Snowflake role and 7 application roles) in the first batch: still targeted.
    const eight = await scan(moto.endpoint, 'auto', { profile: profileWith(MANY_APP_ROLES.slice(0, 7)) });
    expect(eight.calls['iam:GetAccountAuthorizationDetails']).toBeUndefined();
    expect(eight.calls['iam:GetRole']).toBe(9);

    // 12 profile roles: one listing serves them and, after the buckets, the replication role too.
    const many = profileWith([`apps/${APP_ROLE}`, MISSING_ROLE, ...MANY_APP_ROLES]);
    const auto = await scan(moto.endpoint, 'auto', { profile: many });
    expect(iamCalls(auto.calls)).toEqual({ 'iam:GetAccountAuthorizationDetails': 2, 'iam:GetPolicy': 1, 'iam:GetPolicyVersion': 1 });
    const forced = await scan(moto.endpoint, 'targeted', { profile: many });
    expect(auto.inventory.roles).toEqual(forced.inventory.roles);
    expect(auto.inventory.roles).toHaveLength(13);
    expect(auto.statuses).toEqual(forced.statuses);
  });

  it('a denied GetAccountAuthorizationDetails leaves every role unknown, not absent, and the iam-* rules unknown', async () => {
    const fault = injectFault(moto.endpoint, 'iam:GetAccountAuthorizationDetails', { kind: 'access-denied' });
    const denied = await scan(moto.endpoint, 'authorization-details', { handlers: fault.handlers });
    expect(fault.hits()).toBe(1);
    expect(denied.calls['iam:GetRole']).toBeUndefined();
    expect(denied.inventory.roles.map((r) => r.name)).toEqual(targeted.inventory.roles.map((r) => r.name));
    for (const r of denied.inventory.roles) {
      expect(r.trustPolicy).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/^access denied to iam:GetAccountAuthorizationDetails/) });
      expect(r.policies).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/^access denied to iam:GetAccountAuthorizationDetails/) });
    }
    const iamRules = [...denied.statuses].filter(([k]) => k.startsWith('iam-'));
    expect(iamRules.length).toBeGreaterThan(0);
    // The iam-role-* scoping rules do not apply to a replication role, whatever its reads say.
    expect(iamRules.filter(([, status]) => status !== 'unknown')).toEqual([
      ['iam-role-kms-scoped@acme-s3-replication', 'not_applicable'],
      ['iam-role-s3-scoped@acme-s3-replication', 'not_applicable'],
    ]);
    // Every rule the roles decided in the good scan is unknown now, the missing role's included.
    const decided = [...listed.statuses].filter(([k, status]) => k.startsWith('iam-') && status !== 'not_applicable');
    expect(decided.length).toBeGreaterThan(0);
    for (const [k] of decided) expect(denied.statuses.get(k), k).toBe('unknown');
    expect(denied.statuses.get('s3-replication-role-least-privilege@acme-stage')).toBe('unknown');
    expect(denied.inventory.gaps.some((g) => g.resource === `arn:aws:iam::${ACCOUNT}:role/${MISSING_ROLE}` && /access denied/.test(g.reason))).toBe(true);
  });
});
