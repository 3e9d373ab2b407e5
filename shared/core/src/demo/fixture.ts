/**
 * The demo account "acme" (210987654321): the seed architecture in eu-west-1 with cross-Region
 * replication to eu-west-2, and the deviations a real account grows. What a scan should find:
 *
 * - acme-snowflake-stage: fully compliant (the reference bucket).
 * - acme-events-raw: Bucket Key off; lifecycle lacks the 90 d GLACIER step; its own CMK
 *   (alias/events-raw) has rotation off, and is not the profile key.
 * - acme-ml-features: default encryption with the AWS-managed aws/s3 key (aws:kms, no
 *   KMSMasterKeyID); its policy lacks the deny-wrong-key statement.
 * - acme-snowflake-stage-replica (eu-west-2): the CRR destination, under the multi-Region replica
 *   key. No access logging: the only log bucket is in eu-west-1 and log targets must share the
 *   source bucket's Region.
 * - acme-s3-access-logs: the access-log target (SSE-S3, as log delivery requires), a support bucket.
 * - acme-cloudtrail-logs: the log bucket of the multi-Region trail acme-org-audit (a support bucket),
 *   under the trail's own rotating key (alias/cloudtrail-logs). The trail records all management
 *   events, and S3 data events only for the stage bucket and its replica: acme-events-raw and
 *   acme-ml-features were never added to its data-event selector, so their object reads and writes
 *   go unrecorded.
 */
import type { ProfileInput } from '../profile/schema.js';
import { snowflakeS3Kms } from '../profile/builtin.js';
import { demoSnowflake } from './snowflake-fixture.js';
import type { DemoBucket, DemoFixture, DemoLifecycleRule, DemoTrail } from './fixture-model.js';
import {
  ACCOUNT, AWS_S3_KEY_ARN, AWS_S3_KEY_ID, EVENTS_KEY_ARN, EVENTS_KEY_ID, PRIMARY_REGION, REPLICA_REGION, REPLICATION_ROLE_ARN,
  SNOWFLAKE_USER_ARN, STAGE_KEY_ARN, STAGE_KEY_ID, STAGE_REPLICA_KEY_ARN,
  TRAIL_ARN, TRAIL_BUCKET, TRAIL_KEY_ARN, TRAIL_KEY_ID, TRAIL_NAME, TRAIL_PREFIX, trailBucketPolicy, trailKeyPolicy,
  awsS3KeyPolicy, denyInsecureTransport, eventsKeyPolicy, logBucketPolicy, replicationPolicy, replicationTrustPolicy,
  eventsIngestPolicy, eventsIngestTrustPolicy, snowflakeAccessPolicy, snowflakeTrustPolicy, stageBucketPolicy, stageKeyPolicy, stageReplicaKeyPolicy,
} from './fixture-policies.js';

export * from './fixture-model.js';
export { ACCOUNT as DEMO_ACCOUNT, PRIMARY_REGION as DEMO_REGION, REPLICA_REGION as DEMO_REPLICA_REGION } from './fixture-policies.js';
export { STAGE_KEY_ARN, STAGE_REPLICA_KEY_ARN, EVENTS_KEY_ARN, AWS_S3_KEY_ARN, REPLICATION_ROLE_ARN } from './fixture-policies.js';
export { TRAIL_ARN, TRAIL_BUCKET, TRAIL_KEY_ARN, TRAIL_NAME } from './fixture-policies.js';

const STAGE = 'acme-snowflake-stage';
const REPLICA = 'acme-snowflake-stage-replica';
const EVENTS = 'acme-events-raw';
const ML = 'acme-ml-features';
const LOGS = 'acme-s3-access-logs';

const allBlocked = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

const tiering = (transitions: DemoLifecycleRule['transitions']): DemoLifecycleRule[] => [
  { id: 'tiering', status: 'Enabled', transitions, abortIncompleteMultipartDays: 7 },
  { id: 'noncurrent-version-expiration', status: 'Enabled', noncurrentExpirationDays: 90 },
];
const seedTiering = tiering([
  { days: 30, storageClass: 'STANDARD_IA' },
  { days: 90, storageClass: 'GLACIER' },
]);
const lifecycle = (rules: DemoLifecycleRule[]) => ({ rules, transitionDefaultMinimumObjectSize: 'all_storage_classes_128K' });

const etag = (seed: string) => `"${seed.padEnd(32, '0').slice(0, 32)}"`;

