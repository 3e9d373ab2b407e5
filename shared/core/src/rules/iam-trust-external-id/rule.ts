import { assumeRoleContext } from '../../policy/context.js';
import { describeDecision } from '../../policy/describe.js';
import { evaluateRequest } from '../../policy/evaluate.js';
import { conditionEntries, conditionKeys } from '../../policy/statements.js';
import { defineRule, fail, notApplicable, pass } from '../define-rule.js';
import { probeCallerFor, readTrust, type TrustGrant } from '../iam-shared.js';

/** A value no real integration uses: a trust that accepts it accepts any ExternalId. */
const WRONG_EXTERNAL_ID = 'envelope-probe-not-the-external-id';

/** Why the statement's ExternalId condition does not hold the principal to one secret value; empty when it does. */
function conditionProblems(g: TrustGrant): string[] {
  const exact = conditionEntries(g.s.Condition, ['StringEquals'], 'sts:ExternalId');
  const like = conditionEntries(g.s.Condition, ['StringLike'], 'sts:ExternalId');
  const ifExists = conditionEntries(g.s.Condition, ['StringEqualsIfExists', 'StringLikeIfExists'], 'sts:ExternalId');
  const values = [...exact, ...like].flatMap((e) => e.values);
  if (ifExists.length > 0 && values.length === 0) return [`${g.label} tests sts:ExternalId with ${ifExists.map((e) => e.operator).join(', ')}, which passes when the caller sends no ExternalId`];
  if (values.length === 0) {
    const otherOps = conditionKeys(g.s.Condition).includes('sts:externalid') ? ' (only under an operator that does not require a value)' : '';
    return [`${g.label} has no StringEquals sts:ExternalId condition${otherOps}`];
  }
  const problems: string[] = [];
  const wild = like.flatMap((e) => e.values).filter((v) => /[*?]/.test(v));
  if (wild.length > 0) problems.push(`${g.label} matches sts:ExternalId with StringLike ${wild.map((v) => JSON.stringify(v)).join(', ')}, so any ExternalId that fits the pattern is accepted`);
  const empty = values.filter((v) => v.trim() === '' || v === '*');
  if (empty.length > 0) problems.push(`${g.label} accepts the guessable ExternalId ${empty.map((v) => JSON.stringify(v)).join(', ')}`);
  const variables = values.filter((v) => v.includes('${'));
  if (variables.length > 0) problems.push(`${g.label} takes sts:ExternalId from the policy variable ${variables.map((v) => JSON.stringify(v)).join(', ')}, a value the caller can predict`);
  return problems;
}

export default defineRule({
  id: 'iam-trust-external-id',
  title: 'Every trust statement for another account requires a non-wildcard sts:ExternalId',
  severity: 'high',
  resourceType: 'role',
  packs: ['snowflake-s3-kms'],
  description:
    'A role that another account (Snowflake\'s) may assume must demand the ExternalId that account was given: StringEquals sts:ExternalId, no wildcard, no IfExists, and no second Allow for the same principal without it. Otherwise any customer of that account can name your role in their own integration (the confused-deputy problem).',
  messages: {
    required: 'Every trust statement for another account requires sts:ExternalId ({{statements}}); without it, or with another value, sts:AssumeRole by {{principals}} is denied.',
    missing: 'Principals of another account can assume the role without the right ExternalId: {{problems}}.',
  },
  remediation:
    'Give every Allow for sts:AssumeRole to an external principal the condition {"StringEquals":{"sts:ExternalId":"<STORAGE_AWS_EXTERNAL_ID from DESC INTEGRATION>"}}, and remove any other statement that admits the same principal without it (aws iam update-assume-role-policy, or the assume_role_policy of aws_iam_role in Terraform).',
  check(role, ctx) {
    const trust = readTrust(role, ctx);
    if (!trust.ok) return trust.outcome;
    const external = trust.grants.filter((g) => g.external.length > 0 || g.notPrincipal);
    if (external.length === 0) return notApplicable('no trust statement lets a principal of another account assume the role');

    const structural = external.flatMap(conditionProblems);
    const problems: string[] = [];
    let everyProbeExplicitlyDenied = true;
    // The evaluator then asks the question directly, across all statements together: a second
    // Allow without the condition, or an operator the structure above missed, shows up here.
    const principals = [...new Set(external.flatMap((g) => (g.notPrincipal ? ['*'] : g.external)))];
    const probes: Record<string, string> = {};
    for (const p of principals) {
      const caller = probeCallerFor(p);
      for (const [label, externalId] of [['no ExternalId', undefined], ['a wrong ExternalId', WRONG_EXTERNAL_ID]] as const) {
        const decision = evaluateRequest({
          resourcePolicy: { name: 'trust policy', policy: trust.doc },
          context: assumeRoleContext({ caller, roleArn: role.arn, ...(externalId !== undefined ? { externalId } : {}) }),
          assumeIdentityAllows: true,
        });
        probes[`${p} with ${label}`] = describeDecision(decision);
        if (decision.result === 'allowed') problems.push(`sts:AssumeRole by ${caller} with ${label} is ${describeDecision(decision)}`);
        if (!(decision.result === 'denied' && decision.kind === 'explicit')) everyProbeExplicitlyDenied = false;
      }
    }
    // A Deny with StringNotEquals sts:ExternalId guards the role whatever the Allows say; otherwise
    // a statement's own condition must hold the line.
    if (!everyProbeExplicitlyDenied) problems.unshift(...structural);
    const evidence = { statements: external.map((g) => g.label), principals, probes };
    if (problems.length > 0) return fail('missing', { problems: [...new Set(problems)].join('; ') }, evidence);
    return pass('required', { statements: external.map((g) => g.label).join(', '), principals: principals.join(', ') }, evidence);
  },
});
