import picomatch from 'picomatch';
import type { AliasEntry, BucketInventory, Gap, Inventory, KeyInventory, RoleInventory, SourceKind, TrailInventory } from '../../model/inventory.js';
import { bucketRolesOf } from '../bucket-roles.js';
import { referencedKeys, replicaKeyRefs } from '../key-references.js';
import { describeTrails, readTrail } from './cloudtrail.js';
import { isNotRead, notRead, present, unknown, type Observed } from '../../model/observed.js';
import type { Profile } from '../../profile/schema.js';
import { snowflakeRoles } from '../../profile/stacks.js';
import type { AwsClients } from './clients.js';
import { RoleReader, roleArnFor, type IamStrategy } from './iam.js';
import { listAliases, listKeyArns, readKey, readUnreferencedKey } from './kms.js';
import { readBucketUsage } from './cloudwatch.js';
import { createLimit, mapBounded, type Limit } from './limit.js';
import { listBuckets, readAccountPublicAccessBlock, readBucketConfig, readBucketEncryption, readBucketLogging, readBucketReplication, sampleObjects, type ListedBucket } from './s3.js';
import { readCallerIdentity } from './sts.js';
import { readBucketTags } from './tagging.js';

export { AwsClients, type AwsClientOptions } from './clients.js';
export { ApiCallStats } from './stats.js';
export { IdentityError } from './sts.js';
export { headObject } from './s3.js';
export { createLimit, mapBounded } from './limit.js';
export { AUTHORIZATION_DETAILS_ABOVE, chooseIamStrategy, type IamStrategy } from './iam.js';

export interface ProgressEvent {
  phase: 'identity' | 'buckets' | 'keys' | 'roles' | 'trails' | 'objects' | 'usage' | 'snowflake';
  done: number;
  total: number;
}

export interface AwsCollectOptions {
  clients: AwsClients;
  profile: Profile;
  /** Only buckets in these Regions (CLI --region); defaults to the profile's regions, then all. */
  regions?: string[];
  concurrency?: number;
  /**
   * Read what the cost estimate needs (CloudWatch usage, keys nothing references). Default true;
   * false for --no-cost, which makes no CloudWatch calls.
   */
  cost?: boolean;
  sourceKind?: SourceKind;
  /**
   * How IAM roles are read: per role (GetRole and its policies), from one account-wide
   * GetAccountAuthorizationDetails listing, or 'auto' (default): the listing when a batch has more
   * than AUTHORIZATION_DETAILS_ABOVE roles (see iam.ts for the call counts behind it).
   */
  iamStrategy?: IamStrategy;
  /**
   * What the Snowflake side points at (collect/snowflake): the integrations' roles are read as
   * Snowflake roles and the stages' buckets are in scope, whatever the profile's globs say, so the
   * chain rules can follow every hop.
   */
  snowflakeScope?: { roleArns: string[]; buckets: string[] };
  /**
   * `--shard i/n` of one account: the buckets this shard reports. The others are read only for
   * what decides the rest — which buckets are support buckets (logging) and which keys and roles
   * the account's buckets use (encryption, replication) — so keys, roles and trails are judged as
   * in a whole scan; their other fields are not read, nor sampled, nor their usage.
   */
  ownsBucket?: (name: string) => boolean;
  /**
   * Incremental scans (--since): which in-scope buckets to read; the others are carried over from
   * the previous report by the caller. Stage buckets and trail buckets are read whatever it says
   * (the chain and trail rules judge them with their trail or stage), and keys nothing references
   * are not listed (the carried buckets may reference any of them; their findings are carried too).
   */
  bucketFilter?: (name: string) => boolean;
  onProgress?: (e: ProgressEvent) => void;
}

/** What a bucket another shard reports is not read for. */
const OTHER_SHARD = 'another shard (--shard) reads this bucket';

