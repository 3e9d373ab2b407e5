/**
 * Each deviation the moto scenarios build, and exactly the findings it flips from the compliant
 * baseline (ruleId@resource → status; resources by bucket or role name, keys by label). Written
 * for the seed's names; `underNames` renames them for the same architecture under other names.
 */
import { SEED_NAMES, type ArchitectureNames, type Deviation } from './architecture.js';

export const DEVIATIONS: [Deviation, Record<string, string>][] = [
  ['account-pab-missing', { 's3-account-public-access-block@123456789012': 'fail' }],
  ['bucket-pab-partial', { 's3-bucket-public-access-block@acme-stage': 'fail' }],
  // A public policy needs BlockPublicPolicy off first, so both show, and "*" is outside the account.
  ['public-policy', { 's3-bucket-not-public@acme-stage': 'fail', 's3-bucket-public-access-block@acme-stage': 'fail', 's3-policy-no-external-grants@acme-stage': 'fail' }],
  ['acls-enabled', { 's3-acls-disabled@acme-stage': 'fail' }],
  ['aws-managed-key', { 's3-default-encryption-cmk@acme-stage': 'fail' }],
  // The cost rule says what the missing Bucket Key costs (as the Terraform fixture expects too).
  ['no-bucket-key', { 's3-bucket-key-enabled@acme-stage': 'fail', 'cost-bucket-key-disabled@acme-stage': 'fail' }],
  ['versioning-suspended', { 's3-versioning-enabled@acme-stage': 'fail' }],
  ['no-wrong-key-deny', { 's3-policy-deny-wrong-kms-key@acme-stage': 'fail' }],
  ['external-grant', { 's3-policy-no-external-grants@acme-stage': 'fail' }],
  ['lifecycle-no-glacier', { 's3-lifecycle-matches-architecture@acme-stage': 'fail' }],
  ['no-logging', { 's3-access-logging-enabled@acme-stage': 'fail' }],
  ['replication-no-sse-kms', { 's3-replication-kms@acme-stage': 'fail' }],
  ['replication-role-wildcard', { 's3-replication-role-least-privilege@acme-stage': 'fail' }],
  // moto copies the origin onto the replica; imported material cannot rotate, so rotation is n/a.
  ['key-external-origin', { 'kms-key-type@stage-key': 'fail', 'kms-key-type@replica-key': 'fail', 'kms-rotation-enabled@stage-key': 'not_applicable' }],
  // A disabled key also breaks the bucket's encryption rule, which requires an Enabled key.
  ['key-disabled', { 'kms-key-enabled@stage-key': 'fail', 's3-default-encryption-cmk@acme-stage': 'fail' }],
  ['no-deletion-guard', { 'kms-deletion-window-guard@stage-key': 'fail' }],
  ['rotation-off', { 'kms-rotation-enabled@stage-key': 'fail' }],
  [
    'no-alias',
    {
      // The deleted alias is still caught: the keys are left with no customer alias at all, and
      // profile-values-resolve reports the missing kms.alias once (both Regions).
      'profile-values-resolve@123456789012': 'fail',
      'kms-alias-present@stage-key': 'fail',
      'kms-alias-present@replica-key': 'fail',
      // Without the alias nobody can say which key the buckets should use: unknown, not a failure
      // on every bucket (the cascade these two were before profile-values-resolve).
      's3-default-encryption-cmk@acme-stage': 'unknown',
      's3-default-encryption-cmk@acme-stage-replica': 'unknown',
      's3-policy-deny-wrong-kms-key@acme-stage': 'unknown',
      's3-policy-deny-wrong-kms-key@acme-stage-replica': 'unknown',
    },
  ],
  // A plain key in the destination: no MRK pair; parity only concerns MRK replicas; and a
  // standalone key's rotation is its own (an MRK replica's follows the primary).
  [
    'replica-not-mrk',
    { 'kms-multi-region-replica@stage-key': 'fail', 'kms-replica-policy-parity@replica-key': 'not_applicable', 'kms-rotation-enabled@replica-key': 'pass' },
  ],
  ['key-policy-no-root', { 'kms-policy-root-admin@stage-key': 'fail' }],
  ['key-policy-public', { 'kms-policy-not-public@stage-key': 'fail' }],
  ['key-policy-no-via-service', { 'kms-policy-via-service@stage-key': 'fail' }],
  ['key-policy-encrypt', { 'kms-policy-least-privilege@stage-key': 'fail' }],
  ['key-policy-direct-snowflake-grant', { 'kms-policy-external-principal-scoped@stage-key': 'fail' }],
  ['replica-policy-missing-role', { 'kms-replica-policy-parity@replica-key': 'fail' }],
  // The Snowflake role's trust and access, and the replication role's trust.
  ['trust-no-external-id', { 'iam-trust-external-id@snowflake-s3-kms-role': 'fail' }],
  ['trust-external-id-wildcard', { 'iam-trust-external-id@snowflake-s3-kms-role': 'fail' }],
  ['trust-second-allow', { 'iam-trust-external-id@snowflake-s3-kms-role': 'fail' }],
  // With the ExternalId still required, a root principal is a principal problem only.
  ['trust-root-principal', { 'iam-trust-principal-exact@snowflake-s3-kms-role': 'fail' }],
  ['role-s3-wildcard', { 'iam-role-s3-scoped@snowflake-s3-kms-role': 'fail' }],
  ['role-list-any-prefix', { 'iam-role-s3-scoped@snowflake-s3-kms-role': 'fail' }],
  ['role-kms-no-via-service', { 'iam-role-kms-scoped@snowflake-s3-kms-role': 'fail' }],
  ['replication-trust-unbound', { 'iam-service-role-confused-deputy@acme-s3-replication': 'fail' }],
];

/** The expectations of a deviation, for the architecture built under `names`. */
export function underNames(expected: Record<string, string>, names: ArchitectureNames): Record<string, string> {
  const rename = new Map<string, string>([
    [SEED_NAMES.stageBucket, names.stageBucket],
    [SEED_NAMES.logBucket, names.logBucket],
    [SEED_NAMES.replicaBucket, names.replicaBucket],
    [SEED_NAMES.replicaLogBucket, names.replicaLogBucket],
    [SEED_NAMES.snowflakeRole, names.snowflakeRole],
    [SEED_NAMES.replicationRole, names.replicationRole],
  ]);
  return Object.fromEntries(
    Object.entries(expected).map(([key, status]) => {
      const [rule, resource] = key.split('@') as [string, string];
      return [`${rule}@${rename.get(resource) ?? resource}`, status];
    }),
  );
}
