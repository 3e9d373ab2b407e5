import picomatch from 'picomatch';
import type { PolicyStatement } from '../../model/policy-document.js';
import { conditionEntries, patternsIntersect, toArray } from '../../policy/statements.js';
import { defineRule, fail, notApplicable, pass, unknown, type RuleContext } from '../define-rule.js';
import { readRolePolicies, touchesService, usesStageData } from '../iam-shared.js';

const S3_ARN = /^arn:aws[a-z-]*:s3:::([^/]*)(?:\/(.*))?$/;
const OBJECT_ACTION = /object|multipart/i;
const LIST_ACTIONS = ['s3:listbucket', 's3:listbucketversions', 's3:listbucketmultipartuploads'];

/**
 * Whether a bucket is stage data of this architecture: scanned as such, or in the profile's scope
 * (another Region). A string says why that is not known: a bucket that may be a support bucket, or
 * one the profile's scope admits while the bucket list went unread.
 */
function isStageBucket(name: string, ctx: RuleContext): boolean | string {
  const b = ctx.lookups.bucketByName(name);
  if (b.state === 'found') return b.value.role.kind === 'undetermined' ? `whether ${name} is a stage bucket is not known: ${b.value.role.reason}` : b.value.role.kind === 'architecture';
  const { bucketNames, excludeBucketNames, supportBucketNames } = ctx.profile.scope;
  const m = (globs: string[]) => globs.length > 0 && picomatch(globs)(name);
  const inScope = m(bucketNames) && !m(excludeBucketNames) && !m(supportBucketNames);
  if (inScope && b.state === 'unknown') return `whether ${name} is a stage bucket is not known: ${b.reason}`;
  return inScope && !bucketNames.includes('*');
}

/** What lets one statement reach beyond the stage buckets' data prefix; empty when nothing does. */
function problemsOf(s: PolicyStatement, ctx: RuleContext): { problems: string[]; scope: string[]; unknowns: string[] } {
  const prefix = ctx.profile.s3.dataPrefix;
  const allowed = ctx.profile.iam.s3Actions.map((a) => a.toLowerCase());
  const problems: string[] = [];
  const scope: string[] = [];
  const unknowns: string[] = [];
  if (s.NotAction !== undefined) problems.push(`NotAction ${toArray(s.NotAction).join(', ')} grants every other action, S3 included`);
  if (s.NotResource !== undefined) problems.push(`NotResource ${toArray(s.NotResource).join(', ')} grants every other resource`);
  const actions = toArray(s.Action).filter((a) => a === '*' || /^s3:/i.test(a) || /^[*?]+:/.test(a));
  const wildcards = actions.filter((a) => /[*?]/.test(a));
  if (wildcards.length > 0) problems.push(`wildcard action ${wildcards.join(', ')} (list the stage actions explicitly)`);
  const extra = actions.filter((a) => !/[*?]/.test(a) && !allowed.includes(a.toLowerCase()));
  if (extra.length > 0) problems.push(`action ${extra.join(', ')} is outside the stage set (${ctx.profile.iam.s3Actions.join(', ')})`);

  const objectLevel = s.NotAction !== undefined || actions.some((a) => /[*?]/.test(a) || OBJECT_ACTION.test(a));
  const lists = s.NotAction !== undefined || actions.some((a) => /[*?]/.test(a) || LIST_ACTIONS.includes(a.toLowerCase()));
  for (const r of toArray(s.Resource)) {
    if (r === '*') {
      problems.push('Resource "*" (every bucket and object)');
      continue;
    }
    const m = S3_ARN.exec(r);
    if (!m) {
      // Another service's resource in a mixed statement is for other rules; a pattern that can
      // also match S3 ARNs (arn:*, arn:aws:*:*:*:*) or an access point is S3 access all the same.
      if (/^arn:[^:]*:s3:[^:]+:/.test(r)) problems.push(`Resource ${r} is an S3 access point or Object Lambda resource, outside the stage buckets`);
      else if (patternsIntersect(r, 'arn:aws:s3:::*') || patternsIntersect(r, 'arn:aws:s3:*')) problems.push(`Resource ${r} is a pattern that matches every bucket`);
      continue;
    }
    const [, bucket = '', key] = m;
    if (/[*?]/.test(bucket)) {
      problems.push(`Resource ${r} matches every bucket named like "${bucket}"`);
      continue;
    }
    const stage = isStageBucket(bucket, ctx);
    if (typeof stage === 'string') unknowns.push(`Resource ${r}: ${stage}`);
    else if (!stage) problems.push(`Resource ${r} is not a stage bucket of this profile`);
    if (key !== undefined && objectLevel) {
      if (prefix !== '' && !key.startsWith(prefix)) problems.push(`object actions on ${r}, wider than the data prefix ${bucket}/${prefix}*`);
      else scope.push(r);
    }
    if (key === undefined && lists && prefix !== '') {
      const values = conditionEntries(s.Condition, ['StringLike', 'StringEquals'], 's3:prefix').flatMap((e) => e.values);
      if (values.length === 0) problems.push(`s3:ListBucket on ${r} without an s3:prefix condition lists every key in the bucket`);
      const loose = values.filter((v) => v === '*' || v === '' || (prefix !== '' && !v.startsWith(prefix)));
      if (loose.length > 0) problems.push(`s3:ListBucket on ${r} with s3:prefix ${loose.map((v) => JSON.stringify(v)).join(', ')}, wider than ${JSON.stringify(`${prefix}*`)}`);
      if (values.length > 0 && loose.length === 0) scope.push(`list ${bucket} under ${values.join(', ')}`);
    } else if (key === undefined && lists) scope.push(`list ${bucket}`);
  }
  return { problems, scope, unknowns };
}

