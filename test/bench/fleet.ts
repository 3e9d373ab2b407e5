/** A moto account of N stage buckets built like the architecture, spread over a few keys; its roles and trails. */
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
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

export interface FleetIam {
  /** The profile's roles: snowflake.roleName, then iam.appRoles. */
  snowflakeRole: string;
  appRoles: string[];
  /** Every role and customer-managed policy in the account, in scope or not. */
  totalRoles: number;
  totalLocalPolicies: number;
}

const doc = (Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const AWS_MANAGED = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

/**
 * The IAM side of the fleet: `inScope` roles the profile names (a Snowflake role and application
 * roles, each with an inline policy; every other application role with a customer-managed policy,
 * the first one also with an AWS-managed one), among `unrelated` roles and `localPolicies`
 * customer-managed policies the scan has no business with. The AWS-managed policy needs moto
 * started with MOTO_IAM_LOAD_MANAGED_POLICIES=true.
 */
export async function buildFleetIam(c: AwsTestClients, opts: { inScope: number; unrelated: number; localPolicies: number }): Promise<FleetIam> {
  const iam = c.iam;
  const policyArns: string[] = [];
  for (let i = 0; i < opts.localPolicies; i++) {
    const p = await iam.send(
      new CreatePolicyCommand({ PolicyName: `fleet-policy-${String(i).padStart(2, '0')}`, PolicyDocument: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::fleet-stage-${String(i).padStart(3, '0')}/*` }]) }),
    );
    policyArns.push(p.Policy!.Arn!);
  }
  const inline = (name: string) =>
    iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'access', PolicyDocument: doc([{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::fleet-stage-000' }]) }));
  const snowflakeRole = 'fleet-snowflake-role';
  await iam.send(
    new CreateRoleCommand({
      RoleName: snowflakeRole,
      AssumeRolePolicyDocument: doc([
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:user/abc1-s-exmp0000' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'FLEET_SFCRole=1_x=' } } },
      ]),
    }),
  );
  await inline(snowflakeRole);
  // What Snowflake reads and writes: every stage bucket's data prefix (what `envelope init` follows).
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: snowflakeRole,
      PolicyName: 'stage-access',
      PolicyDocument: doc([
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::fleet-stage-*/data/*' },
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::fleet-stage-*', Condition: { StringLike: { 's3:prefix': ['data/*'] } } },
      ]),
    }),
  );
  const serviceTrust = doc([{ Effect: 'Allow', Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }]);
  const appRoles: string[] = [];
  for (let i = 0; i < opts.inScope - 1; i++) {
    const name = `fleet-app-${i}`;
    await iam.send(new CreateRoleCommand({ RoleName: name, Path: '/apps/', AssumeRolePolicyDocument: serviceTrust, Tags: [{ Key: 'team', Value: 'fleet' }] }));
    await inline(name);
    if (i % 2 === 0) await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArns[i % policyArns.length] }));
    if (i === 0) await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: AWS_MANAGED }));
    appRoles.push(`apps/${name}`);
  }
  for (let i = 0; i < opts.unrelated; i++) {
    const name = `unrelated-role-${String(i).padStart(2, '0')}`;
    await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: serviceTrust }));
    await inline(name);
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArns[i % policyArns.length] }));
  }
  return { snowflakeRole, appRoles, totalRoles: opts.inScope + opts.unrelated, totalLocalPolicies: opts.localPolicies };
}

/**
 * Two trails delivering to the fleet's log bucket: one multi-Region (management events, the
 * account's baseline trail) and one single-Region data-events trail, both logging.
 */
export async function buildFleetTrails(endpoint: string, bucket = 'fleet-access-logs'): Promise<string[]> {
  const ct = new CloudTrailClient({ endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  try {
    const trails = [
      { Name: 'fleet-audit', IsMultiRegionTrail: true, EnableLogFileValidation: true, IncludeGlobalServiceEvents: true },
      { Name: 'fleet-data-events', IsMultiRegionTrail: false, EnableLogFileValidation: true, IncludeGlobalServiceEvents: false },
    ];
    for (const t of trails) {
      await ct.send(new CreateTrailCommand({ ...t, S3BucketName: bucket, S3KeyPrefix: t.Name }));
      await ct.send(new StartLoggingCommand({ Name: t.Name }));
    }
    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: 'fleet-data-events',
        AdvancedEventSelectors: [{ Name: 'stage objects', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }],
      }),
    );
    return trails.map((t) => t.Name);
  } finally {
    ct.destroy();
  }
}
