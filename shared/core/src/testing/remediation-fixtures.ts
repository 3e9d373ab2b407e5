/**
 * Failing fixtures for remediation-consistency.test.ts: per rule with a documented fix
 * (rules/<id>/fix.ts), inventories on which that rule fails for one resource, built from the rule
 * tests' builders. The multi-Region fixtures replicate, so a fix that disturbs replication or the
 * replica's key shows up in the other rules.
 */
import type { Inventory } from '../model/inventory.js';
import { absent, present } from '../model/observed.js';
import type { PolicyStatement } from '../model/policy-document.js';
import type { Profile } from '../profile/schema.js';
import type { DocumentedFix } from '../rules/documented-fix.js';
import costBucketKeyDisabled from '../rules/cost-bucket-key-disabled/fix.js';
import iamServiceRoleConfusedDeputy from '../rules/iam-service-role-confused-deputy/fix.js';
import iamRoleKmsScoped from '../rules/iam-role-kms-scoped/fix.js';
import iamRoleS3Scoped from '../rules/iam-role-s3-scoped/fix.js';
import iamTrustExternalId from '../rules/iam-trust-external-id/fix.js';
import iamTrustPrincipalExact from '../rules/iam-trust-principal-exact/fix.js';
import kmsDeletionWindowGuard from '../rules/kms-deletion-window-guard/fix.js';
import kmsKeyEnabled from '../rules/kms-key-enabled/fix.js';
import kmsPolicyExternalPrincipalScoped from '../rules/kms-policy-external-principal-scoped/fix.js';
import kmsPolicyLeastPrivilege from '../rules/kms-policy-least-privilege/fix.js';
import kmsPolicyNotPublic from '../rules/kms-policy-not-public/fix.js';
import kmsPolicyRootAdmin from '../rules/kms-policy-root-admin/fix.js';
import kmsPolicyViaService from '../rules/kms-policy-via-service/fix.js';
import kmsReplicaPolicyParity from '../rules/kms-replica-policy-parity/fix.js';
import kmsRotationEnabled from '../rules/kms-rotation-enabled/fix.js';
import s3AccessLoggingEnabled from '../rules/s3-access-logging-enabled/fix.js';
import s3AccountPublicAccessBlock from '../rules/s3-account-public-access-block/fix.js';
import s3AclsDisabled from '../rules/s3-acls-disabled/fix.js';
import s3BucketKeyEnabled from '../rules/s3-bucket-key-enabled/fix.js';
import s3BucketPublicAccessBlock from '../rules/s3-bucket-public-access-block/fix.js';
import s3DefaultEncryptionCmk from '../rules/s3-default-encryption-cmk/fix.js';
import s3LifecycleMatchesArchitecture from '../rules/s3-lifecycle-matches-architecture/fix.js';
import s3ObjectsEncryptedWithCmk from '../rules/s3-objects-encrypted-with-cmk/fix.js';
import s3PolicyDenyInsecureTransport from '../rules/s3-policy-deny-insecure-transport/fix.js';
import s3PolicyDenyWrongKmsKey from '../rules/s3-policy-deny-wrong-kms-key/fix.js';
import s3ReplicationKms from '../rules/s3-replication-kms/fix.js';
import s3ReplicationRoleLeastPrivilege from '../rules/s3-replication-role-least-privilege/fix.js';
import s3VersioningEnabled from '../rules/s3-versioning-enabled/fix.js';
import trailKmsEventsLogged from '../rules/trail-kms-events-logged/fix.js';
import trailLogFileValidation from '../rules/trail-log-file-validation/fix.js';
import trailMultiRegionLogging from '../rules/trail-multi-region-logging/fix.js';
import {
  ACCOUNT,
  BUCKET,
  BUCKET_ARN,
  bucketPolicy,
  compliantAdvancedSelectors,
  inventoryWithTrails,
  KEY_ARN,
  KMS_REPLICA_BUCKET,
  KMS_REPLICATION_ROLE_ARN,
  makeBucket,
  makeKeyWithMetadata,
  makeSnowflakeRole,
  makeTrail,
  SNOWFLAKE_EXTERNAL_ID,
  snowflakeRolePolicy,
  snowflakeTrustPolicy,
  withRolePolicy,
  TRAIL_ARN,
  makeInventory,
  makeKey,
  makeProfile,
  SNOWFLAKE_ROLE_ARN,
  SNOWFLAKE_USER_ARN,
  KMS_MRK_REPLICA_ARN,
  KMS_REPLICA_REGION,
  kmsPolicyWith,
  kmsReplicationProfile,
  kmsReplicationStatement,
  makeMrkInventory,
  makeMrkReplica,
  makeRole,
} from './inventory-builders.js';

