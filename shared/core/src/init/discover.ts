import { ListRolesCommand, type Role } from '@aws-sdk/client-iam';
import type { AliasEntry, EncryptionRule, Logging, Replication, RoleInventory } from '../model/inventory.js';
import { present, unknown, type Observed } from '../model/observed.js';
import { parsePolicyJson, resourceMatches } from '../policy/statements.js';
import type { AwsClients } from '../collect/aws/clients.js';
import { observe } from '../collect/aws/errors.js';
import { readRole } from '../collect/aws/iam.js';
import { listAliases } from '../collect/aws/kms.js';
import { createLimit, type Limit } from '../collect/aws/limit.js';
import { listBuckets, readBucketEncryption, readBucketLogging, readBucketReplication, type ListedBucket } from '../collect/aws/s3.js';
import { readCallerIdentity } from '../collect/aws/sts.js';
import { readBucketTags } from '../collect/aws/tagging.js';
import { bucketNameOf } from '../model/encryption.js';
import { collectSnowflakeInventory } from '../collect/snowflake/inventory.js';
import { locationBucket, splitLocations } from '../collect/snowflake/locations.js';
import type { SnowflakeSqlClient } from '../collect/snowflake/sql-api.js';
import { parseProfile } from '../profile/load.js';
import { roleReach, type RoleReach } from './access.js';
import { readTrust, type TrustReading } from './trust.js';
import { declareCalls } from '../collect/aws/declared-calls.js';

/** IAM needs of init's own calls (declared-calls.ts); the rest of what it reads goes through the scan's collectors. */
export const INIT_CALLS = declareCalls([{ service: 'iam', operation: 'ListRoles', action: 'iam:ListRoles', resource: 'any', feature: 'init' }]);

/** A role some other account may assume, with what its policies reach (read only for these roles). */
export interface CandidateRole {
  arn: string;
  /** Path and name, as a profile names it (`snowflake.roleName`). */
  name: string;
  trust: TrustReading;
  policies: RoleInventory['policies'];
  reach?: RoleReach;
}

export interface BucketFacts {
  encryption: Observed<EncryptionRule[]>;
  logging: Observed<Logging>;
  /** Read for stage buckets only (their replication is what the profile describes). */
  replication?: Observed<Replication>;
}

/** A storage integration as DESC STORAGE INTEGRATION shows it: the truth the role's trust should match. */
export interface IntegrationFacts {
  name: string;
  /** ENABLED true and STORAGE_PROVIDER S3. */
  usable: boolean;
  roleArn?: string;
  userArn?: string;
  externalId?: string;
  allowedLocations: string[];
}

/** Everything `envelope init` read, before any choice is made. */
export interface AccountFacts {
  account: string;
  partition: string;
  callerArn: string;
  /** iam:ListRoles: how many roles the account has. */
  roleCount: Observed<number>;
  candidates: CandidateRole[];
  buckets: Observed<ListedBucket[]>;
  /** Per bucket name: the stage buckets of every candidate role, their replication destinations and log targets. */
  bucketFacts: Map<string, BucketFacts>;
  aliases: Record<string, Observed<AliasEntry[]>>;
  tags: Record<string, Observed<Map<string, Record<string, string>>>>;
  /** Snowflake's storage integrations, when init read them (Snowflake configured); they name the role and user instead of a guess. */
  integrations?: Observed<IntegrationFacts[]>;
}

export interface DiscoverOptions {
  clients: AwsClients;
  concurrency?: number;
  /** Only buckets in these Regions. */
  regions?: string[];
  /** Snowflake's SQL API, when configured: the integrations name the role, user, buckets and prefix. */
  snowflake?: SnowflakeSqlClient;
}

/**
 * Reads what a profile needs, and no more: iam:ListRoles once (trust policies come with it), the
 * policies of roles another account may assume, s3:ListBuckets, then for the buckets those roles
 * reach their encryption, replication and logging, the replication destinations' encryption and
 * logging, kms:ListAliases and tagging:GetResources once per Region in use.
 */
