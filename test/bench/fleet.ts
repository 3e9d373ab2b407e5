/** A moto account of N stage buckets built like the architecture, spread over a few keys. */
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand as PutAccountPab } from '@aws-sdk/client-s3-control';
import { ACCOUNT, REGION, type AwsTestClients } from '../src/moto/architecture.js';

const PAB = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

export async function buildFleet(c: AwsTestClients, buckets: number, keys: number): Promise<{ keyArns: string[] }> {
  const s3 = c.s3(REGION);
  const kms = c.kms(REGION);
  await c.s3control.send(new PutAccountPab({ AccountId: ACCOUNT, PublicAccessBlockConfiguration: PAB }));
  const keyArns: string[] = [];
  for (let i = 0; i < keys; i++) {
    const k = await kms.send(new CreateKeyCommand({ Description: `fleet-key-${i}`, KeyUsage: 'ENCRYPT_DECRYPT' }));
    await kms.send(new EnableKeyRotationCommand({ KeyId: k.KeyMetadata!.KeyId!, RotationPeriodInDays: 365 }));
    if (i === 0) await kms.send(new CreateAliasCommand({ AliasName: 'alias/snowflake-s3-kms', TargetKeyId: k.KeyMetadata!.KeyId! }));
    keyArns.push(k.KeyMetadata!.Arn!);
  }
  const logs = 'fleet-access-logs';
  await s3.send(new CreateBucketCommand({ Bucket: logs, CreateBucketConfiguration: { LocationConstraint: REGION } }));
  await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: logs, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: logs,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${logs}/*` }],
      }),
    }),
  );
  for (let i = 0; i < buckets; i++) {
    const Bucket = `fleet-stage-${String(i).padStart(3, '0')}`;
    const keyArn = keyArns[i % keys]!;
    await s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }] },
      }),
    );
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: PAB }));
    await s3.send(new PutBucketOwnershipControlsCommand({ Bucket, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'data/part-0.csv', Body: 'a\n1\n', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: 'arn:aws:iam::444455556666:root' }, // not "*": moto would apply it to the sample reads
              Action: 's3:PutObject',
              Resource: `arn:aws:s3:::${Bucket}/*`,
              Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn } },
            },
          ],
        }),
      }),
    );
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: {
          Rules: [
            { ID: 'tiering', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }, { Days: 90, StorageClass: 'GLACIER' }] },
          ],
        },
      }),
    );
    await s3.send(new PutBucketLoggingCommand({ Bucket, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: logs, TargetPrefix: `${Bucket}/` } } }));
  }
  return { keyArns };
}
