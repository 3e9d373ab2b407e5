import { resolveKeyRef } from '../../model/key-ref.js';
import type { AliasEntry, BucketInventory, Inventory } from '../../model/inventory.js';
import type { Profile } from '../../profile/schema.js';
import { defineRule, fail, pass, unknown, type RuleContext } from '../define-rule.js';
import { INIT_HINT } from '../profile-values.js';
import { snowflakeRoles, stackOfBucket, stacksOf, type ProfileStack } from '../../profile/stacks.js';

const MAX_CANDIDATES = 3;

/** One profile value the account does not have: `label` for the one-line CLI hint, `text` for the finding. */
interface Unresolved {
  label: string;
  text: string;
}

interface Verdicts {
  unresolved: Unresolved[];
  /** Values whose existence could not be told, with why. */
  undetermined: string[];
  resolved: string[];
}

const keyIdOf = (arn: string): string => arn.slice(arn.indexOf(':key/') + 5);

/**
 * What the account uses instead, in one Region: the customer keys that encrypt its in-scope buckets,
 * by their aliases, with how many buckets each encrypts. Keys of other Regions cannot be the alias
 * target there, and AWS-managed keys cannot be the profile key.
 */
function candidatesIn(region: string, aliases: AliasEntry[], inScope: BucketInventory[], ctx: RuleContext): string {
  const buckets = inScope.filter((b) => b.region === region);
  const where = { account: ctx.lookups.accountId, partition: ctx.lookups.partition, aliases: ctx.inventory.aliases };
  const counts = new Map<string, number>();
  let unread = 0;
  for (const b of buckets) {
    if (b.encryption.state === 'unknown') {
      unread++;
      continue;
    }
    const rules = b.encryption.state === 'present' ? b.encryption.value : [];
    const arns = new Set(rules.flatMap((r) => (r.kmsMasterKeyId ? [resolveKeyRef(r.kmsMasterKeyId, region, where)] : [])));
    for (const arn of arns) {
      if (!arn || arn.split(':')[3] !== region) continue;
      const md = ctx.lookups.key(arn, region)?.metadata;
      if (md?.state === 'present' && md.value.keyManager !== 'CUSTOMER') continue;
      counts.set(arn, (counts.get(arn) ?? 0) + 1);
    }
  }
  const total = `${buckets.length} in-scope bucket${buckets.length === 1 ? '' : 's'} there`;
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const named = ranked.flatMap(([arn, n]) => {
    const names = aliases.filter((a) => a.targetKeyId === keyIdOf(arn) && !a.name.startsWith('alias/aws/')).map((a) => a.name);
    if (names.length === 0 && aliases.some((a) => a.targetKeyId === keyIdOf(arn))) return []; // behind alias/aws/…: AWS-managed
    const who = names.length > 0 ? names.join(' or ') : `key ${arn} (no alias; kms.keyArns can name it)`;
    return [`${who} encrypts ${n} of ${total}`];
  });
  const shown = named.slice(0, MAX_CANDIDATES);
  if (named.length > MAX_CANDIDATES) shown.push(`${named.length - MAX_CANDIDATES} other key(s) encrypt the rest`);
  if (shown.length === 0) shown.push(buckets.length > 0 ? `no customer key encrypts any of the ${total}` : 'no in-scope bucket there to learn the key from');
  if (unread > 0) shown.push(`the encryption of ${unread} bucket(s) there could not be read`);
  return shown.join('; ');
}

/**
 * The stacks whose values must resolve, with the buckets each owns. With stacks, one that owns no
 * bucket here needs nothing (a plan may touch one team's stack only; the default stack owns only
 * what the others leave) — unless the bucket list could not be read and its buckets may be there
 * unseen, or it names explicit key ARNs.
 */
