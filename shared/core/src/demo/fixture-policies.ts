/** The policy documents of the demo account (bucket, key and IAM policies), as AWS stores them. */
import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';

export const ACCOUNT = '210987654321';
export const PRIMARY_REGION = 'eu-west-1';
export const REPLICA_REGION = 'eu-west-2';

export const STAGE_KEY_ID = 'mrk-5c2e8f1a9b4d4e7f8a3b6c9d0e1f2a3b';
export const EVENTS_KEY_ID = '7d3b9e41-2c6a-4f58-9b1e-8a4c2f6d0e93';
export const AWS_S3_KEY_ID = 'c1a4e6f2-93b7-4d15-8e2a-5f0b7c9d1e46';
export const TRAIL_KEY_ID = 'e2b7c94a-5d31-4f8e-a06b-3c9d1f7e2a58';
export const keyArn = (region: string, keyId: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/${keyId}`;
export const STAGE_KEY_ARN = keyArn(PRIMARY_REGION, STAGE_KEY_ID);
export const STAGE_REPLICA_KEY_ARN = keyArn(REPLICA_REGION, STAGE_KEY_ID);
export const EVENTS_KEY_ARN = keyArn(PRIMARY_REGION, EVENTS_KEY_ID);
export const AWS_S3_KEY_ARN = keyArn(PRIMARY_REGION, AWS_S3_KEY_ID);
export const TRAIL_KEY_ARN = keyArn(PRIMARY_REGION, TRAIL_KEY_ID);

export const TRAIL_NAME = 'acme-org-audit';
export const TRAIL_ARN = `arn:aws:cloudtrail:${PRIMARY_REGION}:${ACCOUNT}:trail/${TRAIL_NAME}`;
export const TRAIL_BUCKET = 'acme-cloudtrail-logs';
export const TRAIL_PREFIX = 'audit';

export const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
export const SNOWFLAKE_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/snowflake-s3-kms-role`;
export const REPLICATION_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/acme-s3-replication`;
export const EVENTS_INGEST_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/acme-events-ingest`;
export const SNOWFLAKE_USER_ARN = 'arn:aws:iam::613245789012:user/xq41-s-demo7001';
export const SNOWFLAKE_EXTERNAL_ID = 'DEMO12345_SFCRole=2_q8VbN3kLw0ZtR5yHcJ1mXeA4sPo=';

const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
const viaS3 = (region: string) => ({ StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } });

export function denyInsecureTransport(bucket: string): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn(bucket), `${bucketArn(bucket)}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

export function denyWrongKmsKey(bucket: string, keyArnValue: string): PolicyStatement {
  return {
    Sid: 'DenyWrongKmsKey',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:PutObject',
    Resource: `${bucketArn(bucket)}/*`,
    Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArnValue } },
  };
}

export function stageBucketPolicy(bucket: string, keyArnValue: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [denyInsecureTransport(bucket), denyWrongKmsKey(bucket, keyArnValue)] };
}

export function logBucketPolicy(bucket: string, sources: string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowS3ServerAccessLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn(bucket)}/*`,
        Condition: { ArnLike: { 'aws:SourceArn': sources.map(bucketArn) }, StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      },
      denyInsecureTransport(bucket),
    ],
  };
}

/** The bucket policy CloudTrail needs (CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail"), bound to the one trail. */
export function trailBucketPolicy(bucket: string, prefix: string, trailArn: string): PolicyDocument {
  const fromTrail = { 'aws:SourceArn': trailArn };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: bucketArn(bucket),
        Condition: { StringEquals: fromTrail },
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn(bucket)}/${prefix}/AWSLogs/${ACCOUNT}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromTrail } },
      },
      denyInsecureTransport(bucket),
    ],
  };
}

const rootAdmin: PolicyStatement = {
  Sid: 'EnableRootAccountAdministration',
  Effect: 'Allow',
  Principal: { AWS: ROOT_ARN },
  Action: 'kms:*',
  Resource: '*',
};

const denyShortDeletionWindow: PolicyStatement = {
  Sid: 'DenyShortDeletionWindow',
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 'kms:ScheduleKeyDeletion',
  Resource: '*',
  Condition: { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '10' } },
};

function usageViaS3(sid: string, principal: string, region: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { AWS: principal },
    Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    Resource: '*',
    Condition: viaS3(region),
  };
}

export const stageKeyPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Id: 'snowflake-s3-kms',
  Statement: [rootAdmin, usageViaS3('AllowSnowflakeRoleViaS3', SNOWFLAKE_ROLE_ARN, PRIMARY_REGION), denyShortDeletionWindow],
};

