import type { Observed } from './observed.js';
import type { PolicyDocument } from './policy-document.js';

export type SourceKind = 'aws' | 'terraform-plan' | 'demo';

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface AccountInventory {
  id: string;
  partition: string;
  /** Account-level S3 Block Public Access (s3control:GetPublicAccessBlock). */
  publicAccessBlock: Observed<PublicAccessBlock>;
}

export interface EncryptionRule {
  sseAlgorithm: string;
  kmsMasterKeyId?: string;
  bucketKeyEnabled: boolean;
}

export interface Versioning {
  status: 'Enabled' | 'Suspended' | 'Never';
  mfaDelete: 'Enabled' | 'Disabled' | 'Never';
}

export interface AclGrant {
  granteeType: string;
  granteeUri?: string;
  granteeId?: string;
  permission: string;
}

export interface LifecycleTransition {
  days?: number;
  date?: string;
  storageClass: string;
}

export interface LifecycleRule {
  id?: string;
  status: 'Enabled' | 'Disabled';
  /** Undefined prefix and no tags/size filters means the rule covers the whole bucket. */
  filter: { prefix?: string; tags?: Record<string, string>; objectSizeGreaterThan?: number; objectSizeLessThan?: number };
  transitions: LifecycleTransition[];
  noncurrentTransitions: { noncurrentDays?: number; storageClass: string }[];
  expirationDays?: number;
  noncurrentExpirationDays?: number;
  abortIncompleteMultipartDays?: number;
}

export interface Lifecycle {
  rules: LifecycleRule[];
  /** 'all_storage_classes_128K' (the default since Sept 2024) or 'varies_by_storage_class'. */
  transitionDefaultMinimumObjectSize?: string;
}

export interface Logging {
  targetBucket: string;
  targetPrefix?: string;
}

export interface ReplicationRule {
  id?: string;
  status: 'Enabled' | 'Disabled';
  prefix?: string;
  /** Tag filter: the rule replicates only objects carrying these tags. */
  tags?: Record<string, string>;
  destinationBucketArn: string;
  destinationAccount?: string;
  replicaKmsKeyId?: string;
  sseKmsEncryptedObjects?: 'Enabled' | 'Disabled';
}

export interface Replication {
  roleArn: string;
  rules: ReplicationRule[];
}

export interface ObjectHead {
  key: string;
  sse?: string;
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  lastModified?: string;
}

/**
 * What a bucket holds and how much it is used, from CloudWatch (free daily storage metrics;
 * request metrics only where the bucket publishes them). Feeds the cost estimate.
 */
export interface BucketUsage {
  /** Average bytes over the last reported day, by CloudWatch StorageType (StandardStorage, StandardIAStorage, GlacierStorage, …). */
  storageBytes: Record<string, number>;
  /** NumberOfObjects (AllStorageTypes): includes noncurrent versions. */
  objectCount?: number;
  /** Requests per month from S3 request metrics (whole-bucket filter), scaled from `days` observed. */
  requests?: { get: number; put: number; filterId: string; days: number };
}

/**
 * Why a bucket is in the report, and whether architecture rules apply to it. Undetermined when a
 * read that could make it a support bucket failed (another bucket's logging target, the trail
 * list): architecture rules are then unknown on it, safety rules still run.
 */
export type BucketRole =
  | { kind: 'architecture' }
  | { kind: 'support'; why: string }
  | { kind: 'undetermined'; reason: string };

/** Where a Terraform plan declares a resource (plan mode only; a live scan has no source). */
export interface Declaration {
  /** The Terraform address, e.g. `module.stage["finance"].aws_s3_bucket.this`. */
  address: string;
  /** The `resource "TYPE" "NAME"` line, when the .tf files are beside the plan. */
  location?: SourceLocation;
}

export interface SourceLocation {
  /** Relative to the working directory when under it (the repository root in CI), else absolute; `/` separators. */
  file: string;
  /** 1-based. */
  line: number;
}

export interface BucketInventory {
  /** Plan mode: the Terraform address and .tf line the resource comes from. */
  declaredAt?: Declaration;
  name: string;
  arn: string;
  /** The bucket's Region; the scan's default Region, a guess, when `regionUnknown` is set. */
  region: string;
  /**
   * Why the Region could not be read (s3:ListBuckets gave none and s3:GetBucketLocation failed).
   * Rules whose verdict depends on the Region (key Region, log target Region, replication
   * destination, prices) are then unknown with this reason.
   */
  regionUnknown?: string;
  account: string;
  creationDate?: string;
  role: BucketRole;
  tags: Observed<Record<string, string>>;
  owner?: string;
  encryption: Observed<EncryptionRule[]>;
  versioning: Observed<Versioning>;
  publicAccessBlock: Observed<PublicAccessBlock>;
  /** Parsed bucket policy. A policy that is not valid policy JSON is unknown, with the reason. */
  policy: Observed<PolicyDocument>;
  policyStatus: Observed<{ isPublic: boolean }>;
  ownershipControls: Observed<string>;
  acl: Observed<AclGrant[]>;
  lifecycle: Observed<Lifecycle>;
  logging: Observed<Logging>;
  replication: Observed<Replication>;
  objectSample: Observed<ObjectHead[]>;
  /** CloudWatch usage; unknown when cost estimation is off or the read failed, absent when the bucket publishes no metrics. */
  usage: Observed<BucketUsage>;
}

