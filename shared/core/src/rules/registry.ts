/**
 * Every rule, sorted by id. Explicit imports, no registration by side effect: the parity test
 * checks this list against the rule folders, and docs/rules.md is generated from it.
 */
import type { Rule } from './define-rule.js';
import costBucketKeyDisabled from './cost-bucket-key-disabled/rule.js';
import costLifecycleSmallObjects from './cost-lifecycle-small-objects/rule.js';
import costReplicationTransfer from './cost-replication-transfer/rule.js';
import costUnusedKmsKey from './cost-unused-kms-key/rule.js';
import iamRoleKmsScoped from './iam-role-kms-scoped/rule.js';
import iamRoleS3Scoped from './iam-role-s3-scoped/rule.js';
import iamServiceRoleConfusedDeputy from './iam-service-role-confused-deputy/rule.js';
import iamTrustExternalId from './iam-trust-external-id/rule.js';
import iamTrustPrincipalExact from './iam-trust-principal-exact/rule.js';
import kmsAliasPresent from './kms-alias-present/rule.js';
import kmsDeletionWindowGuard from './kms-deletion-window-guard/rule.js';
import kmsKeyEnabled from './kms-key-enabled/rule.js';
import kmsKeyType from './kms-key-type/rule.js';
import kmsMultiRegionReplica from './kms-multi-region-replica/rule.js';
import kmsPolicyExternalPrincipalScoped from './kms-policy-external-principal-scoped/rule.js';
import kmsPolicyLeastPrivilege from './kms-policy-least-privilege/rule.js';
import kmsPolicyNotPublic from './kms-policy-not-public/rule.js';
import kmsPolicyRootAdmin from './kms-policy-root-admin/rule.js';
import kmsPolicyViaService from './kms-policy-via-service/rule.js';
import kmsReplicaPolicyParity from './kms-replica-policy-parity/rule.js';
import kmsRotationEnabled from './kms-rotation-enabled/rule.js';
import profileValuesResolve from './profile-values-resolve/rule.js';
import s3AccessLoggingEnabled from './s3-access-logging-enabled/rule.js';
import s3AccountPublicAccessBlock from './s3-account-public-access-block/rule.js';
import s3AclsDisabled from './s3-acls-disabled/rule.js';
import s3BucketKeyEnabled from './s3-bucket-key-enabled/rule.js';
import s3BucketNotPublic from './s3-bucket-not-public/rule.js';
import s3BucketPublicAccessBlock from './s3-bucket-public-access-block/rule.js';
import s3DefaultEncryptionCmk from './s3-default-encryption-cmk/rule.js';
import s3LifecycleMatchesArchitecture from './s3-lifecycle-matches-architecture/rule.js';
import s3MfaDelete from './s3-mfa-delete/rule.js';
import s3ObjectsEncryptedWithCmk from './s3-objects-encrypted-with-cmk/rule.js';
import s3PolicyDenyInsecureTransport from './s3-policy-deny-insecure-transport/rule.js';
import s3PolicyDenyWrongKmsKey from './s3-policy-deny-wrong-kms-key/rule.js';
import s3PolicyNoExternalGrants from './s3-policy-no-external-grants/rule.js';
import s3ReplicationKms from './s3-replication-kms/rule.js';
import s3ReplicationRoleLeastPrivilege from './s3-replication-role-least-privilege/rule.js';
import s3VersioningEnabled from './s3-versioning-enabled/rule.js';
import snowflakeChainEffectiveAccess from './snowflake-chain-effective-access/rule.js';
import snowflakeIntegrationEnabled from './snowflake-integration-enabled/rule.js';
import snowflakeIntegrationLocationsScoped from './snowflake-integration-locations-scoped/rule.js';
import snowflakeIntegrationTrustMatches from './snowflake-integration-trust-matches/rule.js';
import snowflakeStageBucketCompliant from './snowflake-stage-bucket-compliant/rule.js';
import snowflakeStageKmsKeyMatches from './snowflake-stage-kms-key-matches/rule.js';
import snowflakeStageUsesIntegration from './snowflake-stage-uses-integration/rule.js';
import snowflakeStageWithinAllowedLocations from './snowflake-stage-within-allowed-locations/rule.js';
import trailBucketSecured from './trail-bucket-secured/rule.js';
import trailKmsCmk from './trail-kms-cmk/rule.js';
import trailKmsEventsLogged from './trail-kms-events-logged/rule.js';
import trailLogFileValidation from './trail-log-file-validation/rule.js';
import trailMultiRegionLogging from './trail-multi-region-logging/rule.js';
import trailS3DataEvents from './trail-s3-data-events/rule.js';

export const rules: readonly Rule[] = [
  costBucketKeyDisabled,
  costLifecycleSmallObjects,
  costReplicationTransfer,
  costUnusedKmsKey,
  iamRoleKmsScoped,
  iamRoleS3Scoped,
  iamServiceRoleConfusedDeputy,
  iamTrustExternalId,
  iamTrustPrincipalExact,
  kmsAliasPresent,
  kmsDeletionWindowGuard,
  kmsKeyEnabled,
  kmsKeyType,
  kmsMultiRegionReplica,
  kmsPolicyExternalPrincipalScoped,
  kmsPolicyLeastPrivilege,
  kmsPolicyNotPublic,
  kmsPolicyRootAdmin,
  kmsPolicyViaService,
  kmsReplicaPolicyParity,
  kmsRotationEnabled,
  profileValuesResolve,
  s3AccessLoggingEnabled,
  s3AccountPublicAccessBlock,
  s3AclsDisabled,
  s3BucketKeyEnabled,
  s3BucketNotPublic,
  s3BucketPublicAccessBlock,
  s3DefaultEncryptionCmk,
  s3LifecycleMatchesArchitecture,
  s3MfaDelete,
  s3ObjectsEncryptedWithCmk,
  s3PolicyDenyInsecureTransport,
  s3PolicyDenyWrongKmsKey,
  s3PolicyNoExternalGrants,
  s3ReplicationKms,
  s3ReplicationRoleLeastPrivilege,
  s3VersioningEnabled,
  snowflakeChainEffectiveAccess,
  snowflakeIntegrationEnabled,
  snowflakeIntegrationLocationsScoped,
  snowflakeIntegrationTrustMatches,
  snowflakeStageBucketCompliant,
  snowflakeStageKmsKeyMatches,
  snowflakeStageUsesIntegration,
  snowflakeStageWithinAllowedLocations,
  trailBucketSecured,
  trailKmsCmk,
  trailKmsEventsLogged,
  trailLogFileValidation,
  trailMultiRegionLogging,
  trailS3DataEvents,
] as Rule[];