/** Reads the account into an inventory. Every read that fails becomes unknown(reason); the scan goes on. */
export async function collectAwsInventory(options: AwsCollectOptions): Promise<Inventory> {
  const { clients, profile, onProgress } = options;
  const limit = createLimit(options.concurrency ?? 16);
  // Resources in progress at once: enough to keep every call slot busy (a bucket has up to 7 calls
  // ready at a time, then the 2 that follow), few enough that the queue stays short (mapBounded).
  const width = Math.max(8, 4 * (options.concurrency ?? 16));
  const collectedAt = new Date().toISOString();
  const gaps: Gap[] = [];

  onProgress?.({ phase: 'identity', done: 0, total: 1 });
  const identity = await readCallerIdentity(clients);
  const { account, partition } = identity;

  // Trails: DescribeTrails (shadow trails included) in the default Region at once, and in every
  // other Region that holds a scanned bucket once those are known (a single-Region trail is listed
  // only in its home Region); then 2 calls per trail in its home Region. Runs alongside the bucket
  // reads; awaited before buckets are classified.
  let trailRegions: (regions: string[]) => void = () => undefined;
  const trailsRead = readTrails(clients, limit, account, new Promise<string[]>((resolve) => (trailRegions = resolve)), onProgress);
  // The Snowflake role and the application roles come from the profile, so they too are read
  // alongside the buckets; replication roles are known only once the buckets are. Each batch picks
  // its strategy by size; when the first one lists the account (GetAccountAuthorizationDetails),
  // the replication roles are found in that same listing at no further call.
  const roleReader = new RoleReader(clients, limit, { strategy: options.iamStrategy ?? 'auto', ownerTagKey: profile.ownership.tagKey, account });
  const profileRoles = new Map<string, string[]>();
  const addRole = (nameOrArn: string, purpose: string) => {
    const arn = roleArnFor(nameOrArn, account, partition);
    profileRoles.set(arn, [...new Set([...(profileRoles.get(arn) ?? []), purpose])]);
  };
  for (const { roleName } of snowflakeRoles(profile)) addRole(roleName, 'snowflake');
  for (const r of profile.iam.appRoles) addRole(r, 'app');
  // A role of another account is not this scan's to read; the chain rules say so.
  for (const arn of options.snowflakeScope?.roleArns ?? []) if (arn.split(':')[4] === account) addRole(arn, 'snowflake');
  const profileRolesRead = roleReader.read([...profileRoles].map(([arn, purposes]) => ({ arn, purposes })));

  const [listed, accountPab] = await Promise.all([listBuckets(clients, limit), readAccountPublicAccessBlock(clients, limit, account)]);
  if (listed.state === 'unknown') gaps.push({ resource: `account ${account}`, what: 'the bucket list', reason: listed.reason });
  if (accountPab.state === 'unknown') gaps.push({ resource: `account ${account}`, what: 'account-level Block Public Access', reason: accountPab.reason });

  const regionFilter = options.regions?.length ? options.regions : profile.regions;
  for (const b of listed.state === 'present' ? listed.value : [])
    if (b.regionUnknown) gaps.push({ resource: `arn:${partition}:s3:::${b.name}`, what: 'Region', reason: `${b.regionUnknown}; read as ${b.region}` });
  // A bucket whose Region could not be read cannot be proved outside the Region filter: kept.
  const candidates = (listed.state === 'present' ? listed.value : []).filter(
    (b) => regionFilter.length === 0 || b.regionUnknown !== undefined || regionFilter.includes(b.region),
  );

  // Tag suppressions (envelope:ignore) need the tags too: one paginated call per Region.
  const needTags = profile.ownership.tagKey !== undefined || Object.keys(profile.scope.bucketTags).length > 0 || profile.suppressionTags;
  const bucketRegions = [...new Set(candidates.map((b) => b.region))].sort();
  trailRegions(bucketRegions);
  const tagsByRegion = new Map<string, Observed<Map<string, Record<string, string>>>>();
  // The tag listing (GetResources, 100 buckets a page, one page after another) runs alongside the
  // bucket reads; only a profile that scopes buckets by tag waits for it before choosing them.
  const tagsRead = needTags ? Promise.all(bucketRegions.map(async (r) => tagsByRegion.set(r, await readBucketTags(clients, limit, r)))) : Promise.resolve();
  // Where the tag gaps go in the list, whenever the listing ends.
  const tagGapsAt = gaps.length;
  const tagGaps = () => bucketRegions.flatMap((r) => {
    const t = tagsByRegion.get(r);
    return t?.state === 'unknown' ? [{ resource: `buckets in ${r}`, what: 'tags', reason: t.reason }] : [];
  });
  if (Object.keys(profile.scope.bucketTags).length > 0) await tagsRead;
  const tagsOf = (b: Pick<ListedBucket, 'name' | 'region' | 'regionUnknown'>): Observed<Record<string, string>> => {
    const t = tagsByRegion.get(b.region);
    if (!t) return notRead('the profile uses neither tag scope, tag ownership nor tag suppressions');
    // Tags are listed per Region: a bucket whose Region is a guess is in no listing read.
    if (b.regionUnknown !== undefined) return unknown(`tags not read: the bucket's Region is not known (${b.regionUnknown})`);
    return t.state === 'present' ? present(t.value.get(b.name) ?? {}) : t;
  };

  const inScope = scopeMatcher(profile);
  const stageBuckets = new Set(options.snowflakeScope?.buckets ?? []);
  const inScopeBuckets = candidates.filter((b) => stageBuckets.has(b.name) || inScope(b.name, tagsOf(b)));
  const reread = options.bucketFilter;
  const scoped = reread ? inScopeBuckets.filter((b) => stageBuckets.has(b.name) || reread(b.name)) : inScopeBuckets;
  const partial = scoped.length < inScopeBuckets.length;

  let done = 0;
  let total = scoped.length;
  onProgress?.({ phase: 'buckets', done, total });
  const owns = options.ownsBucket ?? (() => true);
  // Alongside the bucket reads too: the aliases of the Regions known now (others once the buckets
  // and trails name them), and CloudWatch usage (ListMetrics, then GetMetricData by batch).
  const aliases: Record<string, Observed<AliasEntry[]>> = {};
  const aliasesRead = new Map<string, Promise<unknown>>();
  const readAliases = (regions: Iterable<string>) =>
    Promise.all(
      [...regions].map((r) => {
        let p = aliasesRead.get(r);
        if (!p) aliasesRead.set(r, (p = listAliases(clients, limit, r).then((a) => (aliases[r] = a))));
        return p;
      }),
    );
  void readAliases([...bucketRegions, ...profile.kms.keyArns.map((arn) => arn.split(':')[3]!)]);
  const now = new Date(collectedAt);
  // Its progress is told when it is awaited, so the bucket phase is not interrupted.
  const usageRead = options.cost !== false ? readUsage(clients, limit, scoped.filter((b) => owns(b.name)), now) : undefined;

  const readBucket = async (b: ListedBucket, whole = owns(b.name)): Promise<BucketInventory> => {
    const config = whole ? await readBucketConfig(clients, limit, b) : await readBucketSkeleton(clients, limit, b);
    onProgress?.({ phase: 'buckets', done: ++done, total });
    return {
      name: b.name,
      arn: `arn:${partition}:s3:::${b.name}`,
      region: b.region,
      ...(b.regionUnknown !== undefined ? { regionUnknown: b.regionUnknown } : {}),
      account,
      ...(b.creationDate ? { creationDate: b.creationDate } : {}),
      role: { kind: 'architecture' as const },
      // Tags and owner are filled in once the tag listing is read (below).
      tags: notRead('the profile uses neither tag scope nor tag ownership'),
      ...config,
      objectSample: notRead(owns(b.name) ? 'support buckets are not sampled' : OTHER_SHARD),
      usage: notRead(owns(b.name) ? 'cost estimation is off (--no-cost)' : OTHER_SHARD),
    };
  };
  const buckets: BucketInventory[] = await mapBounded(scoped, width, (b) => readBucket(b));
  const { trailList, trails } = await trailsRead;
  if (trailList.state === 'unknown') gaps.push({ resource: `account ${account}`, what: 'the trail list', reason: trailList.reason });
  // A trail's bucket in this account is read whatever the profile's scope says: it is a support
  // bucket by what it holds, and trail-bucket-secured cannot judge the trail without it.
  const scopedNames = new Set(scoped.map((b) => b.name));
  const trailBuckets = (listed.state === 'present' ? listed.value : []).filter((b) => !scopedNames.has(b.name) && trails.some((t) => t.s3BucketName === b.name));
  total += trailBuckets.length;
  // Trail rules judge a trail's bucket whole, so a shard reads it whole whoever reports it.
  buckets.push(...(await mapBounded(trailBuckets, width, (b) => readBucket(b, true))));
  for (const [i, b] of buckets.entries())
    if (!owns(b.name) && trails.some((t) => t.s3BucketName === b.name)) buckets[i] = await readBucket(scoped.find((s) => s.name === b.name)!, true);
  await tagsRead;
  gaps.splice(tagGapsAt, 0, ...tagGaps());
  for (const b of buckets) {
    b.tags = tagsOf(b);
    const owner = ownerOf(profile, b.name, b.tags);
    if (owner) b.owner = owner;
  }
  const bucketRoles = bucketRolesOf(buckets, profile, { trails, trailList });
  for (const b of buckets) b.role = bucketRoles.get(b.name)!;

  // Keys: every key a bucket or replication rule points at, plus the profile's key in each Region.
  const keyRegions = new Set(bucketRegions);
  for (const b of buckets) for (const r of replicaKeyRefs(b)) keyRegions.add(r.region);
  for (const arn of profile.kms.keyArns) keyRegions.add(arn.split(':')[3]!);
  for (const t of trails) if (t.kmsKeyId?.startsWith('arn:')) keyRegions.add(t.kmsKeyId.split(':')[3]!);
  await readAliases(keyRegions);
  for (const r of [...aliasesRead.keys()].sort()) if (aliases[r]?.state === 'unknown') gaps.push({ resource: `KMS in ${r}`, what: 'aliases', reason: (aliases[r] as { reason: string }).reason });

  const refs = referencedKeys(buckets, profile, aliases, account, partition, trails);
  let keysDone = 0;
  onProgress?.({ phase: 'keys', done: 0, total: refs.length });
  const keys: KeyInventory[] = await Promise.all(
    refs.map(async (ref) => {
      const k = await readKey(clients, limit, ref);
      onProgress?.({ phase: 'keys', done: ++keysDone, total: refs.length });
      return k;
    }),
  );
  for (const k of keys) {
    const owner = buckets.find((b) => k.referencedBy.includes(b.arn) && b.owner)?.owner;
    if (owner) k.owner = owner;
  }

  // Replication roles; a role the profile already named is not read twice.
  const roles: RoleInventory[] = await profileRolesRead;
  const replicationArns = new Set<string>();
  for (const b of buckets) if (b.replication.state === 'present' && b.replication.value.roleArn) replicationArns.add(b.replication.value.roleArn);
  for (const r of roles) if (replicationArns.delete(r.arn)) r.purposes.push('replication');
  onProgress?.({ phase: 'roles', done: 0, total: roles.length + replicationArns.size });
  roles.push(...(await roleReader.read([...replicationArns].map((arn) => ({ arn, purposes: ['replication'] })))));
  roles.sort((a, b) => a.arn.localeCompare(b.arn));

  // Object samples for buckets that are (or may be) stage buckets; not support buckets.
  const sampled = buckets.filter((b) => b.role.kind !== 'support' && owns(b.name));
  let objectsDone = 0;
  if (profile.s3.objectSampleSize > 0) onProgress?.({ phase: 'objects', done: 0, total: sampled.length });
  await mapBounded(sampled, width, async (b) => {
    b.objectSample = await sampleObjects(clients, limit, b, profile.s3.objectSampleSize);
    if (profile.s3.objectSampleSize > 0) onProgress?.({ phase: 'objects', done: ++objectsDone, total: sampled.length });
  });

  if (options.cost !== false) {
    const usageRegions = new Set(scoped.filter((b) => owns(b.name)).map((b) => b.region)).size;
    onProgress?.({ phase: 'usage', done: 0, total: usageRegions });
    const usage = await usageRead!;
    onProgress?.({ phase: 'usage', done: usageRegions, total: usageRegions });
    const trailOwned = trailBuckets.filter((b) => owns(b.name));
    if (trailOwned.length > 0) for (const [name, u] of await readUsage(clients, limit, trailOwned, now, onProgress)) usage.set(name, u);
    for (const b of buckets) if (owns(b.name)) b.usage = usage.get(b.name) ?? unknown('CloudWatch usage was not read');
    // Where the bucket or trail list, a bucket's encryption or replication, or the aliases could
    // not be read, a key may be referenced without the scan knowing: calling it unused would be a
    // guess. Replication rules name keys in other Regions, so any such gap blinds every Region.
    const blind =
      listed.state !== 'present' ||
      trailList.state !== 'present' ||
      buckets.some((b) => b.encryption.state === 'unknown' || b.replication.state === 'unknown') ||
      Object.values(aliases).some((a) => a.state === 'unknown');
    if (blind) gaps.push({ resource: `account ${account}`, what: 'unreferenced keys', reason: 'not listed: an unread bucket, trail or alias list, or bucket configuration, may reference any key' });
    else if (!partial) keys.push(...(await readUnreferencedKeys(clients, limit, [...keyRegions], keys, aliases, account, gaps)));
  }

  for (const b of buckets) collectGaps(b.arn, b as unknown as Record<string, unknown>, gaps);
  for (const k of keys) collectGaps(k.arn, k as unknown as Record<string, unknown>, gaps);
  for (const r of roles) collectGaps(r.arn, r as unknown as Record<string, unknown>, gaps);
  for (const t of trails) collectGaps(t.arn, t as unknown as Record<string, unknown>, gaps);

  return {
    source: { kind: options.sourceKind ?? 'aws', accounts: [account], regions: [...new Set([...bucketRegions, ...keyRegions])].sort() },
    collectedAt,
    account: { id: account, partition, publicAccessBlock: accountPab },
    buckets: buckets.sort((a, b) => a.name.localeCompare(b.name)),
    keys: keys.sort((a, b) => a.arn.localeCompare(b.arn)),
    aliases,
    roles,
    trails: trails.sort((a, b) => a.arn.localeCompare(b.arn)),
    bucketList: listed.state === 'present' ? present(listed.value.map((b) => b.name)) : listed,
    trailList,
    snowflake: { integrations: [], stages: [] },
    gaps: dedupeGaps(gaps),
  };
}

