import { present, unknown, type Observed } from '../../model/observed.js';
import type { TerraformSource } from './hcl.js';
import type { PlanIndex, PlanResource, PathStep } from './plan-index.js';

/**
 * What every Terraform mapper shares: the index, the account and Regions the plan deploys to, and
 * the identities of resources that exist only after apply.
 *
 * A resource the plan creates has no ARN yet. It gets a stable stand-in of the right shape
 * (`arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.stage`) so the same rules compare
 * references to it unchanged: a bucket whose encryption references `aws_kms_key.stage.arn` and a
 * Deny that names the same key both resolve to that one stand-in.
 */
export interface PlanContext {
  index: PlanIndex;
  /** The account the plan deploys to (`--account`, else found in the plan; see accountOf). */
  account: string;
  partition: string;
  /** The Region a resource is deployed in: its own `region` (provider v6), else its provider configuration's, else the default. */
  regionOf(r: PlanResource): string;
  /** The .tf files beside the plan (readTerraformSource), when there are any: policy templates are evaluated from them. */
  source?: TerraformSource;
}

/** The stand-in id of a resource known only after apply: its address, with nothing an ARN parser splits on. */
export const pendingId = (r: PlanResource): string => `tf-${r.address.replace(/[:/\s]/g, '_')}`;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A KMS key's (or replica key's) ARN: planned when known, else the stand-in. */
export function keyArnOf(ctx: PlanContext, key: PlanResource): string {
  const known = str(key.values.arn);
  if (known) return known;
  const id = str(key.values.key_id) ?? pendingId(key);
  return `arn:${ctx.partition}:kms:${ctx.regionOf(key)}:${ctx.account}:key/${id}`;
}

/** A bucket's name (always known unless bucket_prefix is used) and ARN. */
export function bucketNameOf(bucket: PlanResource): string | undefined {
  return str(bucket.values.bucket) ?? str(bucket.values.id);
}

/** A role's ARN: planned when known, else built from its path and name. */
export function roleArnOf(ctx: PlanContext, role: PlanResource): string | undefined {
  const known = str(role.values.arn);
  if (known) return known;
  const name = str(role.values.name);
  if (!name) return undefined;
  const path = str(role.values.path) ?? '/';
  return `arn:${ctx.partition}:iam::${ctx.account}:role${path}${name}`;
}

/**
 * The identity an attribute reference stands for, when the target is one whose identity the plan
 * determines: a key's arn/key_id/id, a bucket's arn/id/bucket, a role's arn/name/id.
 */
export function identityOf(ctx: PlanContext, target: PlanResource, attribute: string[]): string | undefined {
  const attr = attribute[0] ?? 'id';
  switch (target.type) {
    case 'aws_kms_key':
    case 'aws_kms_replica_key': {
      const arn = keyArnOf(ctx, target);
      return attr === 'arn' ? arn : attr === 'key_id' || attr === 'id' ? arn.split('/').pop() : undefined;
    }
    case 'aws_s3_bucket': {
      const name = bucketNameOf(target);
      if (!name) return undefined;
      return attr === 'arn' ? `arn:${ctx.partition}:s3:::${name}` : attr === 'id' || attr === 'bucket' ? name : undefined;
    }
    case 'aws_iam_role': {
      const arn = roleArnOf(ctx, target);
      return attr === 'arn' ? arn : attr === 'name' || attr === 'id' ? str(target.values.name) : undefined;
    }
    default: {
      const v = target.values[attr];
      return typeof v === 'string' ? v : undefined;
    }
  }
}

/**
 * A string attribute after apply: the planned value, or — when only apply will tell — the identity
 * of the resource its expression references. Unknown ("known after apply") when the expression is
 * built from something else (a variable, a module output, a function of several values).
 */
