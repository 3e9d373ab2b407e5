/**
 * Builders for rule table tests: a compliant resource of each kind, which a case then bends with
 * overrides. Compliant by the default profile (snowflake-s3-kms), account 111122223333, eu-west-1.
 */
import type { BucketInventory, Inventory, KeyInventory, RoleInventory } from '../model/inventory.js';
import { absent, present } from '../model/observed.js';
import type { PolicyDocument } from '../model/policy-document.js';
import { parseProfile } from '../profile/load.js';
import { snowflakeS3Kms } from '../profile/builtin.js';
import type { Profile, ProfileInput } from '../profile/schema.js';
import { evaluate } from '../rules/engine.js';
import type { Rule } from '../rules/define-rule.js';
import type { Finding, ResourceType } from '../model/finding.js';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`;
export const BUCKET = 's3-snow-kms-test-v3';
export const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
export const LOG_BUCKET = `${BUCKET}-logs`;
export const SNOWFLAKE_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/snowflake-s3-kms-role`;
export const SNOWFLAKE_USER_ARN = 'arn:aws:iam::999988887777:user/abc1-s-exmp0000';

export function bucketPolicy(bucket = BUCKET, keyArn = KEY_ARN): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'DenyWrongKmsKey',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn } },
      },
    ],
  };
}

export function keyPolicy(keyRegion = REGION): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'EnableRootAdmin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'AllowSnowflakeRoleViaS3',
        Effect: 'Allow',
        Principal: { AWS: SNOWFLAKE_ROLE_ARN },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': `s3.${keyRegion}.amazonaws.com` } },
      },
      {
        Sid: 'GuardDeletionWindow',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:ScheduleKeyDeletion',
        Resource: '*',
        Condition: { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '10' } },
      },
    ],
  };
}

export function makeBucket(overrides: Partial<BucketInventory> = {}): BucketInventory {
  return {
    name: BUCKET,
    arn: BUCKET_ARN,
    region: REGION,
    account: ACCOUNT,
    role: { kind: 'architecture' },
    tags: present({ team: 'data-platform' }),
    owner: 'data-platform',
    encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN, bucketKeyEnabled: true }]),
    versioning: present({ status: 'Enabled', mfaDelete: 'Disabled' }),
    publicAccessBlock: present({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }),
    policy: present(bucketPolicy()),
    policyStatus: present({ isPublic: false }),
    ownershipControls: present('BucketOwnerEnforced'),
    acl: absent('ACLs are disabled (BucketOwnerEnforced); grants have no effect'),
    lifecycle: present({
      rules: [
        {
          id: 'tiering',
          status: 'Enabled',
          filter: {},
          transitions: [
            { days: 30, storageClass: 'STANDARD_IA' },
            { days: 90, storageClass: 'GLACIER' },
          ],
          noncurrentTransitions: [],
          noncurrentExpirationDays: 90,
          abortIncompleteMultipartDays: 7,
        },
      ],
      transitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
    }),
    logging: present({ targetBucket: LOG_BUCKET, targetPrefix: 'access/' }),
    replication: absent(),
    objectSample: present([{ key: 'data/part-0001.parquet', sse: 'aws:kms', kmsKeyId: KEY_ARN, bucketKeyEnabled: true }]),
    // 100 GiB in STANDARD, 100,000 objects (1 MiB each on average); no request metrics.
    usage: present({ storageBytes: { StandardStorage: 107_374_182_400 }, objectCount: 100_000 }),
    ...overrides,
  };
}

export function makeLogBucket(overrides: Partial<BucketInventory> = {}): BucketInventory {
  return makeBucket({
    name: LOG_BUCKET,
    arn: `arn:aws:s3:::${LOG_BUCKET}`,
    role: { kind: 'support', why: `server access log target of ${BUCKET}` },
    encryption: present([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]),
    logging: absent(),
    lifecycle: absent(),
    policy: absent(),
    policyStatus: absent('no bucket policy'),
    objectSample: present([]),
    ...overrides,
  });
}

export function makeKey(overrides: Partial<KeyInventory> = {}): KeyInventory {
  return {
    arn: KEY_ARN,
    region: REGION,
    account: ACCOUNT,
    referencedBy: [BUCKET_ARN],
    metadata: present({
      keyId: KEY_ID,
      arn: KEY_ARN,
      keyManager: 'CUSTOMER',
      keyState: 'Enabled',
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      enabled: true,
      multiRegion: false,
      replicaKeys: [],
    }),
    rotation: present({ enabled: true, periodDays: 365 }),
    policy: present(keyPolicy()),
    ...overrides,
  };
}

