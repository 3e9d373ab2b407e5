import { absent, present, unknown, type Observed } from '../../model/observed.js';
import type { ConditionBlock, PolicyDocument, PolicyStatement, PrincipalBlock } from '../../model/policy-document.js';
import { parsePolicyJson } from '../../policy/statements.js';
import { evaluateTemplate, type PlanContext } from './context.js';
import { markedAt, type PathStep, type PlanResource } from './plan-index.js';

/**
 * A policy JSON attribute as it will be after apply. Known → parsed. Built from
 * `data.aws_iam_policy_document.X.json` → rebuilt from that data source's planned `statement`
 * blocks, the way the provider renders them. An element known only after apply is read from the
 * .tf files (ctx.source): plan JSON lists the references a whole `resources = [...]` is built
 * from, not which element is `aws_s3_bucket.x.arn` and which `"${aws_s3_bucket.x.arn}/*"`, so
 * without the source every such element stays unknown rather than guessed.
 *
 * Rules read policy documents with plain string matching, which has no place for "this element is
 * unknown", so a document with any unresolved element is unknown as a whole, with each reason.
 */
export function policyFromPlan(ctx: PlanContext, r: PlanResource, attribute: string): Observed<PolicyDocument> {
  const v = ctx.index.value(r, [attribute]);
  if (v.state === 'known') {
    if (v.value === null || v.value === undefined || v.value === '') return absent();
    if (typeof v.value !== 'string') return unknown(`${r.address} ${attribute} is not a JSON string`);
    const parsed = parsePolicyJson(v.value);
    return parsed.ok ? present(parsed.document) : unknown(`${r.address} ${attribute}: ${parsed.reason}`);
  }
  const refs = [...new Set(v.references)];
  const json = refs.find((x) => /^data\.aws_iam_policy_document\.[^.]+\.(json|minified_json)$/.test(x));
  const after = `${r.address} ${attribute} is known only after apply${refs.length ? ` (from ${refs.join(', ')})` : ''}`;
  // Only `policy = data.X.json`: the plan lists no function a reference is wrapped in, the .tf text does.
  if (!json || refs.some((x) => x !== json && x !== json.replace(/\.(minified_)?json$/, ''))) return unknown(after);
  const target = ctx.index.referenced(r, json);
  if (!target) return unknown(after);
  const config = ctx.source?.block('resource', r.type, r.name, r.moduleAddress);
  if (config && 'body' in config && config.body[attribute] !== `\${${json}}`) {
    return unknown(`${after}: the .tf files build it as ${JSON.stringify(config.body[attribute])}, which only apply can evaluate`);
  }
  return documentFromData(ctx, target.resource);
}

type Hcl = { value: unknown } | { missing: string };
type Got<T> = { value: T } | { why: string };

