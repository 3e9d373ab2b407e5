import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  type LifecycleRule as SdkLifecycleRule,
  type ReplicationRule as SdkReplicationRule,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import type {
  AclGrant,
  BucketInventory,
  EncryptionRule,
  Lifecycle,
  LifecycleRule,
  Logging,
  ObjectHead,
  PublicAccessBlock,
  Replication,
  Versioning,
} from '../../model/inventory.js';
import { absent, notRead, present, unknown, type Observed } from '../../model/observed.js';
import type { PolicyDocument } from '../../model/policy-document.js';
import { parsePolicyJson } from '../../policy/statements.js';
import { isSseKms } from '../../model/encryption.js';
import type { AwsClients } from './clients.js';
import { describeFailure, observe } from './errors.js';
import type { Limit } from './limit.js';
import { declareCalls } from './declared-calls.js';

/** IAM needs of this file's calls (declared-calls.ts). */
export const S3_CALLS = declareCalls([
  { service: 's3', operation: 'ListBuckets', action: 's3:ListAllMyBuckets', resource: 'account', feature: 'core' },
  {
    service: 's3',
    operation: 'GetBucketLocation',
    action: 's3:GetBucketLocation',
    resource: 'bucket',
    feature: 'core',
    when: 'only for a bucket ListBuckets returns without BucketRegion (S3-compatible endpoints and emulators; AWS always gives it)',
  },
  { service: 's3control', operation: 'GetPublicAccessBlock', action: 's3:GetAccountPublicAccessBlock', resource: 'account', feature: 'core' },
  { service: 's3', operation: 'GetBucketPolicy', action: 's3:GetBucketPolicy', resource: 'bucket', feature: 'core' },
  { service: 's3', operation: 'GetBucketPolicyStatus', action: 's3:GetBucketPolicyStatus', resource: 'bucket', feature: 'core', when: 'only for a bucket that has a bucket policy' },
  { service: 's3', operation: 'GetBucketOwnershipControls', action: 's3:GetBucketOwnershipControls', resource: 'bucket', feature: 'core' },
  { service: 's3', operation: 'GetBucketAcl', action: 's3:GetBucketAcl', resource: 'bucket', feature: 'core', when: 'only for a bucket whose ACLs are not disabled (ownership other than BucketOwnerEnforced)' },
  { service: 's3', operation: 'GetBucketVersioning', action: 's3:GetBucketVersioning', resource: 'bucket', feature: 'core' },
  { service: 's3', operation: 'GetPublicAccessBlock', action: 's3:GetBucketPublicAccessBlock', resource: 'bucket', feature: 'core' },
  { service: 's3', operation: 'GetBucketLifecycleConfiguration', action: 's3:GetLifecycleConfiguration', resource: 'bucket', feature: 'core' },
  { service: 's3', operation: 'GetBucketEncryption', action: 's3:GetEncryptionConfiguration', resource: 'bucket', feature: 'core' },
  { service: 's3', operation: 'GetBucketLogging', action: 's3:GetBucketLogging', resource: 'bucket', feature: 'core' },
  { service: 's3', operation: 'GetBucketReplication', action: 's3:GetReplicationConfiguration', resource: 'bucket', feature: 'core' },
  // HeadObject reads metadata only: no kms:Decrypt, whatever key encrypts the object.
  { service: 's3', operation: 'HeadObject', action: 's3:GetObject', resource: 'object', feature: 'objects', when: 'only for a bucket whose sample listed at least one object' },
  { service: 's3', operation: 'ListObjectsV2', action: 's3:ListBucket', resource: 'bucket', feature: 'objects' },
]);

export interface ListedBucket {
  name: string;
  region: string;
  /** Set when the Region could not be read and `region` is the scan's default Region, a guess. */
  regionUnknown?: string;
  creationDate?: string;
}