export function makeRole(overrides: Partial<RoleInventory> = {}): RoleInventory {
  return {
    arn: `arn:aws:iam::${ACCOUNT}:role/s3-replication-role`,
    name: 's3-replication-role',
    account: ACCOUNT,
    purposes: ['replication'],
    trustPolicy: present({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    policies: present([]),
    ...overrides,
  };
}

export const SNOWFLAKE_EXTERNAL_ID = 'ACME_SFCRole=2_a1b2c3d4e5f6g7h8i9j0=';

/** The trust the storage integration needs: exactly the Snowflake IAM user, with its ExternalId. */
export function snowflakeTrustPolicy(user = SNOWFLAKE_USER_ARN, externalId = SNOWFLAKE_EXTERNAL_ID): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'SnowflakeAssume', Effect: 'Allow', Principal: { AWS: user }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } },
    ],
  };
}

/** The Snowflake role's policy: objects under the data prefix, a prefix-bound ListBucket, the key via S3. */
export function snowflakeRolePolicy(bucket = BUCKET, keyArn = KEY_ARN, prefix = 'data/'): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'StageObjects',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        Resource: `arn:aws:s3:::${bucket}/${prefix}*`,
      },
      { Sid: 'StageList', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}`, Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } },
      { Sid: 'StageLocation', Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: `arn:aws:s3:::${bucket}` },
      {
        Sid: 'StageKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: keyArn,
        Condition: { StringEquals: { 'kms:ViaService': `s3.${keyArn.split(':')[3]}.amazonaws.com` } },
      },
    ],
  };
}

export function makeSnowflakeRole(overrides: Partial<RoleInventory> = {}): RoleInventory {
  return {
    arn: SNOWFLAKE_ROLE_ARN,
    name: 'snowflake-s3-kms-role',
    account: ACCOUNT,
    purposes: ['snowflake'],
    trustPolicy: present(snowflakeTrustPolicy()),
    policies: present([{ name: 'snowflake-stage-access', kind: 'inline', document: snowflakeRolePolicy() }]),
    ...overrides,
  };
}

/** A role with one inline policy document, for the iam-role-* tables. */
export const withRolePolicy = (document: PolicyDocument, overrides: Partial<RoleInventory> = {}): RoleInventory =>
  makeSnowflakeRole({ policies: present([{ name: 'snowflake-stage-access', kind: 'inline', document }]), ...overrides });

/**
 * A compliant account: the stage bucket, its log bucket, the CMK and the profile alias. The bucket
 * and trail lists were read, as in a scan (they name the buckets and trails given); override them
 * with unknown(…) for a scan that could not list them, or undefined for one that never did.
 */
export function makeInventory(overrides: Partial<Inventory> = {}): Inventory {
  const buckets = overrides.buckets ?? [makeBucket(), makeLogBucket()];
  const trails = overrides.trails ?? [];
  return {
    bucketList: present(buckets.map((b) => b.name)),
    trailList: present(trails.map((t) => t.arn)),
    source: { kind: 'aws', accounts: [ACCOUNT], regions: [REGION] },
    collectedAt: '2026-12-01T12:00:00.000Z',
    account: {
      id: ACCOUNT,
      partition: 'aws',
      publicAccessBlock: present({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }),
    },
    buckets: [makeBucket(), makeLogBucket()],
    keys: [makeKey()],
    aliases: { [REGION]: present([{ name: 'alias/snowflake-s3-kms', arn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/snowflake-s3-kms`, targetKeyId: KEY_ID }]) },
    roles: [],
    trails: [],
    snowflake: { integrations: [], stages: [] },
    gaps: [],
    ...overrides,
  };
}

export function makeProfile(overrides: Partial<ProfileInput> = {}): Profile {
  return parseProfile({ ...snowflakeS3Kms, ...overrides }, 'test profile');
}

/**
 * Runs one rule over an inventory and returns the finding for one resource (by name or id),
 * or the only finding when the rule has one.
 */
