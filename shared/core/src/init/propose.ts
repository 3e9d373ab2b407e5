import { bucketNameOf } from '../model/encryption.js';
import { resolveKeyRef } from '../model/key-ref.js';
import { resourceMatches } from '../policy/statements.js';
import { locationBucket, locationPrefix } from '../collect/snowflake/locations.js';
import type { AccountFacts, CandidateRole, IntegrationFacts } from './discover.js';
import { looksLikeSnowflakeUser } from './trust.js';

/** A value init proposes, and why: the "why" is printed beside it in the profile. */
export interface Chosen<T> {
  value: T;
  why: string;
}

/** What init writes: each field with its evidence, and the candidates it did not choose. */
export interface Proposal {
  account: string;
  callerArn: string;
  role?: Chosen<string>;
  otherRoles: Chosen<string>[];
  iamUserArn?: Chosen<string>;
  otherUsers: Chosen<string>[];
  regions: Chosen<string>[];
  bucketNames: Chosen<string>[];
  supportBucketNames: Chosen<string>[];
  dataPrefix?: Chosen<string>;
  otherPrefixes: Chosen<string>[];
  alias?: Chosen<string>;
  otherAliases: Chosen<string>[];
  keyArns: Chosen<string>[];
  replication: Chosen<{ expected: boolean; destinationRegions: string[] }>;
  tagKey?: Chosen<string>;
  otherTagKeys: Chosen<string>[];
  /** The architecture once per Snowflake role (team): one stack each; the top-level role, alias and key ARNs are then unset. */
  stacks?: ProposedStack[];
  /** What init could not read or decide; printed at the top of the file. */
  notes: string[];
}

export interface ProposedStack {
  name: string;
  role: Chosen<string>;
  /** Set when the stacks trust different Snowflake users; else the top-level iamUserArn holds the one they share. */
  iamUserArn?: Chosen<string>;
  /** The stack's stage buckets and their replicas (exact names). */
  buckets: Chosen<string>[];
  alias?: Chosen<string>;
  keyArns: Chosen<string>[];
}

const OWNER_TAG = /team|owner|squad|tribe|department|cost.?cent(er|re)|business.?unit/i;
const OWNER_TAG_KEYS = ['team', 'owner', 'Team', 'Owner', 'owner-team', 'cost-center', 'CostCenter'];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Ranks the roles another account may assume as Snowflake's: the integration shape (a user of
 * another account with an ExternalId) first, a Snowflake-style user name next, then how many
 * buckets of this account the role reaches. A weak trust (root principal, or no ExternalId) counts
 * only when the role reaches a bucket here: that is a drifted Snowflake role, not a vendor's.
 */
function rankRoles(facts: AccountFacts, listed: Set<string>): { role: CandidateRole; reached: string[] }[] {
  return facts.candidates
    .map((role) => ({ role, reached: [...listed].filter((b) => role.reach?.buckets.some((p) => resourceMatches(p, b))).sort() }))
    .filter(({ role, reached }) => role.trust.match === 'integration' || reached.length > 0)
    .map((c) => ({
      ...c,
      score:
        (c.role.trust.match === 'integration' ? 4 : 0) + (c.role.trust.foreignUsers.some(looksLikeSnowflakeUser) ? 2 : 0) + (c.reached.length > 0 ? 1 : 0),
    }))
    .sort((a, b) => b.score - a.score || b.reached.length - a.reached.length || a.role.name.localeCompare(b.role.name));
}

const otherRole = ({ role: r, reached }: Ranked): Chosen<string> => ({ value: r.name, why: `${describeTrust(r)}; reaches ${plural(reached.length, 'bucket')}` });

function describeTrust(role: CandidateRole): string {
  const who = [...role.trust.foreignUsers, ...role.trust.foreignAccounts].join(', ');
  return `trusted by ${who} ${role.trust.externalId ? 'with' : 'WITHOUT'} an sts:ExternalId condition`;
}

type Ranked = ReturnType<typeof rankRoles>[number];