/** ListBuckets, paginated, with BucketRegion: no GetBucketLocation per bucket. */
export async function listBuckets(clients: AwsClients, limit: Limit): Promise<Observed<ListedBucket[]>> {
  const out: ListedBucket[] = [];
  let token: string | undefined;
  const s3 = clients.s3(clients.defaultRegion);
  do {
    const page = await observe(
      's3:ListBuckets',
      () => limit(() => s3.send(new ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) }))),
      (r) => r,
    );
    if (page.state !== 'present') return page.state === 'absent' ? present(out) : page;
    for (const b of page.value.Buckets ?? []) {
      if (!b.Name) continue;
      out.push({
        name: b.Name,
        region: b.BucketRegion ?? '',
        ...(b.CreationDate ? { creationDate: b.CreationDate.toISOString() } : {}),
      });
    }
    token = page.value.ContinuationToken;
  } while (token);
  // AWS returns BucketRegion; some S3-compatible endpoints and emulators do not. Only then ask.
  await Promise.all(
    out
      .filter((b) => b.region === '')
      .map(async (b) => {
        const loc = await observe(
          's3:GetBucketLocation',
          () => limit(() => s3.send(new GetBucketLocationCommand({ Bucket: b.name }))),
          // An empty LocationConstraint means us-east-1; "EU" is the legacy name of eu-west-1.
          (r) => (!r.LocationConstraint ? 'us-east-1' : r.LocationConstraint === 'EU' ? 'eu-west-1' : r.LocationConstraint),
        );
        if (loc.state === 'present') b.region = loc.value;
        else {
          b.region = clients.defaultRegion;
          b.regionUnknown = loc.state === 'unknown' ? loc.reason : 's3:GetBucketLocation returned nothing';
        }
      }),
  );
  return present(out);
}

export async function readAccountPublicAccessBlock(clients: AwsClients, limit: Limit, accountId: string): Promise<Observed<PublicAccessBlock>> {
  return observe(
    's3control:GetPublicAccessBlock',
    () => limit(() => clients.s3control(clients.defaultRegion).send(new GetAccountPublicAccessBlockCommand({ AccountId: accountId }))),
    (r) => pab(r.PublicAccessBlockConfiguration),
    ['NoSuchPublicAccessBlockConfiguration'],
  );
}

type BucketConfig = Pick<
  BucketInventory,
  | 'encryption'
  | 'versioning'
  | 'publicAccessBlock'
  | 'policy'
  | 'policyStatus'
  | 'ownershipControls'
  | 'acl'
  | 'lifecycle'
  | 'logging'
  | 'replication'
>;

/**
 * The per-bucket configuration reads the rules need, all concurrent: 8 calls, plus
 * GetBucketPolicyStatus when a policy exists and GetBucketAcl when ACLs are not disabled.
 */
