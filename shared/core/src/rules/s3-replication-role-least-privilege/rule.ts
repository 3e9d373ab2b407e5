import { bucketNameOf } from '../../model/encryption.js';
import type { BucketInventory } from '../../model/inventory.js';
import type { PolicyStatement } from '../../model/policy-document.js';
import { conditionEntries, describeStatement, patternCovers, toArray } from '../../policy/statements.js';
import { defineRule, fail, notApplicable, pass, unknown, type RuleContext } from '../define-rule.js';
import { foundValue, regionGap } from '../membership.js';

/**
 * The actions of AWS's documented replication policy (S3 User Guide, "Replicating encrypted
 * objects": kms:Decrypt on the source key, kms:Encrypt on the replica key, kms:Decrypt on it too
 * when the destination uses an S3 Bucket Key, kms:GenerateDataKey only to replicate unencrypted
 * objects into an SSE-KMS destination). Which key each KMS action may reach is judged by Region below.
 */
const REPLICATION_ACTIONS = [
  's3:GetReplicationConfiguration', 's3:ListBucket', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl',
  's3:GetObjectVersionTagging', 's3:GetObjectRetention', 's3:GetObjectLegalHold', 's3:ReplicateObject', 's3:ReplicateDelete',
  's3:ReplicateTags', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey',
].map((a) => a.toLowerCase());
const VIA_S3 = /^s3\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/;
/** Replication encrypts only replicas, so these belong on the replica key, in a destination Region. */
const REPLICA_KEY_ACTIONS = ['kms:encrypt', 'kms:generatedatakey'];

/** Where the role legitimately uses KMS: the source Region, and each destination Region with its buckets' Bucket Key setting. */
interface Places {
  source: string;
  /** Destination Region → Bucket Key of each destination bucket there (undefined: not read or not scanned). */
  destinations: Map<string, { bucket: string; bucketKey: boolean | undefined }[]>;
  /** Why the source's or a destination's Region is not known: problems that rest on Regions are then undecided. */
  gap?: string;
}

function placesOf(bucket: BucketInventory, { lookups, profile }: RuleContext): Places {
  const destinations = new Map<string, { bucket: string; bucketKey: boolean | undefined }[]>();
  const add = (region: string, bucket?: string, bucketKey?: boolean) => {
    const list = destinations.get(region) ?? [];
    if (bucket && !list.some((d) => d.bucket === bucket)) list.push({ bucket, bucketKey });
    destinations.set(region, list);
  };
  for (const region of profile.replication.destinationRegions) add(region);
  const gaps = [regionGap(bucket)].filter((g): g is string => g !== undefined);
  if (bucket.replication.state === 'present')
    for (const r of bucket.replication.value.rules) {
      const name = bucketNameOf(r.destinationBucketArn);
      const dest = foundValue(lookups.bucketByName(name));
      const enc = dest?.encryption;
      const bucketKey = enc?.state === 'present' ? enc.value.some((e) => e.bucketKeyEnabled) : undefined;
      const destGap = dest ? regionGap(dest) : undefined;
      if (destGap) gaps.push(destGap);
      else if (dest) add(dest.region, name, bucketKey);
      const keyRegion = r.replicaKmsKeyId?.startsWith('arn:') ? r.replicaKmsKeyId.split(':')[3] : undefined;
      if (keyRegion) add(keyRegion, name, bucketKey);
    }
  return { source: bucket.region, destinations, ...(gaps.length > 0 ? { gap: gaps.join('; ') } : {}) };
}

const regionsOf = (places: Places) => new Set([places.source, ...places.destinations.keys()]);

interface Judged {
  problems: string[];
  /** What the scan cannot decide (a destination's Bucket Key setting it did not read). */
  undecided: string[];
}