/** A bucket another shard reports: only what classifies it and names its keys and roles. */
async function readBucketSkeleton(clients: AwsClients, limit: Limit, b: ListedBucket) {
  const [encryption, logging, replication] = await Promise.all([readBucketEncryption(clients, limit, b), readBucketLogging(clients, limit, b), readBucketReplication(clients, limit, b)]);
  const other = notRead(OTHER_SHARD);
  return { encryption, logging, replication, versioning: other, publicAccessBlock: other, lifecycle: other, policy: other, policyStatus: other, ownershipControls: other, acl: other };
}

async function readTrails(
  clients: AwsClients,
  limit: Limit,
  account: string,
  regionsKnown: Promise<string[]>,
  onProgress?: (e: ProgressEvent) => void,
): Promise<{ trailList: Observed<string[]>; trails: TrailInventory[] }> {
  const region = clients.defaultRegion;
  const first = describeTrails(clients, limit, region);
  const others = regionsKnown.then((regions) => Promise.all(regions.filter((r) => r !== region).map(async (r) => ({ r, listed: await describeTrails(clients, limit, r) }))));
  const listings = [{ r: region, listed: await first }, ...(await others)];
  const failed = listings.find((l) => l.listed.state === 'unknown');
  // A Region whose trails cannot be listed may hold the one trail that covers its buckets.
  if (failed && failed.listed.state === 'unknown') return { trailList: unknown(`${failed.listed.reason} (in ${failed.r})`), trails: [] };
  // Shadow trails list one trail once per Region it applies to.
  const unique = [...new Map(listings.flatMap((l) => (l.listed.state === 'present' ? l.listed.value : [])).map((t) => [t.TrailARN!, t])).values()];
  let done = 0;
  onProgress?.({ phase: 'trails', done, total: unique.length });
  const trails = await Promise.all(
    unique.map(async (t) => {
      const read = await readTrail(clients, limit, t, { region, account });
      onProgress?.({ phase: 'trails', done: ++done, total: unique.length });
      return read;
    }),
  );
  return { trailList: present(unique.map((t) => t.TrailARN!)), trails };
}