export default defineRule({
  id: 'iam-role-s3-scoped',
  title: 'The Snowflake and application roles reach only the stage data in S3',
  severity: 'high',
  resourceType: 'role',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['IAM.1'], prowler: ['iam_aws_attached_policy_no_administrative_privileges', 'iam_customer_attached_policy_no_administrative_privileges', 'iam_inline_policy_no_administrative_privileges'], checkov: ['CKV_AWS_62', 'CKV_AWS_63'] },
  description:
    'The role a storage integration assumes (and any application role on the stage buckets) should hold only the S3 actions a stage needs, on objects under the data prefix, with s3:ListBucket bound by an s3:prefix condition — no s3:*, no Resource "*", no bucket wildcards, no NotAction or NotResource. The Snowflake-Labs Terraform module\'s s3:prefix "*" is a known example of the gap.',
  messages: {
    scoped: 'S3 access is limited to {{scope}}.',
    none: 'The role\'s policies grant no S3 actions.',
    broad: 'The role reaches beyond the stage data: {{problems}}.',
  },
  remediation:
    'Grant s3:GetObject, s3:GetObjectVersion, s3:PutObject, s3:DeleteObject, s3:DeleteObjectVersion on arn:aws:s3:::BUCKET/PREFIX/*, and s3:ListBucket plus s3:GetBucketLocation on arn:aws:s3:::BUCKET with {"StringLike":{"s3:prefix":["PREFIX/*"]}} on the ListBucket statement (aws iam put-role-policy, or aws_iam_role_policy in Terraform).',
  check(role, ctx) {
    if (!usesStageData(role)) return notApplicable('the role is not the Snowflake role or an application role of the profile');
    const read = readRolePolicies(role, ctx.profile);
    if (!read.ok) return read.outcome;
    const problems: string[] = [];
    const scope: string[] = [];
    const unknowns: string[] = [];
    for (const { s, label } of read.allows) {
      if (!touchesService(s, 's3')) continue;
      const found = problemsOf(s, ctx);
      if (found.problems.length > 0) problems.push(`${label}: ${found.problems.join('; ')}`);
      unknowns.push(...found.unknowns.map((u) => `${label}: ${u}`));
      scope.push(...found.scope);
    }
    const evidence = { policies: read.policies.map((p) => p.name), problems, scope };
    if (problems.length > 0) return fail('broad', { problems: problems.join(' — ') }, evidence);
    if (unknowns.length > 0) return unknown(unknowns.join('; '), evidence);
    if (scope.length === 0) return pass('none', {}, evidence);
    return pass('scoped', { scope: [...new Set(scope)].join('; ') }, evidence);
  },
});
