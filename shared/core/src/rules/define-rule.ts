import type {
  AccountInventory,
  BucketInventory,
  Inventory,
  KeyInventory,
  ResourceType,
  RoleInventory,
  Severity,
  SnowflakeIntegrationInventory,
  SnowflakeStageInventory,
  Status,
  TrailInventory,
} from '../model/index.js';
import type { Profile } from '../profile/schema.js';
import type { PriceTable } from '../cost/price-table-types.js';
import type { Lookups } from './lookups.js';
import type { Pack, RuleMappings } from './mappings.js';

/** The inventory object each resource type hands to a rule. */
export interface ResourceOf {
  account: AccountInventory;
  bucket: BucketInventory;
  key: KeyInventory;
  role: RoleInventory;
  trail: TrailInventory;
  'snowflake-integration': SnowflakeIntegrationInventory;
  'snowflake-stage': SnowflakeStageInventory;
}

export interface RuleContext {
  profile: Profile;
  inventory: Inventory;
  lookups: Lookups;
  /** The dated price table cost rules price with. */
  prices: PriceTable;
  /** False with --no-cost: cost rules are not_applicable. */
  costEnabled: boolean;
}

export type MessageData = Record<string, string | number | boolean>;

export interface Outcome {
  status: Status;
  /** Key into the rule's `messages`; 'unknown' and 'not_applicable' carry their reason in data.reason. */
  messageId: string;
  data?: MessageData;
  evidence?: Record<string, unknown>;
}

export interface RuleMeta<T extends ResourceType> {
  id: string;
  title: string;
  severity: Severity;
  resourceType: T;
  /** Rules about architecture buckets skip support buckets (log targets, trail buckets) as not_applicable. */
  supportBuckets?: 'skip' | 'include';
  /** Architecture key rules skip keys nothing references (found only for cost-unused-kms-key). */
  unreferencedKeys?: 'skip' | 'include';
  /** What the rule checks and why, one paragraph; the README says more. */
  description: string;
  messages: Record<string, string>;
  remediation: string;
  /** The packs the rule belongs to (`envelope rules --pack`); every rule is in snowflake-s3-kms. */
  packs: readonly Pack[];
  /** Controls of other frameworks the rule overlaps (src/rules/mappings.ts); absent when none does. */
  mappings?: RuleMappings;
}

export interface Rule<T extends ResourceType = ResourceType> extends RuleMeta<T> {
  docs: string;
  check(resource: ResourceOf[T], ctx: RuleContext): Outcome;
}

const DOCS_BASE = 'https://github.com/envelope-dev/envelope/blob/main/shared/core/src/rules';

export function defineRule<T extends ResourceType>(
  rule: RuleMeta<T> & { check(resource: ResourceOf[T], ctx: RuleContext): Outcome },
): Rule<T> {
  return { supportBuckets: 'skip', unreferencedKeys: 'skip', docs: `${DOCS_BASE}/${rule.id}/README.md`, ...rule };
}

export const pass = (messageId: string, data?: MessageData, evidence?: Record<string, unknown>): Outcome =>
  outcome('pass', messageId, data, evidence);
export const fail = (messageId: string, data?: MessageData, evidence?: Record<string, unknown>): Outcome =>
  outcome('fail', messageId, data, evidence);
/** The input needed could not be observed. Never turn this into pass. */
export const unknown = (reason: string, evidence?: Record<string, unknown>): Outcome =>
  outcome('unknown', 'unknown', { reason }, evidence);
export const notApplicable = (reason: string): Outcome => outcome('not_applicable', 'not_applicable', { reason });

function outcome(status: Status, messageId: string, data?: MessageData, evidence?: Record<string, unknown>): Outcome {
  const o: Outcome = { status, messageId };
  if (data) o.data = data;
  if (evidence) o.evidence = evidence;
  return o;
}

/** `{{name}}` placeholders, as ESLint does. Unknown placeholders stay visible rather than vanish. */
export function renderMessage(template: string, data: MessageData = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in data ? String(data[name]) : whole,
  );
}
