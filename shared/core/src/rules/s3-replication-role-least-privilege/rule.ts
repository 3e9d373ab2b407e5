import { bucketNameOf } from '../../model/encryption.js';
import type { BucketInventory } from '../../model/inventory.js';
import type { PolicyStatement } from '../../model/policy-document.js';
import { conditionEntries, describeStatement, patternCovers, toArray } from '../../policy/statements.js';
import { defineRule, fail, notApplicable, pass, unknown, type RuleContext } from '../define-rule.js';

const REPLICATION_ACTIONS = [
  's3:GetReplicationConfiguration', 's3:ListBucket', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl',
  's3:GetObjectVersionTagging', 's3:GetObjectRetention', 's3:GetObjectLegalHold', 's3:ReplicateObject', 's3:ReplicateDelete',
  's3:ReplicateTags', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey',
].map((a) => a.toLowerCase());
const VIA_S3 = /^s3\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/;

/** Regions the role legitimately uses KMS in: the source and every destination we can place. */
function replicationRegions(bucket: BucketInventory, { lookups, profile }: RuleContext): Set<string> {
  const regions = new Set([bucket.region, ...profile.replication.destinationRegions]);
  if (bucket.replication.state === 'present')
    for (const r of bucket.replication.value.rules) {
      const dest = lookups.bucketByName(bucketNameOf(r.destinationBucketArn));
      if (dest) regions.add(dest.region);
      const keyRegion = r.replicaKmsKeyId?.startsWith('arn:') ? r.replicaKmsKeyId.split(':')[3] : undefined;
      if (keyRegion) regions.add(keyRegion);
    }
  return regions;
}

function problemsOf(s: PolicyStatement, partition: string, regions: Set<string>): string[] {
  const problems: string[] = [];
  const actions = toArray(s.Action);
  if (s.NotAction !== undefined) problems.push(`uses NotAction (${toArray(s.NotAction).join(', ')}), which grants every other action`);
  const wildcards = actions.filter((a) => /[*?]/.test(a));
  if (wildcards.length > 0) problems.push(`wildcard action ${wildcards.join(', ')} (list the replication actions explicitly)`);
  const extra = actions.filter((a) => !/[*?]/.test(a) && !REPLICATION_ACTIONS.includes(a.toLowerCase()));
  if (extra.length > 0) problems.push(`non-replication action ${extra.join(', ')}`);
  const touches = (service: string) => s.NotAction !== undefined || actions.some((a) => a === '*' || a.toLowerCase().startsWith(`${service}:`));

  if (touches('s3')) {
    if (s.NotResource !== undefined) problems.push(`S3 actions on NotResource ${toArray(s.NotResource).join(', ')} (every other resource)`);
    const broad = toArray(s.Resource).filter((r) => patternCovers(r, `arn:${partition}:s3:::*/*`));
    if (broad.length > 0) problems.push(`S3 actions on Resource ${broad.join(', ')} (every bucket)`);
  }
  if (touches('kms')) {
    const via = conditionEntries(s.Condition, ['StringEquals', 'StringLike'], 'kms:ViaService').flatMap((e) => e.values);
    if (via.length === 0) problems.push('KMS actions without a StringEquals kms:ViaService = s3.<region>.amazonaws.com condition');
    const notS3 = via.filter((v) => !VIA_S3.test(v));
    if (notS3.length > 0) problems.push(`kms:ViaService ${notS3.join(', ')} is not s3.<region>.amazonaws.com`);
    const offRegion = via.filter((v) => {
      const region = VIA_S3.exec(v)?.[1];
      return region !== undefined && !regions.has(region);
    });
    if (offRegion.length > 0)
      problems.push(`kms:ViaService ${offRegion.join(', ')} names a Region that is neither the source nor a destination (${[...regions].join(', ')})`);
  }
  return problems;
}

export default defineRule({
  id: 's3-replication-role-least-privilege',
  title: 'The replication role holds only the replication actions, with KMS bound to S3 by kms:ViaService',
  severity: 'high',
  resourceType: 'bucket',
  description:
    'The role S3 assumes to replicate a bucket needs only the replication actions on the source and destination, and KMS Decrypt/Encrypt/GenerateDataKey through S3 in the source and destination Regions. Anything wider is standing access that nobody reviews.',
  messages: {
    roleMissing: 'The replication role {{role}} does not exist: S3 cannot assume it, so nothing replicates.',
    scoped: 'Replication role {{role}} grants only replication actions ({{statements}} Allow statement(s)); {{kms}}.',
    empty: 'Replication role {{role}} has no Allow statements: nothing excess, but replication cannot work (s3-replication-kms reports the replication itself).',
    excessive: 'Replication role {{role}} grants more than replication needs: {{problems}}.',
  },
  remediation:
    'Replace the role policy with the replication actions only: s3:GetReplicationConfiguration and s3:ListBucket on the source bucket; s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl, s3:GetObjectVersionTagging on source/*; s3:ReplicateObject, s3:ReplicateDelete, s3:ReplicateTags on destination/*; kms:Decrypt on the source key with StringEquals kms:ViaService = s3.<source-region>.amazonaws.com and kms:Encrypt (kms:GenerateDataKey with Bucket Key) on the replica key with kms:ViaService = s3.<destination-region>.amazonaws.com (aws iam put-role-policy, or aws_iam_role_policy in Terraform).',
  check(bucket, ctx) {
    const repl = bucket.replication;
    if (repl.state === 'unknown') return unknown(repl.reason);
    if (repl.state === 'absent') return notApplicable('the bucket does not replicate');
    const roleArn = repl.value.roleArn;
    const role = ctx.lookups.role(roleArn);
    if (!role) return unknown(`replication role ${roleArn} was not scanned`);
    if (role.policies.state === 'absent' && role.trustPolicy.state === 'absent') return fail('roleMissing', { role: roleArn });
    if (role.policies.state === 'unknown') return unknown(`policies of replication role ${roleArn} could not be read: ${role.policies.reason}`);
    const policies = role.policies.state === 'present' ? role.policies.value : [];
    const regions = replicationRegions(bucket, ctx);
    const problems: string[] = [];
    const via = new Set<string>();
    let statements = 0;
    for (const p of policies)
      p.document.Statement.forEach((s, i) => {
        if (s.Effect !== 'Allow') return;
        statements++;
        for (const v of conditionEntries(s.Condition, ['StringEquals', 'StringLike'], 'kms:ViaService').flatMap((e) => e.values)) via.add(v);
        const found = problemsOf(s, ctx.lookups.partition, regions);
        if (found.length > 0) problems.push(`${p.kind} policy "${p.name}" ${describeStatement(s, i)}: ${found.join(' and ')}`);
      });
    const evidence = { role: roleArn, policies: policies.map((p) => p.name), problems, regions: [...regions] };
    if (problems.length > 0) return fail('excessive', { role: role.name, problems: problems.join('; ') }, evidence);
    if (statements === 0) return pass('empty', { role: role.name }, evidence);
    const kms = via.size > 0 ? `KMS only via ${[...via].join(', ')}` : 'no KMS permissions';
    return pass('scoped', { role: role.name, statements, kms }, evidence);
  },
});