const buckets: DemoBucket[] = [
  {
    name: STAGE,
    region: PRIMARY_REGION,
    creationDate: '2024-02-12T09:41:17.000Z',
    tags: { team: 'data-platform', env: 'prod', 'snowflake:stage': 'ANALYTICS.RAW.ACME_STAGE' },
    encryption: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: STAGE_KEY_ARN, bucketKeyEnabled: true },
    versioning: { status: 'Enabled' },
    publicAccessBlock: allBlocked,
    policy: stageBucketPolicy(STAGE, STAGE_KEY_ARN),
    ownership: 'BucketOwnerEnforced',
    lifecycle: lifecycle(seedTiering),
    logging: { targetBucket: LOGS, targetPrefix: `${STAGE}/` },
    replication: {
      role: REPLICATION_ROLE_ARN,
      rules: [
        {
          id: 'replicate-to-eu-west-2',
          priority: 1,
          status: 'Enabled',
          destinationBucket: `arn:aws:s3:::${REPLICA}`,
          storageClass: 'STANDARD_IA',
          replicaKmsKeyId: STAGE_REPLICA_KEY_ARN,
          sseKmsEncryptedObjects: 'Enabled',
          deleteMarkerReplication: 'Disabled',
        },
      ],
    },
    objects: [
      {
        key: 'data/2025/06/01/orders_0_0_0.snappy.parquet',
        size: 48_213_904,
        lastModified: '2025-06-01T02:15:44.000Z',
        etag: etag('9f2c41d07a8e3b65c1d4e9f0a7b2c3d4'),
        versionId: 'Tq3oV2pV8lZfR0mB1nX7yK4wS9dE6aHc',
        sse: 'aws:kms',
        kmsKeyId: STAGE_KEY_ARN,
        bucketKeyEnabled: true,
        replicationStatus: 'COMPLETED',
        contentType: 'application/octet-stream',
      },
    ],
  },
  {
    name: EVENTS,
    region: PRIMARY_REGION,
    creationDate: '2023-09-04T14:02:51.000Z',
    tags: { team: 'ingestion', env: 'prod' },
    encryption: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: EVENTS_KEY_ARN, bucketKeyEnabled: false },
    versioning: { status: 'Enabled' },
    publicAccessBlock: allBlocked,
    policy: stageBucketPolicy(EVENTS, EVENTS_KEY_ARN),
    ownership: 'BucketOwnerEnforced',
    lifecycle: lifecycle(tiering([{ days: 30, storageClass: 'STANDARD_IA' }])),
    logging: { targetBucket: LOGS, targetPrefix: `${EVENTS}/` },
    objects: [
      {
        key: 'events/2025/06/01/09/part-00000-5e1f.json.gz',
        size: 7_340_032,
        lastModified: '2025-06-01T09:05:12.000Z',
        etag: etag('4b8e2f6a1c9d3e7f5a0b2c4d6e8f1a3b'),
        versionId: 'pX0aH3kQ7mN2bV5cZ8xL1jR4tY6wE9sD',
        sse: 'aws:kms',
        kmsKeyId: EVENTS_KEY_ARN,
        contentType: 'application/gzip',
      },
    ],
  },
  {
    name: ML,
    region: PRIMARY_REGION,
    creationDate: '2024-11-20T16:27:03.000Z',
    tags: { team: 'ml-platform', env: 'prod' },
    encryption: { sseAlgorithm: 'aws:kms', bucketKeyEnabled: true },
    versioning: { status: 'Enabled' },
    publicAccessBlock: allBlocked,
    policy: { Version: '2012-10-17', Statement: [denyInsecureTransport(ML)] },
    ownership: 'BucketOwnerEnforced',
    lifecycle: lifecycle(seedTiering),
    logging: { targetBucket: LOGS, targetPrefix: `${ML}/` },
    objects: [
      {
        key: 'features/v3/user_features-000.parquet',
        size: 12_582_912,
        lastModified: '2025-05-28T21:40:09.000Z',
        etag: etag('c7d1e5f9a3b7c1d5e9f3a7b1c5d9e3f7'),
        versionId: 'bN6mK1qW8eR3tY0uI5oP2aS7dF4gH9jL',
        sse: 'aws:kms',
        kmsKeyId: AWS_S3_KEY_ARN,
        bucketKeyEnabled: true,
        contentType: 'application/octet-stream',
      },
    ],
  },
  {
    name: REPLICA,
    region: REPLICA_REGION,
    creationDate: '2024-02-12T09:44:02.000Z',
    tags: { team: 'data-platform', env: 'prod', role: 'crr-replica' },
    encryption: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: STAGE_REPLICA_KEY_ARN, bucketKeyEnabled: true },
    versioning: { status: 'Enabled' },
    publicAccessBlock: allBlocked,
    policy: stageBucketPolicy(REPLICA, STAGE_REPLICA_KEY_ARN),
    ownership: 'BucketOwnerEnforced',
    lifecycle: lifecycle(seedTiering),
    objects: [
      {
        key: 'data/2025/06/01/orders_0_0_0.snappy.parquet',
        size: 48_213_904,
        lastModified: '2025-06-01T02:15:51.000Z',
        etag: etag('9f2c41d07a8e3b65c1d4e9f0a7b2c3d4'),
        versionId: 'Tq3oV2pV8lZfR0mB1nX7yK4wS9dE6aHc',
        storageClass: 'STANDARD_IA',
        sse: 'aws:kms',
        kmsKeyId: STAGE_REPLICA_KEY_ARN,
        bucketKeyEnabled: true,
        replicationStatus: 'REPLICA',
        contentType: 'application/octet-stream',
      },
    ],
  },
  {
    name: LOGS,
    region: PRIMARY_REGION,
    creationDate: '2023-06-19T08:12:40.000Z',
    tags: { team: 'platform-security', env: 'prod' },
    encryption: { sseAlgorithm: 'AES256', bucketKeyEnabled: false },
    versioning: { status: 'Enabled' },
    publicAccessBlock: allBlocked,
    policy: logBucketPolicy(LOGS, [STAGE, EVENTS, ML, TRAIL_BUCKET]),
    ownership: 'BucketOwnerEnforced',
    lifecycle: lifecycle([{ id: 'expire-access-logs', status: 'Enabled', expirationDays: 365, noncurrentExpirationDays: 30, abortIncompleteMultipartDays: 7 }]),
    objects: [
      {
        key: `${STAGE}/2025-06-01-09-15-02-5A3C8D9E1F2B4C6D`,
        size: 18_402,
        lastModified: '2025-06-01T09:15:02.000Z',
        etag: etag('e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6'),
        sse: 'AES256',
        contentType: 'text/plain',
      },
    ],
  },
  {
    name: TRAIL_BUCKET,
    region: PRIMARY_REGION,
    creationDate: '2024-03-05T10:09:51.000Z',
    tags: { team: 'platform-security', env: 'prod' },
    encryption: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: TRAIL_KEY_ARN, bucketKeyEnabled: true },
    versioning: { status: 'Enabled' },
    publicAccessBlock: allBlocked,
    policy: trailBucketPolicy(TRAIL_BUCKET, TRAIL_PREFIX, TRAIL_ARN),
    ownership: 'BucketOwnerEnforced',
    // Log files are a few KB: expiring them is cheaper than transitioning them.
    lifecycle: lifecycle([{ id: 'retain-audit-logs', status: 'Enabled', expirationDays: 730, noncurrentExpirationDays: 90, abortIncompleteMultipartDays: 7 }]),
    logging: { targetBucket: LOGS, targetPrefix: `${TRAIL_BUCKET}/` },
    objects: [
      {
        key: `${TRAIL_PREFIX}/AWSLogs/${ACCOUNT}/CloudTrail/${PRIMARY_REGION}/2025/06/01/${ACCOUNT}_CloudTrail_${PRIMARY_REGION}_20250601T0910Z_Xk3fQ9bT2mLp8vRa.json.gz`,
        size: 18_734,
        lastModified: '2025-06-01T09:14:52.000Z',
        etag: etag('a5c9e3f7b1d5a9c3e7f1b5d9a3c7e1f5'),
        versionId: 'hG7kP2sW9dN4xR1bV6mQ3tZ8yC5eL0aJ',
        sse: 'aws:kms',
        kmsKeyId: TRAIL_KEY_ARN,
        contentType: 'application/json',
      },
    ],
  },
];

