import type { AliasEntry, KeyInventory, KeyMetadata } from '../../model/inventory.js';
import { absent, present, unknown, type Observed } from '../../model/observed.js';
import type { PolicyDocument } from '../../model/policy-document.js';
import { keyArnOf, resolveString, type PlanContext } from './context.js';
import { configured, knownPolicyAt, sensitiveAt, setting, withoutSensitive, type PolicyReader } from './plan-attributes.js';
import type { PlanResource } from './plan-index.js';

type Rotation = { enabled: boolean; periodDays?: number };

/** AWS's default key policy: what a key created without a policy gets (the account administers it through IAM). */
export function defaultKeyPolicy(ctx: PlanContext): PolicyDocument {
  return {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.account}:root` }, Action: 'kms:*', Resource: '*' }],
  };
}

/** The key id a key reference (id, key ARN) names; undefined for an alias. */
const keyIdOf = (ref: string): string | undefined => (/(^|:)alias\//.test(ref) ? undefined : ref.replace(/^arn:[^:]+:kms:[^:]*:\d*:key\//, ''));

/**
 * The customer keys a plan leaves after apply (aws_kms_key, aws_kms_replica_key) and the aliases
 * in each Region it deploys keys or aliases to. `referencedBy` is left empty: the assembler fills
 * it from what buckets, trails and the profile reference (collect/key-references.ts).
 */
export function keysFromPlan(ctx: PlanContext, reader: PolicyReader = knownPolicyAt): { keys: KeyInventory[]; aliases: Record<string, Observed<AliasEntry[]>> } {
  const readPolicy = withoutSensitive(reader);
  const primaries = ctx.index.ofType('aws_kms_key');
  const replicas = ctx.index.ofType('aws_kms_replica_key');
  const keyPolicies = ctx.index.ofType('aws_kms_key_policy').map((p) => ({ p, target: resolveString(ctx, p, ['key_id']) }));
  // A policy resource whose key cannot be told may be any key's: none of them has a known policy then.
  const unresolvedPolicy = keyPolicies.find((k) => k.target.state !== 'present' || !k.target.value);
  const policyFor = (r: PlanResource, arn: string): Observed<PolicyDocument> => {
    const id = keyIdOf(arn);
    const managed = keyPolicies.find((k) => k.target.state === 'present' && k.target.value && keyIdOf(k.target.value) === id);
    if (managed) return readPolicy(ctx, managed.p, 'policy');
    const own = ctx.index.value(r, ['policy']);
    if (own.state === 'known' ? typeof own.value === 'string' && own.value !== '' : configured(r, ['policy'])) return readPolicy(ctx, r, 'policy');
    if (unresolvedPolicy)
      return unknown(`${unresolvedPolicy.p.address} sets the policy of a key known only after apply, which may be ${r.address}`);
    return present(defaultKeyPolicy(ctx));
  };

  const primaryArns = new Map(primaries.map((r) => [r, keyArnOf(ctx, r)]));
  const replicaOf = new Map(replicas.map((r) => [r, resolveString(ctx, r, ['primary_key_arn'])]));
  const keys: KeyInventory[] = [];
  const byArn = new Map<string, KeyInventory>();

  for (const [r, arn] of primaryArns) {
    const region = ctx.regionOf(r);
    const replicaKeys = replicas.flatMap((rep) => {
      const p = replicaOf.get(rep)!;
      return p.state === 'present' && p.value === arn ? [{ arn: keyArnOf(ctx, rep), region: ctx.regionOf(rep) }] : [];
    });
    const metadata = primaryMetadata(ctx, r, arn, replicaKeys);
    const key: KeyInventory = { arn, region, account: ctx.account, referencedBy: [], metadata, rotation: rotationOf(ctx, r, metadata), policy: policyFor(r, arn) };
    keys.push(key);
    byArn.set(arn, key);
  }

  for (const r of replicas) {
    const arn = keyArnOf(ctx, r);
    const primaryArn = replicaOf.get(r)!;
    const primary = primaryArn.state === 'present' && primaryArn.value ? byArn.get(primaryArn.value) : undefined;
    const metadata = replicaMetadata(ctx, r, arn, primaryArn, primary);
    // Rotation of a replica is the primary's (kms-rotation-enabled evaluates it there).
    const rotation: Observed<Rotation> = primary ? primary.rotation : unknown(`rotation of ${r.address} follows its primary, which the plan does not hold`);
    keys.push({ arn, region: ctx.regionOf(r), account: ctx.account, referencedBy: [], metadata, rotation, policy: policyFor(r, arn) });
  }

  return { keys, aliases: aliasesFromPlan(ctx, keys) };
}

function primaryMetadata(ctx: PlanContext, r: PlanResource, arn: string, replicaKeys: { arn: string; region: string }[]): Observed<KeyMetadata> {
  const enabled = setting(ctx, r, ['is_enabled'], true);
  const keySpec = setting(ctx, r, ['customer_master_key_spec'], 'SYMMETRIC_DEFAULT');
  const keyUsage = setting(ctx, r, ['key_usage'], 'ENCRYPT_DECRYPT');
  const multiRegion = setting(ctx, r, ['multi_region'], false);
  const keyStore = setting<string | null>(ctx, r, ['custom_key_store_id'], null);
  const xks = setting<string | null>(ctx, r, ['xks_key_id'], null);
  const unread = [enabled, keySpec, keyUsage, multiRegion, keyStore, xks].find((o) => o.state === 'unknown');
  if (unread?.state === 'unknown') return unread;
  const [on, spec, usage, mrk, store, external] = [enabled, keySpec, keyUsage, multiRegion, keyStore, xks].map((o) => (o.state === 'present' ? o.value : undefined));
  return present({
    keyId: arn.split('/').pop()!,
    arn,
    keyManager: 'CUSTOMER',
    keyState: on === false ? 'Disabled' : 'Enabled',
    keySpec: String(spec),
    keyUsage: String(usage),
    origin: external ? 'EXTERNAL_KEY_STORE' : store ? 'AWS_CLOUDHSM' : 'AWS_KMS',
    enabled: on !== false,
    ...describe(ctx, r),
    deletionWindowInDays: setting(ctx, r, ['deletion_window_in_days'], 30),
    multiRegion: mrk === true,
    ...(mrk === true ? { multiRegionKeyType: 'PRIMARY' as const, primaryKeyArn: arn } : {}),
    replicaKeys,
  });
}

function replicaMetadata(
  ctx: PlanContext,
  r: PlanResource,
  arn: string,
  primaryArn: Observed<string | null>,
  primary: KeyInventory | undefined,
): Observed<KeyMetadata> {
  const enabled = setting(ctx, r, ['enabled'], true);
  if (enabled.state === 'unknown') return enabled;
  if (primaryArn.state !== 'present' || !primaryArn.value) return unknown(primaryArn.state === 'unknown' ? primaryArn.reason : `${r.address} names no primary key`);
  // Spec and usage are the primary's; read from the plan's primary, else as planned when known.
  const pm = primary?.metadata.state === 'present' ? primary.metadata.value : undefined;
  const spec = pm?.keySpec ?? (typeof r.values.key_spec === 'string' ? r.values.key_spec : undefined);
  const usage = pm?.keyUsage ?? (typeof r.values.key_usage === 'string' ? r.values.key_usage : undefined);
  if (!spec || !usage) return unknown(`the key spec and usage of ${r.address} are its primary's (${primaryArn.value}), which the plan does not hold`);
  return present({
    keyId: arn.split('/').pop()!,
    arn,
    keyManager: 'CUSTOMER',
    keyState: enabled.state === 'present' && enabled.value === false ? 'Disabled' : 'Enabled',
    keySpec: spec,
    keyUsage: usage,
    origin: 'AWS_KMS',
    enabled: !(enabled.state === 'present' && enabled.value === false),
    ...describe(ctx, r),
    deletionWindowInDays: setting(ctx, r, ['deletion_window_in_days'], 30),
    multiRegion: true,
    multiRegionKeyType: 'REPLICA',
    primaryKeyArn: primaryArn.value,
    replicaKeys: [],
  });
}

