/**
 * The names a profile gives — the key alias, explicit key ARNs, the Snowflake role, application
 * roles — may not exist in the scanned account (a profile written for another account, or the
 * built-in one on an account with names of its own). profile-values-resolve reports each such value
 * once; every rule that needs it says `unknown` with the reason built here, instead of failing
 * every resource against a value the account never had.
 */
import type { KeyInventory, RoleInventory } from '../model/inventory.js';
import type { Profile } from '../profile/schema.js';
import { stackOfRole, stacksOf } from '../profile/stacks.js';
import type { ProfileKey } from './lookups.js';

export const PROFILE_VALUES_RULE = 'profile-values-resolve';
export const INIT_HINT = 'run `envelope init` to write a profile from the account';

/** Why a rule cannot judge against the profile key of a Region that did not resolve. */
export function profileKeyUnknown(key: Exclude<ProfileKey, { state: 'resolved' }>): string {
  return key.state === 'missing'
    ? `the profile key does not resolve: ${key.reason} (${PROFILE_VALUES_RULE} reports it; ${INIT_HINT})`
    : `cannot tell which key the profile expects: ${key.reason}`;
}

/**
 * For a key only the profile names (kms.keyArns) that KMS says does not exist: why the rules on it
 * are unknown. Undefined when a bucket, replication rule or trail references it too — then the
 * missing key is a real break.
 */
export function missingProfileKey(key: KeyInventory, profile: Profile): string | undefined {
  const stack = stacksOf(profile).find((s) => s.kms.keyArns.includes(key.arn));
  if (key.metadata.state !== 'absent' || !stack) return undefined;
  if (!key.referencedBy.every((r) => r.startsWith(`profile ${profile.name}`))) return undefined;
  return `${stack.field}kms.keyArns names ${key.arn}, which does not exist, and nothing else in the scan references it (${PROFILE_VALUES_RULE} reports it; ${INIT_HINT})`;
}

/** The profile field that named the role (a stack's or the top-level snowflake.roleName, or iam.appRoles), if any did. */
export function profileFieldOf(role: RoleInventory, profile: Profile): string | undefined {
  if (role.purposes.includes('snowflake')) return `${stackOfRole(profile, role.arn)?.field ?? ''}snowflake.roleName`;
  if (role.purposes.includes('app')) return 'iam.appRoles';
  return undefined;
}

/**
 * For a role the profile names that does not exist: why the rules on it are unknown. Undefined for
 * roles that exist, and for roles only a bucket's replication configuration names (a missing
 * replication role is a real break, which s3-replication-role-least-privilege reports).
 */
export function missingProfileRole(role: RoleInventory, profile: Profile): string | undefined {
  const field = profileFieldOf(role, profile);
  if (!field || role.trustPolicy.state !== 'absent') return undefined;
  return `${field} names ${role.name}, which does not exist in account ${role.account}, so the role these rules should judge is not known (${PROFILE_VALUES_RULE} reports it; ${INIT_HINT})`;
}
