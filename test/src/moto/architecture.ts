/**
 * Builds the seed architecture in moto with the AWS SDK — the compliant baseline — and each
 * deviation as a switch, so a scenario is "baseline + one change".
 */
import {
  CreateRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  EnableKeyRotationCommand,
  KMSClient,
  PutKeyPolicyCommand,
  ReplicateKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketReplicationCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type BucketLocationConstraint,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const REPLICA_REGION = 'eu-west-2';
export const STAGE_BUCKET = 'acme-stage';
export const LOG_BUCKET = 'acme-stage-logs';
export const REPLICA_BUCKET = 'acme-stage-replica';
export const REPLICA_LOG_BUCKET = 'acme-stage-replica-logs';
export const SNOWFLAKE_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/snowflake-s3-kms-role`;
export const REPLICATION_ROLE = 'acme-s3-replication';
export const SNOWFLAKE_USER_ARN = 'arn:aws:iam::999988887777:user/abc1-s-exmp0000';
export const SNOWFLAKE_ROLE = 'snowflake-s3-kms-role';
export const SNOWFLAKE_EXTERNAL_ID = 'ACME_SFCRole=2_moto0000000000000000=';

export type Deviation =
  | 'account-pab-missing'
  | 'bucket-pab-partial'
  | 'public-policy'
  | 'acls-enabled'
  | 'aws-managed-key'
  | 'no-bucket-key'
  | 'versioning-suspended'
  | 'no-tls-deny'
  | 'no-wrong-key-deny'
  | 'external-grant'
  | 'lifecycle-no-glacier'
  | 'no-logging'
  | 'replication-no-sse-kms'
  | 'replication-role-wildcard'
  | 'object-before-encryption'
  | 'key-external-origin'
  | 'key-disabled'
  | 'no-deletion-guard'
  | 'rotation-off'
  | 'no-alias'
  | 'replica-not-mrk'
  | 'key-policy-no-root'
  | 'key-policy-public'
  | 'key-policy-no-via-service'
  | 'key-policy-encrypt'
  | 'key-policy-direct-snowflake-grant'
  | 'replica-policy-missing-role'
  /** No CRR at all (for scans outside the fidelity shims, which moto's replication answers need). */
  | 'no-replication'
  | 'trust-no-external-id'
  | 'trust-external-id-wildcard'
  | 'trust-root-principal'
  | 'trust-second-allow'
  | 'role-s3-wildcard'
  | 'role-list-any-prefix'
  | 'role-kms-no-via-service'
  | 'replication-trust-unbound'
  /** For `envelope explain`: the key policy only delegates to IAM, so the role policy decides key use. */
  | 'key-policy-iam-only'
  | 'role-kms-no-generate-data-key'
  | 'role-kms-no-decrypt'
  /** A typo in the key ARN used for the stage bucket's default encryption and its wrong-key Deny. */
  | 'key-arn-typo';

/** The ARN the key-arn-typo deviation writes: well-formed, but no such key. */
export const TYPO_KEY_ARN = `arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-4000-8000-000000000000`;

/** The names the architecture is built under: the seed's, or an account of its own (for `envelope init`). */
export interface ArchitectureNames {
  stageBucket: string;
  logBucket: string;
  replicaBucket: string;
  replicaLogBucket: string;
  snowflakeRole: string;
  snowflakeRoleArn: string;
  snowflakeUserArn: string;
  externalId: string;
  replicationRole: string;
  alias: string;
  dataPrefix: string;
  tagKey: string;
}

export const SEED_NAMES: ArchitectureNames = {
  stageBucket: STAGE_BUCKET,
  logBucket: LOG_BUCKET,
  replicaBucket: REPLICA_BUCKET,
  replicaLogBucket: REPLICA_LOG_BUCKET,
  snowflakeRole: SNOWFLAKE_ROLE,
  snowflakeRoleArn: SNOWFLAKE_ROLE_ARN,
  snowflakeUserArn: SNOWFLAKE_USER_ARN,
  externalId: SNOWFLAKE_EXTERNAL_ID,
  replicationRole: REPLICATION_ROLE,
  alias: 'alias/snowflake-s3-kms',
  dataPrefix: 'data/',
  tagKey: 'team',
};

/** The same architecture under names of its own: nothing matches the built-in profile's defaults. */
export const OWN_NAMES: ArchitectureNames = {
  stageBucket: 'northwind-lake-raw',
  logBucket: 'northwind-lake-access-logs',
  replicaBucket: 'northwind-lake-raw-dr',
  replicaLogBucket: 'northwind-lake-dr-access-logs',
  snowflakeRole: 'sf-integration-lake',
  snowflakeRoleArn: `arn:aws:iam::${ACCOUNT}:role/sf-integration-lake`,
  snowflakeUserArn: 'arn:aws:iam::555566667777:user/k7q2-s-nwnd9012',
  externalId: 'NORTHWIND_SFCRole=3_aBcDeFgHiJkLmNoPqRsTuVwXyZ0=',
  replicationRole: 'northwind-crr',
  alias: 'alias/lake-data-key',
  dataPrefix: 'ingest/',
  tagKey: 'owner',
};

export interface Built {
  keyArn: string;
  replicaKeyArn: string;
  /** What the replication configuration asked for, which moto does not echo back (see fidelity-shims.ts). */
  sseKmsEncryptedObjects: Map<string, 'Enabled' | 'Disabled'>;
}

export interface AwsTestClients {
  s3: (region: string) => S3Client;
  kms: (region: string) => KMSClient;
  iam: IAMClient;
  s3control: S3ControlClient;
}

/** Names the provisioning step that failed: moto's errors alone rarely say which call it was. */
function nameFailures<C extends { middlewareStack: { add: (...a: never[]) => void } }>(client: C): C {
  (client.middlewareStack as unknown as { add(mw: unknown, o: object): void }).add(
    (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (err) {
        (err as Error).message = `${ctx.commandName}: ${(err as Error).message}`;
        throw err;
      }
    },
    { step: 'initialize', name: 'nameFailures' },
  );
  return client;
}

export function testClients(endpoint: string): AwsTestClients {
  const base = { endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const cache = new Map<string, S3Client | KMSClient>();
  return {
    s3: (region) => (cache.get(`s3${region}`) as S3Client) ?? (cache.set(`s3${region}`, nameFailures(new S3Client({ ...base, region, forcePathStyle: true }))).get(`s3${region}`) as S3Client),
    kms: (region) => (cache.get(`kms${region}`) as KMSClient) ?? (cache.set(`kms${region}`, nameFailures(new KMSClient({ ...base, region }))).get(`kms${region}`) as KMSClient),
    iam: nameFailures(new IAMClient({ ...base, region: 'us-east-1' })),
    s3control: new S3ControlClient({ ...base, region: REGION, endpointProvider: () => ({ url: new URL(endpoint) }) }),
  };
}

const ALL_PAB = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

function keyPolicy(region: string, opts: { root?: boolean; extra?: object[]; usage?: object | null; guard?: boolean }, n: ArchitectureNames): string {
  const usage =
    opts.usage === undefined
      ? {
          Sid: 'SnowflakeRoleViaS3',
          Effect: 'Allow',
          Principal: { AWS: n.snowflakeRoleArn },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
        }
      : opts.usage;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      ...(opts.root === false ? [] : [{ Sid: 'RootAdmin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }]),
      ...(usage ? [usage] : []),
      ...(opts.guard === false
        ? []
        : [
            {
              Sid: 'GuardDeletionWindow',
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'kms:ScheduleKeyDeletion',
              Resource: '*',
              Condition: { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '10' } },
            },
          ]),
      ...(opts.extra ?? []),
    ],
  });
}

function bucketPolicy(bucket: string, keyArn: string, d: Set<Deviation>): string | undefined {
  const statements: object[] = [];
  if (!d.has('no-tls-deny'))
    statements.push({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  if (!d.has('no-wrong-key-deny'))
    statements.push({
      Sid: 'DenyWrongKmsKey',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${bucket}/*`,
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn } },
    });
  if (d.has('external-grant'))
    statements.push({ Sid: 'PartnerRead', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` });
  if (d.has('public-policy'))
    statements.push({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` });
  return statements.length ? JSON.stringify({ Version: '2012-10-17', Statement: statements }) : undefined;
}