/** KMS actions bound, through kms:ViaService, to a Region where replication does not call them. */
function kmsPlacement(s: PolicyStatement, via: string[], places: Places): Judged {
  const out: Judged = { problems: [], undecided: [] };
  if (s.NotAction !== undefined) return out;
  const actions = toArray(s.Action).filter((a) => !/[*?]/.test(a) && a.toLowerCase().startsWith('kms:'));
  const regions = via.flatMap((v) => VIA_S3.exec(v)?.[1] ?? []);
  for (const action of actions) {
    const a = action.toLowerCase();
    for (const region of regions) {
      const dests = places.destinations.get(region);
      if (REPLICA_KEY_ACTIONS.includes(a) && !dests && region === places.source)
        out.problems.push(`${action} through S3 in ${region}, the source Region: replication encrypts only replicas, with the replica key in the destination Region`);
      if (a !== 'kms:decrypt' || region === places.source || !dests) continue;
      // kms:Decrypt in a destination Region is the Bucket Key integrity check on the replica key.
      if (dests.some((d) => d.bucketKey === true)) continue;
      const unread = dests.filter((d) => d.bucketKey === undefined).map((d) => d.bucket);
      if (unread.length > 0 || dests.length === 0)
        out.undecided.push(
          `whether kms:Decrypt through S3 in ${region} is needed depends on whether the destination uses an S3 Bucket Key, and the default encryption of ${unread.join(', ') || `the destination in ${region}`} was not read`,
        );
      else
        out.problems.push(
          `kms:Decrypt through S3 in ${region}, where the destination ${dests.map((d) => d.bucket).join(', ')} uses no S3 Bucket Key (AWS documents kms:Decrypt on the replica key only with a Bucket Key)`,
        );
    }
  }
  return out;
}

function problemsOf(s: PolicyStatement, partition: string, places: Places): Judged {
  const problems: string[] = [];
  const actions = toArray(s.Action);
  if (s.NotAction !== undefined) problems.push(`uses NotAction (${toArray(s.NotAction).join(', ')}), which grants every other action`);
  const wildcards = actions.filter((a) => /[*?]/.test(a));
  if (wildcards.length > 0)
    problems.push(
      wildcards.some((a) => a.toLowerCase().startsWith('kms:') || a === '*')
        ? `wildcard action ${wildcards.join(', ')} (list what replication calls: kms:Decrypt on the source key, kms:Encrypt on the replica key, plus kms:Decrypt there when the destination uses an S3 Bucket Key)`
        : `wildcard action ${wildcards.join(', ')} (list the replication actions explicitly)`,
    );
  const extra = actions.filter((a) => !/[*?]/.test(a) && !REPLICATION_ACTIONS.includes(a.toLowerCase()));
  if (extra.length > 0) problems.push(`non-replication action ${extra.join(', ')}`);
  const touches = (service: string) => s.NotAction !== undefined || actions.some((a) => a === '*' || a.toLowerCase().startsWith(`${service}:`));

  if (touches('s3')) {
    if (s.NotResource !== undefined) problems.push(`S3 actions on NotResource ${toArray(s.NotResource).join(', ')} (every other resource)`);
    const broad = toArray(s.Resource).filter((r) => patternCovers(r, `arn:${partition}:s3:::*/*`));
    if (broad.length > 0) problems.push(`S3 actions on Resource ${broad.join(', ')} (every bucket)`);
  }
  const undecided: string[] = [];
  if (touches('kms')) {
    const via = conditionEntries(s.Condition, ['StringEquals', 'StringLike'], 'kms:ViaService').flatMap((e) => e.values);
    if (via.length === 0) problems.push('KMS actions without a StringEquals kms:ViaService = s3.<region>.amazonaws.com condition');
    const notS3 = via.filter((v) => !VIA_S3.test(v));
    if (notS3.length > 0) problems.push(`kms:ViaService ${notS3.join(', ')} is not s3.<region>.amazonaws.com`);
    const regions = regionsOf(places);
    const offRegion = via.filter((v) => {
      const region = VIA_S3.exec(v)?.[1];
      return region !== undefined && !regions.has(region);
    });
    const regional: string[] = [];
    if (offRegion.length > 0)
      regional.push(`kms:ViaService ${offRegion.join(', ')} names a Region that is neither the source nor a destination (${[...regions].join(', ')})`);
    const placed = kmsPlacement(s, via, places);
    regional.push(...placed.problems);
    // Judged against Regions the scan could not read, these would be guesses.
    if (places.gap && regional.length > 0) undecided.push(`${places.gap}, so this cannot be judged: ${regional.join('; ')}`);
    else problems.push(...regional);
    undecided.push(...placed.undecided);
  }
  return { problems, undecided };
}

