import type { TerraformSource } from './hcl.js';
import type { ConfigModule, ConfigResource, Expression, PlanModule, PlannedResource, ResourceChange, TerraformPlan } from './plan-file.js';

/** One resource instance as it will be after apply, with what the plan cannot know yet. */
export interface PlanResource {
  /** Full instance address: `module.stage["finance"].aws_kms_key.this`. */
  address: string;
  /** The module instance it lives in (`module.stage["finance"]`), '' for the root module. */
  moduleAddress: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  /** Planned values (`after`); unknown values are absent or null here. */
  values: Record<string, unknown>;
  /** `after_unknown`: true at each leaf known only after apply. */
  unknown: unknown;
  /** `after_sensitive`: true at each sensitive leaf; such values never reach any output. */
  sensitive: unknown;
  /** resource_changes actions: create, update, no-op, read, [delete, create] (replace), … */
  actions: string[];
  /** Its `configuration` block: the expressions unknown values are built from. */
  config?: ConfigResource;
}

export type PathStep = string | number;

/**
 * A planned value: known now, or not known to envelope — known only after apply (with the
 * references it comes from), or marked sensitive (`sensitive` says so: the index does not hold
 * sensitive values at all, so they cannot reach any output).
 */
export type PlanValue = { state: 'known'; value: unknown } | { state: 'after-apply'; references: string[]; sensitive?: true };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function step(v: unknown, s: PathStep): unknown {
  if (Array.isArray(v) && typeof s === 'number') return v[s];
  if (isObject(v) && typeof s === 'string') return v[s];
  return undefined;
}

/** Whether a leaf, or anything above it, is marked true in an after_unknown / after_sensitive tree. */
export function markedAt(tree: unknown, path: PathStep[]): boolean {
  let cur = tree;
  if (cur === true) return true;
  for (const s of path) {
    cur = step(cur, s);
    if (cur === true) return true;
    if (cur === undefined || cur === false) return false;
  }
  return false;
}

