import type { KeyInventory } from '../../model/inventory.js';
import { defineRule, fail, notApplicable, pass, unknown, type RuleContext } from '../define-rule.js';
import { keyArnOf } from '../kms-policy-shared.js';
import { bucketListGap } from '../membership.js';
import { INIT_HINT, PROFILE_VALUES_RULE } from '../profile-values.js';
import { stackOfBucket, stacksOf, type ProfileStack } from '../../profile/stacks.js';

/** Whether the key must carry the profile alias, and why; 'unsure' when an unread input could make it so. */
type KeyRole = { state: 'profile'; role: string; stack: ProfileStack } | { state: 'other' } | { state: 'unsure'; reason: string };

/**
 * The profile key in this key's Region: the one the profile names (explicit ARN or alias target),
 * or the default-encryption key of an architecture bucket. Other keys (replica keys, trail keys)
 * only need some customer alias, so people can tell them apart. An architecture bucket whose
 * default encryption could not be read may be encrypted with this key: then nobody can tell.
 */
function profileKeyRole(key: KeyInventory, ctx: RuleContext): KeyRole {
  const arn = keyArnOf(key);
  for (const stack of stacksOf(ctx.profile)) {
    const profileKey = ctx.lookups.profileKeyArn(key.region, stack);
    if (profileKey.state === 'resolved' && profileKey.arn === arn)
      return { state: 'profile', role: stack.field ? `the profile key of stack ${stack.name} in ${key.region}` : `the profile key in ${key.region}`, stack };
  }
  const bucket = ctx.inventory.buckets.find(
    (b) =>
      b.role.kind === 'architecture' &&
      b.encryption.state === 'present' &&
      b.encryption.value.some((r) => r.kmsMasterKeyId && (r.kmsMasterKeyId === arn || ctx.lookups.key(r.kmsMasterKeyId, b.region) === key)),
  );
  if (bucket) return { state: 'profile', role: `the default encryption key of ${bucket.name}`, stack: stackOfBucket(ctx.profile, bucket.name) };
  const unread = ctx.inventory.buckets.filter((b) => b.role.kind !== 'support' && b.encryption.state === 'unknown').map((b) => b.name);
  if (unread.length > 0) return { state: 'unsure', reason: `the default encryption of ${unread.join(', ')} could not be read, so the key may be its default key` };
  const unlisted = bucketListGap(ctx.inventory);
  if (unlisted) return { state: 'unsure', reason: `${unlisted}, so the key may be the default key of a bucket the scan did not see` };
  // A bucket that may be a stage bucket and uses the key makes it the profile key, if it is one.
  const maybe = ctx.inventory.buckets.find(
    (b) =>
      b.role.kind === 'undetermined' &&
      b.encryption.state === 'present' &&
      b.encryption.value.some((r) => r.kmsMasterKeyId && (r.kmsMasterKeyId === arn || ctx.lookups.key(r.kmsMasterKeyId, b.region) === key)),
  );
  if (maybe && maybe.role.kind === 'undetermined') return { state: 'unsure', reason: `it is the default encryption key of ${maybe.name}, which may be a stage bucket (${maybe.role.reason})` };
  return { state: 'other' };
}

export default defineRule({
  id: 'kms-alias-present',
  title: 'The key carries the profile alias (or, for other keys, a customer alias)',
  severity: 'low',
  resourceType: 'key',
  packs: ['snowflake-s3-kms'],
  description:
    'The profile alias (alias/snowflake-s3-kms by default) must exist in the key’s Region and target the key that encrypts the architecture buckets; other keys in the report (multi-Region replicas, trail keys) need at least one customer alias. Bucket and trail configurations should still reference the key ARN, not the alias.',
  messages: {
    profileAlias: '{{alias}} targets this key ({{role}}).',
    profileAliasMissing: 'This key is {{role}}, but {{alias}} does not exist in {{region}} (its customer aliases: {{others}}).',
    profileAliasElsewhere: 'This key is {{role}}, but {{alias}} in {{region}} targets key {{target}}, not {{keyId}}.',
    customerAlias: 'The key has customer alias(es) {{aliases}}.',
    noAlias: 'The key has no customer alias in {{region}}: nothing but its id tells people what it protects.',
  },
  remediation:
    'Profile key: aws kms create-alias --alias-name alias/snowflake-s3-kms --target-key-id KEY_ARN (or aws kms update-alias when it targets another key); Terraform aws_kms_alias. Other keys: create any alias that says what the key protects, e.g. alias/snowflake-s3-kms-replica. Names under alias/aws/ are reserved for AWS-managed keys.',
  check(key, ctx) {
    const md = key.metadata;
    if (md.state === 'unknown') return unknown(md.reason);
    if (md.state === 'absent') return unknown('the key does not exist (kms-key-enabled reports it)');
    if (md.value.keyManager !== 'CUSTOMER') return notApplicable('AWS-managed keys carry alias/aws/… names (kms-key-type reports the key)');
    const list = ctx.inventory.aliases[key.region];
    if (list === undefined) return unknown(`KMS aliases in ${key.region} were not read`);
    if (list.state === 'unknown') return unknown(`could not list KMS aliases in ${key.region}: ${list.reason}`);
    const aliases = list.state === 'present' ? list.value : [];
    const keyId = md.value.keyId;
    const customer = aliases.filter((a) => a.targetKeyId === keyId && !a.name.startsWith('alias/aws/')).map((a) => a.name);
    const keyRole = profileKeyRole(key, ctx);
    const evidence = { aliases: customer, profileKey: keyRole.state === 'profile' };
    if (keyRole.state !== 'profile') {
      // A profile alias on this key satisfies either role; no customer alias fails either role.
      if (customer.length === 0) return fail('noAlias', { region: key.region }, evidence);
      const profileAliases = [...new Set(stacksOf(ctx.profile).map((s) => s.kms.alias))];
      if (keyRole.state === 'unsure' && !customer.some((a) => profileAliases.includes(a)))
        return unknown(`the key has customer alias(es) ${customer.join(', ')} but not ${profileAliases.join(' or ')}, and ${keyRole.reason}`, evidence);
      return pass('customerAlias', { aliases: customer.join(', ') }, evidence);
    }
    const { role, stack } = keyRole;
    const alias = stack.kms.alias;
    const named = aliases.find((a) => a.name === alias);
    const data = { alias, role, region: key.region, keyId };
    if (named?.targetKeyId === keyId) return pass('profileAlias', data, evidence);
    if (named?.targetKeyId) return fail('profileAliasElsewhere', { ...data, target: named.targetKeyId }, evidence);
    // The profile alias is nowhere in this Region (or targets no key): profile-values-resolve
    // reports that once. Whether this key should carry it then depends on a name the account may
    // simply not use — unless the key has no customer alias at all, which fails whatever the name.
    if (customer.length > 0)
      return unknown(
        `${alias} (${stack.field}kms.alias) ${named ? 'targets no key' : 'does not exist'} in ${key.region}, so whether this key should carry it cannot be told; its customer aliases: ${customer.join(', ')} (${PROFILE_VALUES_RULE} reports the alias; ${INIT_HINT})`,
        evidence,
      );
    return fail('profileAliasMissing', { ...data, others: 'none' }, evidence);
  },
});