/** The description, unless it is marked sensitive (sensitive values never reach any output). */
function describe(ctx: PlanContext, r: PlanResource): { description?: string } {
  const v = ctx.index.value(r, ['description']);
  return v.state === 'known' && typeof v.value === 'string' && v.value !== '' && !sensitiveAt(r, ['description']) ? { description: v.value } : {};
}

function rotationOf(ctx: PlanContext, r: PlanResource, metadata: Observed<KeyMetadata>): Observed<Rotation> {
  if (metadata.state === 'present') {
    const m = metadata.value;
    if (m.origin !== 'AWS_KMS') return absent(`keys with origin ${m.origin} cannot rotate automatically`);
    if (m.keySpec !== 'SYMMETRIC_DEFAULT') return absent(`${m.keySpec} keys cannot rotate automatically`);
  }
  const enabled = setting(ctx, r, ['enable_key_rotation'], false);
  if (enabled.state === 'unknown') return enabled;
  if (enabled.state === 'present' && !enabled.value) return present({ enabled: false });
  // Unset or computed by the provider: AWS's 365 days (the rule's default when no period is given).
  const period = setting<number | null>(ctx, r, ['rotation_period_in_days'], null);
  if (period.state === 'unknown') return period;
  return present({ enabled: true, ...(period.state === 'present' && typeof period.value === 'number' ? { periodDays: period.value } : {}) });
}

/**
 * aws_kms_alias per Region, each target resolved to the key id it names (a stand-in for a key the
 * plan creates). A Region where an alias's name or target is known only after apply has an
 * unknown alias list: that alias may be any key's.
 */
function aliasesFromPlan(ctx: PlanContext, keys: KeyInventory[]): Record<string, Observed<AliasEntry[]>> {
  const out: Record<string, Observed<AliasEntry[]>> = {};
  for (const k of keys) out[k.region] ??= present([]);
  for (const a of ctx.index.ofType('aws_kms_alias')) {
    const region = ctx.regionOf(a);
    const list = (out[region] ??= present([]));
    if (list.state !== 'present') continue;
    const name = ctx.index.value(a, ['name']);
    if (name.state !== 'known' || typeof name.value !== 'string') {
      out[region] = unknown(`the name of ${a.address} is known only after apply (name_prefix)`);
      continue;
    }
    const target = resolveString(ctx, a, ['target_key_id']);
    if (target.state !== 'present' || !target.value) {
      out[region] = unknown(target.state === 'unknown' ? `${name.value}: ${target.reason}` : `${a.address} names no target key`);
      continue;
    }
    const id = keyIdOf(target.value);
    list.value.push({ name: name.value, arn: `arn:${ctx.partition}:kms:${region}:${ctx.account}:${name.value}`, ...(id ? { targetKeyId: id } : {}) });
  }
  return out;
}
