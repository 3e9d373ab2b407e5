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
import kmsReplicaPolicyParity from '../rules/kms-replica-policy-parity/fix.js';
import s3ReplicationRoleLeastPrivilege from '../rules/s3-replication-role-least-privilege/fix.js';
import {
  BUCKET_ARN,
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

export const fixtures: RemediationFixture[] = [
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

