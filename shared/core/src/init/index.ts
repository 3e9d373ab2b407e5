import type { AwsClients } from '../collect/aws/clients.js';
import type { SnowflakeSqlClient } from '../collect/snowflake/sql-api.js';
import { TOOL_VERSION } from '../version.js';
import { discoverAccount } from './discover.js';
import { propose, type Proposal } from './propose.js';
import { renderProfileYaml } from './render.js';

export type { AccountFacts, CandidateRole, IntegrationFacts } from './discover.js';
export type { Chosen, Proposal } from './propose.js';
export { discoverAccount, propose, renderProfileYaml };
export { discoverPlan, profileFromPlan, type PlanProfile } from './plan-facts.js';

export interface InitOptions {
  clients: AwsClients;
  concurrency?: number;
  /** Only buckets in these Regions. */
  regions?: string[];
  /** Snowflake's SQL API, when configured: the storage integrations name the role, user, buckets and prefix. */
  snowflake?: SnowflakeSqlClient;
}

export interface InitResult {
  proposal: Proposal;
  /** The commented YAML profile. */
  yaml: string;
  /** API calls made, by operation. */
  calls: Record<string, number>;
}

/** `envelope init`: reads the account (read-only, bounded) and proposes a profile with its evidence. */
export async function initProfile(options: InitOptions): Promise<InitResult> {
  const readAt = new Date().toISOString();
  const facts = await discoverAccount(options);
  const proposal = propose(facts);
  const calls = options.clients.stats.byOperation();
  return { proposal, calls, yaml: renderProfileYaml(proposal, { readAt, calls, toolVersion: TOOL_VERSION }) };
}