function activeStacks(ctx: RuleContext): Map<ProfileStack, BucketInventory[]> {
  const { profile, inventory } = ctx;
  const stacks = stacksOf(profile);
  const owned = new Map<ProfileStack, BucketInventory[]>(stacks.map((s) => [s, []]));
  for (const b of inventory.buckets) if (b.role.kind !== 'support') owned.get(stackOfBucket(profile, b.name))!.push(b);
  if (stacks.length === 1 || inventory.bucketList?.state === 'unknown') return owned;
  for (const [stack, buckets] of owned) if (buckets.length === 0 && stack.kms.keyArns.length === 0) owned.delete(stack);
  return owned;
}

function checkStackKeys(ctx: RuleContext, v: Verdicts, stack: ProfileStack, stackBuckets: BucketInventory[]): void {
  const { inventory, lookups } = ctx;
  const alias = stack.kms.alias;
  const field = `${stack.field}kms`;
  // Rules judge architecture buckets against the profile key of their Region: the alias must
  // resolve wherever one is. Support buckets (log targets) keep their own encryption. A bucket
  // whose Region was not read, or whose role could not be told, cannot prove the alias needed, and
  // a bucket list that was not read cannot prove it not needed: those leave the verdict open.
  const inScope = stackBuckets.filter((b) => b.regionUnknown === undefined);
  const needed = new Set(inScope.filter((b) => b.role.kind === 'architecture').map((b) => b.region));
  const maybeIn = (region: string) => inScope.filter((b) => b.region === region && b.role.kind !== 'architecture').map((b) => b.name);
  if (inventory.bucketList?.state === 'unknown')
    v.undetermined.push(`${field}.alias ${alias}: the bucket list could not be read (${inventory.bucketList.reason}), so which Regions need it is not known`);
  for (const b of stackBuckets)
    if (b.regionUnknown !== undefined) v.undetermined.push(`${field}.alias ${alias}: the Region of ${b.name} could not be read (${b.regionUnknown})`);
  const aliasListIn = (region: string) => {
    const list = inventory.aliases[region];
    return list?.state === 'present' ? list.value : [];
  };
  const aliasOk: string[] = [];
  const missing: { region: string; text: string }[] = [];
  for (const region of [...new Set(inScope.map((b) => b.region))].sort()) {
    const list = inventory.aliases[region];
    if (list === undefined) {
      v.undetermined.push(`${field}.alias ${alias} in ${region}: the KMS aliases there were not read`);
      continue;
    }
    if (list.state === 'unknown') {
      v.undetermined.push(`${field}.alias ${alias} in ${region}: could not list the KMS aliases there (${list.reason})`);
      continue;
    }
    const entry = aliasListIn(region).find((a) => a.name === alias);
    if (entry?.targetKeyId) {
      aliasOk.push(region);
      continue;
    }
    const why = entry ? `${alias} (${field}.alias) targets no key in ${region}` : `${alias} (${field}.alias) does not exist in ${region}`;
    if (!needed.has(region)) {
      v.undetermined.push(`${why}, where ${maybeIn(region).join(', ')} may be stage buckets (whether they are support buckets could not be told)`);
      continue;
    }
    missing.push({ region, text: `${why}; ${candidatesIn(region, aliasListIn(region), inScope, ctx)}` });
  }
  // One hint label for the alias, however many Regions lack it.
  const aliasLabel = `${field}.alias ${alias} (${missing.map((m) => m.region).join(', ')})`;
  v.unresolved.push(...missing.map((m, i) => ({ label: i === 0 ? aliasLabel : '', text: m.text })));
  if (aliasOk.length > 0) v.resolved.push(`${field}.alias ${alias} (${aliasOk.join(', ')})`);

  for (const arn of stack.kms.keyArns) {
    const region = arn.split(':')[3]!;
    const md = lookups.key(arn, region)?.metadata;
    if (md === undefined) v.undetermined.push(`${field}.keyArns ${arn}: the key was not described by the scan`);
    else if (md.state === 'unknown') v.undetermined.push(`${field}.keyArns ${arn}: ${md.reason}`);
    else if (md.state === 'absent')
      v.unresolved.push({ label: `${field}.keyArns ${arn}`, text: `${arn} (${field}.keyArns) does not exist; ${candidatesIn(region, aliasListIn(region), inScope, ctx)}` });
    else v.resolved.push(`${field}.keyArns ${arn}`);
  }
}

