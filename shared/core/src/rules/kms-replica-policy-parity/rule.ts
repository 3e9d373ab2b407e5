import { bucketNameOf } from '../../model/encryption.js';
import type { KeyInventory } from '../../model/inventory.js';
import { defineRule, fail, notApplicable, pass, renderMessage, unknown, type Rule, type RuleContext } from '../define-rule.js';
import externalScoped from '../kms-policy-external-principal-scoped/rule.js';
import leastPrivilege from '../kms-policy-least-privilege/rule.js';
import notPublic from '../kms-policy-not-public/rule.js';
import { probeKey, runProbe } from '../kms-policy-probes.js';
import rootAdmin from '../kms-policy-root-admin/rule.js';
import { keyArnOf, readCustomerKeyPolicy, replicationRolesFor } from '../kms-policy-shared.js';
import viaService from '../kms-policy-via-service/rule.js';
import { foundValue } from '../membership.js';

/** The replica key-policy statement for the replication role, as the remediation gives it (placeholders in capitals). */
export const REPLICATION_ROLE_STATEMENT =
  '{"Sid":"AllowReplicationRole","Effect":"Allow","Principal":{"AWS":"REPLICATION_ROLE_ARN"},"Action":["kms:Encrypt"],"Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.REPLICA_REGION.amazonaws.com"}}}';

/** The key-policy rules a replica must pass on its own (its policy is not synced from the primary), each evaluating its probes on the replica. */
const KEY_POLICY_RULES: Rule<'key'>[] = [rootAdmin, notPublic, viaService, leastPrivilege, externalScoped];

