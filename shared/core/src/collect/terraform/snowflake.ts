/**
 * Snowflake storage integrations and external S3 stages from a plan (snowflakedb/snowflake
 * provider, formerly Snowflake-Labs; research/snowflake.md §6), shaped as a live DESC would show
 * them, so the Snowflake rules judge a plan and a live account alike.
 *
 * Integrations: `snowflake_storage_integration_aws` (v2.13+) and the legacy
 * `snowflake_storage_integration`, with properties named as DESC STORAGE INTEGRATION names them
 * (§1.3): ENABLED, STORAGE_PROVIDER, STORAGE_ALLOWED_LOCATIONS / STORAGE_BLOCKED_LOCATIONS
 * (comma-joined, no spaces), STORAGE_AWS_ROLE_ARN, STORAGE_AWS_IAM_USER_ARN,
 * STORAGE_AWS_EXTERNAL_ID, STORAGE_AWS_OBJECT_ACL (only when set), USE_PRIVATELINK_ENDPOINT, COMMENT.
 *
 * Stages: `snowflake_stage_external_s3` (v2.13+) and the legacy `snowflake_stage`, with DESC STAGE's
 * names (§2.2): URL (DESC's `["s3://…"]` form), AWS_ACCESS_POINT_ARN, USE_PRIVATELINK_ENDPOINT;
 * SHOW STAGES' STORAGE_INTEGRATION (DESC has no row for it); and the stage's ENCRYPTION clause as
 * CREATE STAGE writes it, ENCRYPTION.TYPE and ENCRYPTION.KMS_KEY_ID — Snowflake shows neither
 * (§2.3), so a plan is the only place they are read. Credentials and a CSE master key are sensitive
 * and never read.
 *
 * A property only apply will tell (a new integration's IAM user and generated external id live in
 * `describe_output`, unknown in a plan) is left out of `properties`, named in `unknownProperties`
 * with the reason, and reported as a gap: a rule must read it as unknown, never as unset. A replaced
 * integration (actions delete+create: CREATE OR REPLACE) carries `recreated`: Snowflake gives it a
 * new external id unless the configuration fixes one, and a new hidden id that detaches every
 * stage referencing it — the break the seed's phase 3 (trust policy update) must follow.
 */
import type { Gap, SnowflakeIntegrationInventory, SnowflakeStageInventory } from '../../model/inventory.js';
import { present } from '../../model/observed.js';
import { resolveString, type PlanContext } from './context.js';
import { afterApply } from './plan-attributes.js';
import type { PathStep, PlanResource } from './plan-index.js';

/** What a plan adds to the inventory shape (issue 20 may move these into the model). */
export interface PlanSnowflakeExtras {
  /** Plan mode: the Terraform address. */
  address: string;
  /** Property → why it is not known before apply (left out of `properties`). */
  unknownProperties: Record<string, string>;
  /** Set when the plan destroys and recreates the object: what changes with it. */
  recreated?: string;
}

export type PlanSnowflakeIntegration = SnowflakeIntegrationInventory & PlanSnowflakeExtras;
export type PlanSnowflakeStage = SnowflakeStageInventory & PlanSnowflakeExtras;