const AFTER_APPLY = 'known only after apply; put the .tf files beside the plan to evaluate it';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The provider turns `&{aws:username}` into the policy variable `${aws:username}`. */
const policyText = (s: string): string => s.replace(/&\{/g, '${');
const oneOrMany = (xs: string[]): string | string[] => (xs.length === 1 ? xs[0]! : xs);

/** The document an aws_iam_policy_document data source renders, or why it cannot be known before apply. */
export function documentFromData(ctx: PlanContext, d: PlanResource): Observed<PolicyDocument> {
  const why: string[] = [];
  for (const merged of ['source_json', 'override_json', 'source_policy_documents', 'override_policy_documents']) {
    const val = d.values[merged];
    if (markedAt(d.unknown, [merged]) || (val !== null && val !== undefined && !(Array.isArray(val) && val.length === 0))) {
      return unknown(`${d.address} merges ${merged}, which this reading does not combine`);
    }
  }
  if (markedAt(d.unknown, ['statement'])) return unknown(`${d.address} statement blocks are ${AFTER_APPLY}`);
  const body = ctx.source?.block('data', d.type, d.name, d.moduleAddress);
  const hclStatements: Hcl = !body
    ? { missing: AFTER_APPLY }
    : 'missing' in body
      ? { missing: `known only after apply, and ${body.missing}` }
      : 'dynamic' in body.body
        ? { missing: `known only after apply, and the .tf files build statements with dynamic blocks` }
        : { value: body.body.statement ?? [] };
  const planned = Array.isArray(d.values.statement) ? d.values.statement : [];
  const reader = new StatementReader(ctx, d, why);
  const hclList = 'value' in hclStatements && Array.isArray(hclStatements.value) && hclStatements.value.length === planned.length ? hclStatements.value : undefined;
  const statements = planned.map((_, i) =>
    reader.statement(i, hclList ? { value: hclList[i] } : { missing: 'missing' in hclStatements ? hclStatements.missing : 'known only after apply, and the .tf statements do not match the plan' }),
  );
  const version = reader.scalar(['version'], field(body && 'body' in body ? { value: body.body } : { missing: AFTER_APPLY }, 'version'));
  const id = reader.scalar(['policy_id'], field(body && 'body' in body ? { value: body.body } : { missing: AFTER_APPLY }, 'policy_id'));
  if (why.length) return unknown(`the policy ${d.address} renders is known only after apply: ${why.join('; ')}`);
  const doc: PolicyDocument = { Version: version || '2012-10-17', ...(id ? { Id: id } : {}), Statement: statements };
  const parsed = parsePolicyJson(JSON.stringify(doc));
  return parsed.ok ? present(parsed.document) : unknown(`the policy ${d.address} renders is not valid: ${parsed.reason}`);
}

const field = (block: Hcl, name: string): Hcl =>
  'missing' in block ? block : isObject(block.value) ? { value: block.value[name] } : { missing: 'known only after apply, and the .tf block does not match the plan' };

class StatementReader {
  constructor(
    private readonly ctx: PlanContext,
    private readonly d: PlanResource,
    private readonly why: string[],
  ) {}

  statement(i: number, hcl: Hcl): PolicyStatement {
    const at = (...p: PathStep[]): PathStep[] => ['statement', i, ...p];
    const s: PolicyStatement = { Effect: (this.scalar(at('effect'), field(hcl, 'effect')) || 'Allow') as 'Allow' | 'Deny' };
    const sid = this.scalar(at('sid'), field(hcl, 'sid'));
    const out: PolicyStatement = sid ? { Sid: sid, ...s } : s;
    const lists = [['actions', 'Action'], ['not_actions', 'NotAction'], ['resources', 'Resource'], ['not_resources', 'NotResource']] as const;
    for (const [name, key] of lists) {
      const xs = this.list(at(name), field(hcl, name));
      if (xs?.length) out[key] = oneOrMany(xs);
    }
    for (const [name, key] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
      const p = this.principals(at(name), field(hcl, name));
      if (p) out[key] = p;
    }
    const c = this.conditions(at('condition'), field(hcl, 'condition'));
    if (c) out.Condition = c;
    return out;
  }

  private blocks(path: PathStep[]): Record<string, unknown>[] {
    const v = this.value(path);
    return Array.isArray(v) ? v.filter(isObject) : [];
  }

  /** Principal and condition blocks are sets: a planned block is matched to the .tf block with the same type (test and variable). */
  private matching(hcl: Hcl, same: (b: Record<string, unknown>) => boolean): Hcl {
    if ('missing' in hcl) return hcl;
    const found = (Array.isArray(hcl.value) ? hcl.value : []).filter((b): b is Record<string, unknown> => isObject(b) && same(b));
    return found.length === 1 ? { value: found[0] } : { missing: 'known only after apply, and no single .tf block matches it' };
  }

  private principals(path: PathStep[], hcl: Hcl): PrincipalBlock | undefined {
    const blocks = this.blocks(path);
    if (blocks.length === 0) return undefined;
    const byType = new Map<string, string[]>();
    blocks.forEach((b, k) => {
      const type = this.scalar([...path, k, 'type'], { missing: AFTER_APPLY });
      const ids = this.list([...path, k, 'identifiers'], field(this.matching(hcl, (h) => h.type === type), 'identifiers')) ?? [];
      byType.set(type, [...(byType.get(type) ?? []), ...ids]);
    });
    const everyone = byType.get('*');
    if (everyone) {
      if (byType.size > 1 || everyone.some((x) => x !== '*')) this.why.push(`${path.join('.')} mixes type "*" with other principals`);
      return '*';
    }
    return Object.fromEntries([...byType].map(([type, ids]) => [type, oneOrMany(ids)])) as PrincipalBlock;
  }

  private conditions(path: PathStep[], hcl: Hcl): ConditionBlock | undefined {
    const blocks = this.blocks(path);
    if (blocks.length === 0) return undefined;
    const out: Record<string, Record<string, string[]>> = {};
    blocks.forEach((b, k) => {
      const test = this.scalar([...path, k, 'test'], { missing: AFTER_APPLY });
      const variable = this.scalar([...path, k, 'variable'], { missing: AFTER_APPLY });
      const values = this.list([...path, k, 'values'], field(this.matching(hcl, (h) => h.test === test && h.variable === variable), 'values')) ?? [];
      const forTest = (out[test] ??= {});
      forTest[variable] = [...(forTest[variable] ?? []), ...values];
    });
    return Object.fromEntries(Object.entries(out).map(([t, vars]) => [t, Object.fromEntries(Object.entries(vars).map(([k, xs]) => [k, oneOrMany(xs)]))]));
  }

  private value(path: PathStep[]): unknown {
    let cur: unknown = this.d.values;
    for (const s of path) cur = Array.isArray(cur) && typeof s === 'number' ? cur[s] : isObject(cur) && typeof s === 'string' ? cur[s] : undefined;
    return cur;
  }

  private where = (path: PathStep[]): string => `${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').slice(1)}`;

  scalar(path: PathStep[], hcl: Hcl): string {
    if (!markedAt(this.d.unknown, path)) {
      const v = this.value(path);
      return v === null || v === undefined ? '' : policyText(String(v));
    }
    const got = 'missing' in hcl ? { why: hcl.missing } : evaluate(this.ctx, this.d, hcl.value);
    if ('value' in got) return got.value;
    this.why.push(`${this.where(path)} is ${got.why}`);
    return '';
  }

  /**
   * A string set (actions, resources, identifiers, values) after apply. Planned elements that are
   * known are taken as planned; the rest come from the .tf list literal, each element a literal or
   * a template of resource attribute references.
   */
  list(path: PathStep[], hcl: Hcl): string[] | undefined {
    const planned = this.value(path);
    const whole = markedAt(this.d.unknown, path);
    const elements = Array.isArray(planned) ? planned : [];
    const pending = whole ? [] : elements.map((_, j) => j).filter((j) => markedAt(this.d.unknown, [...path, j]));
    const known = elements.filter((_, j) => !pending.includes(j)).map((x) => policyText(String(x)));
    if (!whole && pending.length === 0) return planned === null || planned === undefined ? undefined : known;
    const fail = (why: string): undefined => void this.why.push(`${this.where(path)} is ${why}`);
    if ('missing' in hcl) return fail(hcl.missing);
    if (!Array.isArray(hcl.value)) return fail(`known only after apply, built as ${JSON.stringify(hcl.value)} in the .tf files, which only apply can evaluate`);
    const evaluated = hcl.value.map((e) => evaluate(this.ctx, this.d, e));
    const values = evaluated.flatMap((g) => ('value' in g ? [g.value] : []));
    const failed = evaluated.flatMap((g) => ('why' in g ? [g.why] : []));
    if (failed.length === 0) {
      if (!whole && known.some((k) => !values.includes(k))) return fail('known only after apply, and the .tf files do not match the plan');
      return [...new Set(values)];
    }
    // Elements apply alone can evaluate are fine when the plan already knows them: the evaluated ones must account for every pending element.
    const fresh = values.filter((x) => !known.includes(x));
    if (!whole && hcl.value.length === elements.length && fresh.length === pending.length) return [...new Set([...known, ...fresh])];
    return fail(failed.join('; '));
  }
}

/** A .tf value (evaluateTemplate) with the provider's `&{…}` policy variables turned into `${…}`. */
export function evaluate(ctx: PlanContext, from: PlanResource, v: unknown): Got<string> {
  const got = evaluateTemplate(ctx, from, v);
  return 'value' in got ? { value: policyText(got.value) } : got;
}