export async function readBucketConfig(clients: AwsClients, limit: Limit, bucket: ListedBucket): Promise<BucketConfig> {
  const s3 = clients.s3(bucket.region);
  const Bucket = bucket.name;

  const policyAndStatus = (async () => {
    const policy = await observe(
      's3:GetBucketPolicy',
      () => limit(() => s3.send(new GetBucketPolicyCommand({ Bucket }))),
      (r): Observed<PolicyDocument> => {
        if (!r.Policy) return absent();
        const parsed = parsePolicyJson(r.Policy);
        return parsed.ok ? present(parsed.document) : unknown(`bucket policy is malformed: ${parsed.reason}`);
      },
      ['NoSuchBucketPolicy'],
    );
    const policyStatus: Observed<{ isPublic: boolean }> =
      policy.state === 'absent'
        ? absent('no bucket policy')
        : await observe(
            's3:GetBucketPolicyStatus',
            () => limit(() => s3.send(new GetBucketPolicyStatusCommand({ Bucket }))),
            (r) => ({ isPublic: r.PolicyStatus?.IsPublic === true }),
            ['NoSuchBucketPolicy'],
          );
    return { policy, policyStatus };
  })();

  const ownershipAndAcl = (async () => {
    const ownershipControls = await observe(
      's3:GetBucketOwnershipControls',
      () => limit(() => s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))),
      (r): Observed<string> => {
        const v = r.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
        return v ? present(v) : absent();
      },
      ['OwnershipControlsNotFoundError'],
    );
    const acl: Observed<AclGrant[]> =
      ownershipControls.state === 'present' && ownershipControls.value === 'BucketOwnerEnforced'
        ? absent('ACLs are disabled (BucketOwnerEnforced); grants have no effect')
        : await observe('s3:GetBucketAcl', () => limit(() => s3.send(new GetBucketAclCommand({ Bucket }))), (r) =>
            (r.Grants ?? []).map((g) => ({
              granteeType: g.Grantee?.Type ?? 'Unknown',
              ...(g.Grantee?.URI ? { granteeUri: g.Grantee.URI } : {}),
              ...(g.Grantee?.ID ? { granteeId: g.Grantee.ID } : {}),
              permission: g.Permission ?? 'Unknown',
            })),
          );
    return { ownershipControls, acl };
  })();

  const [encryption, versioning, publicAccessBlock, lifecycle, logging, replication, pol, own] = await Promise.all([
    readBucketEncryption(clients, limit, bucket),
    observe(
      's3:GetBucketVersioning',
      () => limit(() => s3.send(new GetBucketVersioningCommand({ Bucket }))),
      (r): Versioning => ({
        status: r.Status === 'Enabled' || r.Status === 'Suspended' ? r.Status : 'Never',
        mfaDelete: r.MFADelete === 'Enabled' || r.MFADelete === 'Disabled' ? r.MFADelete : 'Never',
      }),
    ),
    observe(
      's3:GetPublicAccessBlock',
      () => limit(() => s3.send(new GetPublicAccessBlockCommand({ Bucket }))),
      (r) => pab(r.PublicAccessBlockConfiguration),
      ['NoSuchPublicAccessBlockConfiguration'],
    ),
    observe(
      's3:GetBucketLifecycleConfiguration',
      () => limit(() => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))),
      (r): Lifecycle => ({
        rules: (r.Rules ?? []).map(lifecycleRule),
        ...(r.TransitionDefaultMinimumObjectSize ? { transitionDefaultMinimumObjectSize: r.TransitionDefaultMinimumObjectSize } : {}),
      }),
      ['NoSuchLifecycleConfiguration'],
    ),
    readBucketLogging(clients, limit, bucket),
    readBucketReplication(clients, limit, bucket),
    policyAndStatus,
    ownershipAndAcl,
  ]);
  return { encryption, versioning, publicAccessBlock, lifecycle, logging, replication, ...pol, ...own };
}

/** Default encryption (GetBucketEncryption): absent when the bucket has none. */
export function readBucketEncryption(clients: AwsClients, limit: Limit, bucket: Pick<ListedBucket, 'name' | 'region'>): Promise<Observed<EncryptionRule[]>> {
  const s3 = clients.s3(bucket.region);
  const Bucket = bucket.name;
  return observe(
    's3:GetBucketEncryption',
    () => limit(() => s3.send(new GetBucketEncryptionCommand({ Bucket }))),
    (r): EncryptionRule[] =>
      (r.ServerSideEncryptionConfiguration?.Rules ?? []).map((rule) => ({
        sseAlgorithm: rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? 'none',
        ...(rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ? { kmsMasterKeyId: rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID } : {}),
        bucketKeyEnabled: rule.BucketKeyEnabled === true,
      })),
    ['ServerSideEncryptionConfigurationNotFoundError'],
  );
}