export function runRule(rule: Rule, inventory: Inventory, options: { resource?: string; profile?: Profile } = {}): Finding {
  const findings = evaluate([rule], inventory, options.profile ?? makeProfile());
  const pick = options.resource
    ? findings.filter((f) => f.resource.name === options.resource || f.resource.id === options.resource)
    : findings.filter((f) => f.resource.type !== 'bucket' || f.resource.name === BUCKET);
  if (pick.length !== 1) throw new Error(`expected one finding for ${options.resource ?? 'the default resource'}, got ${pick.length}`);
  return pick[0]!;
}

/** Convenience for rule tests: the inventory with one resource of the rule's type replaced. */
export function inventoryWith(type: ResourceType, resource: unknown, base: Inventory = makeInventory()): Inventory {
  switch (type) {
    case 'bucket': {
      const b = resource as BucketInventory;
      return { ...base, buckets: [b, ...base.buckets.filter((x) => x.name !== b.name)] };
    }
    case 'key': {
      const k = resource as KeyInventory;
      return { ...base, keys: [k, ...base.keys.filter((x) => x.arn !== k.arn)] };
    }
    case 'role':
      return { ...base, roles: [resource as RoleInventory, ...base.roles] };
    case 'account':
      return { ...base, account: resource as Inventory['account'] };
    default:
      throw new Error(`inventoryWith: ${type} not supported yet`);
  }
}

// ---- KMS rule fixtures (kms-* rules): a multi-Region key, its replica, a replicating bucket. ----

// Own import here, not in the header: this block is appended by the kms-* rules (append-only file).
import type { KeyMetadata } from '../model/inventory.js';
import type { PolicyStatement } from '../model/policy-document.js';

export const KMS_REPLICA_REGION = 'us-east-1';
export const KMS_MRK_ID = 'mrk-1234abcd12ab34cd56ef1234567890ab';
export const KMS_MRK_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KMS_MRK_ID}`;
export const KMS_MRK_REPLICA_ARN = `arn:aws:kms:${KMS_REPLICA_REGION}:${ACCOUNT}:key/${KMS_MRK_ID}`;
export const KMS_REPLICATION_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/s3-replication-role`;
export const KMS_REPLICA_BUCKET = `${BUCKET}-replica`;

/** makeKey with some DescribeKey fields changed. */
export function makeKeyWithMetadata(changes: Partial<KeyMetadata>, overrides: Partial<KeyInventory> = {}): KeyInventory {
  const base = makeKey();
  const md = base.metadata as { state: 'present'; value: KeyMetadata };
  return { ...base, metadata: present({ ...md.value, ...changes }), ...overrides };
}

/** keyPolicy() without the statements whose Sid is in `drop`, plus `add`. */
export function kmsPolicyWith(change: { drop?: string[]; add?: PolicyStatement[] }, keyRegion = REGION): PolicyDocument {
  const doc = keyPolicy(keyRegion);
  return { ...doc, Statement: [...doc.Statement.filter((s) => !change.drop?.includes(s.Sid ?? '')), ...(change.add ?? [])] };
}

/** The replication role's grant on a key: Decrypt on the source; Encrypt on the destination, plus Decrypt there with a Bucket Key (AWS, "Replicating encrypted objects"). */
export function kmsReplicationStatement(actions: string[], keyRegion: string): PolicyStatement {
  return {
    Sid: 'AllowReplicationRole',
    Effect: 'Allow',
    Principal: { AWS: KMS_REPLICATION_ROLE_ARN },
    Action: actions,
    Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': `s3.${keyRegion}.amazonaws.com` } },
  };
}

const mrkMetadata = (arn: string, type: 'PRIMARY' | 'REPLICA'): KeyMetadata => ({
  ...(makeKey().metadata as { value: KeyMetadata }).value,
  keyId: KMS_MRK_ID,
  arn,
  multiRegion: true,
  multiRegionKeyType: type,
  primaryKeyArn: KMS_MRK_ARN,
  replicaKeys: [{ arn: KMS_MRK_REPLICA_ARN, region: KMS_REPLICA_REGION }],
});

export function makeMrkPrimary(overrides: Partial<KeyInventory> = {}): KeyInventory {
  return makeKey({
    arn: KMS_MRK_ARN,
    referencedBy: [BUCKET_ARN],
    metadata: present(mrkMetadata(KMS_MRK_ARN, 'PRIMARY')),
    policy: present(kmsPolicyWith({ add: [kmsReplicationStatement(['kms:Decrypt'], REGION)] })),
    ...overrides,
  });
}