export interface KeyMetadata {
  keyId: string;
  arn: string;
  keyManager: 'CUSTOMER' | 'AWS' | string;
  keyState: string;
  keySpec: string;
  keyUsage: string;
  origin: string;
  enabled: boolean;
  description?: string;
  creationDate?: string;
  deletionDate?: string;
  pendingDeletionWindowInDays?: number;
  /**
   * The waiting period a deletion of the key will use, where its configuration sets one: Terraform's
   * deletion_window_in_days (unset means AWS's default, 30). Only plans have it: live keys carry
   * no such property until deletion is scheduled.
   */
  deletionWindowInDays?: Observed<number>;
  multiRegion: boolean;
  multiRegionKeyType?: 'PRIMARY' | 'REPLICA';
  primaryKeyArn?: string;
  replicaKeys: { arn: string; region: string }[];
}

export interface KeyInventory {
  /** Plan mode: the Terraform address and .tf line the resource comes from. */
  declaredAt?: Declaration;
  /** The ARN the key was referenced by, normalised to a key ARN when it could be resolved. */
  arn: string;
  region: string;
  account: string;
  /**
   * Who points at this key: bucket ARNs, replication rules, the profile. Empty for a customer key
   * nothing in the scan references (read only for cost-unused-kms-key; architecture rules skip it).
   */
  referencedBy: string[];
  metadata: Observed<KeyMetadata>;
  rotation: Observed<{ enabled: boolean; periodDays?: number }>;
  policy: Observed<PolicyDocument>;
  owner?: string;
  /** The key's `envelope:ignore` tag value, where its tags were read (plan mode). */
  ignoreTag?: string;
}

export interface AliasEntry {
  name: string;
  arn: string;
  targetKeyId?: string;
}

export interface RoleInventory {
  /** Plan mode: the Terraform address and .tf line the resource comes from. */
  declaredAt?: Declaration;
  arn: string;
  name: string;
  account: string;
  /** Why the role was read: 'replication' for a bucket's replication role; later 'snowflake', 'app'. */
  purposes: string[];
  trustPolicy: Observed<PolicyDocument>;
  /** Inline and attached policies, by name. Unknown when any of them could not be read. */
  policies: Observed<{ name: string; kind: 'inline' | 'managed'; document: PolicyDocument }[]>;
  owner?: string;
  /** The role's `envelope:ignore` tag value (GetRole returns the tags, so it costs no call). */
  ignoreTag?: string;
}

/** cloudtrail:GetTrailStatus. */
export interface TrailStatus {
  isLogging: boolean;
  latestDeliveryError?: string;
  latestDigestDeliveryTime?: string;
}

export interface TrailDataResource {
  /** e.g. AWS::S3::Object, AWS::Lambda::Function. */
  type: string;
  /** ARN prefixes: arn:aws:s3 (all), arn:aws:s3::: (all), arn:aws:s3:::bucket/ or arn:aws:s3:::bucket/prefix. */
  values: string[];
}

/** A classic event selector (GetEventSelectors → EventSelectors). */
export interface ClassicEventSelector {
  readWriteType: 'All' | 'ReadOnly' | 'WriteOnly' | string;
  includeManagementEvents: boolean;
  excludeManagementEventSources: string[];
  dataResources: TrailDataResource[];
}

/** One field of an advanced event selector: values within an operator are ORed, operators ANDed. */
export interface AdvancedFieldSelector {
  field: string;
  equals?: string[];
  startsWith?: string[];
  endsWith?: string[];
  notEquals?: string[];
  notStartsWith?: string[];
  notEndsWith?: string[];
}

export interface AdvancedEventSelector {
  name?: string;
  fieldSelectors: AdvancedFieldSelector[];
}

/** A trail uses either classic or advanced selectors; both are kept as read. */
export interface TrailSelectors {
  classic?: ClassicEventSelector[];
  advanced?: AdvancedEventSelector[];
}

/** cloudtrail:DescribeTrails (shadow trails included), then GetTrailStatus + GetEventSelectors in the home Region. */
export interface TrailInventory {
  /** Plan mode: the Terraform address and .tf line the resource comes from. */
  declaredAt?: Declaration;
  arn: string;
  name: string;
  homeRegion: string;
  account: string;
  isMultiRegion: boolean;
  includeGlobalServiceEvents: boolean;
  isOrganizationTrail: boolean;
  s3BucketName?: string;
  s3KeyPrefix?: string;
  /** The trail's KMS key ARN as DescribeTrails reports it; absent when the trail is SSE-S3 encrypted. */
  kmsKeyId?: string;
  /** Why the trail's KMS key is not known (a plan value only apply will tell): kmsKeyId is then absent, and no rule reads that as SSE-S3. */
  kmsKeyIdUnknown?: string;
  /** Why the trail's bucket is not known (a plan value only apply will tell): s3BucketName is then absent. */
  s3BucketNameUnknown?: string;
  logFileValidationEnabled: boolean;
  status: Observed<TrailStatus>;
  selectors: Observed<TrailSelectors>;
}

