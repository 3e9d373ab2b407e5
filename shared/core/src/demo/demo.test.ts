import { describe, expect, test } from 'vitest';
import { AwsClients, collectAwsInventory } from '../collect/aws/index.js';
import type { Inventory } from '../model/inventory.js';
import { parseProfile } from '../profile/load.js';
import {
  AWS_S3_KEY_ARN,
  demoProfile,
  EVENTS_KEY_ARN,
  REPLICATION_ROLE_ARN,
  STAGE_KEY_ARN,
  STAGE_REPLICA_KEY_ARN,
  TRAIL_ARN,
  TRAIL_BUCKET,
  TRAIL_KEY_ARN,
  withDemoAccount,
} from './index.js';

async function scan(): Promise<{ inventory: Inventory; calls: Record<string, number> }> {
  return withDemoAccount(async ({ region, credentials }) => {
    const clients = new AwsClients({ defaultRegion: region, credentials, maxAttempts: 1 });
    try {
      const inventory = await collectAwsInventory({ clients, profile: parseProfile(demoProfile, 'demo profile'), sourceKind: 'demo' });
      return { inventory, calls: clients.stats.byOperation() };
    } finally {
      clients.destroy();
    }
  });
}

const value = <T>(o: { state: string; value?: T }): T => {
  expect(o.state).toBe('present');
  return o.value as T;
};