export function makeMrkReplica(overrides: Partial<KeyInventory> = {}): KeyInventory {
  return makeKey({
    arn: KMS_MRK_REPLICA_ARN,
    region: KMS_REPLICA_REGION,
    referencedBy: [`${BUCKET_ARN} (replication)`],
    metadata: present(mrkMetadata(KMS_MRK_REPLICA_ARN, 'REPLICA')),
    policy: present(kmsPolicyWith({ add: [kmsReplicationStatement(['kms:Encrypt', 'kms:Decrypt'], KMS_REPLICA_REGION)] }, KMS_REPLICA_REGION)),
    ...overrides,
  });
}

/**
 * Cross-Region replication under a multi-Region key: the stage bucket (eu-west-1) replicates to a
 * bucket in us-east-1, objects re-encrypted under the MRK replica. Use with kmsReplicationProfile().
 */
export function makeMrkInventory(overrides: Partial<Inventory> = {}): Inventory {
  const alias = (region: string) =>
    present([{ name: 'alias/snowflake-s3-kms', arn: `arn:aws:kms:${region}:${ACCOUNT}:alias/snowflake-s3-kms`, targetKeyId: KMS_MRK_ID }]);
  const source = makeBucket({
    encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KMS_MRK_ARN, bucketKeyEnabled: true }]),
    replication: present({
      roleArn: KMS_REPLICATION_ROLE_ARN,
      rules: [{ id: 'crr', status: 'Enabled', destinationBucketArn: `arn:aws:s3:::${KMS_REPLICA_BUCKET}`, replicaKmsKeyId: KMS_MRK_REPLICA_ARN, sseKmsEncryptedObjects: 'Enabled' }],
    }),
  });
  const destination = makeBucket({
    name: KMS_REPLICA_BUCKET,
    arn: `arn:aws:s3:::${KMS_REPLICA_BUCKET}`,
    region: KMS_REPLICA_REGION,
    encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KMS_MRK_REPLICA_ARN, bucketKeyEnabled: true }]),
  });
  return makeInventory({
    source: { kind: 'aws', accounts: [ACCOUNT], regions: [REGION, KMS_REPLICA_REGION] },
    buckets: [source, destination, makeLogBucket()],
    keys: [makeMrkPrimary(), makeMrkReplica()],
    aliases: { [REGION]: alias(REGION), [KMS_REPLICA_REGION]: alias(KMS_REPLICA_REGION) },
    roles: [makeRole()],
    ...overrides,
  });
}

export const kmsReplicationProfile = (): Profile => makeProfile({ replication: { expected: true, destinationRegions: [KMS_REPLICA_REGION] } });

// ---- Cost rule fixtures (cost-* rules): run a rule with prices and --no-cost. ----

import type { EvaluateOptions } from '../rules/engine.js';

/** runRule with the engine's cost options (a price table, costEnabled false for --no-cost). */
export function runCostRule(rule: Rule, inventory: Inventory, options: { resource?: string; profile?: Profile } & EvaluateOptions = {}): Finding {
  const { resource, profile, ...evaluateOptions } = options;
  const findings = evaluate([rule], inventory, profile ?? makeProfile(), evaluateOptions);
  const pick = resource
    ? findings.filter((f) => f.resource.name === resource || f.resource.id === resource)
    : findings.filter((f) => f.resource.type !== 'bucket' || f.resource.name === BUCKET);
  if (pick.length !== 1) throw new Error(`expected one finding for ${resource ?? 'the default resource'}, got ${pick.length}`);
  return pick[0]!;
}

/** The stage bucket with measured request metrics (per month). */
export function makeBucketWithRequests(requests: { put: number; get: number }, overrides: Partial<BucketInventory> = {}): BucketInventory {
  return makeBucket({
    usage: present({ storageBytes: { StandardStorage: 107_374_182_400 }, objectCount: 100_000, requests: { ...requests, filterId: 'EntireBucket', days: 30 } }),
    ...overrides,
  });
}

/**
 * The stage bucket holding `objectCount` objects of `objectBytes` each in STANDARD (measured
 * usage), with one Enabled lifecycle rule "tiering" (default: 30 d STANDARD_IA, 90 d GLACIER).
 * `minimumSize` undefined leaves TransitionDefaultMinimumObjectSize unset (the S3 default).
 */