/**
 * A Snowflake storage integration. `properties` are DESC STORAGE INTEGRATION's rows by property
 * name (ENABLED, STORAGE_PROVIDER, STORAGE_AWS_ROLE_ARN, STORAGE_AWS_IAM_USER_ARN,
 * STORAGE_AWS_EXTERNAL_ID, STORAGE_ALLOWED_LOCATIONS, STORAGE_BLOCKED_LOCATIONS, …), from a live
 * account (collect/snowflake) or a Terraform plan (collect/terraform/snowflake.ts) alike.
 * Live ids are `snowflake://<ACCOUNT>/<NAME>`.
 */
export interface SnowflakeIntegrationInventory {
  /** Plan mode: the Terraform address and .tf line the object comes from. */
  declaredAt?: Declaration;
  id: string;
  name: string;
  account: string;
  properties: Observed<Record<string, string>>;
  /** Plan mode: property → why only apply will tell it (it is then left out of `properties`; never read as unset). */
  unknownProperties?: Record<string, string>;
  /** Live, with --validate-integrations: what SYSTEM$VALIDATE_STORAGE_INTEGRATION answered. Absent when not asked. */
  validation?: Observed<IntegrationValidation>;
}

/** SYSTEM$VALIDATE_STORAGE_INTEGRATION's answer: Snowflake itself writing, reading, listing and deleting a file. */
export interface IntegrationValidation {
  /** The s3:// location the probe used (inside STORAGE_ALLOWED_LOCATIONS) and the file it wrote there. */
  location: string;
  file: string;
  status: string;
  /** READ, WRITE, LIST, DELETE → success / failure, with Snowflake's message. */
  actions: Record<string, { status: string; message?: string }>;
  message?: string;
}

/**
 * A Snowflake external stage. Live: SHOW STAGES' columns as properties (URL in DESC STAGE's
 * `["s3://…"]` form, STORAGE_INTEGRATION, HAS_CREDENTIALS, HAS_ENCRYPTION_KEY, OWNER, DATABASE_NAME,
 * SCHEMA_NAME, TYPE, CLOUD); plans add ENCRYPTION.TYPE / ENCRYPTION.KMS_KEY_ID, which Snowflake never
 * shows. Live ids are `snowflake://<ACCOUNT>/<DB>.<SCHEMA>.<STAGE>`.
 */
export interface SnowflakeStageInventory {
  /** Plan mode: the Terraform address and .tf line the object comes from. */
  declaredAt?: Declaration;
  id: string;
  name: string;
  account: string;
  properties: Observed<Record<string, string>>;
  /** Plan mode: property → why only apply will tell it (it is then left out of `properties`; never read as unset). */
  unknownProperties?: Record<string, string>;
  /** The team the profile maps the stage to (snowflake.owners by DB.SCHEMA.STAGE glob, else its owner role). */
  owner?: string;
}

/** Whether the Snowflake side was read at all, and what its listings returned (live scans only). */
export interface SnowflakeListing {
  /** The Snowflake account identifier the scan read. */
  account: string;
  /** SHOW STORAGE INTEGRATIONS: the names the role can see. */
  integrations: Observed<string[]>;
  /** SHOW STAGES: how many external stages were listed; unknown when a listing failed or was cut short. */
  stages: Observed<number>;
}

/** Something the scan could not see, for the "what envelope could not see" section of reports. */
export interface Gap {
  resource: string;
  what: string;
  reason: string;
}

export interface Inventory {
  source: { kind: SourceKind; accounts: string[]; regions: string[] };
  /** When collection started (ISO 8601): the "now" of every rule, which read no clock. */
  collectedAt: string;
  account: AccountInventory;
  buckets: BucketInventory[];
  /**
   * Whether the bucket list itself was read (s3:ListBuckets): the names it returned, in scope or
   * not. Absent from inventories that did not list buckets; rules that conclude "no bucket
   * references it" or "it is not one of the buckets" treat that as unknown.
   */
  bucketList?: Observed<string[]>;
  keys: KeyInventory[];
  /** Aliases per Region (kms:ListAliases once per Region). */
  aliases: Record<string, Observed<AliasEntry[]>>;
  roles: RoleInventory[];
  trails: TrailInventory[];
  /**
   * Whether the trail list itself was read (cloudtrail:DescribeTrails): the ARNs it returned. Absent
   * from inventories that never read trails (terraform plans, older fixtures); account-level trail
   * rules treat that as unknown, never as "no trails".
   */
  trailList?: Observed<string[]>;
  snowflake: {
    integrations: SnowflakeIntegrationInventory[];
    stages: SnowflakeStageInventory[];
    /** Live scans with Snowflake configured: what the listings returned. Absent when Snowflake was not read. */
    listing?: SnowflakeListing;
  };
  gaps: Gap[];
}