/** Management events everywhere; S3 data events only where the Snowflake stage keeps its data. */
const trails: DemoTrail[] = [
  {
    name: TRAIL_NAME,
    homeRegion: PRIMARY_REGION,
    multiRegion: true,
    includeGlobalServiceEvents: true,
    logFileValidation: true,
    s3BucketName: TRAIL_BUCKET,
    s3KeyPrefix: TRAIL_PREFIX,
    kmsKeyId: TRAIL_KEY_ARN,
    status: {
      isLogging: true,
      latestDeliveryTime: '2025-06-01T09:14:52.000Z',
      latestDigestDeliveryTime: '2025-06-01T09:02:17.000Z',
      startLoggingTime: '2024-03-05T10:14:03.000Z',
    },
    selectors: {
      advanced: [
        { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
        {
          name: 'Snowflake stage data events',
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
            { field: 'resources.ARN', startsWith: [`arn:aws:s3:::${STAGE}/`, `arn:aws:s3:::${REPLICA}/`] },
          ],
        },
      ],
    },
  },
];

const GiB = 1024 ** 3;
/** What CloudWatch publishes per bucket. The events bucket writes many objects without a Bucket Key. */
const METRICS: Record<string, DemoBucket['metrics']> = {
  [STAGE]: {
    storageBytes: { StandardStorage: 2_150 * GiB, StandardIAStorage: 820 * GiB, GlacierStorage: 3_580 * GiB, GlacierObjectOverhead: 0.1 * GiB, GlacierS3ObjectOverhead: 0.03 * GiB },
    objectCount: 4_200_000,
    requestsPerDay: { get: 120_000, put: 20_000 },
  },
  [EVENTS]: { storageBytes: { StandardStorage: 910 * GiB, StandardIAStorage: 410 * GiB }, objectCount: 38_000_000, requestsPerDay: { get: 400_000, put: 1_500_000 } },
  [ML]: { storageBytes: { StandardStorage: 350 * GiB }, objectCount: 90_000 },
  [REPLICA]: { storageBytes: { StandardIAStorage: 6_550 * GiB }, objectCount: 4_200_000 },
  [LOGS]: { storageBytes: { StandardStorage: 120 * GiB }, objectCount: 9_000_000 },
  [TRAIL_BUCKET]: { storageBytes: { StandardStorage: 38 * GiB }, objectCount: 2_100_000 },
};
for (const b of buckets) if (METRICS[b.name]) b.metrics = METRICS[b.name];

