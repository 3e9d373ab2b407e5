import type { PolicyStatement } from '../../model/policy-document.js';
import { conditionEntries, listedActions, patternCovers, patternsIntersect, toArray } from '../../policy/statements.js';
import { defineRule, fail, notApplicable, pass, type RuleContext } from '../define-rule.js';
import { readRolePolicies, touchesService, usesStageData } from '../iam-shared.js';

// One key: no wildcard in the id. Not only KMS's own id charset, so a key a Terraform plan creates
// (stand-in id from its address, collect/terraform/context.ts) is one exact key too.
const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/[^*?/\s]+$/;

/** What lets one statement use KMS beyond the exact keys through S3; empty when nothing does. */
function problemsOf(s: PolicyStatement, ctx: RuleContext): { problems: string[]; keys: string[] } {
  const problems: string[] = [];
  if (s.NotAction !== undefined) problems.push(`NotAction ${toArray(s.NotAction).join(', ')} grants every other action, KMS administration included`);
  if (s.NotResource !== undefined) problems.push(`NotResource ${toArray(s.NotResource).join(', ')} grants every other key`);
  const usage = ctx.profile.kms.usageActions;
  const kmsActions = listedActions(s).filter((a) => a === '*' || /^kms:/i.test(a) || /^[*?]+:/.test(a));
  const beyond = kmsActions.filter((a) => !usage.some((u) => patternCovers(u, a, true)));
  if (beyond.length > 0) problems.push(`action ${beyond.join(', ')} goes beyond key use (${usage.join(', ')})`);

  const keys: string[] = [];
  for (const r of toArray(s.Resource)) {
    const m = KEY_ARN.exec(r);
    if (m) keys.push(r);
    else if (r === '*') problems.push('Resource "*" (every key in every account that allows it)');
    else if (/:alias\//.test(r)) problems.push(`Resource ${r} is an alias ARN, which key-use permissions do not match (name the key ARN)`);
    else if (/^arn:[^:]+:kms:/.test(r)) problems.push(`Resource ${r} is not one exact key ARN`);
    else if (patternsIntersect(r, 'arn:aws:kms:*')) problems.push(`Resource ${r} is a pattern that matches every key`);
    else if (!r.startsWith('arn:')) problems.push(`Resource ${r} is not an ARN, so it matches no key (name the key ARN)`);
  }

  const via = conditionEntries(s.Condition, ['StringEquals'], 'kms:ViaService').flatMap((e) => e.values);
  const viaLike = conditionEntries(s.Condition, ['StringLike'], 'kms:ViaService').flatMap((e) => e.values);
  if (via.length === 0 && viaLike.length === 0) problems.push('no StringEquals kms:ViaService condition, so the key can be used directly, outside S3');
  const wild = viaLike.filter((v) => /[*?]/.test(v));
  if (wild.length > 0 && via.length === 0) problems.push(`kms:ViaService ${wild.join(', ')} is a pattern, not s3.<region>.amazonaws.com`);
  const exact = [...via, ...viaLike.filter((v) => !/[*?]/.test(v))];
  const notS3 = exact.filter((v) => !/^s3\.[a-z0-9-]+\.amazonaws\.com$/.test(v));
  if (notS3.length > 0) problems.push(`kms:ViaService ${notS3.join(', ')} is not S3`);
  const keyRegions = new Set(keys.map((k) => KEY_ARN.exec(k)?.[1]));
  const offRegion = exact.filter((v) => /^s3\./.test(v) && !keyRegions.has(v.split('.')[1]));
  if (keys.length > 0 && offRegion.length > 0 && offRegion.length === exact.length)
    problems.push(`kms:ViaService ${offRegion.join(', ')} names no Region of the keys (${[...keyRegions].join(', ')}), so S3 cannot use them`);
  return { problems, keys };
}

export default defineRule({
  id: 'iam-role-kms-scoped',
  title: 'The Snowflake and application roles use the key only through S3, on its exact ARN',
  severity: 'medium',
  resourceType: 'role',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['KMS.1', 'KMS.2'], prowler: ['iam_policy_no_full_access_to_kms', 'iam_inline_policy_no_full_access_to_kms'] },
  description:
    'KMS permissions in the role\'s own policies must name the exact key ARN (not "*", key/*, or an alias ARN), hold only key-use actions, and carry StringEquals kms:ViaService = s3.<region>.amazonaws.com, so a leaked session cannot decrypt data outside S3. Security Hub KMS.1/KMS.2 look only at Resource "*" and ignore conditions.',
  messages: {
    scoped: 'KMS permissions name only {{keys}}, through S3.',
    none: 'The role\'s policies grant no KMS actions (any key use comes from the key policy, which the kms-policy-* rules check).',
    broad: 'The role can use KMS beyond its keys, or outside S3: {{problems}}.',
  },
  remediation:
    'Grant kms:Decrypt and kms:GenerateDataKey on the exact key ARN with {"StringEquals":{"kms:ViaService":"s3.<region>.amazonaws.com"}} (aws iam put-role-policy, or aws_iam_role_policy in Terraform).',
  check(role, ctx) {
    if (!usesStageData(role)) return notApplicable('the role is not the Snowflake role or an application role of the profile');
    const read = readRolePolicies(role, ctx.profile);
    if (!read.ok) return read.outcome;
    const problems: string[] = [];
    const keys: string[] = [];
    for (const { s, label } of read.allows) {
      if (!touchesService(s, 'kms')) continue;
      const found = problemsOf(s, ctx);
      if (found.problems.length > 0) problems.push(`${label}: ${found.problems.join('; ')}`);
      keys.push(...found.keys);
    }
    const evidence = { policies: read.policies.map((p) => p.name), problems, keys: [...new Set(keys)] };
    if (problems.length > 0) return fail('broad', { problems: problems.join(' — ') }, evidence);
    if (keys.length === 0) return pass('none', {}, evidence);
    return pass('scoped', { keys: [...new Set(keys)].join(', ') }, evidence);
  },
});
