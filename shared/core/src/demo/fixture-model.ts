/**
 * The shape of a demo account: plain data, in the terms of the AWS APIs the collectors read.
 * The msw handlers in this folder turn it into wire responses; an optional field that is left out
 * is a configuration that does not exist, and the handlers answer with AWS's own "not found" error.
 */
import type { DemoSnowflake } from './snowflake-fixture.js';
import type { AdvancedEventSelector, AdvancedFieldSelector } from '../model/inventory.js';
import type { PolicyDocument } from '../model/policy-document.js';

export interface DemoPublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface DemoLifecycleRule {
  id: string;
  status: 'Enabled' | 'Disabled';
  /** Undefined: an empty <Filter/> (the whole bucket). */
  prefix?: string;
  transitions?: { days: number; storageClass: string }[];
  noncurrentTransitions?: { noncurrentDays: number; storageClass: string }[];
  expirationDays?: number;
  noncurrentExpirationDays?: number;
  abortIncompleteMultipartDays?: number;
}

export interface DemoReplicationRule {
  id: string;
  priority: number;
  status: 'Enabled' | 'Disabled';
  prefix?: string;
  destinationBucket: string;
  destinationAccount?: string;
  storageClass?: string;
  replicaKmsKeyId?: string;
  sseKmsEncryptedObjects?: 'Enabled' | 'Disabled';
  deleteMarkerReplication: 'Enabled' | 'Disabled';
}

export interface DemoGrant {
  grantee: { type: 'CanonicalUser'; id: string } | { type: 'Group'; uri: string };
  permission: 'FULL_CONTROL' | 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP';
}

export interface DemoObject {
  key: string;
  size: number;
  lastModified: string;
  etag: string;
  storageClass?: string;
  versionId?: string;
  sse: 'AES256' | 'aws:kms' | 'aws:kms:dsse';
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  replicationStatus?: 'COMPLETED' | 'PENDING' | 'FAILED' | 'REPLICA';
  contentType?: string;
}

export interface DemoBucket {
  name: string;
  region: string;
  creationDate: string;
  tags: Record<string, string>;
  encryption?: { sseAlgorithm: 'AES256' | 'aws:kms' | 'aws:kms:dsse'; kmsMasterKeyId?: string; bucketKeyEnabled: boolean };
  versioning?: { status: 'Enabled' | 'Suspended'; mfaDelete?: 'Enabled' | 'Disabled' };
  publicAccessBlock?: DemoPublicAccessBlock;
  policy?: PolicyDocument;
  /** What GetBucketPolicyStatus says; AWS computes it, the fixture states it. */
  policyIsPublic?: boolean;
  ownership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
  /** Grants besides the owner's FULL_CONTROL, which every bucket has. */
  extraGrants?: DemoGrant[];
  lifecycle?: { rules: DemoLifecycleRule[]; transitionDefaultMinimumObjectSize?: string };
  logging?: { targetBucket: string; targetPrefix: string };
  replication?: { role: string; rules: DemoReplicationRule[] };
  objects: DemoObject[];
  /** What CloudWatch publishes for the bucket: daily storage metrics and, optionally, request metrics. */
  metrics?: { storageBytes: Record<string, number>; objectCount: number; requestsPerDay?: { get: number; put: number } };
}

export interface DemoKey {
  /** A key id (uuid) or, for multi-Region keys, the shared mrk-… id. */
  keyId: string;
  region: string;
  description: string;
  creationDate: string;
  manager: 'CUSTOMER' | 'AWS';
  state: 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingReplicaDeletion';
  keySpec?: string;
  origin?: string;
  /** For multi-Region keys; the primary and its replicas share keyId. */
  multiRegionType?: 'PRIMARY' | 'REPLICA';
  rotation: { enabled: boolean; periodDays?: number; nextRotationDate?: string };
  policy: PolicyDocument;
  deletionDate?: string;
  pendingDeletionWindowInDays?: number;
  tags?: Record<string, string>;
}

export interface DemoAlias {
  name: string;
  region: string;
  /** AWS lists predefined aws/* aliases with no target until the service first creates the key. */
  targetKeyId?: string;
  creationDate?: string;
}

export interface DemoRole {
  name: string;
  roleId: string;
  path: string;
  description?: string;
  createDate: string;
  trustPolicy: PolicyDocument;
  inlinePolicies: Record<string, PolicyDocument>;
  attachedPolicyArns: string[];
  tags?: Record<string, string>;
}

export interface DemoManagedPolicy {
  arn: string;
  name: string;
  policyId: string;
  path: string;
  createDate: string;
  defaultVersionId: string;
  versions: { versionId: string; createDate: string; document: PolicyDocument }[];
}

/** Advanced selectors as AWS stores them: the same shape the inventory keeps. */
export type DemoFieldSelector = AdvancedFieldSelector;

/** A classic event selector (PutEventSelectors --event-selectors). */
export interface DemoClassicSelector {
  readWriteType: 'ReadOnly' | 'WriteOnly' | 'All';
  includeManagementEvents: boolean;
  excludeManagementEventSources?: string[];
  dataResources?: { type: string; values: string[] }[];
}

export type DemoAdvancedSelector = AdvancedEventSelector;

export interface DemoTrail {
  name: string;
  /** The Region the trail was created in; it answers GetTrailStatus and GetEventSelectors there. */
  homeRegion: string;
  /** Multi-Region trails also show in every other Region's DescribeTrails as shadow trails. */
  multiRegion: boolean;
  includeGlobalServiceEvents: boolean;
  organizationTrail?: boolean;
  logFileValidation: boolean;
  s3BucketName: string;
  /** No trailing slash; CloudTrail writes under <prefix>/AWSLogs/<account>/. */
  s3KeyPrefix?: string;
  /** The key ARN, as DescribeTrails reports it. Undefined: SSE-S3. */
  kmsKeyId?: string;
  /** What GetTrailStatus says; times are ISO 8601. */
  status: {
    isLogging: boolean;
    latestDeliveryError?: string;
    latestDeliveryTime?: string;
    latestDigestDeliveryTime?: string;
    startLoggingTime?: string;
    stopLoggingTime?: string;
  };
  /** A trail has either classic or advanced event selectors, never both. */
  selectors: { classic: DemoClassicSelector[] } | { advanced: DemoAdvancedSelector[] };
}

export interface DemoFixture {
  account: string;
  partition: string;
  /** The identity the demo "scans as" (sts:GetCallerIdentity). */
  caller: { arn: string; userId: string };
  /** The canonical user id that owns every bucket. */
  canonicalOwnerId: string;
  accountPublicAccessBlock?: DemoPublicAccessBlock;
  buckets: DemoBucket[];
  keys: DemoKey[];
  aliases: DemoAlias[];
  roles: DemoRole[];
  managedPolicies: DemoManagedPolicy[];
  trails: DemoTrail[];
  /** The Snowflake account the demo's SQL API answers for; none when absent. */
  snowflake?: DemoSnowflake;
}