/** Server access logging (GetBucketLogging): absent when logging is off. */
export function readBucketLogging(clients: AwsClients, limit: Limit, bucket: Pick<ListedBucket, 'name' | 'region'>): Promise<Observed<Logging>> {
  const s3 = clients.s3(bucket.region);
  const Bucket = bucket.name;
  return observe(
    's3:GetBucketLogging',
    () => limit(() => s3.send(new GetBucketLoggingCommand({ Bucket }))),
    (r): Observed<Logging> =>
      r.LoggingEnabled?.TargetBucket
        ? present({ targetBucket: r.LoggingEnabled.TargetBucket, ...(r.LoggingEnabled.TargetPrefix ? { targetPrefix: r.LoggingEnabled.TargetPrefix } : {}) })
        : absent(),
  );
}

/** Replication (GetBucketReplication): absent when the bucket replicates nothing. */
export function readBucketReplication(clients: AwsClients, limit: Limit, bucket: Pick<ListedBucket, 'name' | 'region'>): Promise<Observed<Replication>> {
  const s3 = clients.s3(bucket.region);
  const Bucket = bucket.name;
  return observe(
    's3:GetBucketReplication',
    () => limit(() => s3.send(new GetBucketReplicationCommand({ Bucket }))),
    (r): Observed<Replication> =>
      r.ReplicationConfiguration ? present({ roleArn: r.ReplicationConfiguration.Role ?? '', rules: (r.ReplicationConfiguration.Rules ?? []).map(replicationRule) }) : absent(),
    ['ReplicationConfigurationNotFoundError'],
  );
}

/** HeadObject: how one object is encrypted. Throws the SDK error. */
export async function headObject(clients: AwsClients, limit: Limit, bucket: Pick<ListedBucket, 'name' | 'region'>, key: string): Promise<ObjectHead> {
  const h = await limit(() => clients.s3(bucket.region).send(new HeadObjectCommand({ Bucket: bucket.name, Key: key })));
  return {
    key,
    ...(h.ServerSideEncryption ? { sse: h.ServerSideEncryption } : {}),
    ...(h.SSEKMSKeyId ? { kmsKeyId: h.SSEKMSKeyId } : {}),
    ...(h.BucketKeyEnabled !== undefined ? { bucketKeyEnabled: h.BucketKeyEnabled } : {}),
    ...(h.LastModified ? { lastModified: h.LastModified.toISOString() } : {}),
  };
}

/** A bounded sample of objects: one ListObjectsV2 page of `size` keys, then HeadObject each, concurrently. */
export async function sampleObjects(clients: AwsClients, limit: Limit, bucket: ListedBucket, size: number): Promise<Observed<ObjectHead[]>> {
  if (size === 0) return notRead('object sampling is off (profile s3.objectSampleSize = 0)');
  const s3 = clients.s3(bucket.region);
  const listed = await observe(
    's3:ListObjectsV2',
    () => limit(() => s3.send(new ListObjectsV2Command({ Bucket: bucket.name, MaxKeys: size }))),
    (r) => (r.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])),
  );
  if (listed.state !== 'present') return listed;
  if (listed.value.length === 0) return absent('the bucket has no objects');
  // All at once (the shared limit bounds them), so a HeadObject that never answers costs the
  // sample one call's timeout, not one per object.
  const read = await Promise.all(
    listed.value.map(async (key) => {
      try {
        return { head: await headObject(clients, limit, bucket, key) };
      } catch (err) {
        return { unread: describeFailure(err, `s3:HeadObject (${key})`) };
      }
    }),
  );
  // Keep what was read: a known bad object still fails the rule; the rest is reported.
  const heads = read.flatMap((r) => (r.head ? [r.head] : []));
  const unread = read.flatMap((r) => (r.unread !== undefined ? [r.unread] : []));
  if (unread.length === 0) return present(heads);
  const known = heads.some((h) => !isSseKms(h.sse));
  return known ? present(heads) : unknown(unread.join('; '));
}

