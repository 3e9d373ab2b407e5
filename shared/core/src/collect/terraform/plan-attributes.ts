import { absent, present, unknown, type Observed } from '../../model/observed.js';
import type { PolicyDocument } from '../../model/policy-document.js';
import { parsePolicyJson } from '../../policy/statements.js';
import type { PlanContext } from './context.js';
import { markedAt, type PathStep, type PlanResource } from './plan-index.js';

const pathText = (path: PathStep[]): string => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');

/** Why a value is known only after apply, naming what it is built from. */
export function afterApply(r: PlanResource, path: PathStep[], references: string[]): string {
  const sensitive = sensitiveAt(r, path);
  if (sensitive) return sensitive;
  const from = references.length ? ` (from ${[...new Set(references)].join(', ')})` : '';
  return `${r.address} ${pathText(path)} is known only after apply${from}`;
}

/**
 * An optional argument as it will be after apply: the planned value; the provider's default when
 * the configuration leaves it unset (null, or computed by the provider with no expression behind
 * it); unknown when it is set from something only apply will tell.
 */
export function setting<T>(ctx: PlanContext, r: PlanResource, path: PathStep[], fallback: T): Observed<T> {
  const v = ctx.index.value(r, path);
  if (v.state === 'known') return present(v.value === null || v.value === undefined ? fallback : (v.value as T));
  if (v.sensitive) return unknown(afterApply(r, path, []));
  if (v.references.length === 0 && !configured(r, path)) return present(fallback);
  return unknown(afterApply(r, path, v.references));
}

/** Whether the configuration writes an expression for the top-level argument of `path`. */
export function configured(r: PlanResource, path: PathStep[]): boolean {
  const top = path[0];
  return typeof top === 'string' && r.config?.expressions !== undefined && top in r.config.expressions;
}

/** Reads a policy JSON string argument of a resource (policy.ts's policyFromPlan has this shape). */
export type PolicyReader = (ctx: PlanContext, r: PlanResource, attribute: string) => Observed<PolicyDocument>;

/**
 * A policy JSON string at `path`: known → parsed; after apply → unknown with what it comes from;
 * absent when unset or empty. The default reader; the assembler passes policyFromPlan, which also
 * rebuilds after-apply documents from aws_iam_policy_document data sources.
 */
export function policyAt(ctx: PlanContext, r: PlanResource, path: PathStep[]): Observed<PolicyDocument> {
  const sensitive = sensitiveAt(r, path);
  if (sensitive) return unknown(sensitive);
  const v = ctx.index.value(r, path);
  if (v.state === 'after-apply') return unknown(afterApply(r, path, v.references));
  if (typeof v.value !== 'string' || v.value.trim() === '') return absent(`${r.address} sets no ${pathText(path)}`);
  const parsed = parsePolicyJson(v.value);
  return parsed.ok ? present(parsed.document) : unknown(`${r.address} ${pathText(path)} is malformed: ${parsed.reason}`);
}

export const knownPolicyAt: PolicyReader = (ctx, r, attribute) => policyAt(ctx, r, [attribute]);

/** Why a value is not read when the plan marks it sensitive: sensitive values never reach any output. */
export function sensitiveAt(r: PlanResource, path: PathStep[]): string | undefined {
  return markedAt(r.sensitive, path) ? `${r.address} ${pathText(path)} is marked sensitive in the plan; envelope does not read sensitive values` : undefined;
}

/** A policy reader that leaves a sensitive policy unknown instead of reading it into findings. */
export const withoutSensitive =
  (read: PolicyReader): PolicyReader =>
  (ctx, r, attribute) => {
    const why = sensitiveAt(r, [attribute]);
    return why ? unknown(why) : read(ctx, r, attribute);
  };
