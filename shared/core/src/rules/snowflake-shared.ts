/**
 * What the snowflake-* rules share: reading a property that may be unknown (a failed DESC, or a
 * plan value only apply will tell), finding a stage's integration and an integration's role, and
 * the stage's bucket and prefix. A live object and a plan object have the same shape.
 */
import { locationBucket, locationPrefix, stageUrl } from '../collect/snowflake/locations.js';
import type { RoleInventory, SnowflakeIntegrationInventory, SnowflakeStageInventory } from '../model/inventory.js';
import { notApplicable, unknown, type Outcome, type RuleContext } from './define-rule.js';

type SnowflakeObject = SnowflakeIntegrationInventory | SnowflakeStageInventory;

export type PropertyRead = { ok: true; value: string } | { ok: false; reason: string };

export type PropertiesRead = { ok: true; get: (name: string) => PropertyRead; values: Record<string, string> } | { ok: false; outcome: Outcome };

/** The object's properties; a missing one is unknown with the plan's reason, or "not shown" — never read as unset. */
export function readProperties(o: SnowflakeObject): PropertiesRead {
  const p = o.properties;
  if (p.state === 'unknown') return { ok: false, outcome: unknown(p.reason) };
  if (p.state === 'absent') return { ok: false, outcome: unknown(`${o.name} was not found${p.note ? ` (${p.note})` : ''}`) };
  const values = p.value;
  const pending = o.unknownProperties ?? {};
  return {
    ok: true,
    values,
    get: (name) => (values[name] !== undefined ? { ok: true, value: values[name] } : { ok: false, reason: pending[name] ?? `${o.name} does not show ${name}` }),
  };
}

const sameName = (a: string, b: string) => a.replace(/^"|"$/g, '').toUpperCase() === b.replace(/^"|"$/g, '').toUpperCase();

export type IntegrationLookup = { ok: true; integration: SnowflakeIntegrationInventory } | { ok: false; reason: string };

/** The integration a stage names, or why it is not in the inventory (never "it does not exist" unless the listing says so). */
export function integrationNamed(name: string, ctx: RuleContext): IntegrationLookup {
  const found = ctx.inventory.snowflake.integrations.find((i) => sameName(i.name, name) || sameName(i.id.split('/').pop() ?? '', name));
  if (found) return { ok: true, integration: found };
  const listing = ctx.inventory.snowflake.listing;
  if (!listing) return { ok: false, reason: `integration ${name} is not in ${ctx.inventory.source.kind === 'terraform-plan' ? 'the plan (it is managed elsewhere)' : 'the scan'}` };
  if (listing.integrations.state !== 'present') return { ok: false, reason: `the storage integrations could not be listed: ${listing.integrations.state === 'unknown' ? listing.integrations.reason : 'no listing'}` };
  return {
    ok: false,
    reason: `SHOW STORAGE INTEGRATIONS does not list ${name}: the scanning role lacks USAGE on it (GRANT USAGE ON INTEGRATION ${name} TO ROLE …), or it was dropped or re-created (CREATE OR REPLACE detaches its stages)`,
  };
}

/** The stages that name an integration. */
export function stagesOf(integration: SnowflakeIntegrationInventory, ctx: RuleContext): SnowflakeStageInventory[] {
  return ctx.inventory.snowflake.stages.filter((s) => s.properties.state === 'present' && s.properties.value.STORAGE_INTEGRATION !== undefined && sameName(s.properties.value.STORAGE_INTEGRATION, integration.name));
}

export type RoleLookup = { ok: true; role: RoleInventory } | { ok: false; outcome: Outcome };

/** The role an integration's STORAGE_AWS_ROLE_ARN names, as the AWS side read it. */
export function integrationRole(roleArn: string, ctx: RuleContext): RoleLookup {
  const account = roleArn.split(':')[4];
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(roleArn)) return { ok: false, outcome: unknown(`STORAGE_AWS_ROLE_ARN ${roleArn} is not an IAM role ARN`) };
  if (account !== ctx.lookups.accountId) return { ok: false, outcome: unknown(`the role ${roleArn} is in account ${account}, not the scanned account ${ctx.lookups.accountId}: its trust and policies were not read`) };
  const role = ctx.lookups.role(roleArn) ?? ctx.inventory.roles.find((r) => r.arn.split('/').pop() === roleArn.split('/').pop() && r.account === account);
  if (!role) return { ok: false, outcome: unknown(`the role ${roleArn} was not read in this scan`) };
  return { ok: true, role };
}

/** The stage's bucket and prefix from its URL. */
export function stageLocation(stage: SnowflakeStageInventory): { ok: true; url: string; bucket: string; prefix: string } | { ok: false; reason: string } {
  const props = readProperties(stage);
  if (!props.ok) return { ok: false, reason: props.outcome.data?.reason as string };
  const url = props.get('URL');
  if (!url.ok) return { ok: false, reason: url.reason };
  const first = stageUrl(url.value);
  const bucket = first ? locationBucket(first) : undefined;
  if (!first || !bucket) return { ok: false, reason: `the stage URL ${url.value} names no S3 bucket` };
  return { ok: true, url: first, bucket, prefix: locationPrefix(first) };
}

export type StageOnIntegration =
  | {
      ok: true;
      props: Extract<PropertiesRead, { ok: true }>;
      loc: { url: string; bucket: string; prefix: string };
      integration: SnowflakeIntegrationInventory;
      ip: Extract<PropertiesRead, { ok: true }>;
    }
  | { ok: false; outcome: Outcome };

/**
 * A stage with its location and its integration's properties, for the rules that judge a stage
 * through its integration: a stage on no integration is not applicable (`why` says whose concern
 * it is), and anything unread is unknown with the reason.
 */
export function stageOnIntegration(stage: SnowflakeStageInventory, ctx: RuleContext, why: string): StageOnIntegration {
  const props = readProperties(stage);
  if (!props.ok) return props;
  const name = props.get('STORAGE_INTEGRATION');
  if (!name.ok) return { ok: false, outcome: stage.unknownProperties?.STORAGE_INTEGRATION ? unknown(name.reason) : notApplicable(why) };
  const loc = stageLocation(stage);
  if (!loc.ok) return { ok: false, outcome: unknown(loc.reason) };
  const found = integrationNamed(name.value, ctx);
  if (!found.ok) return { ok: false, outcome: unknown(found.reason) };
  const ip = readProperties(found.integration);
  if (!ip.ok) return { ok: false, outcome: unknown(`the stage’s integration ${found.integration.name} could not be read: ${ip.outcome.data?.reason as string}`) };
  return { ok: true, props, loc, integration: found.integration, ip };
}