/** `module.a["x"].module.b[0]` → `module.a.module.b`: the configuration path of a module instance. */
export function configModulePath(moduleAddress: string): string[] {
  return [...moduleAddress.matchAll(/module\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
}

/** The module instance part of a resource instance address. */
export function moduleOf(address: string): string {
  const m = /^((?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*)/.exec(address);
  return (m?.[1] ?? '').replace(/\.$/, '');
}

/**
 * Indexes a plan's post-apply resources (planned_values, every module), their changes and their
 * configuration, so collectors read a value, learn that it is known only after apply, or follow
 * the reference it is built from to the resource it names.
 */
export class PlanIndex {
  readonly resources: PlanResource[];
  /** Managed resources the plan deletes (they leave the inventory). */
  readonly deleted: string[];
  private readonly byAddress: Map<string, PlanResource>;
  /** The instances of each block (module instance, mode, type, name), and of each type: references and ofType are looked up, not scanned. */
  private readonly byBlock = new Map<string, PlanResource[]>();
  private readonly byType = new Map<string, PlanResource[]>();

  /**
   * The .tf files beside the plan, when there are any: a `for_each` expression is read from them to
   * follow `each.value` (plan JSON lists only what the expression references, not what it is).
   */
  private source: TerraformSource | undefined;

  constructor(readonly plan: TerraformPlan) {
    const changes = new Map((plan.resource_changes ?? []).map((c) => [c.address, c]));
    const configs = new Map<string, ConfigResource>();
    indexConfig(plan.configuration?.root_module, [], configs);
    this.resources = [];
    walkPlanned(plan.planned_values?.root_module, (r) => this.resources.push(toPlanResource(r, changes.get(r.address), configs)));
    this.byAddress = new Map(this.resources.map((r) => [r.address, r]));
    const push = (m: Map<string, PlanResource[]>, key: string, r: PlanResource) => (m.get(key) ?? m.set(key, []).get(key)!).push(r);
    for (const r of this.resources) {
      push(this.byBlock, blockKey(r.moduleAddress, r.mode, r.type, r.name), r);
      push(this.byType, `${r.mode}\u0000${r.type}`, r);
    }
    this.deleted = (plan.resource_changes ?? [])
      .filter((c) => c.mode === 'managed' && c.change.actions.includes('delete') && !c.change.actions.includes('create'))
      .map((c) => c.address);
  }

  /** Lets references through `each.value` be followed with the configuration's for_each expressions. */
  useSource(source: TerraformSource | undefined): void {
    this.source = source;
  }

  get(address: string): PlanResource | undefined {
    return this.byAddress.get(address);
  }

  ofType(type: string, mode: 'managed' | 'data' = 'managed'): PlanResource[] {
    return [...(this.byType.get(`${mode}\u0000${type}`) ?? [])];
  }

  /** The planned value at `path`, or what it is built from when only apply will tell. */
  value(r: PlanResource, path: PathStep[]): PlanValue {
    if (markedAt(r.sensitive, path)) return { state: 'after-apply', references: [], sensitive: true };
    if (!markedAt(r.unknown, path)) {
      let cur: unknown = r.values;
      for (const s of path) cur = step(cur, s);
      return { state: 'known', value: cur };
    }
    return { state: 'after-apply', references: expressionAt(r.config?.expressions, path)?.references ?? [] };
  }

  /**
   * The resource a reference names, seen from `from`: `aws_kms_key.stage.arn` → that key in the
   * same module instance; for count/for_each, the instance with the same index as `from` when
   * there is one, else the only instance. Undefined for variables, locals, module outputs and
   * ambiguous instances — the caller says "known after apply" then.
   */
  referenced(from: PlanResource, reference: string): { resource: PlanResource; attribute: string[] } | undefined {
    const parts = reference.split('.');
    if (parts[0] === 'each' && parts[1] === 'value') {
      const instance = this.eachValue(from);
      return instance ? { resource: instance, attribute: parts.slice(2) } : undefined;
    }
    const data = parts[0] === 'data';
    const [type, name, ...attribute] = data ? parts.slice(1) : parts;
    if (!type || !name || /^(var|local|module|each|count|path|terraform|self)$/.test(type)) return undefined;
    const mode = data ? 'data' : 'managed';
    const instances = this.byBlock.get(blockKey(from.moduleAddress, mode, type, name.replace(/\[.*$/, ''))) ?? [];
    const explicit = /\[(.*)\]$/.exec(name)?.[1];
    const wanted = explicit !== undefined ? JSON.parse(explicit) : from.index;
    const match = instances.length === 1 ? instances[0] : instances.find((r) => r.index === wanted);
    return match ? { resource: match, attribute } : undefined;
  }

  /**
   * `each.value` of a for_each instance, when it is an instance of another resource block: the
   * for_each expression (from the .tf) is that block itself (a for_each block: the instance with
   * the same key) or a for expression over it whose value is the iteration variable
   * (`{ for b in aws_s3_bucket.stage : b.bucket => b }`: the instance whose `bucket` is this
   * instance's key). Undefined for anything else, or when the key cannot be matched — the caller
   * says "known after apply" then.
   */
  private eachValue(from: PlanResource): PlanResource | undefined {
    if (typeof from.index !== 'string' || !this.source) return undefined;
    const block = this.source.block(from.mode === 'data' ? 'data' : 'resource', from.type, from.name, from.moduleAddress);
    const expr = 'body' in block ? block.body.for_each : undefined;
    const binding = typeof expr === 'string' ? forEachBinding(expr) : undefined;
    if (!binding) return undefined;
    const parts = binding.over.split('.');
    const data = parts[0] === 'data';
    const [type, name] = data ? parts.slice(1) : parts;
    const instances = this.byBlock.get(blockKey(from.moduleAddress, data ? 'data' : 'managed', type!, name!)) ?? [];
    const keyOf = (r: PlanResource): string | undefined => {
      if (binding.key === 'index') return r.index === undefined ? undefined : String(r.index);
      const v = this.value(r, binding.key);
      return v.state === 'known' && (typeof v.value === 'string' || typeof v.value === 'number') ? String(v.value) : undefined;
    };
    // A for_each over the block itself keys by the block's own keys, which a counted block does not have.
    if (binding.direct && instances.some((r) => typeof r.index !== 'string')) return undefined;
    // Terraform rejects duplicate keys, so one instance with this key is the one.
    const matches = instances.filter((r) => keyOf(r) === from.index);
    return matches.length === 1 ? matches[0] : undefined;
  }
}

/** `aws_s3_bucket.x` or `data.x.y`, not a variable, local, module output or other named value. */
const isResourceRef = (ref: string): boolean => !/^(var|local|module|each|count|path|terraform|self)\./.test(ref);

/**
 * What `each.value` is, from a for_each expression as hcl2json writes it (`"${…}"`): the block
 * iterated over and how an instance gives its key — its own index, or an attribute path.
 */
export function forEachBinding(expr: string): { over: string; key: 'index' | string[]; direct?: true } | undefined {
  const ref = '((?:data\\.)?[A-Za-z_][\\w-]*\\.[A-Za-z_][\\w-]*)';
  const direct = new RegExp(`^\\$\\{\\s*${ref}\\s*\\}$`).exec(expr);
  if (direct) return isResourceRef(direct[1]!) ? { over: direct[1]!, key: 'index', direct: true } : undefined;
  // { for v in X : KEY => v [if …] } or { for k, v in X : KEY => v [if …] }
  const m = new RegExp(`^\\$\\{\\s*\\{\\s*for\\s+([A-Za-z_]\\w*)(?:\\s*,\\s*([A-Za-z_]\\w*))?\\s+in\\s+${ref}\\s*:\\s*(.+?)\\s*=>\\s*([A-Za-z_]\\w*)(?:\\s+if\\s+.+?)?\\s*\\}\\s*\\}$`).exec(expr);
  if (!m) return undefined;
  const [, first, second, over, keyExpr, valueExpr] = m;
  if (!isResourceRef(over!)) return undefined;
  const valueVar = second ?? first!;
  const keyVar = second ? first : undefined;
  if (valueExpr !== valueVar) return undefined;
  if (keyVar !== undefined && keyExpr === keyVar) return { over: over!, key: 'index' };
  const path = new RegExp(`^${valueVar}((?:\\.[A-Za-z_][\\w-]*)+)$`).exec(keyExpr!);
  return path ? { over: over!, key: path[1]!.slice(1).split('.') } : undefined;
}

const blockKey = (moduleAddress: string, mode: string, type: string, name: string): string => `${moduleAddress}\u0000${mode}\u0000${type}\u0000${name}`;

/** `values` without every leaf (or subtree) a sensitivity tree marks: what is not held cannot leak. */
function withoutMarked(values: unknown, marks: unknown): unknown {
  if (marks === true) return undefined;
  if (Array.isArray(values) && Array.isArray(marks)) return values.map((v, i) => withoutMarked(v, marks[i]));
  if (isObject(values) && isObject(marks)) return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, withoutMarked(v, marks[k])]));
  return values;
}

function walkPlanned(m: PlanModule | undefined, visit: (r: PlannedResource) => void): void {
  if (!m) return;
  for (const r of m.resources ?? []) visit(r);
  for (const c of m.child_modules ?? []) walkPlanned(c, visit);
}

function indexConfig(m: ConfigModule | undefined, path: string[], out: Map<string, ConfigResource>): void {
  if (!m) return;
  for (const r of m.resources ?? []) out.set([...path.map((p) => `module.${p}`), r.address].join('.'), r);
  for (const [name, call] of Object.entries(m.module_calls ?? {})) indexConfig(call.module, [...path, name], out);
}

function toPlanResource(r: PlannedResource, change: ResourceChange | undefined, configs: Map<string, ConfigResource>): PlanResource {
  const moduleAddress = moduleOf(r.address);
  const local = `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
  const configKey = [...configModulePath(moduleAddress).map((p) => `module.${p}`), local].join('.');
  const config = configs.get(configKey);
  return {
    address: r.address,
    moduleAddress,
    mode: r.mode,
    type: r.type,
    name: r.name,
    ...(r.index !== undefined ? { index: r.index } : {}),
    values: withoutMarked(r.values ?? {}, change?.change.after_sensitive ?? r.sensitive_values ?? {}) as Record<string, unknown>,
    unknown: change?.change.after_unknown ?? {},
    sensitive: change?.change.after_sensitive ?? r.sensitive_values ?? {},
    actions: change?.change.actions ?? ['no-op'],
    ...(config ? { config } : {}),
  };
}

/** The configuration expression at a value path: nested blocks are arrays of objects, attributes are {constant_value} | {references}. */
function expressionAt(expressions: Record<string, unknown> | undefined, path: PathStep[]): Expression | undefined {
  let cur: unknown = expressions;
  for (const s of path) {
    if (isObject(cur) && ('references' in cur || 'constant_value' in cur)) return cur as Expression;
    cur = step(cur, s);
    if (cur === undefined) return undefined;
  }
  return isObject(cur) && ('references' in cur || 'constant_value' in cur) ? (cur as Expression) : undefined;
}