export function resolveString(ctx: PlanContext, r: PlanResource, path: PathStep[]): Observed<string | null> {
  const v = ctx.index.value(r, path);
  if (v.state === 'known') return present(typeof v.value === 'string' ? v.value : v.value === null || v.value === undefined ? null : String(v.value));
  if (v.sensitive) return unknown(`${r.address} ${path.filter((p) => typeof p === 'string').join('.')} is marked sensitive in the plan; envelope does not read sensitive values`);
  const where = `${r.address} ${path.filter((p) => typeof p === 'string').join('.')}`;
  const from = v.references.length ? ` (from ${v.references.filter((x, i, a) => a.indexOf(x) === i).join(', ')})` : '';
  // Plan JSON lists what an expression references, not what it is: `aws_kms_key.x.arn` (or
  // `"${aws_kms_key.x.arn}"`) and `"arn:…:${aws_kms_key.x.key_id}/foo"` both list only the key. The
  // .tf text, when it is beside the plan, tells them apart and evaluates the template.
  const tf = expressionFromSource(ctx, r, path);
  if (tf && 'text' in tf) {
    const got = evaluateTemplate(ctx, r, tf.text);
    return 'value' in got ? present(got.value) : unknown(`${where} is known only after apply${from}: ${got.why}`);
  }
  // Without it, a single attribute reference (Terraform lists `x.arn` and then `x`) is still taken
  // as the value, which misreads a template around it. Making that unknown is open (issue 18): the
  // hand-written plans of the tests and the Snowflake fixture have no .tf files yet.
  const resourceRefs = v.references.filter((ref) => ctx.index.referenced(r, ref)?.attribute.length);
  if (resourceRefs.length === 1) {
    const target = ctx.index.referenced(r, resourceRefs[0]!)!;
    const id = identityOf(ctx, target.resource, target.attribute);
    if (id !== undefined) return present(id);
  }
  return unknown(`${where} is known only after apply${from}`);
}

/** The 12-digit account ids in `arn:…:iam::<id>:root` and role/user ARNs across the plan, most frequent first. */
export function accountsNamed(index: PlanIndex): string[] {
  const counts = new Map<string, number>();
  const text = JSON.stringify(index.resources.map((r) => r.values));
  for (const m of text.matchAll(/arn:aws[a-z-]*:(?:iam|kms|cloudtrail|sts|logs|sns)::?(?:[a-z0-9-]+:)?(\d{12}):/g)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([a]) => a);
}

const REFERENCE = /^(?:each\.value(?:\.[A-Za-z_][\w-]*)+|(?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(?:\[(?:\d+|"[^"\\]*")\])?\.[A-Za-z_][\w-]*)$/;

/**
 * A .tf value as hcl2json renders it: a literal, or a template whose every interpolation is a
 * plain resource attribute reference (`"${aws_s3_bucket.stage.arn}/*"`, `"${each.value.id}"`),
 * resolved to the identity the plan gives that resource. A bare reference is the template
 * `"${x}"`, which Terraform evaluates to x itself. Function calls, conditionals, variables, locals
 * and directives are left to apply.
 */
export function evaluateTemplate(ctx: PlanContext, from: PlanResource, v: unknown): { value: string } | { why: string } {
  if (typeof v === 'number' || typeof v === 'boolean') return { value: String(v) };
  if (typeof v !== 'string') return { why: `built as ${JSON.stringify(v)} in the .tf files, which only apply can evaluate` };
  let out = '';
  let i = 0;
  while (i < v.length) {
    if (v.startsWith('$${', i) || v.startsWith('%%{', i)) {
      out += v.slice(i + 1, i + 3);
      i += 3;
    } else if (v.startsWith('%{', i)) {
      return { why: `built as ${JSON.stringify(v)} (a template directive), which only apply can evaluate` };
    } else if (v.startsWith('${', i)) {
      const end = v.indexOf('}', i);
      const expr = end < 0 ? '' : v.slice(i + 2, end).trim();
      const target = REFERENCE.test(expr) ? ctx.index.referenced(from, expr) : undefined;
      const id = target ? identityOf(ctx, target.resource, target.attribute) : undefined;
      if (id === undefined) return { why: `built from \`${expr || v}\` in the .tf files, which only apply can evaluate` };
      out += id;
      i = end + 1;
    } else {
      out += v[i];
      i += 1;
    }
  }
  return { value: out };
}

/**
 * The .tf expression of a resource's attribute at a plan value path (nested blocks are lists of
 * objects in both): its text, or why the .tf files do not give one. Undefined when no .tf files
 * are beside the plan.
 */
export function expressionFromSource(ctx: PlanContext, r: PlanResource, path: PathStep[]): { text: unknown } | { missing: string } | undefined {
  if (!ctx.source) return undefined;
  const block = ctx.source.block(r.mode === 'data' ? 'data' : 'resource', r.type, r.name, r.moduleAddress);
  if ('missing' in block) return { missing: block.missing };
  let cur: unknown = block.body;
  for (const step of path) {
    if (Array.isArray(cur) && typeof step === 'number') cur = cur[step];
    else if (typeof cur === 'object' && cur !== null && !Array.isArray(cur) && typeof step === 'string') cur = (cur as Record<string, unknown>)[step];
    else cur = undefined;
    if (cur === undefined) return { missing: `the .tf block of ${r.address} sets no ${path.filter((p) => typeof p === 'string').join('.')} (a dynamic block, or .tf files that do not match the plan)` };
  }
  return { text: cur };
}
