/**
 * Where each resource of a plan's inventory is declared: its Terraform address and, when the .tf
 * files are beside the plan, the line of its `resource "TYPE" "NAME"` block — so a finding can
 * point at the code that makes it (SARIF annotations, `main.tf:45` in the report).
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { BucketInventory, Declaration, KeyInventory, RoleInventory, TrailInventory } from '../../model/inventory.js';
import { bucketNameOf, keyArnOf, pendingId, roleArnOf, type PlanContext } from './context.js';
import type { PlanResource } from './plan-index.js';

/** A resource's address and, with the .tf files, its declaration line. */
export function declarationOf(ctx: PlanContext, r: PlanResource, cwd = process.cwd()): Declaration {
  const at = ctx.source?.locate(r.type, r.name, r.moduleAddress, r.mode === 'data' ? 'data' : 'resource');
  return { address: r.address, ...(at ? { location: { file: displayPath(at.file, cwd), line: at.line } } : {}) };
}

/**
 * Relative to the working directory when the file is under it (in CI, the repository root, which
 * is what code scanning resolves SARIF paths against), else absolute; `/` separators either way.
 */
export function displayPath(file: string, cwd: string): string {
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  return shown.split(sep).join('/');
}

/** Sets `declaredAt` on the buckets, keys, roles, trails and Snowflake objects the plan manages (not on what it only references). */
export function attachDeclarations(
  ctx: PlanContext,
  inv: { buckets: BucketInventory[]; keys: KeyInventory[]; roles: RoleInventory[]; trails: TrailInventory[]; snowflake?: { address: string; declaredAt?: Declaration }[] },
): void {
  const byId = new Map<string, PlanResource>();
  const add = (id: string | undefined, r: PlanResource) => {
    if (id !== undefined && !byId.has(id)) byId.set(id, r);
  };
  for (const r of ctx.index.ofType('aws_s3_bucket')) add(`bucket:${bucketNameOf(r) ?? pendingId(r)}`, r);
  for (const r of [...ctx.index.ofType('aws_kms_key'), ...ctx.index.ofType('aws_kms_replica_key')]) add(keyArnOf(ctx, r), r);
  for (const r of ctx.index.ofType('aws_iam_role')) add(roleArnOf(ctx, r), r);
  for (const r of ctx.index.ofType('aws_cloudtrail')) {
    const name = typeof r.values.name === 'string' ? r.values.name : r.name;
    add(typeof r.values.arn === 'string' && r.values.arn ? r.values.arn : `arn:${ctx.partition}:cloudtrail:${ctx.regionOf(r)}:${ctx.account}:trail/${name}`, r);
  }
  const set = (item: { declaredAt?: Declaration }, id: string) => {
    const r = byId.get(id);
    if (r) item.declaredAt = declarationOf(ctx, r);
  };
  for (const b of inv.buckets) set(b, `bucket:${b.name}`);
  for (const k of inv.keys) set(k, k.arn);
  for (const r of inv.roles) set(r, r.arn);
  for (const t of inv.trails) set(t, t.arn);
  // Snowflake integrations and stages keep the address they were read from.
  for (const s of inv.snowflake ?? []) {
    const r = ctx.index.get(s.address);
    if (r) s.declaredAt = declarationOf(ctx, r);
  }
}