export async function discoverAccount(options: DiscoverOptions): Promise<AccountFacts> {
  const { clients } = options;
  const limit = createLimit(options.concurrency ?? 16);
  const identity = await readCallerIdentity(clients);
  const { account, partition } = identity;

  const [roles, listed, integrations] = await Promise.all([
    listRoles(clients, limit),
    listBuckets(clients, limit),
    options.snowflake ? readIntegrations(options.snowflake) : Promise.resolve(undefined),
  ]);
  const regionFilter = options.regions ?? [];
  const buckets: Observed<ListedBucket[]> =
    listed.state === 'present' && regionFilter.length > 0 ? present(listed.value.filter((b) => regionFilter.includes(b.region))) : listed;

  const candidates: CandidateRole[] = [];
  if (roles.state === 'present') {
    for (const r of roles.value) {
      const parsed = r.AssumeRolePolicyDocument ? parsePolicyJson(decodeURIComponent(r.AssumeRolePolicyDocument)) : undefined;
      if (!parsed?.ok || !r.Arn || !r.RoleName) continue;
      const trust = readTrust(parsed.document, account);
      if (!trust) continue;
      const path = (r.Path ?? '/').replace(/^\/+/, '');
      candidates.push({ arn: r.Arn, name: `${path}${r.RoleName}`, trust, policies: present([]) });
    }
  }
  await Promise.all(
    candidates.map(async (c) => {
      const read = await readRole(clients, limit, c.arn, ['snowflake']);
      c.policies = read.policies;
      if (read.policies.state === 'present') c.reach = roleReach(read.policies.value);
    }),
  );

  const byName = new Map((buckets.state === 'present' ? buckets.value : []).map((b) => [b.name, b]));
  const bucketFacts = new Map<string, BucketFacts>();
  // Stage buckets: what a candidate role reaches, and where an integration's stages may point.
  const locationBuckets = new Set(integrations?.state === 'present' ? integrations.value.flatMap((i) => i.allowedLocations.map(locationBucket).filter((b): b is string => b !== undefined)) : []);
  const stage = [...byName.values()].filter((b) => locationBuckets.has(b.name) || candidates.some((c) => c.reach?.buckets.some((p) => resourceMatches(p, b.name))));
  await Promise.all(
    stage.map(async (b) => {
      const [encryption, logging, replication] = await Promise.all([
        readBucketEncryption(clients, limit, b),
        readBucketLogging(clients, limit, b),
        readBucketReplication(clients, limit, b),
      ]);
      bucketFacts.set(b.name, { encryption, logging, replication });
    }),
  );
  // Replication destinations in this account: their encryption names the replica key, their logging a support bucket.
  const destinations = new Set<ListedBucket>();
  for (const f of bucketFacts.values()) {
    if (f.replication?.state !== 'present') continue;
    for (const rule of f.replication.value.rules) {
      const dest = byName.get(bucketNameOf(rule.destinationBucketArn));
      if (dest && !bucketFacts.has(dest.name)) destinations.add(dest);
    }
  }
  await Promise.all(
    [...destinations].map(async (b) => {
      const [encryption, logging] = await Promise.all([readBucketEncryption(clients, limit, b), readBucketLogging(clients, limit, b)]);
      bucketFacts.set(b.name, { encryption, logging });
    }),
  );

  const regions = [...new Set([...bucketFacts.keys()].map((n) => byName.get(n)!.region))].sort();
  const aliases: AccountFacts['aliases'] = {};
  const tags: AccountFacts['tags'] = {};
  await Promise.all(
    regions.flatMap((r) => [
      listAliases(clients, limit, r).then((a) => (aliases[r] = a)),
      readBucketTags(clients, limit, r).then((t) => (tags[r] = t)),
    ]),
  );

  return {
    account,
    partition,
    callerArn: identity.arn,
    roleCount: roles.state === 'present' ? present(roles.value.length) : roles,
    candidates: candidates.sort((a, b) => a.arn.localeCompare(b.arn)),
    buckets,
    bucketFacts,
    aliases,
    tags,
    ...(integrations ? { integrations } : {}),
  };
}

const INIT_PROFILE = parseProfile({ name: 'init' }, 'init');

/** SHOW + DESC STORAGE INTEGRATIONS through the scan's own collector; what it could not read stays unknown. */
async function readIntegrations(client: SnowflakeSqlClient): Promise<Observed<IntegrationFacts[]>> {
  const inv = await collectSnowflakeInventory({ client, profile: INIT_PROFILE });
  const listed = inv.gaps.find((g) => g.what === 'storage integrations');
  if (listed) return unknown(`could not list Snowflake storage integrations: ${listed.reason}`);
  return present(
    inv.integrations.map((i) => {
      const p = i.properties.state === 'present' ? i.properties.value : {};
      return {
        name: i.name,
        usable: /^true$/i.test(p.ENABLED ?? '') && /^S3$/i.test(p.STORAGE_PROVIDER ?? ''),
        ...(p.STORAGE_AWS_ROLE_ARN ? { roleArn: p.STORAGE_AWS_ROLE_ARN } : {}),
        ...(p.STORAGE_AWS_IAM_USER_ARN ? { userArn: p.STORAGE_AWS_IAM_USER_ARN } : {}),
        ...(p.STORAGE_AWS_EXTERNAL_ID ? { externalId: p.STORAGE_AWS_EXTERNAL_ID } : {}),
        allowedLocations: p.STORAGE_ALLOWED_LOCATIONS ? splitLocations(p.STORAGE_ALLOWED_LOCATIONS) : [],
      };
    }),
  );
}

/** iam:ListRoles, every page: each role comes with its trust policy, so no GetRole is needed to find candidates. */
async function listRoles(clients: AwsClients, limit: Limit): Promise<Observed<Role[]>> {
  const out: Role[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  do {
    const page = await observe(
      'iam:ListRoles',
      () => limit(() => clients.iam().send(new ListRolesCommand({ MaxItems: 1000, ...(marker ? { Marker: marker } : {}) }))),
      (r) => r,
    );
    if (page.state !== 'present') return page.state === 'unknown' ? page : present(out);
    out.push(...(page.value.Roles ?? []));
    // A truncated page without a new Marker would end the listing early (or never): a partial list cannot say a role is not there.
    if (page.value.IsTruncated && (!page.value.Marker || seen.has(page.value.Marker)))
      return unknown(`iam:ListRoles returned a truncated page without a new Marker after ${out.length} roles: the listing is incomplete`);
    marker = page.value.IsTruncated ? page.value.Marker : undefined;
    if (marker) seen.add(marker);
  } while (marker);
  return present(out);
}
