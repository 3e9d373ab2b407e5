/**
 * Failing fixtures for remediation-consistency.test.ts: per rule with a documented fix
 * (rules/<id>/fix.ts), inventories on which that rule fails for one resource, built from the rule
 * tests' builders. The multi-Region fixtures replicate, so a fix that disturbs replication or the
 * replica's key shows up in the other rules.
 */
import type { Inventory } from '../model/inventory.js';
import { present } from '../model/observed.js';
import type { PolicyStatement } from '../model/policy-document.js';
import type { Profile } from '../profile/schema.js';
import type { DocumentedFix } from '../rules/documented-fix.js';
import kmsDeletionWindowGuard from '../rules/kms-deletion-window-guard/fix.js';
import kmsPolicyExternalPrincipalScoped from '../rules/kms-policy-external-principal-scoped/fix.js';
import kmsPolicyLeastPrivilege from '../rules/kms-policy-least-privilege/fix.js';
import kmsPolicyNotPublic from '../rules/kms-policy-not-public/fix.js';
import kmsPolicyRootAdmin from '../rules/kms-policy-root-admin/fix.js';
import kmsPolicyViaService from '../rules/kms-policy-via-service/fix.js';
import kmsReplicaPolicyParity from '../rules/kms-replica-policy-parity/fix.js';
import s3ReplicationRoleLeastPrivilege from '../rules/s3-replication-role-least-privilege/fix.js';
import {
  BUCKET_ARN,
  KEY_ARN,
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
const keyFixture = (fix: DocumentedFix, name: string, inventory: Inventory, profile = defaultProfile): RemediationFixture => ({ fix, name, inventory, profile, resource: KEY_ARN });

export const fixtures: RemediationFixture[] = [
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

