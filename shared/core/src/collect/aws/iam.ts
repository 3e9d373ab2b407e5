import {
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  type ManagedPolicyDetail,
  type RoleDetail,
} from '@aws-sdk/client-iam';
import type { RoleInventory } from '../../model/inventory.js';
import { absent, present, unknown, type Observed } from '../../model/observed.js';
import type { PolicyDocument } from '../../model/policy-document.js';
import { parsePolicyJson } from '../../policy/statements.js';
import type { AwsClients } from './clients.js';
import { describeFailure, observe } from './errors.js';
import type { Limit } from './limit.js';
import { IGNORE_TAG } from '../../suppress/tag.js';
import { declareCalls } from './declared-calls.js';

/** IAM needs of this file's calls (declared-calls.ts). The role reads run for every role a scan follows. */
export const IAM_CALLS = declareCalls([
  { service: 'iam', operation: 'GetRole', action: 'iam:GetRole', resource: 'any', feature: 'core', when: "targeted role reads (the default up to 8 roles a batch; see AUTHORIZATION_DETAILS_ABOVE)" },
  { service: 'iam', operation: 'ListRolePolicies', action: 'iam:ListRolePolicies', resource: 'any', feature: 'core', when: 'targeted role reads, for a role that exists' },
  { service: 'iam', operation: 'GetRolePolicy', action: 'iam:GetRolePolicy', resource: 'any', feature: 'core', when: 'targeted role reads, for a role with inline policies' },
  { service: 'iam', operation: 'ListAttachedRolePolicies', action: 'iam:ListAttachedRolePolicies', resource: 'any', feature: 'core', when: 'targeted role reads, for a role that exists' },
  { service: 'iam', operation: 'GetPolicy', action: 'iam:GetPolicy', resource: 'any', feature: 'core', when: 'for a role with a managed policy attached (every one in targeted reads, AWS-managed ones in a listing)' },
  { service: 'iam', operation: 'GetPolicyVersion', action: 'iam:GetPolicyVersion', resource: 'any', feature: 'core', when: 'as GetPolicy' },
  {
    service: 'iam',
    operation: 'GetAccountAuthorizationDetails',
    action: 'iam:GetAccountAuthorizationDetails',
    resource: 'account',
    feature: 'core',
    when: 'when a batch has more than 8 roles, or iamStrategy authorization-details',
  },
]);

type RolePolicy = { name: string; kind: 'inline' | 'managed'; document: PolicyDocument };

/** IAM returns policy documents URL-encoded. */
function decodePolicy(text: string | undefined, what: string): PolicyDocument {
  if (!text) throw new Error(`${what} has no document`);
  const parsed = parsePolicyJson(decodeURIComponent(text));
  if (!parsed.ok) throw new Error(`${what} is malformed: ${parsed.reason}`);
  return parsed.document;
}

/** Runs one call; when it fails, the error names the operation, so the reason says which read was denied. */
async function namedCall<R>(limit: Limit, operation: string, fn: () => Promise<R>): Promise<R> {
  try {
    return await limit(fn);
  } catch (err) {
    throw new Error(describeFailure(err, operation), { cause: err });
  }
}

/** A managed policy's default version: GetPolicy, then GetPolicyVersion — 2 calls. Throws with the reason. */
async function readManagedPolicy(clients: AwsClients, limit: Limit, policyArn: string, policyName?: string): Promise<PolicyDocument> {
  const iam = clients.iam();
  const p = await namedCall(limit, 'iam:GetPolicy', () => iam.send(new GetPolicyCommand({ PolicyArn: policyArn })));
  const v = await namedCall(limit, 'iam:GetPolicyVersion', () => iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: p.Policy?.DefaultVersionId })));
  return decodePolicy(v.PolicyVersion?.Document, `managed policy ${policyName ?? policyArn}`);
}

/**
 * Inline policies, then managed ones, each by name: the order the APIs list them in differs
 * between ListAttachedRolePolicies and GetAccountAuthorizationDetails, and should not show in a report.
 */
function inStableOrder(policies: RolePolicy[]): RolePolicy[] {
  return [...policies].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'inline' ? -1 : 1));
}

/** The role a profile names: a role ARN as given, or a name (optionally path/name) in the scanned account. */
export function roleArnFor(nameOrArn: string, account: string, partition: string): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  const path = nameOrArn.replace(/^\/+/, '');
  return `arn:${partition}:iam::${account}:role/${path}`;
}