/** CloudWatch usage of these buckets, by name: ListMetrics and GetMetricData per Region. */
async function readUsage(
  clients: AwsClients,
  limit: Limit,
  buckets: readonly { name: string; region: string }[],
  now: Date,
  onProgress?: (e: ProgressEvent) => void,
): Promise<Map<string, BucketInventory['usage']>> {
  const regions = [...new Set(buckets.map((b) => b.region))].sort();
  const out = new Map<string, BucketInventory['usage']>();
  let done = 0;
  onProgress?.({ phase: 'usage', done, total: regions.length });
  await Promise.all(
    regions.map(async (region) => {
      const inRegion = buckets.filter((b) => b.region === region);
      const usage = await readBucketUsage(clients, limit, region, inRegion.map((b) => b.name), now);
      for (const b of inRegion) out.set(b.name, usage.get(b.name) ?? unknown('CloudWatch usage was not read'));
      onProgress?.({ phase: 'usage', done: ++done, total: regions.length });
    }),
  );
  return out;
}

/** Customer keys in the scanned Regions that nothing references: only cost-unused-kms-key looks at them. */
async function readUnreferencedKeys(
  clients: AwsClients,
  limit: Limit,
  regions: string[],
  known: KeyInventory[],
  aliases: Record<string, Observed<AliasEntry[]>>,
  account: string,
  gaps: Gap[],
): Promise<KeyInventory[]> {
  const seen = new Set(known.flatMap((k) => [k.arn, ...(k.metadata.state === 'present' ? [k.metadata.value.arn] : [])]));
  const found = await Promise.all(
    regions.map(async (region) => {
      const listed = await listKeyArns(clients, limit, region);
      if (listed.state !== 'present') {
        if (listed.state === 'unknown') gaps.push({ resource: `KMS in ${region}`, what: 'unreferenced keys', reason: listed.reason });
        return [];
      }
      // Keys behind alias/aws/* are AWS-managed: free, and not the account's to delete. Skip them unread.
      const list = aliases[region];
      const awsManaged = new Set(list?.state === 'present' ? list.value.filter((a) => a.name.startsWith('alias/aws/') && a.targetKeyId).map((a) => a.targetKeyId!) : []);
      const candidates = listed.value.filter((arn) => !seen.has(arn) && !awsManaged.has(arn.split('/').pop()!));
      const read = await Promise.all(candidates.map((arn) => readUnreferencedKey(clients, limit, { arn, region, account })));
      return read.filter((k): k is KeyInventory => k !== undefined);
    }),
  );
  return found.flat();
}