export const stageReplicaKeyPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Id: 'snowflake-s3-kms-replica',
  Statement: [
    rootAdmin,
    usageViaS3('AllowSnowflakeRoleViaS3', SNOWFLAKE_ROLE_ARN, REPLICA_REGION),
    {
      // The replica bucket uses a Bucket Key, so replication also calls kms:Decrypt (S3 User Guide, "S3 Bucket Keys and replication").
      Sid: 'AllowReplicationRoleEncryptViaS3',
      Effect: 'Allow',
      Principal: { AWS: REPLICATION_ROLE_ARN },
      Action: ['kms:Encrypt', 'kms:Decrypt'],
      Resource: '*',
      Condition: viaS3(REPLICA_REGION),
    },
    denyShortDeletionWindow,
  ],
};

export const eventsKeyPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Id: 'events-raw',
  Statement: [rootAdmin, usageViaS3('AllowIngestRoleViaS3', EVENTS_INGEST_ROLE_ARN, PRIMARY_REGION), denyShortDeletionWindow],
};

/**
 * The trail key (CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail"): only the
 * one trail may have CloudTrail generate data keys, and only under a CloudTrail encryption context.
 * People who read the logs get kms:Decrypt from IAM policies, which the root statement enables.
 */
export const trailKeyPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Id: 'cloudtrail-logs',
  Statement: [
    rootAdmin,
    {
      Sid: 'AllowCloudTrailEncryptLogs',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceArn': TRAIL_ARN },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
      },
    },
    {
      Sid: 'AllowCloudTrailDescribeKey',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:DescribeKey',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
    },
    denyShortDeletionWindow,
  ],
};

/** The policy AWS writes on the aws/s3 AWS-managed key. */
export const awsS3KeyPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Id: 'auto-s3-2',
  Statement: [
    {
      Sid: 'Allow access through S3 for all principals in the account that are authorized to use S3',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': `s3.${PRIMARY_REGION}.amazonaws.com` } },
    },
    {
      Sid: 'Allow direct access to key metadata to the account',
      Effect: 'Allow',
      Principal: { AWS: ROOT_ARN },
      Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
      Resource: '*',
    },
  ],
};

export function replicationTrustPolicy(sourceBucket: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'S3ReplicationAssumeRole',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': bucketArn(sourceBucket) } },
      },
    ],
  };
}

/** Least privilege for SSE-KMS cross-Region replication (S3 User Guide, "replication-config-for-kms-objects"). */
export function replicationPolicy(source: string, destination: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'SourceBucketConfiguration', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: bucketArn(source) },
      {
        Sid: 'SourceObjectVersions',
        Effect: 'Allow',
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        Resource: `${bucketArn(source)}/*`,
      },
      {
        Sid: 'ReplicateToDestination',
        Effect: 'Allow',
        Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        Resource: `${bucketArn(destination)}/*`,
      },
      { Sid: 'DecryptSourceViaS3', Effect: 'Allow', Action: 'kms:Decrypt', Resource: STAGE_KEY_ARN, Condition: viaS3(PRIMARY_REGION) },
      // kms:Decrypt on the replica key too: the destination uses a Bucket Key.
      { Sid: 'EncryptReplicaViaS3', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: STAGE_REPLICA_KEY_ARN, Condition: viaS3(REPLICA_REGION) },
    ],
  };
}

export const snowflakeTrustPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'SnowflakeStorageIntegration',
      Effect: 'Allow',
      Principal: { AWS: SNOWFLAKE_USER_ARN },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': SNOWFLAKE_EXTERNAL_ID } },
    },
  ],
};

export function snowflakeAccessPolicy(bucket: string, prefix: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'StageObjectReadWrite',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        Resource: `${bucketArn(bucket)}/${prefix}*`,
      },
      {
        Sid: 'StageListDataPrefix',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: bucketArn(bucket),
        Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } },
      },
      { Sid: 'StageBucketLocation', Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: bucketArn(bucket) },
      {
        Sid: 'StageKeyViaS3',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: STAGE_KEY_ARN,
        Condition: viaS3(PRIMARY_REGION),
      },
    ],
  };
}

/** The ingest service's role: ECS tasks bound to the account, but a policy written in a hurry. */
export const eventsIngestTrustPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'EcsTasks',
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    },
  ],
};

export function eventsIngestPolicy(bucket: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'EventsBucket', Effect: 'Allow', Action: 's3:*', Resource: [bucketArn(bucket), `${bucketArn(bucket)}/*`] },
      { Sid: 'EventsKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' },
    ],
  };
}