/**
 * Targeted reads for the few roles a scan needs (the Snowflake role, application roles and
 * replication roles): GetRole, the inline policies and the attached managed policies' default
 * versions — 3 calls per role plus 1 per inline and 2 per managed policy. The alternative,
 * GetAccountAuthorizationDetails (readRolesFromListing), pages through every role and policy in the
 * account; RoleReader chooses between the two by call count.
 */
export async function readRole(clients: AwsClients, limit: Limit, requestedArn: string, purposes: string[], ownerTagKey?: string): Promise<RoleInventory> {
  const name = requestedArn.split('/').pop() ?? requestedArn;
  const account = requestedArn.split(':')[4] ?? '';
  const iam = clients.iam();
  let arn = requestedArn;
  let owner: string | undefined;
  let ignoreTag: string | undefined;
  const trustPolicy = await observe(
    'iam:GetRole',
    () => limit(() => iam.send(new GetRoleCommand({ RoleName: name }))),
    (r): Observed<PolicyDocument> => {
      // GetRole takes the bare name; the returned ARN carries the role's path, which policies match on.
      if (r.Role?.Arn) arn = r.Role.Arn;
      // GetRole returns the role's tags, so ownership costs no extra call.
      owner = ownerTagKey ? r.Role?.Tags?.find((t) => t.Key === ownerTagKey)?.Value : undefined;
      ignoreTag = r.Role?.Tags?.find((t) => t.Key === IGNORE_TAG)?.Value;
      return present(decodePolicy(r.Role?.AssumeRolePolicyDocument, `trust policy of ${name}`));
    },
    // IAM's error code is NoSuchEntity; SDK v3 names the exception NoSuchEntityException.
    ['NoSuchEntity', 'NoSuchEntityException'],
  );
  if (trustPolicy.state === 'absent') {
    // A role that no longer exists is a known break (nothing can assume it), not an unknown.
    return { arn, name, account, purposes, trustPolicy: absent('the role does not exist'), policies: absent('the role does not exist') };
  }

  const call = <R>(operation: string, fn: () => Promise<R>) => namedCall(limit, operation, fn);

  let policies: Observed<RolePolicy[]>;
  try {
    const out: RolePolicy[] = [];
    let marker: string | undefined;
    do {
      const page = await call('iam:ListRolePolicies', () => iam.send(new ListRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) })));
      const docs = await Promise.all(
        (page.PolicyNames ?? []).map(async (policyName) => {
          const p = await call('iam:GetRolePolicy', () => iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })));
          return { name: policyName, kind: 'inline' as const, document: decodePolicy(p.PolicyDocument, `inline policy ${policyName}`) };
        }),
      );
      out.push(...docs);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    do {
      const page = await call('iam:ListAttachedRolePolicies', () => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) })));
      const docs = await Promise.all(
        (page.AttachedPolicies ?? []).map(async (ap) => ({
          name: ap.PolicyName ?? ap.PolicyArn ?? '?',
          kind: 'managed' as const,
          document: await readManagedPolicy(clients, limit, ap.PolicyArn ?? '', ap.PolicyName),
        })),
      );
      out.push(...docs);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    policies = present(inStableOrder(out));
  } catch (err) {
    policies = unknown((err as Error).message);
  }
  return { arn, name, account, purposes, trustPolicy, policies, ...(owner ? { owner } : {}), ...(ignoreTag !== undefined ? { ignoreTag } : {}) };
}

/**
 * How a scan reads its roles. 'targeted' is readRole per role; 'authorization-details' lists the
 * account with GetAccountAuthorizationDetails; 'auto' (the default) chooses by call count.
 */
export type IamStrategy = 'auto' | 'targeted' | 'authorization-details';

/**
 * 'auto' lists the account with GetAccountAuthorizationDetails when a batch has more roles than
 * this; up to it, it reads each role.
 *
 * Targeted reads cost 3 calls per role plus 1 per inline and 2 per managed policy, whatever the
 * account: 4 for the architecture's roles (one inline policy each), 5.33 measured on the bench's 6
 * in-scope roles (test/bench/api-calls.ts). GetAccountAuthorizationDetails costs 1 call per page
 * however few roles are asked for, plus 2 per distinct AWS-managed policy attached to them (the
 * LocalManagedPolicy filter does not carry those), but its pages cover every role and local policy
 * in the account, and the account's size is what the scan does not know beforehand. In the bench
 * account (66 roles, 20 local policies: 1 page at IAM's default of 100 items, and moto never
 * truncates) the listing costs 3 calls and wins from the first role; in an account of 5,000 roles
 * it is 50+ pages, fetched one after another (each needs the last one's Marker) and megabytes each,
 * against ~20 small parallel calls for the usual 4 roles (Snowflake, replication, two
 * applications). So the chooser bounds the worst case: above 8 roles targeted reads cost ≥ 27 calls
 * (≈ 48 at the bench's 5.33 per role), which pays for a listing of 2,700–4,600 roles and local
 * policies at 100 a page — beyond nearly every account; up to 8, targeted reads stay cheap
 * in calls and bytes everywhere, and need only iam:GetRole/List*RolePolicies/Get*Policy*.
 * Force either with collectAwsInventory's iamStrategy.
 */