export const INTEGRATION_TYPES = ['snowflake_storage_integration_aws', 'snowflake_storage_integration'] as const;
export const STAGE_TYPES = ['snowflake_stage_external_s3', 'snowflake_stage'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const first = (v: unknown): Record<string, unknown> | undefined => (Array.isArray(v) && isObject(v[0]) ? v[0] : isObject(v) ? v : undefined);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'boolean' || typeof v === 'number' ? String(v) : Array.isArray(v) ? v.map(String).join(',') : undefined;

/** The replace a plan makes visible: delete+create in either order. */
const isReplaced = (r: PlanResource): boolean => r.actions.includes('delete') && r.actions.includes('create');

/** The snowflake account is in the provider configuration, which never reaches output; the plan names none otherwise. */
const SNOWFLAKE_ACCOUNT = '';

class Properties {
  readonly values: Record<string, string> = {};
  readonly unknown: Record<string, string> = {};
  constructor(
    private readonly ctx: PlanContext,
    readonly r: PlanResource,
  ) {}

  /**
   * Reads `path` into `property`: known → its text (null/unset → `fallback`, or nothing when
   * fallback is undefined); a single resource reference → that resource's identity; else unknown.
   */
  read(property: string, path: PathStep[], fallback?: string, format: (s: string) => string = (s) => s): void {
    const v = this.ctx.index.value(this.r, path);
    if (v.state === 'known') {
      const t = text(v.value);
      if (t !== undefined && t !== '') this.values[property] = format(t);
      else if (fallback !== undefined) this.values[property] = fallback;
      return;
    }
    if (v.sensitive) {
      this.unknown[property] = afterApply(this.r, path, []);
      return;
    }
    const resolved = resolveString(this.ctx, this.r, path);
    if (resolved.state === 'present') {
      if (resolved.value !== null && resolved.value !== '') this.values[property] = format(resolved.value);
      else if (fallback !== undefined) this.values[property] = fallback;
    } else if (resolved.state === 'unknown') this.unknown[property] = resolved.reason;
  }

  /** The first known, non-empty of several candidate paths; unknown when none is known and one is after apply. */
  readFirst(property: string, paths: PathStep[][]): void {
    for (const path of paths) {
      const v = this.ctx.index.value(this.r, path);
      if (v.state === 'known' && text(v.value)) {
        this.values[property] = text(v.value)!;
        return;
      }
    }
    for (const path of paths) {
      this.read(property, path);
      if (this.values[property] !== undefined) {
        delete this.unknown[property];
        return;
      }
    }
    const pending = paths.find((p) => this.ctx.index.value(this.r, p).state === 'after-apply');
    if (pending && this.values[property] === undefined && this.unknown[property] === undefined) this.unknown[property] = afterApply(this.r, pending, []);
  }

  /** Whether some value at `path` or below is marked unknown or sensitive (its parent is then not absent). */
  pending(path: PathStep[]): boolean {
    return this.ctx.index.value(this.r, path).state === 'after-apply';
  }
}

function integrationOf(ctx: PlanContext, r: PlanResource): PlanSnowflakeIntegration {
  const p = new Properties(ctx, r);
  const legacy = r.type === 'snowflake_storage_integration';
  p.read('ENABLED', ['enabled'], 'true');
  p.read('STORAGE_PROVIDER', ['storage_provider']);
  p.read('STORAGE_ALLOWED_LOCATIONS', ['storage_allowed_locations'], '');
  p.read('STORAGE_BLOCKED_LOCATIONS', ['storage_blocked_locations'], '');
  p.read('STORAGE_AWS_ROLE_ARN', ['storage_aws_role_arn']);
  p.read('STORAGE_AWS_OBJECT_ACL', ['storage_aws_object_acl']);
  // "default" leaves Snowflake's default, false (DESC property_default).
  p.read('USE_PRIVATELINK_ENDPOINT', ['use_privatelink_endpoint'], 'false', (s) => (s === 'default' ? 'false' : s));
  p.read('COMMENT', ['comment'], '');
  // The IAM user and a generated external id are Snowflake's: describe_output after apply. The
  // legacy resource also has a top-level storage_aws_iam_user_arn; its describe_output rows are
  // {name, type, value, default} lists per property (§6.1).
  const describe = legacy
    ? (prop: string): PathStep[] => ['describe_output', 0, prop, 0, 'value']
    : (prop: string): PathStep[] => ['describe_output', 0, prop];
  p.readFirst('STORAGE_AWS_IAM_USER_ARN', legacy ? [['storage_aws_iam_user_arn'], describe('storage_aws_iam_user_arn')] : [describe('iam_user_arn')]);
  p.readFirst('STORAGE_AWS_EXTERNAL_ID', legacy ? [['storage_aws_external_id'], describe('storage_aws_external_id')] : [['storage_aws_external_id'], describe('external_id')]);
  const name = typeof r.values.name === 'string' ? r.values.name : r.address;
  const out: PlanSnowflakeIntegration = {
    id: typeof r.values.fully_qualified_name === 'string' ? r.values.fully_qualified_name : `"${name}"`,
    name,
    account: SNOWFLAKE_ACCOUNT,
    properties: present(p.values),
    address: r.address,
    unknownProperties: p.unknown,
  };
  if (isReplaced(r)) {
    const fixedId = ctx.index.value(r, ['storage_aws_external_id']);
    const keepsId = fixedId.state === 'known' && typeof fixedId.value === 'string' && fixedId.value !== '';
    out.recreated =
      `the plan replaces integration ${name} (CREATE OR REPLACE): ` +
      (keepsId ? 'its external id is fixed by the configuration, ' : 'Snowflake generates a new STORAGE_AWS_EXTERNAL_ID, so the IAM role’s trust policy must be updated with it; ') +
      'it gets a new hidden id, which detaches every stage that references it until ALTER STAGE … SET STORAGE_INTEGRATION';
    if (!keepsId) {
      // A value the old integration had is no evidence for the new one.
      delete p.values.STORAGE_AWS_EXTERNAL_ID;
      p.unknown.STORAGE_AWS_EXTERNAL_ID = `${r.address} is replaced; the new integration’s generated external id is known only after apply`;
    }
  }
  return out;
}

/** The legacy stage's ENCRYPTION string, e.g. `TYPE='AWS_SSE_KMS' KMS_KEY_ID='…'`. */
function parseEncryption(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([A-Z_]+)\s*=\s*'([^']*)'/gi)) {
    const k = m[1]!.toUpperCase();
    if (k === 'TYPE' || k === 'KMS_KEY_ID') out[`ENCRYPTION.${k}`] = m[2]!;
  }
  return out;
}