export function scopeMatcher(profile: Profile) {
  const include = picomatch(profile.scope.bucketNames);
  const exclude = profile.scope.excludeBucketNames.length ? picomatch(profile.scope.excludeBucketNames) : () => false;
  const tagFilter = Object.entries(profile.scope.bucketTags);
  return (name: string, tags: Observed<Record<string, string>>): boolean => {
    if (!include(name) || exclude(name)) return false;
    if (tagFilter.length === 0) return true;
    // Unknown tags cannot prove a bucket out of scope: keep it, so nothing is silently skipped.
    if (tags.state !== 'present') return true;
    return tagFilter.some(([k, v]) => tags.value[k] === v);
  };
}

export function ownerOf(profile: Profile, name: string, tags: Observed<Record<string, string>>): string | undefined {
  const { tagKey, table } = profile.ownership;
  if (tagKey && tags.state === 'present' && tags.value[tagKey]) return tags.value[tagKey];
  for (const [glob, owner] of Object.entries(table)) if (picomatch.isMatch(name, glob)) return owner;
  return undefined;
}

const FIELD_NAMES: Record<string, string> = {
  encryption: 'default encryption',
  versioning: 'versioning',
  publicAccessBlock: 'Block Public Access',
  policy: 'bucket policy',
  policyStatus: 'policy status',
  ownershipControls: 'ownership controls',
  acl: 'ACL',
  lifecycle: 'lifecycle',
  logging: 'access logging',
  replication: 'replication',
  objectSample: 'object sample',
  usage: 'CloudWatch usage',
  tags: 'tags',
  metadata: 'key metadata',
  rotation: 'key rotation',
  trustPolicy: 'trust policy',
  policies: 'role policies',
  status: 'trail status',
  selectors: 'event selectors',
};

export function collectGaps(resource: string, record: Record<string, unknown>, gaps: Gap[]): void {
  for (const [field, value] of Object.entries(record)) {
    const o = value as Observed<unknown> | undefined;
    if (o && typeof o === 'object' && 'state' in o && o.state === 'unknown') {
      if (isNotRead(o)) continue;
      gaps.push({ resource, what: FIELD_NAMES[field] ?? field, reason: o.reason });
    }
  }
}

export function dedupeGaps(gaps: Gap[]): Gap[] {
  const seen = new Set<string>();
  return gaps.filter((g) => {
    const k = `${g.resource}|${g.what}|${g.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
