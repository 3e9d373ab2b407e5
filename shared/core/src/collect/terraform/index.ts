/**
 * A Terraform plan read into the same Inventory a live scan produces, so the same rules judge it:
 * what the plan determines is present/absent, what only apply will tell is unknown with the
 * reason, and what a plan cannot hold at all (objects, usage) is not read.
 */
import type { Gap, Inventory, KeyInventory, RoleInventory, TrailInventory } from '../../model/inventory.js';
import { present, unknown, type Observed } from '../../model/observed.js';
import { ConfigError } from '../../profile/load.js';
import type { Profile } from '../../profile/schema.js';
import { collectGaps, dedupeGaps, ownerOf, scopeMatcher } from '../aws/index.js';
import { bucketRolesOf } from '../bucket-roles.js';
import { referencedKeys } from '../key-references.js';
import { dirname } from 'node:path';
import { trailsFromPlan } from './cloudtrail.js';
import { attachDeclarations } from './declared.js';
import { accountsNamed, roleArnOf, type PlanContext } from './context.js';
import { readTerraformSource } from './hcl.js';
import { rolePurposes, rolesFromPlan } from './iam.js';
import { keysFromPlan } from './kms.js';
import type { TerraformPlan } from './plan-file.js';
import { PlanIndex, type PlanResource } from './plan-index.js';
import { policyFromPlan } from './policy.js';
import { accountPublicAccessBlockFromPlan, bucketsFromPlan } from './s3.js';
import { snowflakeFromPlan } from './snowflake.js';
import { IGNORE_TAG } from '../../suppress/tag.js';

export interface TerraformCollectOptions {
  profile: Profile;
  /** The plan file, as named on the command line: error messages and the report name it. */
  file: string;
  /** The account the plan deploys to (--account); else the one the plan's ARNs name most. */
  account?: string;
  /** Read every aws_iam_role of the plan (purpose 'candidate'), not only the ones the profile names: what `init --plan` looks through. */
  allRoles?: boolean;
}

/** A planned resource's `envelope:ignore` tag, when the plan knows it (tags_all holds the provider's default_tags too). */
function ignoreTagOf(r: PlanResource | undefined): string | undefined {
  for (const field of ['tags_all', 'tags']) {
    const tags = r?.values[field];
    if (typeof tags === 'object' && tags !== null) {
      const v = (tags as Record<string, unknown>)[IGNORE_TAG];
      if (typeof v === 'string') return v;
    }
  }
  return undefined;
}

const constant = (e: unknown): unknown => (typeof e === 'object' && e !== null && 'constant_value' in e ? (e as { constant_value: unknown }).constant_value : undefined);

/** The shared mapper context: account, partition, and the Region of each resource. */
export function planContext(plan: TerraformPlan, index: PlanIndex, options: Pick<TerraformCollectOptions, 'file' | 'account'>): PlanContext & { regionKnown(r: PlanResource): boolean } {
  const account = options.account ?? accountsNamed(index)[0];
  if (!account)
    throw new ConfigError(`${options.file}: the plan names no AWS account id (no ARN in its known values); pass --account with the 12-digit account id it deploys to`, options.file, 'account');
  if (!/^\d{12}$/.test(account)) throw new ConfigError(`--account ${JSON.stringify(account)} is not a 12-digit AWS account id`, options.file, 'account');
  const providers = plan.configuration?.provider_config ?? {};
  const providerRegion = (key: string | undefined): string | undefined => {
    const r = key ? constant(providers[key]?.expressions?.region) : undefined;
    return typeof r === 'string' && r !== '' ? r : undefined;
  };
  const fallback = providerRegion('aws') ?? Object.keys(providers).map(providerRegion).find((r) => r !== undefined);
  const own = (r: PlanResource) => (typeof r.values.region === 'string' && r.values.region !== '' ? r.values.region : undefined);
  // Module resources name their provider `module.x:aws` unless the module call passes one down.
  const configured = (r: PlanResource) => own(r) ?? providerRegion(r.config?.provider_config_key) ?? providerRegion(r.config?.provider_config_key?.replace(/^.*:/, ''));
  return {
    index,
    account,
    partition: 'aws',
    regionOf: (r) => configured(r) ?? fallback ?? 'us-east-1',
    regionKnown: (r) => configured(r) !== undefined || fallback !== undefined,
  };
}