const roleMatches = (value: string, arn: string, name: string): boolean => arn === value || name === value.split('/').pop();

function checkRoles(inventory: Inventory, profile: Profile, active: ReadonlyMap<ProfileStack, unknown>, v: Verdicts): void {
  const named: [field: string, value: string, purpose: 'snowflake' | 'app'][] = [
    ...snowflakeRoles(profile)
      .filter(({ stack }) => active.has(stack))
      .map(({ roleName, stack }) => [`${stack.field}snowflake.roleName`, roleName, 'snowflake'] as [string, string, 'snowflake']),
    ...profile.iam.appRoles.map((r) => ['iam.appRoles', r, 'app'] as [string, string, 'app']),
  ];
  for (const [field, value, purpose] of named) {
    const role = inventory.roles.find((r) => r.purposes.includes(purpose) && roleMatches(value, r.arn, r.name));
    if (!role) {
      v.undetermined.push(`${field} ${value}: the role was not read`);
      continue;
    }
    const t = role.trustPolicy;
    if (t.state === 'unknown') v.undetermined.push(`${field} ${value}: ${t.reason}`);
    else if (t.state === 'present') v.resolved.push(`${field} ${value}`);
    else if (purpose === 'snowflake')
      v.unresolved.push({
        label: `${field} ${value}`,
        text: `the Snowflake role ${value} (${field}) does not exist in account ${role.account}; \`envelope init\` finds the role Snowflake assumes (trusted by an IAM user of another account with sts:ExternalId)`,
      });
    else v.unresolved.push({ label: `${field} ${value}`, text: `the application role ${value} (iam.appRoles) does not exist in account ${role.account}` });
  }
}

export default defineRule({
  id: 'profile-values-resolve',
  title: 'The names the profile gives (key alias, key ARNs, roles) exist in the account',
  severity: 'high',
  resourceType: 'account',
  packs: ['snowflake-s3-kms'],
  description:
    'The profile names the key alias (kms.alias) in every Region that holds an in-scope bucket, any explicit key ARNs (kms.keyArns), the Snowflake role (snowflake.roleName) and the application roles (iam.appRoles) — per stack when the profile lists stacks, each for the buckets it owns. When one of them does not exist, this one finding says so and names what the account uses instead; the rules that need that value are unknown rather than failing every resource against a name the account never had.',
  messages: {
    resolved: 'Every profile value names something in the account: {{resolved}}.',
    unresolved: 'The profile names what this account does not have: {{problems}}. The rules that need these values are unknown until the profile matches the account — {{hint}}.',
  },
  remediation:
    'Run `envelope init --output profile.yaml` against the account and scan with `--profile profile.yaml`, or correct the named fields in your profile (kms.alias, kms.keyArns, snowflake.roleName, iam.appRoles). If a value was right and the thing was deleted, recreate it (aws kms create-alias --alias-name ALIAS --target-key-id KEY_ARN).',
  check(_account, ctx) {
    const v: Verdicts = { unresolved: [], undetermined: [], resolved: [] };
    const active = activeStacks(ctx);
    for (const [stack, buckets] of active) checkStackKeys(ctx, v, stack, buckets);
    checkRoles(ctx.inventory, ctx.profile, active, v);
    const evidence = { unresolved: v.unresolved.map((u) => u.text), undetermined: v.undetermined, resolved: v.resolved };
    if (v.unresolved.length > 0) {
      const labels = v.unresolved.map((u) => u.label).filter(Boolean);
      return fail('unresolved', { problems: v.unresolved.map((u) => u.text).join('. '), unresolved: labels.join(', '), hint: INIT_HINT }, evidence);
    }
    if (v.undetermined.length > 0) return unknown(`whether every profile value exists could not be told: ${v.undetermined.join('; ')}`, evidence);
    return pass('resolved', { resolved: v.resolved.join(', ') || 'none needed' }, evidence);
  },
});