async function createBucket(s3: S3Client, name: string, region: string, tags: Record<string, string>) {
  await s3.send(
    new CreateBucketCommand({ Bucket: name, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }) }),
  );
  await s3.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } }));
}

/** Block Public Access, ownership, policy, lifecycle and access logging, as the architecture wants. */
async function harden(s3: S3Client, bucket: string, keyArn: string, logBucket: string, d: Set<Deviation>) {
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: d.has('bucket-pab-partial') || d.has('public-policy') ? { ...ALL_PAB, BlockPublicPolicy: false, RestrictPublicBuckets: false } : ALL_PAB,
    }),
  );
  await s3.send(
    new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: d.has('acls-enabled') ? 'ObjectWriter' : 'BucketOwnerEnforced' }] } }),
  );
  const policy = bucketPolicy(bucket, keyArn, d);
  if (policy) await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
  const lifecycle: LifecycleRule[] = [
    {
      ID: 'tiering',
      Status: 'Enabled',
      Filter: { Prefix: '' },
      Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }, ...(d.has('lifecycle-no-glacier') ? [] : [{ Days: 90, StorageClass: 'GLACIER' as const }])],
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
    },
    { ID: 'noncurrent-version-expiration', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 90 } },
  ];
  await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: lifecycle } }));
  if (!d.has('no-logging'))
    await s3.send(new PutBucketLoggingCommand({ Bucket: bucket, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: logBucket, TargetPrefix: 'access/' } } }));
}

