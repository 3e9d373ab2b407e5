import type { RoleInventory } from '../../model/inventory.js';
import { present, unknown, type Observed } from '../../model/observed.js';
import type { PolicyDocument } from '../../model/policy-document.js';
import type { Profile } from '../../profile/schema.js';
import { snowflakeRoles } from '../../profile/stacks.js';
import { resolveString, roleArnOf, type PlanContext } from './context.js';
import { afterApply, configured, knownPolicyAt, policyAt, withoutSensitive, type PolicyReader } from './plan-attributes.js';
import type { PathStep, PlanResource } from './plan-index.js';

type RolePolicy = { name: string; kind: 'inline' | 'managed'; document: PolicyDocument };

/** A role named by the profile (name, path/name or ARN) as an ARN in the plan's account. */
const roleArnFor = (ctx: PlanContext, nameOrArn: string): string =>
  nameOrArn.startsWith('arn:') ? nameOrArn : `arn:${ctx.partition}:iam::${ctx.account}:role/${nameOrArn.replace(/^\/+/, '')}`;

/**
 * Why each role is read, by role ARN, as the AWS collector decides it: the profile's Snowflake role
 * ('snowflake'), its application roles ('app') and the roles replication configurations name
 * ('replication', resolved by the assembler).
 */
export function rolePurposes(ctx: PlanContext, profile: Profile, replicationRoleArns: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (arn: string, purpose: string) => out.set(arn, [...new Set([...(out.get(arn) ?? []), purpose])]);
  for (const { roleName } of snowflakeRoles(profile)) add(roleArnFor(ctx, roleName), 'snowflake');
  for (const r of profile.iam.appRoles) add(roleArnFor(ctx, r), 'app');
  for (const arn of replicationRoleArns) add(arn, 'replication');
  return out;
}

/**
 * The plan's aws_iam_role instances that have a purpose (keyed by role ARN, see rolePurposes), with
 * the trust policy and every policy the plan gives them: aws_iam_role_policy, inline_policy blocks,
 * aws_iam_policy attached by aws_iam_role_policy_attachment, aws_iam_policy_attachment or
 * managed_policy_arns. A policy the plan cannot show (known only after apply, a managed policy
 * defined elsewhere) makes the role's policies unknown, never a shorter list.
 */
export function rolesFromPlan(ctx: PlanContext, purposes: ReadonlyMap<string, readonly string[]>, reader: PolicyReader = knownPolicyAt): RoleInventory[] {
  const readPolicy = withoutSensitive(reader);
  const roles: RoleInventory[] = [];
  for (const r of ctx.index.ofType('aws_iam_role')) {
    const arn = roleArnOf(ctx, r);
    if (!arn) continue;
    const name = arn.split('/').pop()!;
    // A profile names a role by name: its ARN then has no path, which a role with a path still answers to (as GetRole by name does).
    const why = [...new Set([...(purposes.get(arn) ?? []), ...(purposes.get(`arn:${ctx.partition}:iam::${ctx.account}:role/${name}`) ?? [])])];
    if (!why.length) continue;
    roles.push({
      arn,
      name,
      account: ctx.account,
      purposes: why,
      trustPolicy: readPolicy(ctx, r, 'assume_role_policy'),
      policies: policiesOf(ctx, r, name, arn, readPolicy),
    });
  }
  return roles.sort((a, b) => a.arn.localeCompare(b.arn));
}

/** Whether `r`'s `path` names the role (by name, id or ARN); unknown when only apply will tell. */
function namesRole(ctx: PlanContext, r: PlanResource, path: PathStep[], name: string, arn: string): Observed<boolean> {
  const v = resolveString(ctx, r, path);
  if (v.state !== 'present') return v.state === 'unknown' ? v : present(false);
  return present(v.value === name || v.value === arn);
}