export function makeBucketOfObjects(
  objectBytes: number,
  objectCount: number,
  options: {
    minimumSize?: string;
    transitions?: { days: number; storageClass: string }[];
    expirationDays?: number;
    requests?: { put: number; get: number };
  } = {},
  overrides: Partial<BucketInventory> = {},
): BucketInventory {
  const rule = {
    id: 'tiering',
    status: 'Enabled' as const,
    filter: {},
    transitions: options.transitions ?? [
      { days: 30, storageClass: 'STANDARD_IA' },
      { days: 90, storageClass: 'GLACIER' },
    ],
    noncurrentTransitions: [],
    noncurrentExpirationDays: 90,
    ...(options.expirationDays !== undefined ? { expirationDays: options.expirationDays } : {}),
  };
  return makeBucket({
    lifecycle: present({ rules: [rule], ...(options.minimumSize ? { transitionDefaultMinimumObjectSize: options.minimumSize } : {}) }),
    usage: present({
      storageBytes: { StandardStorage: objectBytes * objectCount },
      objectCount,
      ...(options.requests ? { requests: { ...options.requests, filterId: 'EntireBucket', days: 30 } } : {}),
    }),
    ...overrides,
  });
}

// ---- CloudTrail fixtures (trail-* rules): a compliant multi-Region trail, its bucket and key. ----

// Own import here, not in the header: this block is appended by the trail-* rules (append-only file).
import type { AdvancedEventSelector, TrailInventory } from '../model/inventory.js';

export const TRAIL_NAME = 'org-trail';
export const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${TRAIL_NAME}`;
export const TRAIL_BUCKET = `${BUCKET}-trail`;
export const TRAIL_KEY_ID = '9999abcd-12ab-34cd-56ef-1234567890ab';
export const TRAIL_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${TRAIL_KEY_ID}`;

/** Management events (read and write) plus S3 data events for the stage bucket, as advanced selectors. */
export const compliantAdvancedSelectors = (bucket = BUCKET): AdvancedEventSelector[] => [
  { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
  {
    name: 'Stage bucket data events',
    fieldSelectors: [
      { field: 'eventCategory', equals: ['Data'] },
      { field: 'resources.type', equals: ['AWS::S3::Object'] },
      { field: 'resources.ARN', startsWith: [`arn:aws:s3:::${bucket}/`] },
    ],
  },
];

/** A compliant trail: multi-Region, global events, logging, validated, CMK-encrypted, stage-bucket data events. */
export function makeTrail(overrides: Partial<TrailInventory> = {}): TrailInventory {
  return {
    arn: TRAIL_ARN,
    name: TRAIL_NAME,
    homeRegion: REGION,
    account: ACCOUNT,
    isMultiRegion: true,
    includeGlobalServiceEvents: true,
    isOrganizationTrail: false,
    s3BucketName: TRAIL_BUCKET,
    kmsKeyId: TRAIL_KEY_ARN,
    logFileValidationEnabled: true,
    status: present({ isLogging: true }),
    selectors: present({ advanced: compliantAdvancedSelectors() }),
    ...overrides,
  };
}

export function makeTrailBucket(overrides: Partial<BucketInventory> = {}): BucketInventory {
  return makeBucket({ name: TRAIL_BUCKET, arn: `arn:aws:s3:::${TRAIL_BUCKET}`, role: { kind: 'support', why: `CloudTrail log bucket of ${TRAIL_NAME}` }, ...overrides });
}

export function makeTrailKey(overrides: Partial<KeyInventory> = {}): KeyInventory {
  return makeKeyWithMetadata({ keyId: TRAIL_KEY_ID, arn: TRAIL_KEY_ARN }, { arn: TRAIL_KEY_ARN, referencedBy: [TRAIL_ARN], ...overrides });
}

/** The compliant inventory plus trails (default: one compliant trail), its bucket and key, and a read trail list. */
export function inventoryWithTrails(trails: TrailInventory[] = [makeTrail()], base: Inventory = makeInventory()): Inventory {
  return {
    ...base,
    buckets: base.buckets.some((b) => b.name === TRAIL_BUCKET) ? base.buckets : [...base.buckets, makeTrailBucket()],
    keys: base.keys.some((k) => k.arn === TRAIL_KEY_ARN) ? base.keys : [...base.keys, makeTrailKey()],
    trails,
    trailList: present(trails.map((t) => t.arn)),
  };
}