/** An access-log target: SSE-S3 (log delivery cannot use SSE-KMS), private, writable by the logging service. */
async function createLogBucket(s3: S3Client, name: string, region: string, n: ArchitectureNames) {
  await createBucket(s3, name, region, { [n.tagKey]: 'platform' });
  await s3.send(new PutBucketEncryptionCommand({ Bucket: name, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }));
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: name, PublicAccessBlockConfiguration: ALL_PAB }));
  await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: name, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: name,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'S3ServerAccessLogs',
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `arn:aws:s3:::${name}/*`,
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
          },
          // After the logging statement: moto reads the first statement for the logging grant.
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    }),
  );
}

/** The role the storage integration assumes: its trust and its access, each deviation one edit. */
async function createSnowflakeRole(iam: IAMClient, keyArn: string, d: Set<Deviation>, n: ArchitectureNames) {
  const externalId = d.has('trust-external-id-wildcard') ? { StringLike: { 'sts:ExternalId': '*' } } : { StringEquals: { 'sts:ExternalId': n.externalId } };
  const principal = d.has('trust-root-principal') ? 'arn:aws:iam::999988887777:root' : n.snowflakeUserArn;
  const trust = [
    { Sid: 'SnowflakeStorageIntegration', Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(d.has('trust-no-external-id') ? {} : { Condition: externalId }) },
    ...(d.has('trust-second-allow') ? [{ Sid: 'Legacy', Effect: 'Allow', Principal: { AWS: n.snowflakeUserArn }, Action: 'sts:AssumeRole' }] : []),
  ];
  await iam.send(new CreateRoleCommand({ RoleName: n.snowflakeRole, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: trust }) }));
  const bucket = `arn:aws:s3:::${n.stageBucket}`;
  const access = [
    {
      Sid: 'StageObjects',
      Effect: 'Allow',
      Action: d.has('role-s3-wildcard') ? 's3:*' : ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
      Resource: `${bucket}/${n.dataPrefix}*`,
    },
    { Sid: 'StageList', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket, Condition: { StringLike: { 's3:prefix': [d.has('role-list-any-prefix') ? '*' : `${n.dataPrefix}*`] } } },
    { Sid: 'StageLocation', Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: bucket },
    {
      Sid: 'StageKey',
      Effect: 'Allow',
      Action: d.has('role-kms-no-generate-data-key') ? ['kms:Decrypt'] : d.has('role-kms-no-decrypt') ? ['kms:GenerateDataKey'] : ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: keyArn,
      ...(d.has('role-kms-no-via-service') ? {} : { Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } } }),
    },
  ];
  await iam.send(new PutRolePolicyCommand({ RoleName: n.snowflakeRole, PolicyName: 'snowflake-stage-access', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: access }) }));
}