/**
 * Reads a plan (parsePlanJson) into an inventory; the .tf files beside it, when there are any, let
 * policy templates be rebuilt. Bad input is a ConfigError naming the file and field.
 */
export async function collectTerraformInventory(plan: TerraformPlan, options: TerraformCollectOptions): Promise<Inventory> {
  const { profile } = options;
  const index = new PlanIndex(plan);
  const ctx = planContext(plan, index, options);
  const source = await readTerraformSource(dirname(options.file), plan);
  if (source) ctx.source = source;
  index.useSource(source);
  const { account, partition } = ctx;
  const gaps: Gap[] = [];

  const accountPab = accountPublicAccessBlockFromPlan(ctx);
  if (accountPab.state === 'unknown') gaps.push({ resource: `account ${account}`, what: 'account-level Block Public Access', reason: accountPab.reason });

  const planned = bucketsFromPlan(ctx, policyFromPlan);
  for (const b of planned) {
    const r = index.ofType('aws_s3_bucket').find((x) => (x.values.bucket ?? x.values.id) === b.name);
    if (r && !ctx.regionKnown(r)) b.regionUnknown = 'the plan’s provider configuration sets no literal region';
  }
  const inScope = scopeMatcher(profile);
  // As in a live scan: the profile's Regions, then its names and tags; a bucket whose Region is not known stays.
  const inRegion = (b: (typeof planned)[number]) => profile.regions.length === 0 || b.regionUnknown !== undefined || profile.regions.includes(b.region);
  const trails: TrailInventory[] = trailsFromPlan(ctx);
  // A trail's bucket is in the review whatever the profile's scope says (a support bucket by what it holds).
  const trailBuckets = new Set(trails.flatMap((t) => (t.s3BucketName ? [t.s3BucketName] : [])));
  const buckets = planned.filter((b) => trailBuckets.has(b.name) || (inRegion(b) && inScope(b.name, b.tags)));
  for (const b of buckets) {
    const owner = ownerOf(profile, b.name, b.tags);
    if (owner) b.owner = owner;
  }

  // The plan lists what it manages; rules that conclude "no bucket/trail of the scan does X" read
  // that as "nothing this configuration manages does X", which is the question a plan review asks.
  // Resources outside the configuration are outside the review, as they are outside a scoped scan.
  const trailList: Observed<string[]> = present(trails.map((t) => t.arn));
  const roles = bucketRolesOf(buckets, profile, { trails, trailList });
  for (const b of buckets) b.role = roles.get(b.name)!;
  // A trail whose bucket only apply will tell may deliver into any bucket of the plan.
  for (const t of trails.filter((x) => x.s3BucketNameUnknown !== undefined)) {
    for (const b of buckets)
      if (b.role.kind === 'architecture') b.role = { kind: 'undetermined', reason: `trail ${t.name} delivers to a bucket known only after apply (${t.s3BucketNameUnknown}), which may be this one` };
  }

  const { keys: planKeys, aliases } = keysFromPlan(ctx, policyFromPlan);
  const keys = withReferences(planKeys, referencedKeys(buckets, profile, aliases, account, partition, trails));
  for (const k of keys) {
    const owner = buckets.find((b) => k.referencedBy.includes(b.arn) && b.owner)?.owner;
    if (owner) k.owner = owner;
  }

  const replicationRoles = [...new Set(buckets.flatMap((b) => (b.replication.state === 'present' && b.replication.value.roleArn ? [b.replication.value.roleArn] : [])))];
  const purposes = rolePurposes(ctx, profile, replicationRoles);
  if (options.allRoles)
    for (const r of index.ofType('aws_iam_role')) {
      const arn = roleArnOf(ctx, r);
      if (arn) purposes.set(arn, [...new Set([...(purposes.get(arn) ?? []), 'candidate'])]);
    }
  const roleList: RoleInventory[] = rolesFromPlan(ctx, purposes, policyFromPlan);
  // A role the profile or a replication rule names that the plan does not manage: unknown, not missing.
  for (const [arn, why] of purposes) {
    if (roleList.some((r) => r.arn === arn)) continue;
    const notInPlan = unknown<never>(`the plan does not manage ${arn}; its policies are not in the plan`);
    roleList.push({ arn, name: arn.split('/').pop()!, account: arn.split(':')[4] || account, purposes: [...why], trustPolicy: notInPlan, policies: notInPlan });
  }

  for (const b of buckets) collectGaps(b.arn, b as unknown as Record<string, unknown>, gaps);
  for (const k of keys) collectGaps(k.arn, k as unknown as Record<string, unknown>, gaps);
  for (const r of roleList) collectGaps(r.arn, r as unknown as Record<string, unknown>, gaps);
  for (const t of trails) collectGaps(t.arn, t as unknown as Record<string, unknown>, gaps);
  const snowflake = snowflakeFromPlan(ctx);
  gaps.push(...snowflake.gaps);
  attachDeclarations(ctx, { buckets, keys, roles: roleList, trails, snowflake: [...snowflake.integrations, ...snowflake.stages] });
  // Keys and roles carry only their suppression tag; buckets keep all their tags (scope, ownership).
  for (const x of [...keys, ...roleList]) {
    const tag = x.declaredAt ? ignoreTagOf(index.get(x.declaredAt.address)) : undefined;
    if (tag !== undefined) x.ignoreTag = tag;
  }

  return {
    source: { kind: 'terraform-plan', accounts: [account], regions: [...new Set([...buckets.map((b) => b.region), ...keys.map((k) => k.region)])].sort() },
    collectedAt: planTime(plan),
    account: { id: account, partition, publicAccessBlock: accountPab },
    buckets: buckets.sort((a, b) => a.name.localeCompare(b.name)),
    bucketList: present(planned.map((b) => b.name).sort()),
    keys: keys.sort((a, b) => a.arn.localeCompare(b.arn)),
    aliases,
    roles: roleList.sort((a, b) => a.arn.localeCompare(b.arn)),
    trails: trails.sort((a, b) => a.arn.localeCompare(b.arn)),
    trailList,
    snowflake: { integrations: snowflake.integrations, stages: snowflake.stages },
    gaps: dedupeGaps(gaps),
  };
}

/** The plan's own timestamp is the "now" of its rules; a plan without one is judged as of now. */
function planTime(plan: TerraformPlan): string {
  const t = (plan as { timestamp?: unknown }).timestamp;
  return typeof t === 'string' && !Number.isNaN(Date.parse(t)) ? new Date(t).toISOString() : new Date().toISOString();
}

/**
 * The plan's keys with who references them, plus a key referenced but not managed by the plan
 * (an existing key named by ARN, the profile's explicit keys): its configuration is not in the
 * plan, so every fact about it is unknown rather than missing.
 */
function withReferences(planKeys: KeyInventory[], refs: ReturnType<typeof referencedKeys>): KeyInventory[] {
  const byArn = new Map(planKeys.map((k) => [k.arn, k]));
  const out = [...planKeys];
  for (const ref of refs) {
    const k = byArn.get(ref.arn);
    if (k) {
      k.referencedBy = [...new Set([...k.referencedBy, ...ref.referencedBy])];
      continue;
    }
    const why = unknown<never>(`the plan does not manage ${ref.arn}; its configuration is not in the plan`);
    out.push({ arn: ref.arn, region: ref.region, account: ref.account, referencedBy: ref.referencedBy, metadata: why, rotation: why, policy: why });
  }
  return out;
}