export const demoFixture: DemoFixture = {
  account: ACCOUNT,
  partition: 'aws',
  caller: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/envelope-auditor/envelope-demo`, userId: 'AROATDEMO7AUDITOR4KQ2:envelope-demo' },
  canonicalOwnerId: '5f3c8a1e9d2b7f4c6a0e8d1b3f5a7c9e2d4b6f8a0c2e4d6b8f0a2c4e6d8b0f2a',
  accountPublicAccessBlock: allBlocked,
  buckets,
  keys: [
    {
      keyId: STAGE_KEY_ID,
      region: PRIMARY_REGION,
      description: 'snowflake-s3-kms: SSE-KMS for the Snowflake external stage (multi-Region primary)',
      creationDate: '2024-02-12T09:38:55.000Z',
      manager: 'CUSTOMER',
      state: 'Enabled',
      multiRegionType: 'PRIMARY',
      rotation: { enabled: true, periodDays: 365, nextRotationDate: '2026-02-12T09:38:55.000Z' },
      policy: stageKeyPolicy,
      tags: { team: 'data-platform' },
    },
    {
      keyId: STAGE_KEY_ID,
      region: REPLICA_REGION,
      description: 'snowflake-s3-kms: replica of the stage key for cross-Region replication',
      creationDate: '2024-02-12T09:39:31.000Z',
      manager: 'CUSTOMER',
      state: 'Enabled',
      multiRegionType: 'REPLICA',
      rotation: { enabled: true, periodDays: 365, nextRotationDate: '2026-02-12T09:38:55.000Z' },
      policy: stageReplicaKeyPolicy,
      tags: { team: 'data-platform' },
    },
    {
      keyId: EVENTS_KEY_ID,
      region: PRIMARY_REGION,
      description: 'events-raw: raw event landing zone',
      creationDate: '2023-09-04T13:58:20.000Z',
      manager: 'CUSTOMER',
      state: 'Enabled',
      rotation: { enabled: false },
      policy: eventsKeyPolicy,
      tags: { team: 'ingestion' },
    },
    {
      keyId: AWS_S3_KEY_ID,
      region: PRIMARY_REGION,
      description: 'Default key that protects my S3 objects when no other key is defined',
      creationDate: '2023-06-19T08:12:41.000Z',
      manager: 'AWS',
      state: 'Enabled',
      rotation: { enabled: true, periodDays: 365, nextRotationDate: '2026-06-19T08:12:41.000Z' },
      policy: awsS3KeyPolicy,
    },
    {
      keyId: TRAIL_KEY_ID,
      region: PRIMARY_REGION,
      description: 'CloudTrail: log files and digests of the acme-org-audit trail',
      creationDate: '2024-03-05T10:08:42.000Z',
      manager: 'CUSTOMER',
      state: 'Enabled',
      rotation: { enabled: true, periodDays: 365, nextRotationDate: '2026-03-05T10:08:42.000Z' },
      policy: trailKeyPolicy,
      tags: { team: 'platform-security' },
    },
  ],
  aliases: [
    { name: 'alias/snowflake-s3-kms', region: PRIMARY_REGION, targetKeyId: STAGE_KEY_ID, creationDate: '2024-02-12T09:38:57.000Z' },
    { name: 'alias/events-raw', region: PRIMARY_REGION, targetKeyId: EVENTS_KEY_ID, creationDate: '2023-09-04T13:58:22.000Z' },
    { name: 'alias/aws/s3', region: PRIMARY_REGION, targetKeyId: AWS_S3_KEY_ID, creationDate: '2023-06-19T08:12:41.000Z' },
    { name: 'alias/cloudtrail-logs', region: PRIMARY_REGION, targetKeyId: TRAIL_KEY_ID, creationDate: '2024-03-05T10:08:44.000Z' },
    { name: 'alias/aws/ebs', region: PRIMARY_REGION },
    { name: 'alias/snowflake-s3-kms', region: REPLICA_REGION, targetKeyId: STAGE_KEY_ID, creationDate: '2024-02-12T09:39:33.000Z' },
    { name: 'alias/aws/s3', region: REPLICA_REGION },
  ],
  roles: [
    {
      name: 'acme-s3-replication',
      roleId: 'AROATDEMOREPL3KQ7XW2M',
      path: '/',
      description: 'S3 cross-Region replication of acme-snowflake-stage to eu-west-2',
      createDate: '2024-02-12T09:40:03.000Z',
      trustPolicy: replicationTrustPolicy(STAGE),
      inlinePolicies: { 'acme-s3-replication': replicationPolicy(STAGE, REPLICA) },
      attachedPolicyArns: [],
      tags: { team: 'data-platform' },
    },
    {
      name: 'snowflake-s3-kms-role',
      roleId: 'AROATDEMOSNOW8HF2PL4N',
      path: '/',
      description: 'Assumed by the Snowflake storage integration for the external stage',
      createDate: '2024-02-12T10:02:48.000Z',
      trustPolicy: snowflakeTrustPolicy,
      inlinePolicies: { 'snowflake-s3-kms-access': snowflakeAccessPolicy(STAGE, 'data/') },
      attachedPolicyArns: [],
      tags: { team: 'data-platform' },
    },
    {
      name: 'acme-events-ingest',
      roleId: 'AROATDEMOINGEST2VN6Q',
      path: '/',
      description: 'ECS task role of the events ingest service (writes acme-events-raw)',
      createDate: '2023-09-04T14:12:09.000Z',
      trustPolicy: eventsIngestTrustPolicy,
      inlinePolicies: {},
      attachedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/acme-events-ingest-access`],
      tags: { team: 'ingestion' },
    },
  ],
  managedPolicies: [
    {
      arn: `arn:aws:iam::${ACCOUNT}:policy/acme-events-ingest-access`,
      name: 'acme-events-ingest-access',
      policyId: 'ANPATDEMOINGEST5RT2Q9',
      path: '/',
      createDate: '2023-09-04T14:12:09.000Z',
      defaultVersionId: 'v2',
      versions: [{ versionId: 'v2', createDate: '2024-05-21T08:44:31.000Z', document: eventsIngestPolicy(EVENTS) }],
    },
  ],
  trails,
  snowflake: demoSnowflake,
};

/** The profile the demo scans with: the built-in profile, expecting CRR to eu-west-2. */
export const demoProfile: ProfileInput = {
  ...snowflakeS3Kms,
  name: 'snowflake-s3-kms-demo',
  description: 'The built-in snowflake-s3-kms profile for the demo account, with cross-Region replication to eu-west-2 expected.',
  ownership: { tagKey: 'team' },
  replication: { expected: true, destinationRegions: [REPLICA_REGION] },
  iam: { appRoles: ['acme-events-ingest'] },
  snowflake: {
    ...snowflakeS3Kms.snowflake,
    iamUserArn: SNOWFLAKE_USER_ARN,
    owners: { 'DEMO_KMS_V3.*.*': 'data-platform', 'INGEST.*.*': 'ingestion', 'ML.*.*': 'ml-platform' },
  },
};