/** Provisions the architecture. Each deviation changes one thing, as in real drift. */
export async function buildArchitecture(c: AwsTestClients, deviations: Deviation[] = [], n: ArchitectureNames = SEED_NAMES): Promise<Built> {
  const d = new Set(deviations);
  const kms = c.kms(REGION);
  const s3 = c.s3(REGION);
  const s3r = c.s3(REPLICA_REGION);

  if (!d.has('account-pab-missing')) await c.s3control.send(new PutAccountPublicAccessBlockCommand({ AccountId: ACCOUNT, PublicAccessBlockConfiguration: ALL_PAB }));

  // Keys: a multi-Region primary and its replica in the destination Region.
  const key = await kms.send(
    new CreateKeyCommand({
      Description: 'snowflake-s3-kms-key',
      KeyUsage: 'ENCRYPT_DECRYPT',
      MultiRegion: !d.has('replica-not-mrk'),
      ...(d.has('key-external-origin') ? { Origin: 'EXTERNAL' as const } : {}),
      Policy: keyPolicy(REGION, {
        root: !d.has('key-policy-no-root'),
        guard: !d.has('no-deletion-guard'),
        ...(d.has('key-policy-iam-only') ? { usage: null } : {}),
        ...(d.has('key-policy-no-via-service')
          ? { usage: { Sid: 'SnowflakeRole', Effect: 'Allow', Principal: { AWS: n.snowflakeRoleArn }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' } }
          : {}),
        ...(d.has('key-policy-encrypt')
          ? {
              usage: {
                Sid: 'SnowflakeRoleViaS3',
                Effect: 'Allow',
                Principal: { AWS: n.snowflakeRoleArn },
                Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
                Resource: '*',
                Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } },
              },
            }
          : {}),
        extra: [
          ...(d.has('key-policy-public')
            ? [{ Sid: 'AnyoneViaS3', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } } }]
            : []),
          ...(d.has('key-policy-direct-snowflake-grant')
            ? [
                {
                  Sid: 'SnowflakeUserDirect',
                  Effect: 'Allow',
                  Principal: { AWS: n.snowflakeUserArn },
                  Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
                  Resource: '*',
                  Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } },
                },
              ]
            : []),
        ],
      }, n),
    }),
  );
  const keyArn = key.KeyMetadata!.Arn!;
  const keyId = key.KeyMetadata!.KeyId!;
  if (!d.has('rotation-off') && !d.has('key-external-origin')) await kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 365 }));
  if (!d.has('no-alias')) await kms.send(new CreateAliasCommand({ AliasName: n.alias, TargetKeyId: keyId }));

  const replicaPolicy = keyPolicy(REPLICA_REGION, {
    extra: d.has('replica-policy-missing-role') || d.has('no-replication')
      ? []
      : [
          {
            Sid: 'ReplicationRoleEncrypt',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/${n.replicationRole}` },
            // Encrypt, plus Decrypt because the replica bucket uses a Bucket Key (S3 User Guide, "S3 Bucket Keys and replication").
            Action: ['kms:Encrypt', 'kms:Decrypt'],
            Resource: '*',
            Condition: { StringEquals: { 'kms:ViaService': `s3.${REPLICA_REGION}.amazonaws.com` } },
          },
        ],
  }, n);
  let replicaKeyArn: string;
  if (d.has('replica-not-mrk')) {
    const rk = await c.kms(REPLICA_REGION).send(new CreateKeyCommand({ Description: 'replica-key', KeyUsage: 'ENCRYPT_DECRYPT', Policy: replicaPolicy }));
    replicaKeyArn = rk.KeyMetadata!.Arn!;
    await c.kms(REPLICA_REGION).send(new EnableKeyRotationCommand({ KeyId: replicaKeyArn, RotationPeriodInDays: 365 }));
  } else {
    const rk = await kms.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: REPLICA_REGION, Policy: replicaPolicy }));
    replicaKeyArn = rk.ReplicaKeyMetadata!.Arn!;
    // moto copies the primary's policy onto the replica and ignores Policy: set it explicitly.
    await c.kms(REPLICA_REGION).send(new PutKeyPolicyCommand({ KeyId: replicaKeyArn, PolicyName: 'default', Policy: replicaPolicy }));
  }
  // Multi-Region replicas carry the same alias in their own Region.
  // (moto already mirrors the primary's alias onto a ReplicateKey replica.)
  if (!d.has('no-alias'))
    await c.kms(REPLICA_REGION)
    .send(new CreateAliasCommand({ AliasName: n.alias, TargetKeyId: replicaKeyArn.split('/').pop()! }))
    .catch((err: Error) => {
      if (err.name !== 'AlreadyExistsException') throw err;
    });

  await createLogBucket(s3, n.logBucket, REGION, n);
  await createLogBucket(s3r, n.replicaLogBucket, REPLICA_REGION, n);

  // Replica bucket in the destination Region, secured like the source.
  await createBucket(s3r, n.replicaBucket, REPLICA_REGION, { [n.tagKey]: 'data-platform' });
  await s3r.send(new PutBucketVersioningCommand({ Bucket: n.replicaBucket, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3r.send(
    new PutBucketEncryptionCommand({
      Bucket: n.replicaBucket,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: replicaKeyArn }, BucketKeyEnabled: true }] },
    }),
  );
  await harden(s3r, n.replicaBucket, replicaKeyArn, n.replicaLogBucket, new Set());


  // The stage bucket.
  await createBucket(s3, n.stageBucket, REGION, { [n.tagKey]: 'data-platform' });
  if (d.has('object-before-encryption')) await s3.send(new PutObjectCommand({ Bucket: n.stageBucket, Key: `${n.dataPrefix}legacy.csv`, Body: 'a,b\n1,2\n' }));
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: n.stageBucket,
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', ...(d.has('aws-managed-key') ? {} : { KMSMasterKeyID: d.has('key-arn-typo') ? TYPO_KEY_ARN : keyArn }) },
            BucketKeyEnabled: !d.has('no-bucket-key'),
          },
        ],
      },
    }),
  );
  await s3.send(new PutBucketVersioningCommand({ Bucket: n.stageBucket, VersioningConfiguration: { Status: 'Enabled' } }));
  // One data object, written with the CMK as every writer must (before the bucket policy and CRR: moto applies every
  // conditional Deny regardless of its condition, and cannot replicate).
  await s3.send(
    new PutObjectCommand({
      Bucket: n.stageBucket,
      Key: `${n.dataPrefix}part-0001.csv`,
      Body: 'id,value\n1,42\n',
      ...(d.has('aws-managed-key') ? {} : { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: keyArn }),
    }),
  );

  await harden(s3, n.stageBucket, d.has('key-arn-typo') ? TYPO_KEY_ARN : keyArn, n.logBucket, d);
  await createSnowflakeRole(c.iam, keyArn, d, n);

  // Replication role and CRR.
  if (!d.has('no-replication')) {
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/${n.replicationRole}`;
    await c.iam.send(
      new CreateRoleCommand({
        RoleName: n.replicationRole,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 's3.amazonaws.com' },
              Action: 'sts:AssumeRole',
              ...(d.has('replication-trust-unbound') ? {} : { Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }),
            },
          ],
        }),
      }),
    );
    await c.iam.send(
      new PutRolePolicyCommand({
        RoleName: n.replicationRole,
        PolicyName: 'replication',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: d.has('replication-role-wildcard')
            ? [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]
            : [
                { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: `arn:aws:s3:::${n.stageBucket}` },
                {
                  Effect: 'Allow',
                  Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
                  Resource: `arn:aws:s3:::${n.stageBucket}/*`,
                },
                { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: `arn:aws:s3:::${n.replicaBucket}/*` },
                { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn, Condition: { StringLike: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } } },
                { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: replicaKeyArn, Condition: { StringLike: { 'kms:ViaService': `s3.${REPLICA_REGION}.amazonaws.com` } } },
              ],
        }),
      }),
    );
    await s3.send(
      new PutBucketReplicationCommand({
        Bucket: n.stageBucket,
        ReplicationConfiguration: {
          Role: roleArn,
          Rules: [
            {
              ID: 'crr',
              Status: 'Enabled',
              Priority: 1,
              Filter: { Prefix: '' },
              DeleteMarkerReplication: { Status: 'Disabled' },
              SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: d.has('replication-no-sse-kms') ? 'Disabled' : 'Enabled' } },
              Destination: { Bucket: `arn:aws:s3:::${n.replicaBucket}`, EncryptionConfiguration: { ReplicaKmsKeyID: replicaKeyArn } },
            },
          ],
        },
      }),
    );
  }

  // Drift after the fact: AWS too refuses replication on an unversioned bucket, but not suspending later.
  if (d.has('versioning-suspended')) await s3.send(new PutBucketVersioningCommand({ Bucket: n.stageBucket, VersioningConfiguration: { Status: 'Suspended' } }));
  if (d.has('key-disabled')) await kms.send(new DisableKeyCommand({ KeyId: keyId }));
  if (d.has('key-pending-deletion' as Deviation)) await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 10 }));
  const sseKmsEncryptedObjects = new Map<string, 'Enabled' | 'Disabled'>(
    d.has('no-replication') ? [] : [[n.stageBucket, d.has('replication-no-sse-kms') ? 'Disabled' : 'Enabled']],
  );
  return { keyArn, replicaKeyArn, sseKmsEncryptedObjects };
}