/** AWS's documented replication policy for SSE-KMS objects, as the remediation gives it (placeholders in capitals). */
export const DOCUMENTED_POLICY =
  '{"Version":"2012-10-17","Statement":[' +
  '{"Sid":"SourceBucket","Effect":"Allow","Action":["s3:GetReplicationConfiguration","s3:ListBucket"],"Resource":"arn:aws:s3:::SOURCE_BUCKET"},' +
  '{"Sid":"SourceObjectVersions","Effect":"Allow","Action":["s3:GetObjectVersionForReplication","s3:GetObjectVersionAcl","s3:GetObjectVersionTagging"],"Resource":"arn:aws:s3:::SOURCE_BUCKET/*"},' +
  '{"Sid":"ReplicateToDestination","Effect":"Allow","Action":["s3:ReplicateObject","s3:ReplicateDelete","s3:ReplicateTags"],"Resource":"arn:aws:s3:::DEST_BUCKET/*"},' +
  '{"Sid":"DecryptSource","Effect":"Allow","Action":["kms:Decrypt"],"Resource":"SOURCE_KEY_ARN","Condition":{"StringEquals":{"kms:ViaService":"s3.SOURCE_REGION.amazonaws.com"}}},' +
  '{"Sid":"EncryptReplica","Effect":"Allow","Action":["kms:Encrypt"],"Resource":"REPLICA_KEY_ARN","Condition":{"StringEquals":{"kms:ViaService":"s3.DEST_REGION.amazonaws.com"}}}]}';

export default defineRule({
  id: 's3-replication-role-least-privilege',
  title: 'The replication role holds only the replication actions, with KMS bound to S3 by kms:ViaService',
  severity: 'high',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  description:
    'The role S3 assumes to replicate a bucket needs only the replication actions on the source and destination and, as AWS documents for SSE-KMS objects, kms:Decrypt through S3 in the source Region and kms:Encrypt through S3 in the destination Region (plus kms:Decrypt there when the destination uses an S3 Bucket Key; kms:GenerateDataKey there only to replicate unencrypted objects). Anything wider — wildcards such as kms:GenerateDataKey*, kms:Encrypt on the source side, kms:Decrypt in a destination Region without a Bucket Key — is standing access that nobody reviews.',
  messages: {
    roleMissing: 'The replication role {{role}} does not exist: S3 cannot assume it, so nothing replicates.',
    scoped: 'Replication role {{role}} grants only replication actions ({{statements}} Allow statement(s)); {{kms}}.',
    empty: 'Replication role {{role}} has no Allow statements: nothing excess, but replication cannot work (s3-replication-kms reports the replication itself).',
    excessive: 'Replication role {{role}} grants more than replication needs: {{problems}}.',
  },
  remediation:
    `Replace the role policy with AWS's documented replication policy: ${DOCUMENTED_POLICY} ` +
    '(aws iam put-role-policy --role-name ROLE --policy-name replication --policy-document file://policy.json, or aws_iam_role_policy in Terraform) and detach broader policies. ' +
    'When the destination bucket uses an S3 Bucket Key, add "kms:Decrypt" to EncryptReplica (the replica key policy must allow it too: kms-replica-policy-parity). ' +
    'Only to replicate unencrypted objects into an SSE-KMS destination add "kms:GenerateDataKey" to EncryptReplica; never kms:GenerateDataKey* or kms:*.',
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
    const places = placesOf(bucket, ctx);
    const problems: string[] = [];
    const undecided: string[] = [];
    const via = new Set<string>();
    let statements = 0;
    for (const p of policies)
      p.document.Statement.forEach((s, i) => {
        if (s.Effect !== 'Allow') return;
        statements++;
        for (const v of conditionEntries(s.Condition, ['StringEquals', 'StringLike'], 'kms:ViaService').flatMap((e) => e.values)) via.add(v);
        const found = problemsOf(s, ctx.lookups.partition, places);
        const where = `${p.kind} policy "${p.name}" ${describeStatement(s, i)}`;
        if (found.problems.length > 0) problems.push(`${where}: ${found.problems.join(' and ')}`);
        undecided.push(...found.undecided.map((u) => `${where}: ${u}`));
      });
    const evidence = { role: roleArn, policies: policies.map((p) => p.name), problems, regions: [...regionsOf(places)] };
    if (problems.length > 0) return fail('excessive', { role: role.name, problems: problems.join('; ') }, evidence);
    if (undecided.length > 0) return unknown(undecided.join('; '), evidence);
    if (statements === 0) return pass('empty', { role: role.name }, evidence);
    const kms = via.size > 0 ? `KMS only via ${[...via].join(', ')}` : 'no KMS permissions';
    return pass('scoped', { role: role.name, statements, kms }, evidence);
  },
});
