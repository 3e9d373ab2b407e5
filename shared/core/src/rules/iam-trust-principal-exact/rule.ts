import { isAccountRoot } from '../../policy/statements.js';
import { defineRule, fail, notApplicable, pass } from '../define-rule.js';
import { readTrust } from '../iam-shared.js';
import { defaultStack, stackOfRole } from '../../profile/stacks.js';

const EXACT_PRINCIPAL = /^arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@/-]+$/;

export default defineRule({
  id: 'iam-trust-principal-exact',
  title: 'The role trusts exactly one named IAM user or role of the other account',
  severity: 'high',
  resourceType: 'role',
  packs: ['snowflake-s3-kms'],
  mappings: { checkov: ['CKV_AWS_60'] },
  description:
    'The Snowflake role (and any role another account may assume) must name the exact IAM user or role ARN — for Snowflake, the STORAGE_AWS_IAM_USER_ARN of the storage integration — never the account root, "*" or NotPrincipal, and must admit no other principals. An account root lets every identity that account\'s administrators choose assume the role.',
  messages: {
    exact: 'The role trusts exactly {{principals}}{{expected}}.',
    formOnly: 'The role trusts exactly {{principals}}; set snowflake.iamUserArn in the profile (STORAGE_AWS_IAM_USER_ARN) to check it is the integration\'s user.',
    loose: 'The role\'s trust is wider than one named principal: {{problems}}.',
    noTrust: 'No trust statement lets {{expectedUser}} assume the Snowflake role, so the storage integration cannot use it.',
  },
  remediation:
    'Set the trust principal to the one ARN from DESC INTEGRATION (STORAGE_AWS_IAM_USER_ARN), e.g. {"Principal":{"AWS":"arn:aws:iam::<snowflake-account>:user/<id>"}}, and remove account roots, "*", NotPrincipal and extra principals (aws iam update-assume-role-policy, or assume_role_policy in Terraform). After CREATE OR REPLACE INTEGRATION, update it to the new user ARN.',
  check(role, ctx) {
    const isSnowflake = role.purposes.includes('snowflake');
    const trust = readTrust(role, ctx);
    if (!trust.ok) return trust.outcome;
    const external = trust.grants.filter((g) => g.external.length > 0 || g.notPrincipal);
    if (!isSnowflake && external.length === 0) return notApplicable('no trust statement lets a principal of another account assume the role');

    const expectedUser = isSnowflake ? (stackOfRole(ctx.profile, role.arn) ?? defaultStack(ctx.profile)).snowflake.iamUserArn : undefined;
    const problems: string[] = [];
    for (const g of trust.grants) {
      if (g.notPrincipal) problems.push(`${g.label} uses NotPrincipal: everyone but the listed principals may assume the role`);
      for (const p of g.external) {
        if (p === '*') problems.push(`${g.label} trusts "*" (every AWS principal)`);
        else if (isAccountRoot(p)) problems.push(`${g.label} trusts the account root ${p}: every identity that account chooses may assume the role`);
        else if (!EXACT_PRINCIPAL.test(p)) problems.push(`${g.label} trusts ${p}, which is not an IAM user or role ARN`);
        else if (expectedUser && p !== expectedUser) problems.push(`${g.label} trusts ${p}, not the integration's user ${expectedUser}`);
      }
      // The Snowflake role serves one integration: any other kind of principal is a second way in.
      if (isSnowflake) {
        for (const p of [...g.service, ...g.federated]) problems.push(`${g.label} also trusts ${p}`);
        for (const p of g.internal) problems.push(`${g.label} also trusts ${p} of this account`);
      }
    }
    const principals = [...new Set(trust.grants.flatMap((g) => [...g.external, ...(isSnowflake ? [...g.service, ...g.federated, ...g.internal] : [])]))];
    const evidence = { statements: trust.grants.map((g) => g.label), principals, ...(expectedUser ? { expectedUser } : {}) };
    if (problems.length > 0) return fail('loose', { problems: problems.join('; ') }, evidence);
    if (isSnowflake && expectedUser && !principals.includes(expectedUser)) return fail('noTrust', { expectedUser }, evidence);
    if (isSnowflake && principals.length === 0) return fail('noTrust', { expectedUser: 'the Snowflake IAM user' }, evidence);
    if (isSnowflake && !expectedUser) return pass('formOnly', { principals: principals.join(', ') }, evidence);
    return pass('exact', { principals: principals.join(', '), expected: expectedUser ? ' — the storage integration\'s IAM user' : '' }, evidence);
  },
});
