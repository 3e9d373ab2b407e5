import { explainAccess, ExplainError } from '../../access/explain.js';
import { conditionEntries } from '../../policy/statements.js';
import { defineRule, fail, notApplicable, pass, unknown } from '../define-rule.js';
import { readTrust } from '../iam-shared.js';
import { integrationRole, readProperties, stagesOf } from '../snowflake-shared.js';

const S3_PROVIDERS = new Set(['S3', 'S3GOV', 'S3CHINA']);

/** The trust policy statement Snowflake's guide prescribes (research §3.2), for the fix. */
export function trustStatementFor(user: string, externalId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: user }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } }],
  });
}

const list = (values: string[]) => (values.length === 0 ? 'none' : values.map((v) => JSON.stringify(v)).join(', '));

export default defineRule({
  id: 'snowflake-integration-trust-matches',
  title: 'The storage integration’s IAM user and external id are the ones its role’s trust policy admits',
  severity: 'critical',
  resourceType: 'snowflake-integration',
  packs: ['snowflake-s3-kms'],
  description:
    'Snowflake reaches S3 by assuming STORAGE_AWS_ROLE_ARN as STORAGE_AWS_IAM_USER_ARN with sts:ExternalId = STORAGE_AWS_EXTERNAL_ID (DESC STORAGE INTEGRATION). The role’s trust policy must name exactly that user with StringEquals on exactly that external id. CREATE OR REPLACE STORAGE INTEGRATION without a fixed STORAGE_AWS_EXTERNAL_ID gives the integration a new external id (and may give a new IAM user) while the trust policy still names the old ones: every stage on the integration then fails with "Error assuming AWS_ROLE".',
  messages: {
    matches: 'The trust policy of {{role}} admits {{user}} with sts:ExternalId {{externalId}}: {{decision}}.',
    mismatch:
      'Snowflake cannot assume {{role}}: {{differs}}. Integration (DESC STORAGE INTEGRATION {{integration}}): IAM user {{user}}, external id {{externalId}}. Trust policy of {{role}}: principal(s) {{trustPrincipals}}, StringEquals sts:ExternalId {{trustExternalIds}}. sts:AssumeRole is {{decision}}. Stages on it that break: {{stages}}. Fix: aws iam update-assume-role-policy --role-name {{roleName}} --policy-document \'{{fix}}\'',
    loose:
      'Snowflake can assume {{role}}, but the trust policy does not name the integration’s values exactly ({{problems}}). Integration: IAM user {{user}}, external id {{externalId}}. Trust policy: principal(s) {{trustPrincipals}}, StringEquals sts:ExternalId {{trustExternalIds}}.',
    noRole: 'STORAGE_AWS_ROLE_ARN names {{role}}, which does not exist in the account: Snowflake cannot assume it, and stages on {{integration}} fail ({{stages}}).',
  },
  remediation:
    'Make the role’s trust policy name the integration’s current values: run DESC STORAGE INTEGRATION <name> in Snowflake, then aws iam update-assume-role-policy --role-name <role> --policy-document with Principal.AWS = STORAGE_AWS_IAM_USER_ARN and Condition.StringEquals."sts:ExternalId" = STORAGE_AWS_EXTERNAL_ID (Terraform: the aws_iam_role assume_role_policy from the integration’s describe_output). To stop the break recurring, set STORAGE_AWS_EXTERNAL_ID explicitly on the integration (CREATE … STORAGE_AWS_EXTERNAL_ID = \'…\', snowflake_storage_integration_aws.storage_aws_external_id) and avoid CREATE OR REPLACE; after a re-create also run ALTER STAGE … SET STORAGE_INTEGRATION = <name> on each stage.',
  check(integration, ctx) {
    const props = readProperties(integration);
    if (!props.ok) return props.outcome;
    const provider = props.get('STORAGE_PROVIDER');
    if (provider.ok && !S3_PROVIDERS.has(provider.value.toUpperCase())) return notApplicable(`STORAGE_PROVIDER is ${provider.value}, not S3`);
    const roleArn = props.get('STORAGE_AWS_ROLE_ARN');
    if (!roleArn.ok) return unknown(roleArn.reason);
    const user = props.get('STORAGE_AWS_IAM_USER_ARN');
    if (!user.ok) return unknown(user.reason);
    const externalId = props.get('STORAGE_AWS_EXTERNAL_ID');
    if (!externalId.ok) return unknown(externalId.reason);
    const found = integrationRole(roleArn.value, ctx);
    if (!found.ok) return found.outcome;
    const role = found.role;
    const stages = stagesOf(integration, ctx).map((s) => s.name).join(', ') || 'none in this scan';
    if (role.trustPolicy.state === 'absent') return fail('noRole', { role: role.arn, integration: integration.name, stages });
    const trust = readTrust(role, ctx);
    if (!trust.ok) return trust.outcome;

    const grants = trust.grants.filter((g) => g.external.length > 0 || g.internal.length > 0 || g.notPrincipal);
    const trustPrincipals = [...new Set(grants.flatMap((g) => (g.notPrincipal ? ['NotPrincipal …'] : [...g.external, ...g.internal])))];
    const idsOf = (g: (typeof grants)[number]) => conditionEntries(g.s.Condition, ['StringEquals'], 'sts:ExternalId').flatMap((e) => e.values);
    const trustExternalIds = [...new Set(grants.flatMap(idsOf))];
    let decision: string;
    let allowed: boolean;
    try {
      const e = explainAccess(ctx.inventory, { principal: user.value, action: 'sts:AssumeRole', resource: role.arn, externalId: externalId.value });
      const step = e.steps[0]!;
      if (step.result === 'unknown') return unknown(`whether ${user.value} may assume ${role.arn} is not known: ${step.reason}`);
      decision = step.reason;
      allowed = step.result === 'allowed';
    } catch (err) {
      if (err instanceof ExplainError) return unknown(err.message);
      throw err;
    }
    const data = {
      role: role.arn,
      roleName: role.name,
      integration: integration.name,
      user: user.value,
      externalId: externalId.value,
      trustPrincipals: list(trustPrincipals),
      trustExternalIds: list(trustExternalIds),
      decision,
    };
    const evidence = { integration: { user: user.value, externalId: externalId.value, roleArn: roleArn.value }, trustPolicy: { principals: trustPrincipals, externalIds: trustExternalIds }, decision };
    if (!allowed) {
      const userNamed = trustPrincipals.includes(user.value);
      const idNamed = trustExternalIds.includes(externalId.value);
      const differs =
        !userNamed && !idNamed
          ? 'neither the IAM user nor the external id is the one the trust policy names'
          : !idNamed
            ? 'the external id differs (the integration was likely re-created with CREATE OR REPLACE)'
            : !userNamed
              ? 'the IAM user differs'
              : 'the trust policy names both values, but not together in one statement that allows sts:AssumeRole';
      return fail('mismatch', { ...data, differs, stages, fix: trustStatementFor(user.value, externalId.value) }, evidence);
    }
    // Allowed: still require the exact form, not a wildcard or account root that happens to admit it.
    const exact = grants.some((g) => g.external.includes(user.value) && idsOf(g).includes(externalId.value));
    if (!exact) {
      const problems = [
        ...(trustPrincipals.includes(user.value) ? [] : [`the principal is not ${user.value} itself`]),
        ...(trustExternalIds.includes(externalId.value) ? [] : ['sts:ExternalId is not tested with StringEquals on the integration’s value']),
      ];
      return fail('loose', { ...data, problems: problems.join('; ') || 'the user and the external id are not named in the same statement' }, evidence);
    }
    return pass('matches', data, evidence);
  },
});