function policiesOf(ctx: PlanContext, role: PlanResource, name: string, arn: string, readPolicy: PolicyReader): Observed<RolePolicy[]> {
  const out: RolePolicy[] = [];
  const unread: string[] = [];
  const add = (policyName: string, kind: RolePolicy['kind'], doc: Observed<PolicyDocument>) => {
    if (doc.state === 'present') out.push({ name: policyName, kind, document: doc.value });
    else unread.push(doc.state === 'unknown' ? doc.reason : `${policyName} has no policy document`);
  };

  for (const p of ctx.index.ofType('aws_iam_role_policy')) {
    const mine = namesRole(ctx, p, ['role'], name, arn);
    if (mine.state === 'unknown') unread.push(`${p.address} may be this role’s: ${mine.reason}`);
    else if (mine.state === 'present' && mine.value) add(nameOf(p), 'inline', readPolicy(ctx, p, 'policy'));
  }

  // Deprecated inline_policy blocks: read only when the configuration sets them (else the provider computes them from the policies above).
  if (configured(role, ['inline_policy'])) {
    const blocks = ctx.index.value(role, ['inline_policy']);
    if (blocks.state === 'after-apply') unread.push(afterApply(role, ['inline_policy'], blocks.references));
    else if (Array.isArray(blocks.value))
      blocks.value.forEach((b: { name?: unknown }, i) => add(typeof b.name === 'string' && b.name ? b.name : `inline_policy[${i}]`, 'inline', policyAt(ctx, role, ['inline_policy', i, 'policy'])));
  }

  const attached: { from: PlanResource; path: PathStep[] }[] = [];
  for (const a of ctx.index.ofType('aws_iam_role_policy_attachment')) {
    const mine = namesRole(ctx, a, ['role'], name, arn);
    if (mine.state === 'unknown') unread.push(`${a.address} may be this role’s: ${mine.reason}`);
    else if (mine.state === 'present' && mine.value) attached.push({ from: a, path: ['policy_arn'] });
  }
  for (const a of ctx.index.ofType('aws_iam_policy_attachment')) {
    const roles = ctx.index.value(a, ['roles']);
    if (roles.state === 'known') {
      if (Array.isArray(roles.value) && roles.value.includes(name)) attached.push({ from: a, path: ['policy_arn'] });
    } else if (roles.references.some((ref) => ctx.index.referenced(a, ref)?.resource === role)) attached.push({ from: a, path: ['policy_arn'] });
    else if (roles.references.some((ref) => !ctx.index.referenced(a, ref))) unread.push(`${a.address} may attach to this role: ${afterApply(a, ['roles'], roles.references)}`);
  }
  if (configured(role, ['managed_policy_arns'])) {
    const arns = ctx.index.value(role, ['managed_policy_arns']);
    if (arns.state === 'after-apply') unread.push(afterApply(role, ['managed_policy_arns'], arns.references));
    else if (Array.isArray(arns.value)) arns.value.forEach((_, i) => attached.push({ from: role, path: ['managed_policy_arns', i] }));
  }
  for (const { from, path } of attached) {
    const policy = managedPolicy(ctx, from, path);
    if (policy.state === 'present') add(nameOf(policy.value), 'managed', readPolicy(ctx, policy.value, 'policy'));
    else unread.push(policy.state === 'unknown' ? policy.reason : `${from.address} attaches no policy`);
  }

  if (unread.length) return unknown(unread.join('; '));
  return present(out.sort((a, b) => a.name.localeCompare(b.name)));
}

/** The aws_iam_policy an attachment's policy ARN names: by reference, or by its planned ARN. */
function managedPolicy(ctx: PlanContext, from: PlanResource, path: PathStep[]): Observed<PlanResource> {
  const v = ctx.index.value(from, path);
  const policies = ctx.index.ofType('aws_iam_policy');
  if (v.state === 'known') {
    if (typeof v.value !== 'string' || !v.value) return unknown(`${from.address} names no policy ARN`);
    const found = policies.find((p) => p.values.arn === v.value);
    return found ? present(found) : unknown(`the managed policy ${v.value} attached by ${from.address} is not defined in the plan`);
  }
  const target = v.references.map((ref) => ctx.index.referenced(from, ref)).find((t) => t?.resource.type === 'aws_iam_policy');
  return target ? present(target.resource) : unknown(afterApply(from, path, v.references));
}

const nameOf = (r: PlanResource): string => (typeof r.values.name === 'string' && r.values.name ? r.values.name : r.address);
