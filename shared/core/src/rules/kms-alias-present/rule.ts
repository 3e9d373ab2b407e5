import type { KeyInventory } from '../../model/inventory.js';
import { defineRule, fail, notApplicable, pass, unknown, type RuleContext } from '../define-rule.js';
import { keyArnOf } from '../kms-policy-shared.js';

/**
 * The profile key in this key's Region: the one the profile names (explicit ARN or alias target),
 * or the default-encryption key of an architecture bucket. Other keys (replica keys, trail keys)
 * only need some customer alias, so people can tell them apart.
 */
function profileKeyRole(key: KeyInventory, ctx: RuleContext): string | undefined {
  const arn = keyArnOf(key);
  const profileKey = ctx.lookups.profileKeyArn(key.region);
  if (profileKey.state === 'resolved' && profileKey.arn === arn) return `the profile key in ${key.region}`;
  const bucket = ctx.inventory.buckets.find(
    (b) =>
      b.role.kind === 'architecture' &&
      b.encryption.state === 'present' &&
      b.encryption.value.some((r) => r.kmsMasterKeyId && (r.kmsMasterKeyId === arn || ctx.lookups.key(r.kmsMasterKeyId, b.region) === key)),
  );
  return bucket ? `the default encryption key of ${bucket.name}` : undefined;
}

export default defineRule({
  id: 'kms-alias-present',
  title: 'The key carries the profile alias (or, for other keys, a customer alias)',
  severity: 'low',
  resourceType: 'key',
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
    const role = profileKeyRole(key, ctx);
    const evidence = { aliases: customer, profileKey: role !== undefined };
    if (role === undefined) {
      return customer.length > 0 ? pass('customerAlias', { aliases: customer.join(', ') }, evidence) : fail('noAlias', { region: key.region }, evidence);
    }
    const alias = ctx.profile.kms.alias;
    const named = aliases.find((a) => a.name === alias);
    const data = { alias, role, region: key.region, keyId };
    if (named?.targetKeyId === keyId) return pass('profileAlias', data, evidence);
    if (named) return fail('profileAliasElsewhere', { ...data, target: named.targetKeyId ?? 'no key' }, evidence);
    return fail('profileAliasMissing', { ...data, others: customer.join(', ') || 'none' }, evidence);
  },
});