const ENCRYPTION_BLOCKS: Record<string, string> = { aws_sse_kms: 'AWS_SSE_KMS', aws_sse_s3: 'AWS_SSE_S3', aws_cse: 'AWS_CSE', none: 'NONE' };

function stageOf(ctx: PlanContext, r: PlanResource): PlanSnowflakeStage {
  const p = new Properties(ctx, r);
  const legacy = r.type === 'snowflake_stage';
  p.read('URL', ['url'], undefined, (u) => JSON.stringify(u.split(',').map((x) => x.trim())));
  p.read('STORAGE_INTEGRATION', ['storage_integration']);
  p.read('AWS_ACCESS_POINT_ARN', ['aws_access_point_arn']);
  if (legacy) {
    p.read('AWS_EXTERNAL_ID', ['aws_external_id']);
    p.read('SNOWFLAKE_IAM_USER', ['snowflake_iam_user']);
    const enc = ctx.index.value(r, ['encryption']);
    if (enc.state === 'known' && typeof enc.value === 'string' && enc.value.trim() !== '') Object.assign(p.values, parseEncryption(enc.value));
    else if (enc.state === 'known') p.values['ENCRYPTION.TYPE'] = 'NONE';
    else p.unknown['ENCRYPTION.TYPE'] = afterApply(r, ['encryption'], enc.sensitive ? [] : enc.references);
  } else {
    p.read('USE_PRIVATELINK_ENDPOINT', ['use_privatelink_endpoint'], 'false', (s) => (s === 'default' ? 'false' : s));
    // encryption is a one-element block list with exactly one of aws_cse / aws_sse_s3 / aws_sse_kms / none.
    const enc = ctx.index.value(r, ['encryption']);
    const block = enc.state === 'known' ? first(enc.value) : undefined;
    const kind = block ? Object.keys(ENCRYPTION_BLOCKS).find((k) => Array.isArray(block[k]) && (block[k] as unknown[]).length > 0) : undefined;
    if (enc.state === 'after-apply') p.unknown['ENCRYPTION.TYPE'] = afterApply(r, ['encryption'], enc.sensitive ? [] : enc.references);
    else if (!kind) {
      // A block whose choice is only partly known (its kms key after apply) still names its kind below.
      const pendingKms = p.pending(['encryption', 0, 'aws_sse_kms', 0]);
      if (pendingKms) p.values['ENCRYPTION.TYPE'] = 'AWS_SSE_KMS';
      else p.values['ENCRYPTION.TYPE'] = 'NONE'; // Snowflake's default (§2.3)
    } else p.values['ENCRYPTION.TYPE'] = ENCRYPTION_BLOCKS[kind]!;
    if (p.values['ENCRYPTION.TYPE'] === 'AWS_SSE_KMS') p.read('ENCRYPTION.KMS_KEY_ID', ['encryption', 0, 'aws_sse_kms', 0, 'kms_key_id']);
  }
  const name = typeof r.values.name === 'string' ? r.values.name : r.address;
  const db = typeof r.values.database === 'string' ? r.values.database : undefined;
  const schema = typeof r.values.schema === 'string' ? r.values.schema : undefined;
  const out: PlanSnowflakeStage = {
    id: typeof r.values.fully_qualified_name === 'string' ? r.values.fully_qualified_name : db && schema ? `"${db}"."${schema}"."${name}"` : `"${name}"`,
    name,
    account: SNOWFLAKE_ACCOUNT,
    properties: present(p.values),
    address: r.address,
    unknownProperties: p.unknown,
  };
  if (isReplaced(r)) out.recreated = `the plan replaces stage ${name}: files and grants on the old stage do not carry over`;
  return out;
}

/** Every managed Snowflake integration and stage the plan leaves after apply, with a gap per property it cannot tell. */
export function snowflakeFromPlan(ctx: PlanContext): { integrations: PlanSnowflakeIntegration[]; stages: PlanSnowflakeStage[]; gaps: Gap[] } {
  const integrations = INTEGRATION_TYPES.flatMap((t) => ctx.index.ofType(t)).map((r) => integrationOf(ctx, r));
  const stages = STAGE_TYPES.flatMap((t) => ctx.index.ofType(t)).map((r) => stageOf(ctx, r));
  const gaps: Gap[] = [];
  for (const o of [...integrations, ...stages]) {
    for (const [what, reason] of Object.entries(o.unknownProperties)) gaps.push({ resource: o.address, what, reason });
    if (o.recreated) gaps.push({ resource: o.address, what: 'recreated', reason: o.recreated });
  }
  return {
    integrations: integrations.sort((a, b) => a.id.localeCompare(b.id)),
    stages: stages.sort((a, b) => a.id.localeCompare(b.id)),
    gaps,
  };
}
