import { coversAction, principalsOf } from '../../policy/statements.js';
import { defineRule, fail, notApplicable, pass, renderMessage, unknown, type Rule } from '../define-rule.js';
import notPublic from '../kms-policy-not-public/rule.js';
import rootAdmin from '../kms-policy-root-admin/rule.js';
import { readCustomerKeyPolicy, replicationRolesFor } from '../kms-policy-shared.js';
import viaService from '../kms-policy-via-service/rule.js';

/** The structural key-policy rules a replica must pass on its own: its policy is not synced from the primary. */
const STRUCTURAL: Rule<'key'>[] = [rootAdmin, notPublic, viaService];

export default defineRule({
  id: 'kms-replica-policy-parity',
  title: 'Each multi-Region replica’s own key policy is as strict as the primary’s and admits the replication role',
  severity: 'high',
  resourceType: 'key',
  description:
    'A multi-Region replica has its own key policy (AWS ReplicateKey: "all other properties of a replica key can differ, including its key policy"), so a compliant primary says nothing about it. The replica’s policy must pass kms-policy-root-admin, kms-policy-not-public and kms-policy-via-service, and grant kms:Encrypt to the replication role of every bucket whose replication rule names the replica as ReplicaKmsKeyID.',
  messages: {
    parity: 'The replica policy passes the root-admin, not-public and via-service checks{{roles}}.',
    diverges: 'The replica policy diverges: {{problems}}.',
  },
  remediation:
    'Apply the primary’s reviewed key policy to the replica with its Region substituted (aws kms put-key-policy --region REPLICA_REGION --key-id REPLICA_ARN --policy-name default --policy file://policy.json, or the policy of aws_kms_replica_key in Terraform), including a statement that allows the replication role kms:Encrypt (and kms:GenerateDataKey*, kms:Decrypt when the destination uses Bucket Key) with kms:ViaService = s3.REPLICA_REGION.amazonaws.com.',
  check(key, ctx) {
    const md = key.metadata;
    if (md.state === 'present' && md.value.multiRegionKeyType !== 'REPLICA') return notApplicable('not a multi-Region replica');
    const read = readCustomerKeyPolicy(key);
    if (!read.ok) return read.outcome;
    const problems: string[] = [];
    const unknowns: string[] = [];
    for (const rule of STRUCTURAL) {
      const o = rule.check(key, ctx);
      const message = renderMessage(rule.messages[o.messageId] ?? '{{reason}}', o.data);
      if (o.status === 'fail') problems.push(`${rule.id}: ${message}`);
      if (o.status === 'unknown') unknowns.push(`${rule.id}: ${o.data?.reason ?? 'unknown'}`);
    }
    const { roles, unreadable } = replicationRolesFor(key, ctx);
    for (const role of roles) {
      const admits = read.allows.some(({ s }) => s.NotPrincipal === undefined && principalsOf(s.Principal).aws.includes(role) && coversAction(s, 'kms:Encrypt'));
      if (!admits) problems.push(`no Allow gives the replication role ${role} kms:Encrypt, so replication of SSE-KMS objects into this Region fails`);
    }
    if (unreadable.length > 0) unknowns.push(`replication of ${unreadable.join(', ')} could not be read, so its role may need this key`);
    const evidence = { replicationRoles: roles };
    if (problems.length > 0) return fail('diverges', { problems: problems.join('; ') }, evidence);
    if (unknowns.length > 0) return unknown(unknowns.join('; '), evidence);
    return pass('parity', { roles: roles.length ? ` and admits the replication role ${roles.join(', ')}` : '' }, evidence);
  },
});