function pab(c: { BlockPublicAcls?: boolean; IgnorePublicAcls?: boolean; BlockPublicPolicy?: boolean; RestrictPublicBuckets?: boolean } | undefined): PublicAccessBlock {
  return {
    blockPublicAcls: c?.BlockPublicAcls === true,
    ignorePublicAcls: c?.IgnorePublicAcls === true,
    blockPublicPolicy: c?.BlockPublicPolicy === true,
    restrictPublicBuckets: c?.RestrictPublicBuckets === true,
  };
}

function lifecycleRule(r: SdkLifecycleRule): LifecycleRule {
  const f = r.Filter;
  const and = f?.And;
  const tags: Record<string, string> = {};
  for (const t of [...(f?.Tag ? [f.Tag] : []), ...(and?.Tags ?? [])]) if (t.Key) tags[t.Key] = t.Value ?? '';
  const prefix = f?.Prefix ?? and?.Prefix ?? r.Prefix;
  const gt = f?.ObjectSizeGreaterThan ?? and?.ObjectSizeGreaterThan;
  const lt = f?.ObjectSizeLessThan ?? and?.ObjectSizeLessThan;
  return {
    ...(r.ID ? { id: r.ID } : {}),
    status: r.Status === 'Enabled' ? 'Enabled' : 'Disabled',
    filter: {
      ...(prefix ? { prefix } : {}),
      ...(Object.keys(tags).length ? { tags } : {}),
      ...(gt !== undefined ? { objectSizeGreaterThan: Number(gt) } : {}),
      ...(lt !== undefined ? { objectSizeLessThan: Number(lt) } : {}),
    },
    transitions: (r.Transitions ?? []).map((t) => ({
      ...(t.Days !== undefined ? { days: t.Days } : {}),
      ...(t.Date ? { date: t.Date.toISOString() } : {}),
      storageClass: t.StorageClass ?? 'UNKNOWN',
    })),
    noncurrentTransitions: (r.NoncurrentVersionTransitions ?? []).map((t) => ({
      ...(t.NoncurrentDays !== undefined ? { noncurrentDays: t.NoncurrentDays } : {}),
      storageClass: t.StorageClass ?? 'UNKNOWN',
    })),
    ...(r.Expiration?.Days !== undefined ? { expirationDays: r.Expiration.Days } : {}),
    ...(r.NoncurrentVersionExpiration?.NoncurrentDays !== undefined ? { noncurrentExpirationDays: r.NoncurrentVersionExpiration.NoncurrentDays } : {}),
    ...(r.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined
      ? { abortIncompleteMultipartDays: r.AbortIncompleteMultipartUpload.DaysAfterInitiation }
      : {}),
  };
}

function replicationRule(r: SdkReplicationRule) {
  const prefix = r.Filter?.Prefix ?? r.Filter?.And?.Prefix ?? r.Prefix;
  const tags = Object.fromEntries([...(r.Filter?.Tag ? [r.Filter.Tag] : []), ...(r.Filter?.And?.Tags ?? [])].map((t) => [t.Key ?? '', t.Value ?? '']));
  return {
    ...(r.ID ? { id: r.ID } : {}),
    status: r.Status === 'Enabled' ? ('Enabled' as const) : ('Disabled' as const),
    ...(prefix ? { prefix } : {}),
    ...(Object.keys(tags).length ? { tags } : {}),
    destinationBucketArn: r.Destination?.Bucket ?? '',
    ...(r.Destination?.Account ? { destinationAccount: r.Destination.Account } : {}),
    ...(r.Destination?.EncryptionConfiguration?.ReplicaKmsKeyID ? { replicaKmsKeyId: r.Destination.EncryptionConfiguration.ReplicaKmsKeyID } : {}),
    ...(r.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status
      ? { sseKmsEncryptedObjects: r.SourceSelectionCriteria.SseKmsEncryptedObjects.Status === 'Enabled' ? ('Enabled' as const) : ('Disabled' as const) }
      : {}),
  };
}
