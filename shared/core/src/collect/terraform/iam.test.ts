import { describe, expect, it } from 'vitest';
import { present, unknown } from '../../model/observed.js';
import { parseProfile } from '../../profile/load.js';
import { planContextOf, refTo, type PlannedRes } from '../../testing/terraform-plan.js';
import { rolePurposes, rolesFromPlan } from './iam.js';

const ROLE_ARN = 'arn:aws:iam::111122223333:role/snowflake-role';
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:user/sf' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'X' } } }] };
const ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::stage/data/*' }] };

const role = (values: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}, name = 'snowflake'): PlannedRes => ({
  type: 'aws_iam_role',
  name,
  values: { name: `${name}-role`, path: '/', assume_role_policy: JSON.stringify(TRUST), ...values },
  unknown: { arn: true, id: true, inline_policy: true, managed_policy_arns: true, unique_id: true },
  expressions: { assume_role_policy: { constant_value: '…' }, ...expressions },
});
const rolePolicy = (name: string, policy: unknown, roleExpr: unknown = refTo('aws_iam_role.snowflake.id', 'aws_iam_role.snowflake')): PlannedRes => ({
  type: 'aws_iam_role_policy',
  name,
  values: { name, ...(policy ? { policy: JSON.stringify(policy) } : {}) },
  unknown: { id: true, role: true, ...(policy ? {} : { policy: true }) },
  expressions: { role: roleExpr, policy: policy ? { constant_value: '…' } : refTo('data.aws_iam_policy_document.access.json', 'data.aws_iam_policy_document.access') },
});
const managed = (name: string, policy: unknown): PlannedRes => ({ type: 'aws_iam_policy', name, values: { name, policy: JSON.stringify(policy) }, unknown: { arn: true, id: true } });
const attachment = (name: string, policyArn: unknown, roleExpr: unknown = refTo('aws_iam_role.snowflake.name', 'aws_iam_role.snowflake')): PlannedRes => ({
  type: 'aws_iam_role_policy_attachment',
  name,
  values: typeof policyArn === 'string' ? { policy_arn: policyArn } : {},
  unknown: { role: true, ...(typeof policyArn === 'string' ? {} : { policy_arn: true }) },
  expressions: { role: roleExpr, policy_arn: typeof policyArn === 'string' ? { constant_value: policyArn } : policyArn },
});

const snowflakeOnly = new Map([[ROLE_ARN, ['snowflake']]]);
const roles = (...r: PlannedRes[]) => rolesFromPlan(planContextOf(...r), snowflakeOnly);

describe('rolesFromPlan', () => {
  it('the role with a purpose: ARN from its path and name, the trust policy, an inline policy whose role is a reference', () => {
    const [r] = roles(role(), rolePolicy('access', ACCESS), role({}, {}, 'unrelated'));
    expect(r).toEqual({ arn: ROLE_ARN, name: 'snowflake-role', account: '111122223333', purposes: ['snowflake'], trustPolicy: present(TRUST), policies: present([{ name: 'access', kind: 'inline', document: ACCESS }]) });
  });

  it('roles without a purpose are not read', () => {
    expect(roles(role({}, {}, 'unrelated'))).toEqual([]);
  });

  it('a policy only apply will tell makes the role’s policies unknown, never a shorter list', () => {
    const [r] = roles(role(), rolePolicy('access', null), rolePolicy('other', ACCESS));
    expect(r!.policies).toEqual(unknown('aws_iam_role_policy.access policy is known only after apply (from data.aws_iam_policy_document.access.json, data.aws_iam_policy_document.access)'));
  });

  it('an inline policy whose role cannot be told may be this role’s: unknown', () => {
    const [r] = roles(role(), rolePolicy('somewhere', ACCESS, refTo('var.role_name')));
    expect(r!.policies.state).toBe('unknown');
    expect(r!.policies.state === 'unknown' && r!.policies.reason).toContain('aws_iam_role_policy.somewhere may be this role’s');
  });

  it('an inline policy of another role is not this role’s', () => {
    const [r] = roles(role(), role({}, {}, 'other'), rolePolicy('theirs', ACCESS, refTo('aws_iam_role.other.id', 'aws_iam_role.other')));
    expect(r!.policies).toEqual(present([]));
  });

  it('managed policies attached by aws_iam_role_policy_attachment, by reference', () => {
    const [r] = roles(role(), managed('stage-read', ACCESS), attachment('read', refTo('aws_iam_policy.stage-read.arn', 'aws_iam_policy.stage-read')));
    expect(r!.policies).toEqual(present([{ name: 'stage-read', kind: 'managed', document: ACCESS }]));
  });

  it('an AWS managed policy is not in the plan: unknown, naming it', () => {
    const [r] = roles(role(), attachment('ro', 'arn:aws:iam::aws:policy/ReadOnlyAccess'));
    expect(r!.policies).toEqual(unknown('the managed policy arn:aws:iam::aws:policy/ReadOnlyAccess attached by aws_iam_role_policy_attachment.ro is not defined in the plan'));
  });

  it('inline_policy blocks are read when the configuration sets them', () => {
    const inline = role({ inline_policy: [{ name: 'block', policy: JSON.stringify(ACCESS) }] }, { inline_policy: [{ name: { constant_value: 'block' } }] });
    inline.unknown = { arn: true, id: true };
    expect(roles(inline)[0]!.policies).toEqual(present([{ name: 'block', kind: 'inline', document: ACCESS }]));
  });

  it('a role with a path answers to the name the profile gives', () => {
    const [r] = roles(role({ path: '/service/' }));
    expect(r!.arn).toBe('arn:aws:iam::111122223333:role/service/snowflake-role');
    expect(r!.purposes).toEqual(['snowflake']);
  });

  it('a sensitive trust policy is unknown, and its text never reaches the inventory', () => {
    const secret = { ...TRUST, Statement: [{ ...TRUST.Statement[0]!, Condition: { StringEquals: { 'sts:ExternalId': 'canary-4d2e' } } }] };
    const [r] = roles({ ...role({ assume_role_policy: JSON.stringify(secret) }), sensitive: { assume_role_policy: true } });
    expect(r!.trustPolicy).toEqual(unknown('aws_iam_role.snowflake assume_role_policy is marked sensitive in the plan; envelope does not read sensitive values'));
    expect(JSON.stringify(r)).not.toContain('canary-4d2e');
  });

  it('a trust policy only apply will tell is unknown', () => {
    const later = role({ assume_role_policy: undefined }, { assume_role_policy: refTo('data.aws_iam_policy_document.trust.json', 'data.aws_iam_policy_document.trust') });
    later.unknown = { ...later.unknown, assume_role_policy: true };
    expect(roles(later)[0]!.trustPolicy.state).toBe('unknown');
  });
});

describe('rolePurposes', () => {
  it('the profile’s Snowflake role and app roles (name, path/name or ARN), and the replication roles', () => {
    const profile = parseProfile({ name: 't', snowflake: { roleName: 'snowflake-role' }, iam: { appRoles: ['apps/loader', 'arn:aws:iam::111122223333:role/snowflake-role'] } }, 'p.yaml');
    const purposes = rolePurposes(planContextOf(), profile, ['arn:aws:iam::111122223333:role/replicator']);
    expect(Object.fromEntries(purposes)).toEqual({
      [ROLE_ARN]: ['snowflake', 'app'],
      'arn:aws:iam::111122223333:role/apps/loader': ['app'],
      'arn:aws:iam::111122223333:role/replicator': ['replication'],
    });
  });
});