export const AUTHORIZATION_DETAILS_ABOVE = 8;

/** The strategy for reading `roles` roles in one batch. */
export function chooseIamStrategy(strategy: IamStrategy, roles: number): Exclude<IamStrategy, 'auto'> {
  if (strategy !== 'auto') return strategy;
  return roles > AUTHORIZATION_DETAILS_ABOVE ? 'authorization-details' : 'targeted';
}

export interface RoleRequest {
  arn: string;
  purposes: string[];
}

/** The account's roles and local managed policies, as GetAccountAuthorizationDetails lists them. */
export interface AuthorizationDetails {
  roles: RoleDetail[];
  /** Customer-managed policies by ARN, with every version (the default one flagged). */
  policies: Map<string, ManagedPolicyDetail>;
  pages: number;
}

/**
 * GetAccountAuthorizationDetails with Filter Role + LocalManagedPolicy, every page (Marker /
 * IsTruncated). Unknown with the reason when any page fails: a partial listing cannot say a role
 * does not exist.
 */
export async function listAuthorizationDetails(clients: AwsClients, limit: Limit): Promise<Observed<AuthorizationDetails>> {
  const op = 'iam:GetAccountAuthorizationDetails';
  const iam = clients.iam();
  const roles: RoleDetail[] = [];
  const policies = new Map<string, ManagedPolicyDetail>();
  const markers = new Set<string>();
  let marker: string | undefined;
  let pages = 0;
  do {
    let page;
    try {
      page = await limit(() =>
        iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role', 'LocalManagedPolicy'], MaxItems: 1000, ...(marker ? { Marker: marker } : {}) })),
      );
    } catch (err) {
      return unknown(describeFailure(err, op));
    }
    pages++;
    roles.push(...(page.RoleDetailList ?? []));
    for (const p of page.Policies ?? []) if (p.Arn) policies.set(p.Arn, p);
    if (page.IsTruncated && (!page.Marker || markers.has(page.Marker)))
      return unknown(`${op} returned a truncated page without a new Marker after ${pages} page(s): the listing is incomplete`);
    marker = page.IsTruncated ? page.Marker : undefined;
    if (marker) markers.add(marker);
  } while (marker);
  return present({ roles, policies, pages });
}

/**
 * The requested roles out of a GetAccountAuthorizationDetails listing, as readRole builds them:
 * matched on the role ARN (path included) or, like GetRole, on the name. A role the complete
 * listing lacks does not exist; a failed listing leaves every role unknown. Local managed policies
 * come from the listing's default version; AWS-managed ones are read with GetPolicy +
 * GetPolicyVersion, once per policy per scan (`awsPolicies` caches them).
 */
