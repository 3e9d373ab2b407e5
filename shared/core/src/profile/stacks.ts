/**
 * Stacks: one account often holds the architecture several times over — one stage bucket, key,
 * alias and Snowflake role per team (a Terraform module instantiated with for_each). A profile lists
 * them under `stacks`, each owning the buckets its globs match; the top-level `kms` and `snowflake`
 * values are the default stack, for the buckets no stack claims. Rules ask for the stack of a
 * bucket, a role or a key, never for `profile.kms.alias` directly.
 */
import picomatch from 'picomatch';
import type { Profile } from './schema.js';

export const DEFAULT_SNOWFLAKE_ROLE = 'snowflake-s3-kms-role';

export interface ProfileStack {
  /** The stack's name; the profile's name for the default stack. */
  name: string;
  /** Prefix of the profile fields that set this stack's values ('' or 'stacks.<name>.'), for messages. */
  field: string;
  /** Bucket name globs the stack owns; undefined for the default stack (every bucket no stack claims). */
  buckets?: string[];
  kms: { alias: string; keyArns: string[] };
  /** The Snowflake role, when this stack has one (the default stack has none when only stacks name roles). */
  snowflake: { roleName?: string; iamUserArn?: string };
}

const cache = new WeakMap<Profile, { stacks: ProfileStack[]; matchers: ((name: string) => boolean)[] }>();

function build(profile: Profile) {
  let hit = cache.get(profile);
  if (hit) return hit;
  const explicit: ProfileStack[] = profile.stacks.map((s) => ({
    name: s.name,
    field: `stacks.${s.name}.`,
    buckets: s.buckets,
    kms: { alias: s.kms.alias ?? profile.kms.alias, keyArns: s.kms.keyArns },
    snowflake: { roleName: s.snowflake.roleName, iamUserArn: s.snowflake.iamUserArn ?? profile.snowflake.iamUserArn },
  }));
  const defaultStack: ProfileStack = {
    name: profile.name,
    field: '',
    kms: { alias: profile.kms.alias, keyArns: profile.kms.keyArns },
    snowflake: {
      // With stacks, the top-level role is read only when the profile names it.
      roleName: profile.snowflake.roleName ?? (profile.stacks.length > 0 ? undefined : DEFAULT_SNOWFLAKE_ROLE),
      iamUserArn: profile.snowflake.iamUserArn,
    },
  };
  hit = { stacks: [...explicit, defaultStack], matchers: explicit.map((s) => picomatch(s.buckets!)) };
  cache.set(profile, hit);
  return hit;
}

/** Every stack, the default one last. */
export function stacksOf(profile: Profile): ProfileStack[] {
  return build(profile).stacks;
}

/** The default stack: the top-level kms and snowflake values. */
export function defaultStack(profile: Profile): ProfileStack {
  const all = build(profile).stacks;
  return all[all.length - 1]!;
}

/** The stack that owns a bucket: the first whose globs match its name, else the default stack. */
export function stackOfBucket(profile: Profile, bucketName: string): ProfileStack {
  const { stacks, matchers } = build(profile);
  const i = matchers.findIndex((m) => m(bucketName));
  return i >= 0 ? stacks[i]! : stacks[stacks.length - 1]!;
}

const roleMatches = (value: string, arnOrName: string): boolean => arnOrName === value || arnOrName.split('/').pop() === value.split('/').pop();

/** The stack whose Snowflake role this is (by name, path/name or ARN), if any. */
export function stackOfRole(profile: Profile, roleArnOrName: string): ProfileStack | undefined {
  return build(profile).stacks.find((s) => s.snowflake.roleName !== undefined && roleMatches(s.snowflake.roleName, roleArnOrName));
}

/** The Snowflake roles the profile names, one per stack that has one. */
export function snowflakeRoles(profile: Profile): { roleName: string; stack: ProfileStack }[] {
  return build(profile).stacks.flatMap((stack) => (stack.snowflake.roleName ? [{ roleName: stack.snowflake.roleName, stack }] : []));
}

/** Every Snowflake IAM user ARN the profile names. */
export function snowflakeUserArns(profile: Profile): string[] {
  return [...new Set(build(profile).stacks.flatMap((s) => (s.snowflake.iamUserArn ? [s.snowflake.iamUserArn] : [])))];
}

/** How a key reference names the profile: `profile NAME`, or `profile NAME stack STACK`. */
export function profileLabel(profile: Profile, stack: ProfileStack): string {
  return stack.field === '' ? `profile ${profile.name}` : `profile ${profile.name} stack ${stack.name}`;
}
