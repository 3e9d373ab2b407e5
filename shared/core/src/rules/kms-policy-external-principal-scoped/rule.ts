import { principalsOf } from '../../policy/statements.js';
import { defineRule, fail, pass } from '../define-rule.js';
import { actionsOutside, isExternalPrincipal, readCustomerKeyPolicy, viaServiceProblem } from '../kms-policy-shared.js';

/** An exact IAM user or role (no :root, no bare account id, no wildcard). */
const EXACT_USER_OR_ROLE = /^arn:[^:]+:iam::\d{12}:(user|role)\/[^*?]+$/;

export default defineRule({
  id: 'kms-policy-external-principal-scoped',
  title: 'Principals outside the account are exact, least-privilege and bound to S3',
  severity: 'high',
  resourceType: 'key',
  description:
    'A key-policy Allow to a principal of another account must name an exact IAM user or role ARN (not :root, not an account id, no wildcard), grant only the usage actions and carry StringEquals kms:ViaService = s3.<key Region>.amazonaws.com. When the profile names the Snowflake IAM user, a direct key grant to it is a second path beside "Snowflake assumes our role": it bypasses the sts:ExternalId check of the role trust.',
  messages: {
    none: 'No statement grants this key to a principal outside account {{account}}.',
    scoped: 'External principal(s) {{principals}} are exact, limited to the usage actions and bound to S3 via kms:ViaService.',
    externalIdBypass:
      'ExternalId bypass: {{statement}} grants the Snowflake IAM user {{principal}} the key directly, which bypasses sts:ExternalId on the role trust; grant the key to the Snowflake role in this account instead.',
    unscoped: 'External grants are too broad: {{details}}.',
  },
  remediation:
    'Remove direct grants to the Snowflake IAM user (it reaches the key through the role it assumes, with ExternalId). For any other external principal: name the exact role ARN (arn:aws:iam::OTHER_ACCOUNT:role/NAME, not :root), limit "Action" to kms:Decrypt, kms:GenerateDataKey*, kms:DescribeKey and add "Condition": {"StringEquals": {"kms:ViaService": "s3.REGION.amazonaws.com"}}. Apply with aws kms put-key-policy.',
  check(key, ctx) {
    const read = readCustomerKeyPolicy(key);
    if (!read.ok) return read.outcome;
    const snowflakeUser = ctx.profile.snowflake.iamUserArn;
    const allowed = ctx.profile.kms.usageActions;
    const grants = read.allows.flatMap((st) => {
      const external = principalsOf(st.s.Principal).aws.filter((p) => isExternalPrincipal(p, ctx));
      return external.length > 0 ? [{ ...st, external }] : [];
    });
    if (grants.length === 0) return pass('none', { account: ctx.lookups.accountId });
    const bypass = snowflakeUser ? grants.find((g) => g.external.includes(snowflakeUser)) : undefined;
    if (bypass && snowflakeUser) return fail('externalIdBypass', { statement: bypass.label, principal: snowflakeUser }, { statement: bypass.s });
    const problems = grants.flatMap(({ s, label, external }) => {
      const inexact = external.filter((p) => !EXACT_USER_OR_ROLE.test(p));
      const extra = actionsOutside(s, allowed);
      const via = viaServiceProblem(s, key.region);
      const what = [
        ...(inexact.length ? [`names ${inexact.join(', ')} (not an exact user or role ARN)`] : []),
        ...(extra.length ? [`grants ${extra.join(', ')} beyond ${allowed.join(', ')}`] : []),
        ...(via ? [`has ${via.detail}`] : []),
      ];
      return what.length ? [`${label} (${external.join(', ')}) ${what.join(', ')}`] : [];
    });
    const principals = [...new Set(grants.flatMap((g) => g.external))];
    if (problems.length === 0) return pass('scoped', { principals: principals.join(', ') }, { principals });
    return fail('unscoped', { details: problems.join('; ') }, { principals, problems });
  },
});