export async function readRolesFromListing(
  clients: AwsClients,
  limit: Limit,
  listing: Observed<AuthorizationDetails>,
  requests: RoleRequest[],
  options: { ownerTagKey?: string; account?: string; awsPolicies?: Map<string, Promise<PolicyDocument>> } = {},
): Promise<RoleInventory[]> {
  const awsPolicies = options.awsPolicies ?? new Map<string, Promise<PolicyDocument>>();
  const managed = (policyArn: string, policyName?: string): Promise<PolicyDocument> => {
    let doc = awsPolicies.get(policyArn);
    if (!doc) awsPolicies.set(policyArn, (doc = readManagedPolicy(clients, limit, policyArn, policyName)));
    return doc;
  };
  return Promise.all(
    requests.map(async ({ arn: requestedArn, purposes }): Promise<RoleInventory> => {
      const name = requestedArn.split('/').pop() ?? requestedArn;
      const account = requestedArn.split(':')[4] ?? '';
      const base = { arn: requestedArn, name, account, purposes };
      if (listing.state !== 'present') {
        const reason = listing.state === 'unknown' ? listing.reason : 'iam:GetAccountAuthorizationDetails returned nothing';
        return { ...base, trustPolicy: unknown(reason), policies: unknown(reason) };
      }
      if (options.account && account && account !== options.account) {
        const reason = `the role is in account ${account}; iam:GetAccountAuthorizationDetails lists only the scanned account ${options.account}`;
        return { ...base, trustPolicy: unknown(reason), policies: unknown(reason) };
      }
      const detail = listing.value.roles.find((r) => r.Arn === requestedArn) ?? listing.value.roles.find((r) => r.RoleName === name);
      if (!detail) return { ...base, trustPolicy: absent('the role does not exist'), policies: absent('the role does not exist') };

      let trustPolicy: Observed<PolicyDocument>;
      try {
        trustPolicy = present(decodePolicy(detail.AssumeRolePolicyDocument, `trust policy of ${name}`));
      } catch (err) {
        trustPolicy = unknown(`iam:GetAccountAuthorizationDetails returned a response envelope could not read: ${(err as Error).message}`);
      }
      let policies: Observed<RolePolicy[]>;
      try {
        const inline = (detail.RolePolicyList ?? []).map((p) => ({
          name: p.PolicyName ?? '?',
          kind: 'inline' as const,
          document: decodePolicy(p.PolicyDocument, `inline policy ${p.PolicyName}`),
        }));
        const attached = await Promise.all(
          (detail.AttachedManagedPolicies ?? []).map(async (ap) => {
            const policyArn = ap.PolicyArn ?? '';
            const local = listing.value.policies.get(policyArn);
            const version = local?.PolicyVersionList?.find((v) => v.IsDefaultVersion) ?? local?.PolicyVersionList?.find((v) => v.VersionId === local.DefaultVersionId);
            // AWS-managed policies (arn:…:iam::aws:policy/…) are not in a LocalManagedPolicy listing.
            const document = version ? decodePolicy(version.Document, `managed policy ${ap.PolicyName}`) : await managed(policyArn, ap.PolicyName);
            return { name: ap.PolicyName ?? policyArn, kind: 'managed' as const, document };
          }),
        );
        policies = present(inStableOrder([...inline, ...attached]));
      } catch (err) {
        policies = unknown((err as Error).message);
      }
      const owner = options.ownerTagKey ? detail.Tags?.find((t) => t.Key === options.ownerTagKey)?.Value : undefined;
      const ignoreTag = detail.Tags?.find((t) => t.Key === IGNORE_TAG)?.Value;
      return { ...base, arn: detail.Arn ?? requestedArn, trustPolicy, policies, ...(owner ? { owner } : {}), ...(ignoreTag !== undefined ? { ignoreTag } : {}) };
    }),
  );
}

/**
 * Reads a scan's roles in batches (the profile's roles early, replication roles once the buckets
 * are known), each batch by the strategy chooseIamStrategy picks for its size. Once a batch has
 * listed the account, later batches are answered from that listing at no further call.
 */
export class RoleReader {
  private listing?: Promise<Observed<AuthorizationDetails>>;
  private readonly awsPolicies = new Map<string, Promise<PolicyDocument>>();

  constructor(
    private readonly clients: AwsClients,
    private readonly limit: Limit,
    private readonly options: { strategy?: IamStrategy; ownerTagKey?: string; account?: string } = {},
  ) {}

  async read(all: RoleRequest[]): Promise<RoleInventory[]> {
    // A role of another account cannot be read with this account's credentials: say so, never
    // read a same-named local role in its place.
    const foreign = this.options.account ? all.filter((r) => r.arn.split(':')[4] !== this.options.account) : [];
    const requests = all.filter((r) => !foreign.includes(r));
    const elsewhere = foreign.map((r): RoleInventory => {
      const reason = `the role is in account ${r.arn.split(':')[4]}, and envelope reads roles of the scanned account ${this.options.account} only`;
      return { arn: r.arn, name: r.arn.split('/').pop() ?? r.arn, account: r.arn.split(':')[4] ?? '', purposes: r.purposes, trustPolicy: unknown(reason), policies: unknown(reason) };
    });
    return [...elsewhere, ...(await this.readOwn(requests))];
  }

  private async readOwn(requests: RoleRequest[]): Promise<RoleInventory[]> {
    if (requests.length === 0) return [];
    const { clients, limit, options } = this;
    if (!this.listing && chooseIamStrategy(options.strategy ?? 'auto', requests.length) === 'targeted')
      return Promise.all(requests.map((r) => readRole(clients, limit, r.arn, r.purposes, options.ownerTagKey)));
    this.listing ??= listAuthorizationDetails(clients, limit);
    return readRolesFromListing(clients, limit, await this.listing, requests, { ...options, awsPolicies: this.awsPolicies });
  }
}