export function propose(facts: AccountFacts): Proposal {
  const notes: string[] = [];
  const listedBuckets = facts.buckets.state === 'present' ? facts.buckets.value : [];
  if (facts.roleCount.state === 'unknown') notes.push(`could not list IAM roles (${facts.roleCount.reason}): the Snowflake role was not looked for`);
  if (facts.buckets.state === 'unknown') notes.push(`could not list buckets (${facts.buckets.reason}): no bucket could be placed in scope`);

  for (const c of facts.candidates) {
    if (c.policies.state === 'unknown') notes.push(`could not read the policies of ${c.name} (${c.policies.reason}): it could not be ranked`);
  }

  const ranked = rankRoles(facts, new Set(listedBuckets.map((b) => b.name)));
  if (facts.integrations?.state === 'unknown') notes.push(`${facts.integrations.reason}: the Snowflake role was found from trust policies instead`);
  const integrations = facts.integrations?.state === 'present' ? facts.integrations.value.filter((i) => i.usable && i.roleArn?.split(':')[4] === facts.account) : [];
  if (integrations.length > 0) return proposeFromIntegrations(facts, integrations, ranked, notes);
  // Several integration-shaped roles, each reaching buckets of its own: the architecture once per
  // team (a module with for_each). Each becomes a stack; a shared bucket makes them one architecture.
  const teams = ranked.filter((c) => c.role.trust.match === 'integration' && c.reached.length > 0);
  const disjoint = teams.every((a, i) => teams.every((b, j) => i === j || !a.reached.some((x) => b.reached.includes(x))));
  if (teams.length < 2 || !disjoint) return proposeFor(facts, ranked[0], ranked.slice(1), notes);
  return proposeStacks(
    facts,
    teams.map((t) => proposeFor(facts, t, [], [])),
    ranked.filter((c) => !teams.includes(c)),
    notes,
  );
}

/**
 * With Snowflake configured, the integrations name the roles (STORAGE_AWS_ROLE_ARN), the user
 * (STORAGE_AWS_IAM_USER_ARN) and where the stages may point (STORAGE_ALLOWED_LOCATIONS): nothing is
 * guessed from trust policies. One role → one profile; several roles with buckets of their own → stacks.
 */
