import { assumeRoleContext } from '../../policy/context.js';
import { describeDecision } from '../../policy/describe.js';
import { evaluateRequest } from '../../policy/evaluate.js';
import type { PolicyStatement } from '../../model/policy-document.js';
import { defineRule, fail, notApplicable, pass, unknown, type RuleContext } from '../define-rule.js';
import { readTrust } from '../iam-shared.js';

const FOREIGN_ACCOUNT = '999999999999';

/** A resource of an unrelated account that could ask the service to act with this role. */
function foreignSourceArn(service: string, partition: string): string {
  const name = service.split('.')[0] ?? service;
  return name === 's3' ? `arn:${partition}:s3:::envelope-probe-foreign-bucket` : `arn:${partition}:${name}:us-east-1:${FOREIGN_ACCOUNT}:envelope-probe`;
}

/**
 * aws:SourceArn values the trust accepts, turned into ARNs of someone else's resource that still
 * match: wildcards filled in, the account field set to a foreign one. An S3 ARN has no account, so
 * a pattern over bucket names (arn:aws:s3:::stage-*) matches buckets anyone can create; only an
 * exact ARN of a bucket the account's bucket list holds is the account's own. `unsure` says why an
 * exact bucket ARN may be the account's own after all (the bucket list was not read).
 */
function foreignMatches(statements: PolicyStatement[], ctx: RuleContext): { arn: string; unsure?: string }[] {
  const values = statements.flatMap((s) =>
    Object.values(s.Condition ?? {}).flatMap((block) =>
      Object.entries(block).flatMap(([k, v]) => (k.toLowerCase() === 'aws:sourcearn' ? (Array.isArray(v) ? v : [v]).map(String) : [])),
    ),
  );
  return values.flatMap((v) => {
    const parts = v.replace(/[*?]/g, 'envelope-probe').split(':');
    const own = parts[2] === 's3' && !/[*?]/.test(v) ? ctx.lookups.accountHasBucket(parts.slice(5).join(':').split('/')[0] ?? '') : undefined;
    if (own?.state === 'found') return [];
    if (parts.length > 4 && parts[4] !== '') parts[4] = FOREIGN_ACCOUNT;
    return [{ arn: parts.join(':'), ...(own?.state === 'unknown' ? { unsure: `whether ${v} is a bucket of this account is not known: ${own.reason}` } : {}) }];
  });
}

export default defineRule({
  id: 'iam-service-role-confused-deputy',
  title: 'Roles that AWS services assume are bound to this account with aws:SourceAccount or aws:SourceArn',
  severity: 'medium',
  resourceType: 'role',
  packs: ['snowflake-s3-kms'],
  mappings: { prowler: ['iam_role_cross_service_confused_deputy_prevention'] },
  description:
    'A trust for a service principal such as s3.amazonaws.com (the replication role) should carry aws:SourceAccount or aws:SourceArn, so the service cannot be made to assume the role on behalf of another account\'s resource (the cross-service confused deputy). Not every service sends these keys: check the service\'s documentation before adding them, as roles have broken when keys a service does not send were required.',
  messages: {
    bound: 'sts:AssumeRole by {{services}} on behalf of another account\'s resource is {{decision}}.',
    unbound: '{{service}} can assume the role on behalf of another account\'s resource: sts:AssumeRole with aws:SourceAccount {{foreign}} and aws:SourceArn {{sourceArn}} is {{decision}}.',
  },
  remediation:
    'Add to the service trust statement {"StringEquals":{"aws:SourceAccount":"<account id>"}} and, where the service sends it, {"ArnLike":{"aws:SourceArn":"arn:aws:s3:::<source-bucket>"}} (aws iam update-assume-role-policy, or assume_role_policy in Terraform).',
  check(role, ctx) {
    const trust = readTrust(role, ctx);
    if (!trust.ok) return trust.outcome;
    const services = [...new Set(trust.grants.flatMap((g) => g.service))];
    if (services.length === 0) return notApplicable('no AWS service principal may assume the role');
    const decisions: Record<string, string> = {};
    const pending: string[] = [];
    const maybeOwn: string[] = [];
    for (const service of services) {
      const grants = trust.grants.filter((g) => g.service.includes(service)).map((g) => g.s);
      for (const { arn: sourceArn, unsure } of [{ arn: foreignSourceArn(service, ctx.lookups.partition) }, ...foreignMatches(grants, ctx)]) {
        const decision = evaluateRequest({
          resourcePolicy: { name: 'trust policy', policy: trust.doc },
          context: assumeRoleContext({ caller: service, roleArn: role.arn, sourceAccount: FOREIGN_ACCOUNT, sourceArn }),
        });
        decisions[`${service} for ${sourceArn}`] = describeDecision(decision);
        // Allowed for a bucket that may be the account's own: no finding either way until that is known.
        if (decision.result === 'allowed' && unsure) maybeOwn.push(`${service} for ${sourceArn} is ${describeDecision(decision)}, and ${unsure}`);
        else if (decision.result === 'allowed')
          return fail('unbound', { service, foreign: FOREIGN_ACCOUNT, sourceArn, decision: describeDecision(decision) }, { services, decisions });
        if (decision.result === 'unknown') pending.push(`${service}: ${decision.reason}`);
      }
    }
    if (pending.length > 0) return unknown(`whether a service can assume the role for another account depends on context the scan cannot know: ${pending.join('; ')}`);
    if (maybeOwn.length > 0) return unknown(maybeOwn.join('; '));
    const summary = [...new Set(Object.values(decisions))].join('; ');
    return pass('bound', { services: services.join(', '), decision: summary }, { services, decisions });
  },
});
