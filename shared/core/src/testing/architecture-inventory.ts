/**
 * The whole seed architecture as one inventory, compliant, and the deviations the moto scenarios
 * build (test/src/moto/architecture.ts, cloudtrail.test.ts) as edits of it: the stage bucket
 * replicating to a bucket in another Region under a multi-Region key, both with access-log buckets,
 * the Snowflake role, the replication role, one CloudTrail trail with its bucket and key.
 * For the monotonicity property test, which needs every rule to have something to judge. Bucket
 * roles and key references are set as the collector would derive them for the compliant account;
 * after an edit, derive them again (testing/missing-input.ts asCollected).
 */
import type { BucketInventory, Inventory, KeyInventory, RoleInventory } from '../model/inventory.js';
import { absent, present } from '../model/observed.js';
import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';
import type { Profile } from '../profile/schema.js';
import {
  ACCOUNT,
  bucketPolicy,
  BUCKET,
  BUCKET_ARN,
  KMS_MRK_ARN,
  KMS_MRK_ID,
  KMS_MRK_REPLICA_ARN,
  KMS_REPLICA_BUCKET,
  KMS_REPLICA_REGION,
  KMS_REPLICATION_ROLE_ARN,
  LOG_BUCKET,
  makeBucket,
  makeInventory,
  makeKeyWithMetadata,
  makeLogBucket,
  makeMrkPrimary,
  makeMrkReplica,
  makeProfile,
  makeRole,
  makeSnowflakeRole,
  makeTrail,
  makeTrailBucket,
  makeTrailKey,
  REGION,
  SNOWFLAKE_EXTERNAL_ID,
  SNOWFLAKE_USER_ARN,
  snowflakeRolePolicy,
  snowflakeTrustPolicy,
  TRAIL_ARN,
  TRAIL_BUCKET,
  TRAIL_KEY_ID,
} from './inventory-builders.js';

export const REPLICA_LOG_BUCKET = `${KMS_REPLICA_BUCKET}-logs`;
const REPLICA_ARN = `arn:aws:s3:::${KMS_REPLICA_BUCKET}`;

/** The profile the architecture is judged with: replication expected to the replica Region, the Snowflake user named. */
export const architectureProfile = (): Profile =>
  makeProfile({
    replication: { expected: true, destinationRegions: [KMS_REPLICA_REGION] },
    snowflake: { roleName: 'snowflake-s3-kms-role', iamUserArn: SNOWFLAKE_USER_ARN },
  });

const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });

/** What a log target needs: the logging service may write, and TLS only. */
function logBucketPolicy(bucket: string, sources: string[]): PolicyDocument {
  return doc(
    {
      Sid: 'S3ServerAccessLogs',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${bucket}/*`,
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': sources.map((s) => `arn:aws:s3:::${s}`) } },
    },
    { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  );
}

/** What a trail bucket needs: CloudTrail may check the ACL and write under AWSLogs/, and TLS only. */
function trailBucketPolicy(): PolicyDocument {
  return doc(
    { Sid: 'CloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${TRAIL_BUCKET}`, Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } } },
    {
      Sid: 'CloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL_ARN } },
    },
    { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${TRAIL_BUCKET}`, `arn:aws:s3:::${TRAIL_BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  );
}

/** AWS's documented replication policy for SSE-KMS objects into a destination with a Bucket Key. */
function replicationRolePolicy(): PolicyDocument {
  return doc(
    { Sid: 'SourceBucket', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: BUCKET_ARN },
    { Sid: 'SourceObjects', Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Resource: `${BUCKET_ARN}/*` },
    { Sid: 'Destination', Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: `${REPLICA_ARN}/*` },
    { Sid: 'SourceKey', Effect: 'Allow', Action: 'kms:Decrypt', Resource: KMS_MRK_ARN, Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } } },
    { Sid: 'ReplicaKey', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: KMS_MRK_REPLICA_ARN, Condition: { StringEquals: { 'kms:ViaService': `s3.${KMS_REPLICA_REGION}.amazonaws.com` } } },
  );
}

const replicationTrust = (bound = true): PolicyDocument =>
  doc({
    Effect: 'Allow',
    Principal: { Service: 's3.amazonaws.com' },
    Action: 'sts:AssumeRole',
    ...(bound ? { Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': BUCKET_ARN } } } : {}),
  });

interface Parts {
  stage: BucketInventory;
  replica: BucketInventory;
  logs: BucketInventory;
  replicaLogs: BucketInventory;
  trailBucket: BucketInventory;
  primary: KeyInventory;
  replicaKey: KeyInventory;
  trailKey: KeyInventory;
  snowflake: RoleInventory;
  replication: RoleInventory;
  inventory: Omit<Inventory, 'buckets' | 'keys' | 'roles'>;
}

function compliantParts(): Parts {
  const mrkEncryption = (arn: string) => present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: arn, bucketKeyEnabled: true }]);
  const stage = makeBucket({
    encryption: mrkEncryption(KMS_MRK_ARN),
    policy: present(bucketPolicy(BUCKET, KMS_MRK_ARN)),
    objectSample: present([{ key: 'data/part-0001.parquet', sse: 'aws:kms', kmsKeyId: KMS_MRK_ARN, bucketKeyEnabled: true }]),
    replication: present({
      roleArn: KMS_REPLICATION_ROLE_ARN,
      rules: [{ id: 'crr', status: 'Enabled', destinationBucketArn: REPLICA_ARN, replicaKmsKeyId: KMS_MRK_REPLICA_ARN, sseKmsEncryptedObjects: 'Enabled' }],
    }),
  });
  const replica = makeBucket({
    name: KMS_REPLICA_BUCKET,
    arn: REPLICA_ARN,
    region: KMS_REPLICA_REGION,
    encryption: mrkEncryption(KMS_MRK_REPLICA_ARN),
    policy: present(bucketPolicy(KMS_REPLICA_BUCKET, KMS_MRK_REPLICA_ARN)),
    logging: present({ targetBucket: REPLICA_LOG_BUCKET, targetPrefix: 'access/' }),
    objectSample: present([{ key: 'data/part-0001.parquet', sse: 'aws:kms', kmsKeyId: KMS_MRK_REPLICA_ARN, bucketKeyEnabled: true }]),
  });
  const logs = makeLogBucket({ policy: present(logBucketPolicy(LOG_BUCKET, [BUCKET])), policyStatus: present({ isPublic: false }), objectSample: absent('support buckets are not sampled') });
  const replicaLogs = makeLogBucket({
    name: REPLICA_LOG_BUCKET,
    arn: `arn:aws:s3:::${REPLICA_LOG_BUCKET}`,
    region: KMS_REPLICA_REGION,
    role: { kind: 'support', why: `server access log target of ${KMS_REPLICA_BUCKET}` },
    policy: present(logBucketPolicy(REPLICA_LOG_BUCKET, [KMS_REPLICA_BUCKET])),
    policyStatus: present({ isPublic: false }),
    objectSample: absent('support buckets are not sampled'),
  });
  const trailBucket = makeTrailBucket({
    encryption: present([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]),
    policy: present(trailBucketPolicy()),
    logging: present({ targetBucket: LOG_BUCKET, targetPrefix: 'trail/' }),
    lifecycle: absent(),
    objectSample: absent('support buckets are not sampled'),
  });
  const profileRef = 'profile snowflake-s3-kms (alias/snowflake-s3-kms)';
  const base = makeInventory();
  return {
    stage,
    replica,
    logs,
    replicaLogs,
    trailBucket,
    primary: makeMrkPrimary({ referencedBy: [BUCKET_ARN, profileRef] }),
    replicaKey: makeMrkReplica({ referencedBy: [REPLICA_ARN, `${BUCKET_ARN} (replication)`, profileRef] }),
    trailKey: makeTrailKey(),
    snowflake: makeSnowflakeRole({ policies: present([{ name: 'snowflake-stage-access', kind: 'inline', document: snowflakeRolePolicy(BUCKET, KMS_MRK_ARN) }]) }),
    replication: makeRole({
      arn: KMS_REPLICATION_ROLE_ARN,
      trustPolicy: present(replicationTrust()),
      policies: present([{ name: 'replication', kind: 'inline', document: replicationRolePolicy() }]),
    }),
    inventory: {
      ...base,
      source: { kind: 'aws', accounts: [ACCOUNT], regions: [REGION, KMS_REPLICA_REGION] },
      aliases: Object.fromEntries(
        [REGION, KMS_REPLICA_REGION].map((r) => [
          r,
          present([
            { name: 'alias/snowflake-s3-kms', arn: `arn:aws:kms:${r}:${ACCOUNT}:alias/snowflake-s3-kms`, targetKeyId: KMS_MRK_ID },
            ...(r === REGION ? [{ name: 'alias/cloudtrail', arn: `arn:aws:kms:${r}:${ACCOUNT}:alias/cloudtrail`, targetKeyId: TRAIL_KEY_ID }] : []),
          ]),
        ]),
      ),
      trails: [makeTrail({ s3BucketName: TRAIL_BUCKET, selectors: present({ advanced: [
        { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
        { name: 'Stage data events', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }] },
      ] }) })],
      trailList: present([TRAIL_ARN]),
    },
  };
}

function assemble(p: Parts): Inventory {
  const buckets = [p.stage, p.replica, p.logs, p.replicaLogs, p.trailBucket].sort((a, b) => a.name.localeCompare(b.name));
  return {
    ...p.inventory,
    buckets,
    bucketList: present(buckets.map((b) => b.name)),
    keys: [p.primary, p.replicaKey, p.trailKey],
    roles: [p.snowflake, p.replication],
  };
}

export const compliantArchitecture = (): Inventory => assemble(compliantParts());

type Edit = (p: Parts) => void;

const withPolicy = (key: KeyInventory, change: (s: PolicyStatement[]) => PolicyStatement[]): KeyInventory => {
  const policy = key.policy.state === 'present' ? key.policy.value : doc();
  return { ...key, policy: present({ ...policy, Statement: change(policy.Statement) }) };
};
const withMetadata = (key: KeyInventory, change: Record<string, unknown>): KeyInventory =>
  key.metadata.state === 'present' ? { ...key, metadata: present({ ...key.metadata.value, ...change }) } : key;
const stagePolicy = (p: Parts, change: (s: PolicyStatement[]) => PolicyStatement[]) => {
  const policy = p.stage.policy.state === 'present' ? p.stage.policy.value : doc();
  p.stage = { ...p.stage, policy: present({ ...policy, Statement: change(policy.Statement) }) };
};
const snowflakePolicy = (p: Parts, change: (s: PolicyStatement[]) => PolicyStatement[]) => {
  const d = snowflakeRolePolicy(BUCKET, KMS_MRK_ARN);
  p.snowflake = { ...p.snowflake, policies: present([{ name: 'snowflake-stage-access', kind: 'inline', document: { ...d, Statement: change(d.Statement) } }]) };
};
const bySid = (sid: string, change: Partial<PolicyStatement>) => (ss: PolicyStatement[]) => ss.map((s) => (s.Sid === sid ? { ...s, ...change } : s));
const drop = (sid: string) => (ss: PolicyStatement[]) => ss.filter((s) => s.Sid !== sid);
const OPEN_PAB = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };
const editTrail = (p: Parts, change: Partial<Inventory['trails'][number]>) => {
  p.inventory = { ...p.inventory, trails: p.inventory.trails.map((t) => ({ ...t, ...change })) };
};

/** The moto scenarios' deviations (architecture.test.ts and cloudtrail.test.ts), as inventory edits. */
const DEVIATIONS: Record<string, Edit> = {
  'account-pab-missing': (p) => {
    p.inventory = { ...p.inventory, account: { ...p.inventory.account, publicAccessBlock: absent() } };
  },
  'bucket-pab-partial': (p) => {
    p.stage = { ...p.stage, publicAccessBlock: present({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false }) };
  },
  'public-policy': (p) => {
    stagePolicy(p, (ss) => [...ss, { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` }]);
    p.stage = { ...p.stage, publicAccessBlock: present(OPEN_PAB), policyStatus: present({ isPublic: true }) };
  },
  'acls-enabled': (p) => {
    p.stage = { ...p.stage, ownershipControls: present('ObjectWriter'), acl: present([{ granteeType: 'CanonicalUser', granteeId: 'owner', permission: 'FULL_CONTROL' }]) };
  },
  'aws-managed-key': (p) => {
    p.stage = { ...p.stage, encryption: present([{ sseAlgorithm: 'aws:kms', bucketKeyEnabled: true }]) };
  },
  'no-bucket-key': (p) => {
    p.stage = { ...p.stage, encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KMS_MRK_ARN, bucketKeyEnabled: false }]) };
  },
  'versioning-suspended': (p) => {
    p.stage = { ...p.stage, versioning: present({ status: 'Suspended', mfaDelete: 'Disabled' }) };
  },
  'no-tls-deny': (p) => stagePolicy(p, drop('DenyInsecureTransport')),
  'no-wrong-key-deny': (p) => stagePolicy(p, drop('DenyWrongKmsKey')),
  'external-grant': (p) =>
    stagePolicy(p, (ss) => [...ss, { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` }]),
  'lifecycle-no-glacier': (p) => {
    if (p.stage.lifecycle.state !== 'present') return;
    const lc = p.stage.lifecycle.value;
    p.stage = { ...p.stage, lifecycle: present({ ...lc, rules: lc.rules.map((r) => ({ ...r, transitions: r.transitions.filter((t) => t.storageClass !== 'GLACIER') })) }) };
  },
  'no-logging': (p) => {
    p.stage = { ...p.stage, logging: absent() };
  },
  'replication-no-sse-kms': (p) => {
    if (p.stage.replication.state !== 'present') return;
    const r = p.stage.replication.value;
    p.stage = { ...p.stage, replication: present({ ...r, rules: r.rules.map((x) => ({ ...x, sseKmsEncryptedObjects: 'Disabled' as const })) }) };
  },
  'replication-role-wildcard': (p) => {
    const d = replicationRolePolicy();
    p.replication = { ...p.replication, policies: present([{ name: 'replication', kind: 'inline', document: { ...d, Statement: bySid('Destination', { Action: 's3:*' })(d.Statement) } }]) };
  },
  'object-before-encryption': (p) => {
    p.stage = { ...p.stage, objectSample: present([{ key: 'data/legacy.csv', sse: 'AES256' }, { key: 'data/part-0001.parquet', sse: 'aws:kms', kmsKeyId: KMS_MRK_ARN, bucketKeyEnabled: true }]) };
  },
  'key-external-origin': (p) => {
    p.primary = { ...withMetadata(p.primary, { origin: 'EXTERNAL' }), rotation: absent('imported key material does not rotate') };
    p.replicaKey = withMetadata(p.replicaKey, { origin: 'EXTERNAL' });
  },
  'key-disabled': (p) => {
    p.primary = withMetadata(p.primary, { keyState: 'Disabled', enabled: false });
  },
  'no-deletion-guard': (p) => {
    p.primary = withPolicy(p.primary, drop('GuardDeletionWindow'));
  },
  'rotation-off': (p) => {
    p.primary = { ...p.primary, rotation: present({ enabled: false }) };
  },
  'no-alias': (p) => {
    p.inventory = { ...p.inventory, aliases: Object.fromEntries(Object.keys(p.inventory.aliases).map((r) => [r, present([])])) };
  },
  'replica-not-mrk': (p) => {
    const id = '2222bbbb-12ab-34cd-56ef-1234567890ab';
    const arn = `arn:aws:kms:${KMS_REPLICA_REGION}:${ACCOUNT}:key/${id}`;
    p.replicaKey = makeKeyWithMetadata({ keyId: id, arn }, { arn, region: KMS_REPLICA_REGION, referencedBy: p.replicaKey.referencedBy, policy: p.replicaKey.policy });
    p.primary = withMetadata(p.primary, { multiRegion: false, multiRegionKeyType: undefined, replicaKeys: [] });
    if (p.stage.replication.state === 'present') {
      const r = p.stage.replication.value;
      p.stage = { ...p.stage, replication: present({ ...r, rules: r.rules.map((x) => ({ ...x, replicaKmsKeyId: arn })) }) };
    }
    p.replica = { ...p.replica, encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: arn, bucketKeyEnabled: true }]) };
    p.inventory = { ...p.inventory, aliases: { ...p.inventory.aliases, [KMS_REPLICA_REGION]: present([{ name: 'alias/snowflake-s3-kms', arn: `arn:aws:kms:${KMS_REPLICA_REGION}:${ACCOUNT}:alias/snowflake-s3-kms`, targetKeyId: id }]) } };
  },
  'key-policy-no-root': (p) => {
    p.primary = withPolicy(p.primary, drop('EnableRootAdmin'));
  },
  'key-policy-public': (p) => {
    p.primary = withPolicy(p.primary, (ss) => [...ss, { Sid: 'Public', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }]);
  },
  'key-policy-no-via-service': (p) => {
    p.primary = withPolicy(p.primary, bySid('AllowSnowflakeRoleViaS3', { Condition: undefined }));
  },
  'key-policy-encrypt': (p) => {
    p.primary = withPolicy(p.primary, bySid('AllowSnowflakeRoleViaS3', { Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:Encrypt'] }));
  },
  'key-policy-direct-snowflake-grant': (p) => {
    p.primary = withPolicy(p.primary, (ss) => [...ss, { Sid: 'SnowflakeDirect', Effect: 'Allow', Principal: { AWS: SNOWFLAKE_USER_ARN }, Action: 'kms:Decrypt', Resource: '*' }]);
  },
  'replica-policy-missing-role': (p) => {
    p.replicaKey = withPolicy(p.replicaKey, drop('AllowReplicationRole'));
  },
  'trust-no-external-id': (p) => {
    p.snowflake = { ...p.snowflake, trustPolicy: present(doc({ Sid: 'SnowflakeAssume', Effect: 'Allow', Principal: { AWS: SNOWFLAKE_USER_ARN }, Action: 'sts:AssumeRole' })) };
  },
  'trust-external-id-wildcard': (p) => {
    p.snowflake = { ...p.snowflake, trustPolicy: present(doc({ Sid: 'SnowflakeAssume', Effect: 'Allow', Principal: { AWS: SNOWFLAKE_USER_ARN }, Action: 'sts:AssumeRole', Condition: { StringLike: { 'sts:ExternalId': '*' } } })) };
  },
  'trust-second-allow': (p) => {
    const t = snowflakeTrustPolicy();
    p.snowflake = { ...p.snowflake, trustPolicy: present({ ...t, Statement: [...t.Statement, { Sid: 'Second', Effect: 'Allow', Principal: { AWS: SNOWFLAKE_USER_ARN }, Action: 'sts:AssumeRole' }] }) };
  },
  'trust-root-principal': (p) => {
    p.snowflake = { ...p.snowflake, trustPolicy: present(snowflakeTrustPolicy('arn:aws:iam::999988887777:root', SNOWFLAKE_EXTERNAL_ID)) };
  },
  'role-s3-wildcard': (p) => snowflakePolicy(p, bySid('StageObjects', { Action: 's3:*', Resource: '*' })),
  'role-list-any-prefix': (p) => snowflakePolicy(p, bySid('StageList', { Condition: { StringLike: { 's3:prefix': ['*'] } } })),
  'role-kms-no-via-service': (p) => snowflakePolicy(p, bySid('StageKey', { Condition: undefined })),
  'replication-trust-unbound': (p) => {
    p.replication = { ...p.replication, trustPolicy: present(replicationTrust(false)) };
  },
  // cloudtrail.test.ts
  'trail-single-region': (p) => editTrail(p, { isMultiRegion: false }),
  'trail-validation-off': (p) => editTrail(p, { logFileValidationEnabled: false }),
  'trail-not-logging': (p) => editTrail(p, { status: present({ isLogging: false }) }),
  'trail-kms-events-excluded': (p) =>
    editTrail(p, {
      selectors: present({
        advanced: [{ name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, { field: 'eventSource', notEquals: ['kms.amazonaws.com'] }] }],
      }),
    }),
  'trail-data-events-exclude-stage': (p) =>
    editTrail(p, {
      selectors: present({
        advanced: [
          { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
          { name: 'Data', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }, { field: 'resources.ARN', notStartsWith: [`${BUCKET_ARN}/`] }] },
        ],
      }),
    }),
  'no-trail': (p) => {
    p.inventory = { ...p.inventory, trails: [], trailList: present([]) };
  },
};

export const deviationNames = Object.keys(DEVIATIONS);

/** The architecture with the named deviations applied, in order. */
export function architectureWith(...deviations: string[]): Inventory {
  const p = compliantParts();
  for (const d of deviations) DEVIATIONS[d]!(p);
  return assemble(p);
}