describe('the demo account through the real collectors', async () => {
  const { inventory, calls } = await scan();
  const bucket = (name: string) => inventory.buckets.find((b) => b.name === name)!;
  const key = (arn: string) => inventory.keys.find((k) => k.arn === arn)!;

  test('every read is answered: no gaps', () => {
    expect(inventory.gaps).toEqual([]);
    expect(inventory.account).toMatchObject({ id: '210987654321', partition: 'aws' });
    expect(value(inventory.account.publicAccessBlock)).toEqual({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true });
    expect(inventory.source).toEqual({ kind: 'demo', accounts: ['210987654321'], regions: ['eu-west-1', 'eu-west-2'] });
  });

  test('six buckets in their Regions, the two log buckets support buckets, owners from the team tag', () => {
    expect(inventory.buckets.map((b) => [b.name, b.region, b.role.kind, b.owner])).toEqual([
      ['acme-cloudtrail-logs', 'eu-west-1', 'support', 'platform-security'],
      ['acme-events-raw', 'eu-west-1', 'architecture', 'ingestion'],
      ['acme-ml-features', 'eu-west-1', 'architecture', 'ml-platform'],
      ['acme-s3-access-logs', 'eu-west-1', 'support', 'platform-security'],
      ['acme-snowflake-stage', 'eu-west-1', 'architecture', 'data-platform'],
      ['acme-snowflake-stage-replica', 'eu-west-2', 'architecture', 'data-platform'],
    ]);
  });

  test('the compliant stage bucket reads back as configured', () => {
    const b = bucket('acme-snowflake-stage');
    expect(value(b.encryption)).toEqual([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: STAGE_KEY_ARN, bucketKeyEnabled: true }]);
    expect(value(b.versioning)).toEqual({ status: 'Enabled', mfaDelete: 'Never' });
    expect(value(b.ownershipControls)).toBe('BucketOwnerEnforced');
    expect(b.acl.state).toBe('absent');
    expect(value(b.policyStatus)).toEqual({ isPublic: false });
    expect(value(b.policy).Statement.map((s) => s.Sid)).toEqual(['DenyInsecureTransport', 'DenyWrongKmsKey']);
    expect(value(b.logging)).toEqual({ targetBucket: 'acme-s3-access-logs', targetPrefix: 'acme-snowflake-stage/' });
    const lifecycle = value(b.lifecycle);
    expect(lifecycle.transitionDefaultMinimumObjectSize).toBe('all_storage_classes_128K');
    expect(lifecycle.rules[0]).toMatchObject({
      status: 'Enabled',
      filter: {},
      transitions: [
        { days: 30, storageClass: 'STANDARD_IA' },
        { days: 90, storageClass: 'GLACIER' },
      ],
      abortIncompleteMultipartDays: 7,
    });
    expect(lifecycle.rules[1]).toMatchObject({ noncurrentExpirationDays: 90 });
    expect(value(b.replication)).toEqual({
      roleArn: REPLICATION_ROLE_ARN,
      rules: [
        {
          id: 'replicate-to-eu-west-2',
          status: 'Enabled',
          destinationBucketArn: 'arn:aws:s3:::acme-snowflake-stage-replica',
          replicaKmsKeyId: STAGE_REPLICA_KEY_ARN,
          sseKmsEncryptedObjects: 'Enabled',
        },
      ],
    });
    expect(value(b.objectSample)).toEqual([
      { key: 'data/2025/06/01/orders_0_0_0.snappy.parquet', sse: 'aws:kms', kmsKeyId: STAGE_KEY_ARN, bucketKeyEnabled: true, lastModified: '2025-06-01T02:15:44.000Z' },
    ]);
  });

  test('CloudWatch usage: storage by class and measured requests, one GetMetricData call per Region', () => {
    const events = value(bucket('acme-events-raw').usage);
    expect(events.storageBytes).toEqual({ StandardStorage: 910 * 1024 ** 3, StandardIAStorage: 410 * 1024 ** 3 });
    expect(events.objectCount).toBe(38_000_000);
    // 30 daily sums of 400,000 GETs and 1,500,000 PUTs, as a 30-day month.
    expect(events.requests).toEqual({ get: 12_000_000, put: 45_000_000, filterId: 'EntireBucket', days: 30 });
    expect(value(bucket('acme-ml-features').usage).requests).toBeUndefined();
    // Fewer than 500 series per Region: one ListMetrics and one GetMetricData call in each of the two.
    expect(calls['cloudwatch:ListMetrics']).toBe(2);
    expect(calls['cloudwatch:GetMetricData']).toBe(2);
  });

  test('the deviations show', () => {
    const events = bucket('acme-events-raw');
    expect(value(events.encryption)[0]).toMatchObject({ kmsMasterKeyId: EVENTS_KEY_ARN, bucketKeyEnabled: false });
    expect(value(events.lifecycle).rules[0]!.transitions).toEqual([{ days: 30, storageClass: 'STANDARD_IA' }]);

    const ml = bucket('acme-ml-features');
    const [rule] = value(ml.encryption);
    expect(rule).toMatchObject({ sseAlgorithm: 'aws:kms' });
    expect(rule).not.toHaveProperty('kmsMasterKeyId');
    expect(value(ml.policy).Statement.map((s) => s.Sid)).toEqual(['DenyInsecureTransport']);
    expect(value(ml.objectSample)[0]).toMatchObject({ sse: 'aws:kms', kmsKeyId: AWS_S3_KEY_ARN });

    expect(value(bucket('acme-s3-access-logs').encryption)).toEqual([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]);
    expect(bucket('acme-s3-access-logs').objectSample.state).toBe('unknown'); // support buckets are not sampled
    expect(bucket('acme-snowflake-stage-replica').logging.state).toBe('absent');
    expect(value(bucket('acme-snowflake-stage-replica').objectSample)[0]).toMatchObject({ kmsKeyId: STAGE_REPLICA_KEY_ARN });
  });

  test('keys: the multi-Region primary, its replica, the events key and the trail key, with their rotation', () => {
    expect(inventory.keys.map((k) => k.arn).sort()).toEqual([EVENTS_KEY_ARN, STAGE_KEY_ARN, STAGE_REPLICA_KEY_ARN, TRAIL_KEY_ARN].sort());
    const primary = value(key(STAGE_KEY_ARN).metadata);
    expect(primary).toMatchObject({ keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true, multiRegion: true, multiRegionKeyType: 'PRIMARY' });
    expect(primary.replicaKeys).toEqual([{ arn: STAGE_REPLICA_KEY_ARN, region: 'eu-west-2' }]);
    expect(value(key(STAGE_REPLICA_KEY_ARN).metadata)).toMatchObject({ multiRegionKeyType: 'REPLICA', primaryKeyArn: STAGE_KEY_ARN });
    expect(value(key(STAGE_KEY_ARN).rotation)).toEqual({ enabled: true, periodDays: 365 });
    expect(value(key(STAGE_REPLICA_KEY_ARN).rotation)).toEqual({ enabled: true, periodDays: 365 });
    expect(value(key(EVENTS_KEY_ARN).rotation)).toEqual({ enabled: false });
    expect(key(STAGE_KEY_ARN).referencedBy).toContain('profile snowflake-s3-kms-demo (alias/snowflake-s3-kms)');
    const replicaPolicy = value(key(STAGE_REPLICA_KEY_ARN).policy);
    expect(replicaPolicy.Statement.find((s) => s.Sid === 'AllowReplicationRoleEncryptViaS3')).toMatchObject({
      Principal: { AWS: REPLICATION_ROLE_ARN },
      Action: ['kms:Encrypt', 'kms:Decrypt'],
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' } },
    });
  });

  test('aliases in both Regions', () => {
    const names = (r: string) => value(inventory.aliases[r]!).map((a) => [a.name, a.targetKeyId]);
    expect(names('eu-west-1')).toEqual(
      expect.arrayContaining([
        ['alias/snowflake-s3-kms', 'mrk-5c2e8f1a9b4d4e7f8a3b6c9d0e1f2a3b'],
        ['alias/events-raw', '7d3b9e41-2c6a-4f58-9b1e-8a4c2f6d0e93'],
      ]),
    );
    expect(names('eu-west-2')).toContainEqual(['alias/snowflake-s3-kms', 'mrk-5c2e8f1a9b4d4e7f8a3b6c9d0e1f2a3b']);
  });

  test('the Snowflake role and the application role come from the profile, with owners from role tags', () => {
    expect(inventory.roles.map((r) => [r.name, r.purposes, r.owner])).toEqual([
      ['acme-events-ingest', ['app'], 'ingestion'],
      ['acme-s3-replication', ['replication'], 'data-platform'],
      ['snowflake-s3-kms-role', ['snowflake'], 'data-platform'],
    ]);
    const ingest = inventory.roles.find((r) => r.name === 'acme-events-ingest')!;
    // An attached customer-managed policy: ListAttachedRolePolicies, GetPolicy, GetPolicyVersion(v2).
    expect(value(ingest.policies)).toMatchObject([{ name: 'acme-events-ingest-access', kind: 'managed' }]);
    expect(value(ingest.policies)[0]!.document.Statement.map((s) => s.Sid)).toEqual(['EventsBucket', 'EventsKey']);
  });

  test('IAM calls per role: GetRole, the two list calls, and one read per inline or two per managed policy', () => {
    expect(calls['iam:GetRole']).toBe(3);
    expect(calls['iam:ListRolePolicies']).toBe(3);
    expect(calls['iam:ListAttachedRolePolicies']).toBe(3);
    expect(calls['iam:GetRolePolicy']).toBe(2);
    expect(calls['iam:GetPolicy']).toBe(1);
    expect(calls['iam:GetPolicyVersion']).toBe(1);
  });

  test('the replication role, its trust and its inline policy (URL-decoded)', () => {
    const role = inventory.roles.find((r) => r.arn === REPLICATION_ROLE_ARN);
    expect(role).toMatchObject({ arn: REPLICATION_ROLE_ARN, name: 'acme-s3-replication', purposes: ['replication'] });
    expect(value(role!.trustPolicy).Statement[0]).toMatchObject({ Principal: { Service: 's3.amazonaws.com' } });
    const [policy] = value(role!.policies);
    expect(policy).toMatchObject({ name: 'acme-s3-replication', kind: 'inline' });
    expect(policy!.document.Statement.map((s) => s.Sid)).toEqual([
      'SourceBucketConfiguration',
      'SourceObjectVersions',
      'ReplicateToDestination',
      'DecryptSourceViaS3',
      'EncryptReplicaViaS3',
    ]);
  });

  test('the trail: one multi-Region trail, read in its home Region, logging, with advanced selectors', () => {
    expect(value(inventory.trailList!)).toEqual([TRAIL_ARN]);
    expect(inventory.trails).toHaveLength(1);
    const [trail] = inventory.trails;
    expect(trail).toMatchObject({
      arn: 'arn:aws:cloudtrail:eu-west-1:210987654321:trail/acme-org-audit',
      name: 'acme-org-audit',
      homeRegion: 'eu-west-1',
      account: '210987654321',
      isMultiRegion: true,
      includeGlobalServiceEvents: true,
      isOrganizationTrail: false,
      s3BucketName: 'acme-cloudtrail-logs',
      s3KeyPrefix: 'audit',
      kmsKeyId: TRAIL_KEY_ARN,
      logFileValidationEnabled: true,
    });
    expect(value(trail!.status)).toEqual({ isLogging: true, latestDigestDeliveryTime: '2025-06-01T09:02:17.000Z' });
    // Advanced selectors only (AWS answers one kind or the other): every management event, and S3
    // data events for the stage bucket and its replica, not for acme-events-raw or acme-ml-features.
    expect(value(trail!.selectors)).toEqual({
      advanced: [
        { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
        {
          name: 'Snowflake stage data events',
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
            { field: 'resources.ARN', startsWith: ['arn:aws:s3:::acme-snowflake-stage/', 'arn:aws:s3:::acme-snowflake-stage-replica/'] },
          ],
        },
      ],
    });
  });

  test('the trail bucket is a support bucket, secured; the trail key is read as the trail and bucket reference it', () => {
    const b = bucket(TRAIL_BUCKET);
    expect(b.role).toEqual({ kind: 'support', why: 'CloudTrail log bucket of acme-org-audit' });
    expect(value(b.versioning)).toEqual({ status: 'Enabled', mfaDelete: 'Never' });
    expect(value(b.publicAccessBlock)).toEqual({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true });
    expect(value(b.policyStatus)).toEqual({ isPublic: false });
    expect(value(b.logging)).toEqual({ targetBucket: 'acme-s3-access-logs', targetPrefix: 'acme-cloudtrail-logs/' });
    expect(value(b.encryption)).toEqual([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: TRAIL_KEY_ARN, bucketKeyEnabled: true }]);
    const write = value(b.policy).Statement.find((s) => s.Sid === 'AWSCloudTrailWrite');
    expect(write).toMatchObject({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::acme-cloudtrail-logs/audit/AWSLogs/210987654321/*',
      Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
    });
    expect(value(b.usage).storageBytes).toEqual({ StandardStorage: 38 * 1024 ** 3 });

    const k = key(TRAIL_KEY_ARN);
    expect(k.referencedBy).toEqual(['arn:aws:s3:::acme-cloudtrail-logs', TRAIL_ARN]);
    expect(k.owner).toBe('platform-security'); // from the bucket it encrypts
    expect(value(k.metadata)).toMatchObject({ keyManager: 'CUSTOMER', keyState: 'Enabled', multiRegion: false });
    expect(value(k.rotation)).toEqual({ enabled: true, periodDays: 365 });
    const encrypt = value(k.policy).Statement.find((s) => s.Sid === 'AllowCloudTrailEncryptLogs');
    expect(encrypt).toMatchObject({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Condition: {
        StringEquals: { 'aws:SourceArn': TRAIL_ARN },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:210987654321:trail/*' },
      },
    });
    expect(value(inventory.aliases['eu-west-1']!).map((a) => [a.name, a.targetKeyId])).toContainEqual(['alias/cloudtrail-logs', 'e2b7c94a-5d31-4f8e-a06b-3c9d1f7e2a58']);
  });

  test('CloudTrail calls: DescribeTrails per bucket Region, then GetTrailStatus and GetEventSelectors per trail', () => {
    // eu-west-1 and eu-west-2 hold buckets; the one trail's status and selectors are read once each.
    expect(calls['cloudtrail:DescribeTrails']).toBe(2);
    expect(calls['cloudtrail:GetTrailStatus']).toBe(1);
    expect(calls['cloudtrail:GetEventSelectors']).toBe(1);
  });

  test('call budget: no GetBucketLocation, 9 configuration reads per bucket', () => {
    expect(calls).not.toHaveProperty('s3:GetBucketLocation');
    const config = Object.entries(calls).filter(([op]) => /^s3:(GetBucket|GetPublicAccessBlock)/.test(op));
    expect(Object.fromEntries(config)).toEqual({
      's3:GetBucketEncryption': 6,
      's3:GetBucketLifecycleConfiguration': 6,
      's3:GetBucketLogging': 6,
      's3:GetBucketOwnershipControls': 6,
      's3:GetBucketPolicy': 6,
      's3:GetBucketPolicyStatus': 6,
      's3:GetBucketReplication': 6,
      's3:GetBucketVersioning': 6,
      's3:GetPublicAccessBlock': 6,
    });
    // Referenced keys: DescribeKey, GetKeyPolicy and GetKeyRotationStatus each (the trail key included).
    expect(calls['kms:DescribeKey']).toBe(4);
    expect(calls['s3:ListBuckets']).toBe(1);
    expect(calls['tagging:GetResources']).toBe(2);
    expect(calls['kms:ListAliases']).toBe(2);
  });
});
