import { defineRule, fail, notApplicable, pass, unknown } from '../define-rule.js';
import { checkReplicationRule, type RuleVerdict } from './replication-rule-check.js';

export default defineRule({
  id: 's3-replication-kms',
  title: 'Cross-Region replication copies SSE-KMS objects under a customer-managed replica key',
  severity: 'high',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['S3.7'], prowler: ['s3_bucket_cross_region_replication'], checkov: ['CKV_AWS_144'] },
  description:
    'When the profile expects cross-Region replication, an Enabled rule must send the data to a bucket in another Region with SseKmsEncryptedObjects on and a ReplicaKmsKeyID that is an Enabled customer-managed key in the destination Region (the multi-Region replica of the source key when that is a multi-Region primary); the destination must be versioned. S3 accepts a replication configuration with a broken key and then fails to replicate.',
  messages: {
    replicates: 'Replication {{rule}} copies SSE-KMS objects to {{destination}} in {{destinationRegion}} under {{replicaKey}}.{{notes}}',
    notConfigured: 'The profile expects cross-Region replication, but the bucket has no replication configuration.',
    noEnabledRule: 'The replication configuration has {{count}} rule(s) and none is Enabled.',
    misconfigured: 'Replication {{rule}} does not replicate SSE-KMS objects as the architecture needs: {{problems}}.',
  },
  remediation:
    'aws s3api put-bucket-replication --bucket BUCKET --replication-configuration \'{"Role":"ROLE_ARN","Rules":[{"ID":"crr","Status":"Enabled","Priority":1,"Filter":{},"DeleteMarkerReplication":{"Status":"Disabled"},"SourceSelectionCriteria":{"SseKmsEncryptedObjects":{"Status":"Enabled"}},"Destination":{"Bucket":"arn:aws:s3:::DEST_BUCKET","EncryptionConfiguration":{"ReplicaKmsKeyID":"arn:aws:kms:DEST_REGION:ACCOUNT:key/mrk-…"}}}]}\' after enabling versioning on the destination (Terraform: aws_s3_bucket_replication_configuration with source_selection_criteria.sse_kms_encrypted_objects and destination.encryption_configuration.replica_kms_key_id = aws_kms_replica_key.r.arn).',
  check(bucket, ctx) {
    const repl = bucket.replication;
    if (repl.state === 'unknown') return unknown(repl.reason);
    if (repl.state === 'absent') {
      const sources = ctx.lookups.replicationSourcesOf(bucket.name);
      if (sources.state === 'found') return notApplicable(`replication destination of ${sources.value.join(', ')}; destinations do not replicate further`);
      if (!ctx.profile.replication.expected) return notApplicable('the bucket does not replicate and the profile does not expect it to (replication.expected: false)');
      // A destination need not replicate: only when no unread configuration may make it one is it missing.
      if (sources.state === 'unknown') return unknown(`the bucket does not replicate, and whether it is another bucket's replication destination is not known: ${sources.reason}`);
      return fail('notConfigured');
    }
    const enabled = repl.value.rules.map((r, i) => ({ r, name: r.id ? `rule "${r.id}"` : `Rules[${i}]` })).filter((x) => x.r.status === 'Enabled');
    if (enabled.length === 0) return fail('noEnabledRule', { count: repl.value.rules.length });
    const verdicts = enabled.map((x) => ({ name: x.name, v: checkReplicationRule(x.r, bucket, ctx) }));
    const evidence = { rules: verdicts.map((x) => ({ rule: x.name, ...x.v })) };

    const ok = verdicts.find((x): x is { name: string; v: Extract<RuleVerdict, { kind: 'ok' }> } => x.v.kind === 'ok');
    if (ok) {
      const { destination, destinationRegion, replicaKey, notes } = ok.v;
      const noteText = notes.length > 0 ? ` Note: ${notes.join('; ')}.` : '';
      return pass('replicates', { rule: ok.name, destination, destinationRegion, replicaKey, notes: noteText }, evidence);
    }
    // A rule we could not fully read might be the good one, so unknown outranks the failures.
    const open = verdicts.find((x) => x.v.kind === 'unknown');
    if (open && open.v.kind === 'unknown') return unknown(`${open.name}: ${open.v.reasons.join('; ')}`, evidence);
    const failed = verdicts.flatMap((x) => (x.v.kind === 'fail' ? [{ name: x.name, problems: x.v.problems }] : []));
    const best = failed.reduce((a, b) => (b.problems.length < a.problems.length ? b : a));
    return fail('misconfigured', { rule: best.name, problems: best.problems.join('; ') }, evidence);
  },
});