export interface RemediationFixture {
  fix: DocumentedFix;
  name: string;
  inventory: Inventory;
  profile: Profile;
  /** The id of the resource the rule fails on (bucket, key, role or account ARN). */
  resource: string;
}

const mrk = (change: Partial<Inventory> = {}): Inventory => makeMrkInventory(change);
const replicationRole = (Statement: PolicyStatement[]) =>
  makeRole({ policies: present([{ name: 'replication', kind: 'inline', document: { Version: '2012-10-17', Statement } }]) });
const replicaWith = (statements: PolicyStatement[], region = KMS_REPLICA_REGION) =>
  makeMrkReplica({ policy: present(kmsPolicyWith({ add: statements }, region)) });
const withReplica = (replica: ReturnType<typeof makeMrkReplica>): Inventory => {
  const inv = mrk();
  return { ...inv, keys: inv.keys.map((k) => (k.arn === KMS_MRK_REPLICA_ARN ? replica : k)) };
};

/** The single-Region stage key with its policy rebuilt: the builder's statements minus `drop`, plus `add`. */
const stageKey = (drop: string[], add: PolicyStatement[] = []): Inventory => makeInventory({ keys: [makeKey({ policy: present(kmsPolicyWith({ drop, add })) })] });
const snowflakeGrant = (changes: Partial<PolicyStatement>): PolicyStatement => ({
  Sid: 'AllowSnowflakeRoleViaS3',
  Effect: 'Allow',
  Principal: { AWS: SNOWFLAKE_ROLE_ARN },
  Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
  Resource: '*',
  Condition: { StringEquals: { 'kms:ViaService': `s3.eu-west-1.amazonaws.com` } },
  ...changes,
});
const defaultProfile = makeProfile();
const stageBucket = (changes: Parameters<typeof makeBucket>[0]): Inventory => makeInventory({ buckets: [makeBucket(changes), ...makeInventory().buckets.slice(1)] });
const bucketFixture = (fix: DocumentedFix, name: string, inventory: Inventory, profile = defaultProfile): RemediationFixture => ({ fix, name, inventory, profile, resource: BUCKET_ARN });
const withoutStatement = (sid: string) => present({ ...bucketPolicy(), Statement: bucketPolicy().Statement.filter((s) => s.Sid !== sid) });
const mrkBuckets = (change: (name: string) => Partial<Inventory['buckets'][number]>, base: Inventory = mrk()): Inventory => ({
  ...base,
  buckets: base.buckets.map((b) => ({ ...b, ...change(b.name) })),
});
const keyFixture = (fix: DocumentedFix, name: string, inventory: Inventory, profile = defaultProfile): RemediationFixture => ({ fix, name, inventory, profile, resource: KEY_ARN });