function proposeFromIntegrations(facts: AccountFacts, integrations: IntegrationFacts[], ranked: Ranked[], notes: string[]): Proposal {
  const listed = new Set((facts.buckets.state === 'present' ? facts.buckets.value : []).map((b) => b.name));
  const byRole = new Map<string, IntegrationFacts[]>();
  for (const i of [...integrations].sort((a, b) => a.name.localeCompare(b.name))) byRole.set(i.roleArn!, [...(byRole.get(i.roleArn!) ?? []), i]);
  const teams: { ranked: Ranked; integrations: IntegrationFacts[] }[] = [];
  for (const [arn, ints] of byRole) {
    const found = ranked.find((r) => r.role.arn === arn);
    const candidate = found?.role ?? facts.candidates.find((c) => c.arn === arn);
    const role: CandidateRole = candidate ?? {
      arn,
      name: arn.replace(/^arn:[^:]+:iam::\d*:role\//, ''),
      trust: { match: 'weak', foreignUsers: [], foreignAccounts: [], externalId: false },
      policies: { state: 'unknown', reason: 'not read: its trust policy lets no other account assume it' },
    };
    if (!candidate) notes.push(`storage integration ${ints.map((i) => i.name).join(', ')} names ${role.name}, whose trust policy lets no other account assume it (or which does not exist): scan will say which`);
    const fromLocations = ints.flatMap((i) => i.allowedLocations.map(locationBucket)).filter((b): b is string => b !== undefined && listed.has(b));
    const reached = [...new Set([...(found?.reached ?? []), ...fromLocations])].sort();
    teams.push({ ranked: { role, reached }, integrations: ints });
  }
  const others = ranked.filter((r) => !byRole.has(r.role.arn));
  const disjoint = teams.every((a, i) => teams.every((b, j) => i === j || !a.ranked.reached.some((x) => b.ranked.reached.includes(x))));
  if (teams.length === 1 || !disjoint) {
    const [first, ...rest] = teams;
    if (rest.length > 0) notes.push(`storage integrations on several roles share buckets (${teams.map((t) => t.ranked.role.name).join(', ')}): one is proposed, the others are listed as candidates`);
    return proposeFor(facts, first!.ranked, [...rest.map((t) => t.ranked), ...others], notes, first!.integrations);
  }
  return proposeStacks(
    facts,
    teams.map((t) => proposeFor(facts, t.ranked, [], [], t.integrations)),
    others,
    notes,
  );
}

/** The profile for one Snowflake role: its buckets, their keys, replication and log targets. */
function proposeFor(facts: AccountFacts, chosen: Ranked | undefined, others: Ranked[], notes: string[], integrations: IntegrationFacts[] = []): Proposal {
  const listedBuckets = facts.buckets.state === 'present' ? facts.buckets.value : [];
  const regionOf = new Map(listedBuckets.map((b) => [b.name, b.region]));
  const named = integrations.map((i) => i.name).join(', ');
  const role = chosen && {
    value: chosen.role.name,
    why:
      integrations.length > 0
        ? `STORAGE_AWS_ROLE_ARN of storage integration ${named} (DESC STORAGE INTEGRATION); it reaches ${plural(chosen.reached.length, 'bucket')} of this account`
        : `${describeTrust(chosen.role)}; its policies reach ${plural(chosen.reached.length, 'bucket')} of this account`,
  };
  const otherRoles = others.map(otherRole);
  if (!chosen) {
    notes.push(
      facts.roleCount.state === 'present'
        ? `none of the ${plural(facts.roleCount.value, 'role')} is trusted by an IAM user of another account with an sts:ExternalId (how a Snowflake storage integration's role looks): set snowflake.roleName to STORAGE_AWS_ROLE_ARN's role (DESC INTEGRATION)`
        : 'set snowflake.roleName to the role in STORAGE_AWS_ROLE_ARN (DESC INTEGRATION)',
    );
  }

  const integrationUser = integrations.find((i) => i.userArn)?.userArn;
  const users = integrationUser
    ? [integrationUser]
    : chosen
      ? [...chosen.role.trust.foreignUsers].sort((a, b) => Number(looksLikeSnowflakeUser(b)) - Number(looksLikeSnowflakeUser(a)))
      : [];
  const iamUserArn = users[0]
    ? { value: users[0], why: integrationUser ? `STORAGE_AWS_IAM_USER_ARN of storage integration ${named} (DESC STORAGE INTEGRATION)` : `the IAM user ${chosen!.role.name} trusts (STORAGE_AWS_IAM_USER_ARN of the integration)` }
    : undefined;
  const otherUsers = integrationUser ? [] : users.slice(1).map((u) => ({ value: u, why: `also trusted by ${chosen!.role.name}: only one Snowflake user should be` }));
  // The integration is the truth; a trust policy that names another user (or none) is the break the scan reports.
  if (chosen && integrationUser && !chosen.role.trust.foreignUsers.includes(integrationUser))
    notes.push(
      `${chosen.role.name}'s trust policy does not name ${integrationUser}, the user of storage integration ${named} (it names ${chosen.role.trust.foreignUsers.join(', ') || 'no user of another account'}): scan will fail snowflake-integration-trust-matches`,
    );
  if (chosen && !iamUserArn) notes.push(`${chosen.role.name} trusts no IAM user of another account (${describeTrust(chosen.role)}): set snowflake.iamUserArn from DESC INTEGRATION`);

  // Buckets: the role's, their replication destinations, and the access-log targets of both.
  // A bucket that receives another reached bucket's access logs is a support bucket, even when
  // the role's pattern (lake-*) reaches it too: log delivery cannot write SSE-KMS, so it holds no stage data.
  const reached = chosen?.reached ?? [];
  const logTargetOf = (b: string) => {
    const l = facts.bucketFacts.get(b)?.logging;
    return l?.state === 'present' && l.value.targetBucket !== b ? l.value.targetBucket : undefined;
  };
  const reachedLogTargets = new Set(reached.map(logTargetOf).filter((t): t is string => t !== undefined));
  const stage = reached.filter((b) => !reachedLogTargets.has(b));
  const elsewhere = (chosen?.role.reach?.buckets ?? []).filter((p) => ![...regionOf.keys()].some((b) => resourceMatches(p, b)));
  if (chosen && elsewhere.length > 0 && facts.buckets.state === 'present')
    notes.push(`${chosen.role.name}'s policies name buckets this account does not list (another account's, deleted, or outside --region): ${elsewhere.join(', ')}`);
  const bucketNames: Chosen<string>[] = stage.map((b) => ({ value: b, why: `stage bucket: ${chosen!.role.name} may use it (${regionOf.get(b)})` }));
  const inScope = new Set(stage);
  const destinations = new Map<string, string[]>();
  const replicaKeys = new Map<string, string>();
  let replicating = 0;
  let replicationUnread = 0;
  for (const b of stage) {
    const rep = facts.bucketFacts.get(b)?.replication;
    if (rep?.state === 'unknown') replicationUnread++;
    if (rep?.state !== 'present') continue;
    const enabled = rep.value.rules.filter((r) => r.status === 'Enabled');
    if (enabled.length > 0) replicating++;
    for (const r of enabled) {
      const dest = bucketNameOf(r.destinationBucketArn);
      destinations.set(dest, [...(destinations.get(dest) ?? []), b]);
      if (r.replicaKmsKeyId) replicaKeys.set(dest, r.replicaKmsKeyId);
    }
  }
  const destinationRegions = new Set<string>();
  for (const [dest, sources] of destinations) {
    const region = regionOf.get(dest) ?? replicaKeys.get(dest)?.split(':')[3];
    if (region) destinationRegions.add(region);
    if (!regionOf.has(dest)) {
      notes.push(`replication destination ${dest} (of ${sources.join(', ')}) is not in this account's bucket list: it is not scanned`);
      continue;
    }
    if (inScope.has(dest)) continue;
    inScope.add(dest);
    bucketNames.push({ value: dest, why: `replication destination of ${sources.join(', ')} (${regionOf.get(dest)})` });
  }
  const supportBucketNames: Chosen<string>[] = [];
  const logTargets = new Map<string, string[]>();
  for (const b of inScope) {
    const logging = facts.bucketFacts.get(b)?.logging;
    if (logging?.state === 'present') logTargets.set(logging.value.targetBucket, [...(logTargets.get(logging.value.targetBucket) ?? []), b]);
  }
  for (const [target, sources] of [...logTargets].sort(([a], [b]) => a.localeCompare(b))) {
    if (!regionOf.has(target) || inScope.has(target)) continue;
    const why = `access-log target of ${sources.join(', ')}`;
    bucketNames.push({ value: target, why });
    supportBucketNames.push({ value: target, why });
  }
  for (const b of [...inScope]) {
    const f = facts.bucketFacts.get(b);
    for (const [what, o] of [['encryption', f?.encryption], ['logging', f?.logging], ['replication', f?.replication]] as const) {
      if (o?.state === 'unknown') notes.push(`could not read the ${what} of ${b} (${o.reason})`);
    }
  }

  const regionCount = new Map<string, number>();
  for (const { value } of bucketNames) {
    const r = regionOf.get(value);
    if (r) regionCount.set(r, (regionCount.get(r) ?? 0) + 1);
  }
  const regions = [...regionCount].sort(([a], [b]) => a.localeCompare(b)).map(([r, n]) => ({ value: r, why: `${plural(n, 'bucket')} in scope` }));

  // Data prefix: the one the role's object resources name most (where objects are read and
  // written); the s3:prefix conditions of ListBucket only when no object resource names one. On a
  // tie the narrower prefix wins: a broader grant beside it is the drift, not the design.
  const allPrefixes = chosen?.role.reach?.prefixes ?? [];
  const objectPrefixes = allPrefixes.filter((p) => p.source === 'object');
  const counted = objectPrefixes.length > 0 ? objectPrefixes : allPrefixes;
  const prefixCount = new Map<string, number>();
  for (const p of counted) prefixCount.set(p.prefix, (prefixCount.get(p.prefix) ?? 0) + 1);
  const prefixes = [...prefixCount].sort(([a, n], [b, m]) => m - n || b.length - a.length || a.localeCompare(b));
  const what = objectPrefixes.length > 0 ? 'object resources' : 's3:prefix conditions';
  const locationPrefixes = [...new Set(integrations.flatMap((i) => i.allowedLocations.map(locationPrefix)))];
  const dataPrefix = prefixes[0]
    ? {
        value: prefixes[0][0],
        why: `${prefixes[0][1]} of ${counted.length} ${what} in ${chosen!.role.name}'s policies name ${prefixes[0][0] === '' ? 'the whole bucket' : `"${prefixes[0][0]}"`}`,
      }
    : locationPrefixes.length === 1
      ? { value: locationPrefixes[0]!, why: `STORAGE_ALLOWED_LOCATIONS of storage integration ${named} (the role's policies could not be read)` }
      : undefined;
  const otherPrefixes = prefixes.slice(1).map(([p, n]) => ({ value: p, why: `named ${plural(n, 'time')}` }));

  const keys = chooseKeys(facts, chosen?.role, stage, [...stage, ...[...destinations.keys()].filter((d) => regionOf.has(d))], regionOf, replicaKeys, notes);
  const tags = chooseTagKey(facts, bucketNames.map((b) => b.value), regionOf);

  return {
    account: facts.account,
    callerArn: facts.callerArn,
    ...(role ? { role } : {}),
    otherRoles,
    ...(iamUserArn ? { iamUserArn } : {}),
    otherUsers,
    regions,
    bucketNames,
    supportBucketNames,
    ...(dataPrefix ? { dataPrefix } : {}),
    otherPrefixes,
    ...keys,
    replication: {
      value: { expected: replicating > 0, destinationRegions: [...destinationRegions].sort() },
      why:
        replicating > 0
          ? `${replicating} of ${plural(stage.length, 'stage bucket')} replicate${replicating === 1 ? 's' : ''} to ${[...destinations.keys()].sort().join(', ')}`
          : replicationUnread > 0
            ? `the replication of ${plural(replicationUnread, 'stage bucket')} could not be read; set expected: true if the architecture's cross-Region replication is required`
            : `no stage bucket replicates; set expected: true if the architecture's cross-Region replication is required`,
    },
    ...tags,
    notes,
  };
}

/**
 * Stack names from the roles' names: what tells them apart once the parts they share are dropped
 * (snowflake-s3-kms-role-analytics, …-finance → analytics, finance); the role name when nothing is shared.
 */
export function stackNames(roleNames: string[]): string[] {
  const parts = roleNames.map((n) => n.split('/').pop()!.split(/[-_.]/));
  let head = 0;
  while (parts.every((p) => head < p.length - 1 && p[head] === parts[0]![head])) head++;
  let tail = 0;
  while (parts.every((p) => tail < p.length - head - 1 && p[p.length - 1 - tail] === parts[0]![parts[0]!.length - 1 - tail])) tail++;
  const names = parts.map((p, i) => {
    const core = p.slice(head, p.length - tail).join('-').replace(/[^\w.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
    return core || roleNames[i]!.split('/').pop()!.replace(/[^\w.-]/g, '-');
  });
  return names.map((n, i) => (names.indexOf(n) === i ? n : `${n}-${i + 1}`));
}

/** One proposal per team role, merged: shared scope, support buckets, prefix and replication at the top; role, user, buckets and key per stack. */
function proposeStacks(facts: AccountFacts, parts: Proposal[], others: Ranked[], notes: string[]): Proposal {
  const uniq = (items: Chosen<string>[]) => [...new Map(items.map((i) => [i.value, i])).values()];
  const users = new Set(parts.map((p) => p.iamUserArn?.value));
  const sharedUser = users.size === 1 ? parts[0]!.iamUserArn : undefined;
  const names = stackNames(parts.map((p) => p.role!.value));
  const support = new Set(parts.flatMap((p) => p.supportBucketNames.map((b) => b.value)));
  const stacks: ProposedStack[] = parts.map((p, i) => ({
    name: names[i]!,
    role: p.role!,
    ...(p.iamUserArn && !sharedUser ? { iamUserArn: p.iamUserArn } : {}),
    buckets: p.bucketNames.filter((b) => !support.has(b.value)),
    ...(p.alias ? { alias: p.alias } : {}),
    keyArns: p.keyArns,
  }));
  const prefixes = new Set(parts.map((p) => p.dataPrefix?.value));
  const dataPrefix = prefixes.size === 1 ? parts[0]!.dataPrefix : undefined;
  if (prefixes.size > 1) notes.push(`the teams' roles use different data prefixes (${[...prefixes].filter((x) => x !== undefined).join(', ')}): s3.dataPrefix is one value for the profile; set it to the one to hold every stack to`);
  const replicating = parts.filter((p) => p.replication.value.expected);
  const destinationRegions = [...new Set(parts.flatMap((p) => p.replication.value.destinationRegions))].sort();
  const listed = facts.buckets.state === 'present' ? facts.buckets.value : [];
  const regionOf = new Map(listed.map((b) => [b.name, b.region]));
  const bucketNames = uniq(parts.flatMap((p) => p.bucketNames));
  const regionCount = new Map<string, number>();
  for (const { value } of bucketNames) {
    const r = regionOf.get(value);
    if (r) regionCount.set(r, (regionCount.get(r) ?? 0) + 1);
  }
  return {
    account: facts.account,
    callerArn: facts.callerArn,
    otherRoles: others.map(otherRole),
    ...(sharedUser ? { iamUserArn: { value: sharedUser.value, why: `the IAM user every team's role trusts (STORAGE_AWS_IAM_USER_ARN of the integrations)` } } : {}),
    otherUsers: [],
    regions: [...regionCount].sort(([a], [b]) => a.localeCompare(b)).map(([r, n]) => ({ value: r, why: `${plural(n, 'bucket')} in scope` })),
    bucketNames,
    supportBucketNames: uniq(parts.flatMap((p) => p.supportBucketNames)),
    ...(dataPrefix ? { dataPrefix } : {}),
    otherPrefixes: [],
    otherAliases: [],
    keyArns: [],
    replication: {
      value: { expected: replicating.length > 0, destinationRegions },
      why:
        replicating.length > 0
          ? `${replicating.length} of ${plural(parts.length, 'team')} replicate${replicating.length === 1 ? 's' : ''} their stage buckets`
          : 'no stage bucket replicates; set expected: true if the architecture\'s cross-Region replication is required',
    },
    ...chooseTagKey(facts, bucketNames.map((b) => b.value), regionOf),
    stacks,
    notes: [...new Set([...notes, ...parts.flatMap((p) => p.notes)])],
  };
}

/**
 * The customer key the stage buckets encrypt with (by default encryption; the role's KMS grants
 * when no bucket names a key), its alias, and an explicit key ARN for every Region in scope where
 * that alias does not lead to the key the buckets there use (a replica key under another alias).
 */
function chooseKeys(
  facts: AccountFacts,
  role: CandidateRole | undefined,
  stage: string[],
  /** The stage buckets and their replicas (log targets use SSE-S3 by design). */
  dataBuckets: string[],
  regionOf: Map<string, string>,
  replicaKeys: Map<string, string>,
  notes: string[],
): Pick<Proposal, 'alias' | 'otherAliases' | 'keyArns'> {
  const where = { account: facts.account, partition: facts.partition, aliases: facts.aliases };
  const defaultKeyOf = (bucket: string): string | undefined => {
    const enc = facts.bucketFacts.get(bucket)?.encryption;
    const ref = enc?.state === 'present' ? enc.value.find((r) => r.kmsMasterKeyId)?.kmsMasterKeyId : undefined;
    return ref ? resolveKeyRef(ref, regionOf.get(bucket)!, where) : undefined;
  };
  // Per Region: which key each in-scope data bucket (stage or destination) uses.
  const byRegion = new Map<string, Map<string, string[]>>();
  const count = (bucket: string, key: string) => {
    const region = key.split(':')[3]!;
    const keysHere = byRegion.get(region) ?? new Map<string, string[]>();
    keysHere.set(key, [...(keysHere.get(key) ?? []), bucket]);
    byRegion.set(region, keysHere);
  };
  for (const b of dataBuckets) {
    const k = defaultKeyOf(b) ?? (replicaKeys.has(b) ? resolveKeyRef(replicaKeys.get(b)!, regionOf.get(b)!, where) : undefined);
    if (k) count(b, k);
  }
  const roleKeys = (role?.reach?.keys ?? []).filter((k) => k !== '*').map((k) => resolveKeyRef(k, k.split(':')[3] ?? '', where)).filter((k): k is string => !!k);
  const stageTotal = (region: string) => stage.filter((b) => regionOf.get(b) === region).length;

  // The main Region is the one with the most stage buckets.
  const stageRegions = [...new Set(stage.map((b) => regionOf.get(b)!))].sort((a, b) => stageTotal(b) - stageTotal(a) || a.localeCompare(b));
  const mainRegion = stageRegions[0];
  if (!mainRegion) return { otherAliases: [], keyArns: [] };
  // On a tie, the key the role may use wins, then one with a customer alias: the odd bucket out is the drift.
  const hasAlias = (key: string) => {
    const list = facts.aliases[mainRegion];
    return list?.state === 'present' && list.value.some((a) => a.targetKeyId === key.split('/').pop() && !a.name.startsWith('alias/aws/'));
  };
  const ranked = [...(byRegion.get(mainRegion) ?? new Map<string, string[]>())].sort(
    ([k1, a], [k2, b]) => b.length - a.length || Number(roleKeys.includes(k2)) - Number(roleKeys.includes(k1)) || Number(hasAlias(k2)) - Number(hasAlias(k1)) || k1.localeCompare(k2),
  );
  let mainKey = ranked[0]?.[0];
  let mainWhy = mainKey ? `encrypts ${ranked[0]![1].length} of ${plural(stageTotal(mainRegion), 'stage bucket')} in ${mainRegion} by default` : '';
  if (!mainKey) {
    mainKey = roleKeys.find((k) => k.split(':')[3] === mainRegion);
    if (mainKey) mainWhy = `no stage bucket names a customer key by default; ${role!.name}'s policies grant this one`;
  } else if (role && roleKeys.includes(mainKey)) mainWhy += `, and ${role.name} may use it`;
  if (!mainKey) {
    notes.push(`no customer-managed key was found for the stage buckets in ${mainRegion}: set kms.alias or kms.keyArns by hand`);
    return { otherAliases: [], keyArns: [] };
  }
  for (const [k, buckets] of ranked.slice(1)) notes.push(`${buckets.join(', ')} encrypt${buckets.length === 1 ? 's' : ''} with ${k}, not the main key: scan will say so`);

  const aliasesOf = (region: string, keyArn: string): string[] => {
    const list = facts.aliases[region];
    const id = keyArn.split('/').pop();
    return list?.state === 'present' ? list.value.filter((a) => a.targetKeyId === id && !a.name.startsWith('alias/aws/')).map((a) => a.name).sort() : [];
  };
  if (facts.aliases[mainRegion]?.state === 'unknown') notes.push(`could not list KMS aliases in ${mainRegion}: the key is named by its ARN`);
  // The key each other Region's buckets use: their majority key.
  const regionKey = new Map<string, string>([[mainRegion, mainKey]]);
  for (const [region, keysHere] of byRegion) {
    if (region === mainRegion) continue;
    const top = [...keysHere].sort(([, a], [, b]) => b.length - a.length)[0];
    if (top) regionKey.set(region, top[0]);
  }
  const candidates = aliasesOf(mainRegion, mainKey);
  // Prefer the alias that leads to the right key in every Region (a multi-Region key's replicas share it).
  const fits = (alias: string) => [...regionKey].filter(([r, k]) => aliasesOf(r, k).includes(alias)).length;
  const sorted = candidates.sort((a, b) => fits(b) - fits(a) || a.localeCompare(b));
  const alias = sorted[0];
  const keyArns: Chosen<string>[] = [];
  for (const [region, key] of [...regionKey].sort(([a], [b]) => a.localeCompare(b))) {
    if (alias && aliasesOf(region, key).includes(alias)) continue;
    const users = byRegion.get(region)?.get(key) ?? [];
    keyArns.push({
      value: key,
      why:
        region === mainRegion
          ? `${mainWhy}; no customer alias targets it (kms-alias-present will say so)`
          : `used by ${users.join(', ')} in ${region}${alias ? `, where ${alias} does not target it` : ''}`,
    });
  }
  return {
    ...(alias ? { alias: { value: alias, why: `targets ${mainKey}, which ${mainWhy}` } } : {}),
    otherAliases: sorted.slice(1).map((a) => ({ value: a, why: `also targets ${mainKey}` })),
    keyArns,
  };
}

/** The tag key most in-scope buckets carry (ownership names first on a tie). */
function chooseTagKey(facts: AccountFacts, inScope: string[], regionOf: Map<string, string>): Pick<Proposal, 'tagKey' | 'otherTagKeys'> {
  const counts = new Map<string, number>();
  let read = 0;
  for (const b of inScope) {
    const inRegion = facts.tags[regionOf.get(b) ?? ''];
    if (inRegion?.state !== 'present') continue;
    read++;
    for (const k of Object.keys(inRegion.value.get(b) ?? {})) if (!k.startsWith('aws:')) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const rank = (k: string) => (OWNER_TAG_KEYS.includes(k) ? OWNER_TAG_KEYS.indexOf(k) : OWNER_TAG_KEYS.length);
  const sorted = [...counts].sort(([a, n], [b, m]) => m - n || rank(a) - rank(b) || a.localeCompare(b));
  // Only a key that names an owner is proposed (Name or project would show every bucket as its own team); the rest stay commented candidates.
  const owners = sorted.filter(([k]) => OWNER_TAG.test(k));
  const top = owners[0];
  return {
    ...(top ? { tagKey: { value: top[0], why: `carried by ${top[1]} of ${plural(read, 'in-scope bucket')}` } } : {}),
    otherTagKeys: sorted.filter((e) => e !== top).map(([k, n]) => ({ value: k, why: `carried by ${n} of ${read}` })),
  };
}