export default defineRule({
  id: 'kms-replica-policy-parity',
  title: 'Each multi-Region replica’s own key policy is as strict as the primary’s and admits the replication role',
  severity: 'high',
  resourceType: 'key',
  packs: ['snowflake-s3-kms'],
  description:
    'A multi-Region replica has its own key policy (AWS ReplicateKey: "all other properties of a replica key can differ, including its key policy"), so a compliant primary says nothing about it. The replica’s policy must pass the kms-policy-* rules (root-admin, not-public, via-service, least-privilege, external-principal-scoped), each evaluated on the replica’s own policy and Region, and must itself allow the replication role of every bucket whose replication rule names the replica as ReplicaKmsKeyID what AWS documents for replicating SSE-KMS objects: kms:Encrypt through S3 in the replica’s Region, and kms:Decrypt too when the destination bucket uses an S3 Bucket Key (evaluated, so Deny statements and a kms:ViaService copied with the primary’s Region count).',
  messages: {
    parity: 'The replica policy passes the root-admin, not-public, via-service, least-privilege and external-principal checks{{roles}}.',
    diverges: 'The replica policy diverges: {{problems}}.',
  },
  remediation: `Apply the primary’s reviewed key policy to the replica with its Region substituted (aws kms put-key-policy --region REPLICA_REGION --key-id REPLICA_ARN --policy-name default --policy file://policy.json, or the policy of aws_kms_replica_key in Terraform), including ${REPLICATION_ROLE_STATEMENT}; when the destination bucket uses an S3 Bucket Key add "kms:Decrypt" to its Action (AWS: the replica key policy "must include the kms:Decrypt permission for the calling principal"). Only to replicate unencrypted objects into an SSE-KMS destination add "kms:GenerateDataKey"; never kms:GenerateDataKey* or kms:*.`,
  check(key, ctx) {
    const md = key.metadata;
    if (md.state === 'present' && md.value.multiRegionKeyType !== 'REPLICA') return notApplicable('not a multi-Region replica');
    const read = readCustomerKeyPolicy(key);
    if (!read.ok) return read.outcome;
    const problems: string[] = [];
    const unknowns: string[] = [];
    for (const rule of KEY_POLICY_RULES) {
      const o = rule.check(key, ctx);
      const message = renderMessage(rule.messages[o.messageId] ?? '{{reason}}', o.data);
      if (o.status === 'fail') problems.push(`${rule.id}: ${message}`);
      if (o.status === 'unknown') unknowns.push(`${rule.id}: ${o.data?.reason ?? 'unknown'}`);
    }
    const { roles, unreadable } = replicationRolesFor(key, ctx);
    const pk = probeKey(key, read.doc, ctx);
    for (const role of roles) {
      // S3 writes the replica as the replication role, into the destination bucket, through S3 in
      // the replica's Region: kms:Encrypt always, kms:Decrypt too when the destination uses a Bucket Key.
      for (const bucket of destinationsOf(role, key, ctx)) {
        const denied: { action: string; why: string }[] = [];
        for (const action of bucket.bucketKey ? ['kms:Encrypt', 'kms:Decrypt'] : ['kms:Encrypt']) {
          const r = runProbe(pk, { principal: role, action, path: { kind: 'via-s3' }, bucket });
          if (r.decision.result === 'allowed') continue;
          if (r.decision.result === 'unknown') {
            unknowns.push(`whether the replica's key policy lets the replication role ${role} call ${action} for ${bucket.name} depends on context the scan cannot know: ${r.decision.reason}`);
            continue;
          }
          // kms:Decrypt is needed only with a Bucket Key; when the destination's setting was not read, its absence is not yet a failure.
          if (action === 'kms:Decrypt' && !bucket.known) {
            unknowns.push(`the replica's key policy does not allow the replication role ${role} kms:Decrypt, which replication into ${bucket.name} needs if it uses an S3 Bucket Key, and its default encryption was not read`);
            continue;
          }
          denied.push({ action, why: r.decision.kind === 'explicit' ? `${r.decision.statement.ref.replace(/^key policy /, '')} denies it` : 'no statement allows it' });
        }
        if (denied.length === 0) continue;
        const actions = denied.map((d) => d.action);
        const what = `${actions.join(' and ')} through S3 in ${key.region} (${[...new Set(denied.map((d) => d.why))].join('; ')})`;
        const need = actions.includes('kms:Decrypt') ? `; AWS requires kms:Decrypt when the destination uses an S3 Bucket Key, as ${bucket.name} does` : '';
        // Judged on the key policy alone (the replica's own policy is what parity is about); say so when IAM delegation would still let replication work.
        const iam = ctx.lookups.role(role)?.policies;
        const viaIam =
          iam?.state === 'present' &&
          actions.every(
            (action) =>
              runProbe(pk, { principal: role, action, path: { kind: 'via-s3' }, bucket, identityPolicies: iam.value.map((p) => ({ name: `role policy ${p.name}`, policy: p.document })) }).decision
                .result === 'allowed',
          );
        problems.push(
          viaIam
            ? `the replica's key policy does not itself allow the replication role ${role} ${what}${need}; the role reaches the key only through the root statement's delegation to its IAM policies`
            : `the replica's key policy does not allow the replication role ${role} ${what}${need}, so replication of SSE-KMS objects into ${bucket.name} fails`,
        );
      }
    }
    if (unreadable.length > 0) unknowns.push(`replication of ${unreadable.join(', ')} could not be read, so its role may need this key`);
    const evidence = { replicationRoles: roles };
    if (problems.length > 0) return fail('diverges', { problems: problems.join('; ') }, evidence);
    if (unknowns.length > 0) return unknown(unknowns.join('; '), evidence);
    return pass('parity', { roles: roles.length ? ` and admits the replication role ${roles.join(', ')}` : '' }, evidence);
  },
});

/**
 * Destination buckets of `role`'s replication rules that name this key, with their Bucket Key
 * setting (the encryption context is the bucket ARN with a Bucket Key, the object ARN without);
 * both settings, marked not known, when the destination's encryption was not read.
 */
function destinationsOf(role: string, key: KeyInventory, ctx: RuleContext): { name: string; bucketKey: boolean; known: boolean }[] {
  const out: { name: string; bucketKey: boolean; known: boolean }[] = [];
  const arn = keyArnOf(key);
  for (const b of ctx.inventory.buckets) {
    if (b.replication.state !== 'present' || b.replication.value.roleArn !== role) continue;
    for (const r of b.replication.value.rules) {
      if (!r.replicaKmsKeyId) continue;
      if (r.replicaKmsKeyId !== arn && ctx.lookups.key(r.replicaKmsKeyId, r.replicaKmsKeyId.split(':')[3] || key.region) !== key) continue;
      const name = bucketNameOf(r.destinationBucketArn);
      const enc = foundValue(ctx.lookups.bucketByName(name))?.encryption;
      const known = enc?.state === 'present';
      const settings = known ? [enc.value.some((e) => e.bucketKeyEnabled)] : [true, false];
      for (const bucketKey of settings) if (!out.some((o) => o.name === name && o.bucketKey === bucketKey)) out.push({ name, bucketKey, known });
    }
  }
  return out;
}