export const fixtures: RemediationFixture[] = [
  // KMS keys: state and rotation.
  keyFixture(kmsRotationEnabled, 'rotation off', makeInventory({ keys: [makeKey({ rotation: present({ enabled: false }) })] })),
  keyFixture(kmsKeyEnabled, 'key disabled', makeInventory({ keys: [makeKeyWithMetadata({ keyState: 'Disabled', enabled: false })] })),
  // S3 buckets.
  bucketFixture(s3BucketKeyEnabled, 'SSE-KMS without a Bucket Key', stageBucket({ encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN, bucketKeyEnabled: false }]) })),
  {
    fix: s3BucketKeyEnabled,
    name: 'replication destination without a Bucket Key (its replica key admits the role for kms:Encrypt, all it needs so far)',
    inventory: mrkBuckets(
      (name) => (name === KMS_REPLICA_BUCKET ? { encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KMS_MRK_REPLICA_ARN, bucketKeyEnabled: false }]) } : {}),
      withReplica(replicaWith([kmsReplicationStatement(['kms:Encrypt'], KMS_REPLICA_REGION)])),
    ),
    profile: kmsReplicationProfile(),
    resource: `arn:aws:s3:::${KMS_REPLICA_BUCKET}`,
  },
  bucketFixture(costBucketKeyDisabled, 'SSE-KMS without a Bucket Key (its KMS request cost)', stageBucket({ encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN, bucketKeyEnabled: false }]) })),
  {
    fix: costBucketKeyDisabled,
    name: 'replication destination without a Bucket Key (its KMS request cost)',
    inventory: mrkBuckets(
      (name) => (name === KMS_REPLICA_BUCKET ? { encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KMS_MRK_REPLICA_ARN, bucketKeyEnabled: false }]) } : {}),
      withReplica(replicaWith([kmsReplicationStatement(['kms:Encrypt'], KMS_REPLICA_REGION)])),
    ),
    profile: kmsReplicationProfile(),
    resource: `arn:aws:s3:::${KMS_REPLICA_BUCKET}`,
  },
  bucketFixture(s3VersioningEnabled, 'versioning suspended', stageBucket({ versioning: present({ status: 'Suspended', mfaDelete: 'Disabled' }) })),
  bucketFixture(
    s3BucketPublicAccessBlock,
    'bucket Block Public Access partly off',
    stageBucket({ publicAccessBlock: present({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false }) }),
  ),
  {
    fix: s3AccountPublicAccessBlock,
    name: 'account Block Public Access partly off',
    inventory: makeInventory({
      account: { id: ACCOUNT, partition: 'aws', publicAccessBlock: present({ blockPublicAcls: false, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }) },
    }),
    profile: defaultProfile,
    resource: `arn:aws:iam::${ACCOUNT}:root`,
  },
  bucketFixture(s3PolicyDenyInsecureTransport, 'bucket policy without the TLS Deny', stageBucket({ policy: withoutStatement('DenyInsecureTransport') })),
  bucketFixture(s3PolicyDenyWrongKmsKey, 'bucket policy without the wrong-key Deny', stageBucket({ policy: withoutStatement('DenyWrongKmsKey') })),
  bucketFixture(s3DefaultEncryptionCmk, 'default encryption SSE-S3', stageBucket({ encryption: present([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]) })),
  bucketFixture(s3AclsDisabled, 'ACLs enabled (ObjectWriter)', stageBucket({ ownershipControls: present('ObjectWriter'), acl: present([]) })),
  bucketFixture(s3AccessLoggingEnabled, 'server access logging off', stageBucket({ logging: absent() })),
  bucketFixture(
    s3LifecycleMatchesArchitecture,
    'lifecycle without the GLACIER step',
    stageBucket({
      lifecycle: present({
        rules: [{ id: 'tiering', status: 'Enabled', filter: {}, transitions: [{ days: 30, storageClass: 'STANDARD_IA' }], noncurrentTransitions: [], noncurrentExpirationDays: 90, abortIncompleteMultipartDays: 7 }],
        transitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
      }),
    }),
  ),
  bucketFixture(s3ObjectsEncryptedWithCmk, 'an object written under SSE-S3', stageBucket({ objectSample: present([{ key: 'data/old.parquet', sse: 'AES256' }]) })),
  {
    fix: s3ReplicationKms,
    name: 'replication that skips SSE-KMS objects',
    inventory: mrkBuckets((name) =>
      name === BUCKET
        ? {
            replication: present({
              roleArn: KMS_REPLICATION_ROLE_ARN,
              rules: [{ id: 'crr', status: 'Enabled', destinationBucketArn: `arn:aws:s3:::${KMS_REPLICA_BUCKET}`, replicaKmsKeyId: KMS_MRK_REPLICA_ARN, sseKmsEncryptedObjects: 'Disabled' }],
            }),
          }
        : {},
    ),
    profile: kmsReplicationProfile(),
    resource: BUCKET_ARN,
  },
  // IAM.
  { fix: iamServiceRoleConfusedDeputy, name: 'replication role trusting s3.amazonaws.com for any account', inventory: mrk(), profile: kmsReplicationProfile(), resource: KMS_REPLICATION_ROLE_ARN },
  {
    fix: iamTrustExternalId,
    name: 'Snowflake role trust without sts:ExternalId',
    inventory: makeInventory({
      roles: [makeSnowflakeRole({ trustPolicy: present({ ...snowflakeTrustPolicy(), Statement: snowflakeTrustPolicy().Statement.map(({ Condition: _c, ...s }) => s) }) })],
      snowflake: {
        integrations: [{ id: 'snowflake://ACME/S3_INT', name: 'S3_INT', account: 'ACME', properties: present({ STORAGE_AWS_EXTERNAL_ID: SNOWFLAKE_EXTERNAL_ID, STORAGE_AWS_IAM_USER_ARN: SNOWFLAKE_USER_ARN }) }],
        stages: [],
      },
    }),
    profile: defaultProfile,
    resource: SNOWFLAKE_ROLE_ARN,
  },
  {
    fix: iamTrustPrincipalExact,
    name: 'Snowflake role trusting the Snowflake account root',
    inventory: makeInventory({ roles: [makeSnowflakeRole({ trustPolicy: present(snowflakeTrustPolicy('arn:aws:iam::999988887777:root')) })] }),
    profile: makeProfile({ snowflake: { iamUserArn: SNOWFLAKE_USER_ARN, roleName: 'snowflake-s3-kms-role' } }),
    resource: SNOWFLAKE_ROLE_ARN,
  },
  {
    fix: iamRoleKmsScoped,
    name: 'Snowflake role using KMS on Resource "*" without kms:ViaService',
    inventory: makeInventory({
      roles: [
        withRolePolicy({
          ...snowflakeRolePolicy(),
          Statement: snowflakeRolePolicy().Statement.map((s) => (s.Sid === 'StageKey' ? { Sid: 'StageKey', Effect: 'Allow' as const, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' } : s)),
        }),
      ],
    }),
    profile: defaultProfile,
    resource: SNOWFLAKE_ROLE_ARN,
  },
  {
    fix: iamRoleS3Scoped,
    name: 'Snowflake role with s3:* on the stage objects and ListBucket on any prefix',
    inventory: makeInventory({
      roles: [
        withRolePolicy({
          ...snowflakeRolePolicy(),
          Statement: snowflakeRolePolicy().Statement.map((s) =>
            s.Sid === 'StageObjects' ? { ...s, Action: 's3:*' } : s.Sid === 'StageList' ? { ...s, Condition: { StringLike: { 's3:prefix': ['*'] } } } : s,
          ),
        }),
      ],
    }),
    profile: defaultProfile,
    resource: SNOWFLAKE_ROLE_ARN,
  },
  // CloudTrail.
  { fix: trailLogFileValidation, name: 'log file validation off', inventory: inventoryWithTrails([makeTrail({ logFileValidationEnabled: false })]), profile: defaultProfile, resource: TRAIL_ARN },
  {
    fix: trailKmsEventsLogged,
    name: 'advanced Management selector excluding kms.amazonaws.com',
    inventory: inventoryWithTrails([
      makeTrail({
        selectors: present({
          advanced: compliantAdvancedSelectors().map((a) =>
            a.name === 'Management events' ? { ...a, fieldSelectors: [...a.fieldSelectors, { field: 'eventSource', notEquals: ['kms.amazonaws.com'] }] } : a,
          ),
        }),
      }),
    ]),
    profile: defaultProfile,
    resource: `arn:aws:iam::${ACCOUNT}:root`,
  },
  {
    fix: trailKmsEventsLogged,
    name: 'classic selector excluding kms.amazonaws.com, with the stage bucket’s data events',
    inventory: inventoryWithTrails([
      makeTrail({
        selectors: present({
          classic: [
            { readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: ['kms.amazonaws.com'], dataResources: [{ type: 'AWS::S3::Object', values: [`arn:aws:s3:::${BUCKET}/`] }] },
          ],
        }),
      }),
    ]),
    profile: defaultProfile,
    resource: `arn:aws:iam::${ACCOUNT}:root`,
  },
  { fix: trailMultiRegionLogging, name: 'single-Region trail', inventory: inventoryWithTrails([makeTrail({ isMultiRegion: false })]), profile: defaultProfile, resource: `arn:aws:iam::${ACCOUNT}:root` },
  // KMS key policies.
  keyFixture(kmsPolicyRootAdmin, 'key policy without the root statement', stageKey(['EnableRootAdmin'])),
  {
    fix: kmsPolicyRootAdmin,
    name: 'replica key policy without the root statement',
    inventory: withReplica(makeMrkReplica({ policy: present(kmsPolicyWith({ drop: ['EnableRootAdmin'], add: [kmsReplicationStatement(['kms:Encrypt', 'kms:Decrypt'], KMS_REPLICA_REGION)] }, KMS_REPLICA_REGION)) })),
    profile: kmsReplicationProfile(),
    resource: KMS_MRK_REPLICA_ARN,
  },
  keyFixture(kmsDeletionWindowGuard, 'key policy without the deletion-window Deny', stageKey(['GuardDeletionWindow'])),
  keyFixture(kmsPolicyViaService, 'Snowflake role grant without kms:ViaService', stageKey(['AllowSnowflakeRoleViaS3'], [snowflakeGrant({ Condition: undefined })])),
  keyFixture(kmsPolicyViaService, 'Snowflake role grant with StringLike s3.*', stageKey(['AllowSnowflakeRoleViaS3'], [snowflakeGrant({ Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } } })])),
  keyFixture(
    kmsPolicyNotPublic,
    'Principal * bound only by kms:ViaService',
    stageKey([], [{ Sid: 'AnyoneViaS3', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } }]),
  ),
  keyFixture(
    kmsPolicyExternalPrincipalScoped,
    'direct grant to the Snowflake IAM user (ExternalId bypass)',
    stageKey([], [snowflakeGrant({ Sid: 'SnowflakeUserDirect', Principal: { AWS: SNOWFLAKE_USER_ARN }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]),
    makeProfile({ snowflake: { iamUserArn: SNOWFLAKE_USER_ARN, roleName: 'snowflake-s3-kms-role' } }),
  ),
  keyFixture(kmsPolicyLeastPrivilege, 'Snowflake role granted kms:*', stageKey(['AllowSnowflakeRoleViaS3'], [snowflakeGrant({ Action: 'kms:*' })])),
  keyFixture(kmsPolicyLeastPrivilege, 'Snowflake role granted kms:ReEncrypt* and kms:Encrypt', stageKey(['AllowSnowflakeRoleViaS3'], [snowflakeGrant({ Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:Encrypt'] })])),
  {
    fix: kmsPolicyLeastPrivilege,
    name: 'replication role granted kms:ReEncrypt* on the replica beside kms:Encrypt and kms:Decrypt',
    inventory: withReplica(replicaWith([kmsReplicationStatement(['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*'], KMS_REPLICA_REGION)])),
    profile: kmsReplicationProfile(),
    resource: KMS_MRK_REPLICA_ARN,
  },
  {
    fix: kmsReplicaPolicyParity,
    name: 'replica policy without the replication role',
    inventory: withReplica(replicaWith([])),
    profile: kmsReplicationProfile(),
    resource: KMS_MRK_REPLICA_ARN,
  },
  {
    fix: kmsReplicaPolicyParity,
    name: 'replica policy copied with the primary’s Region',
    inventory: withReplica(replicaWith([kmsReplicationStatement(['kms:Encrypt', 'kms:Decrypt'], 'eu-west-1')], 'eu-west-1')),
    profile: kmsReplicationProfile(),
    resource: KMS_MRK_REPLICA_ARN,
  },
  {
    fix: kmsReplicaPolicyParity,
    name: 'role admitted for kms:Encrypt only, destination with a Bucket Key',
    inventory: withReplica(replicaWith([kmsReplicationStatement(['kms:Encrypt'], KMS_REPLICA_REGION)])),
    profile: kmsReplicationProfile(),
    resource: KMS_MRK_REPLICA_ARN,
  },
  {
    fix: s3ReplicationRoleLeastPrivilege,
    name: 'replication role with s3:* on every resource',
    inventory: mrk({ roles: [replicationRole([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }])] }),
    profile: kmsReplicationProfile(),
    resource: BUCKET_ARN,
  },
  {
    fix: s3ReplicationRoleLeastPrivilege,
    name: 'kms:GenerateDataKey* on the replica key (what the parity remediation used to ask for)',
    inventory: mrk({
      roles: [
        replicationRole([
          {
            Effect: 'Allow',
            Action: ['kms:Encrypt', 'kms:GenerateDataKey*'],
            Resource: KMS_MRK_REPLICA_ARN,
            Condition: { StringEquals: { 'kms:ViaService': `s3.${KMS_REPLICA_REGION}.amazonaws.com` } },
          },
        ]),
      ],
    }),
    profile: kmsReplicationProfile(),
    resource: BUCKET_ARN,
  },
];

