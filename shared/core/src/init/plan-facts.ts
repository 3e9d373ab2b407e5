/**
 * `envelope init --plan`, and `envelope plan` without a profile: the facts init reads from an
 * account, read from a Terraform plan instead — the roles another account may assume and what
 * their policies reach, the buckets with their encryption, logging and replication, the aliases,
 * the tags. No API call: everything is in the plan (what only apply will tell stays unknown, and
 * propose() notes it).
 */
import { collectTerraformInventory } from '../collect/terraform/index.js';
import type { TerraformPlan } from '../collect/terraform/plan-file.js';
import { present } from '../model/observed.js';
import { parseProfile } from '../profile/load.js';
import type { Profile } from '../profile/schema.js';
import { TOOL_VERSION } from '../version.js';
import { roleReach } from './access.js';
import type { AccountFacts, CandidateRole } from './discover.js';
import { propose, type Proposal } from './propose.js';
import { renderProfileYaml } from './render.js';
import { readTrust } from './trust.js';

export interface PlanFactsOptions {
  /** The plan file as named on the command line. */
  file: string;
  /** The account the plan deploys to (--account); else the one its ARNs name most. */
  account?: string;
}

/** Every bucket and role of the plan, none filtered out by a profile's names. */
const LOOK_AT_EVERYTHING: Profile = parseProfile({ name: 'init-from-plan', stacks: [], snowflake: {} }, 'init');

export async function discoverPlan(plan: TerraformPlan, options: PlanFactsOptions): Promise<AccountFacts> {
  const inv = await collectTerraformInventory(plan, { profile: LOOK_AT_EVERYTHING, file: options.file, allRoles: true, ...(options.account ? { account: options.account } : {}) });
  const account = inv.account.id;
  const candidates: CandidateRole[] = [];
  let roleCount = 0;
  for (const r of inv.roles) {
    if (!r.purposes.includes('candidate')) continue;
    roleCount++;
    if (r.trustPolicy.state !== 'present') continue;
    const trust = readTrust(r.trustPolicy.value, account);
    if (!trust) continue;
    const c: CandidateRole = { arn: r.arn, name: r.arn.replace(/^arn:[^:]+:iam::\d*:role\//, ''), trust, policies: r.policies };
    if (r.policies.state === 'present') c.reach = roleReach(r.policies.value);
    candidates.push(c);
  }
  const bucketFacts: AccountFacts['bucketFacts'] = new Map(inv.buckets.map((b) => [b.name, { encryption: b.encryption, logging: b.logging, replication: b.replication }]));
  const tags: AccountFacts['tags'] = {};
  for (const b of inv.buckets) {
    const inRegion = (tags[b.region] ??= present(new Map()));
    if (inRegion.state === 'present' && b.tags.state === 'present') inRegion.value.set(b.name, b.tags.value);
  }
  return {
    account,
    partition: inv.account.partition,
    callerArn: `Terraform plan ${options.file}`,
    roleCount: present(roleCount),
    candidates: candidates.sort((a, b) => a.arn.localeCompare(b.arn)),
    buckets: present(inv.buckets.map((b) => ({ name: b.name, region: b.region, ...(b.regionUnknown ? { regionUnknown: b.regionUnknown } : {}) }))),
    bucketFacts,
    aliases: inv.aliases,
    tags,
  };
}

export interface PlanProfile {
  proposal: Proposal;
  /** The commented YAML profile, as `init --plan` writes it. */
  yaml: string;
  /** The profile itself, as `plan` uses it when none is given. */
  profile: Profile;
}

/** The profile a plan describes: its Snowflake role (or one stack per team role), stage buckets and key alias. */
export async function profileFromPlan(plan: TerraformPlan, options: PlanFactsOptions): Promise<PlanProfile> {
  const facts = await discoverPlan(plan, options);
  const proposal = propose(facts);
  const yaml = renderProfileYaml(proposal, { readAt: new Date().toISOString(), calls: {}, toolVersion: TOOL_VERSION, from: `Terraform plan ${options.file} (account ${facts.account})` });
  const { parse } = await import('yaml');
  return { proposal, yaml, profile: parseProfile(parse(yaml), `the profile inferred from ${options.file}`) };
}
