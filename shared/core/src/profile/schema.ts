import { z } from 'zod';

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS Region such as eu-west-1');
const days = z.number().int().positive();
const aliasName = z.string().regex(/^alias\/(?!aws\/)/, 'must start with alias/ and not be an AWS-managed alias/aws/… name');
const keyArn = z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, 'must be a full KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias');
const iamUserArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:user\/[\w+=,.@/-]+$/, 'must be an IAM user ARN (arn:aws:iam::<account>:user/<name>), as STORAGE_AWS_IAM_USER_ARN shows it');
const roleName = z.string().regex(/^[\w+=,.@/-]{1,512}$/, 'must be an IAM role name');

/** YYYY-MM-DD that is a real calendar day (2027-02-30 is not). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD, e.g. 2027-03-31')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, 'is not a calendar date');

/**
 * An accepted risk: findings of the rule(s) on the resource(s) become `suppressed` until the
 * expiry date, with the reason and approver on each. Rule ids are checked against the registry
 * when the profile loads (load.ts).
 */
const suppression = z.strictObject({
  /** A rule id, or a glob of rule ids (`*`, `?`), e.g. s3-mfa-delete or kms-policy-*. */
  rule: z.string().regex(/^[a-z0-9*?-]+$/, 'must be a rule id or a glob of rule ids, e.g. s3-mfa-delete or kms-policy-*'),
  /** The resource: ARN, snowflake:// id, name, or Terraform address; `*` and `?` are wildcards. */
  resource: z.string().min(1, 'must name the resource: an ARN, a name, a snowflake:// id or a glob of one'),
  reason: z.string().trim().min(1, 'must say why the risk is accepted'),
  /** The last day (UTC) the suppression applies; after it the finding counts again and the report says so. */
  expires: isoDate,
  approvedBy: z.string().trim().min(1, 'must name who approved it, or be left out').optional(),
});

const transition = z.strictObject({
  days,
  storageClass: z.enum(['STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE']),
});

export const profileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Regions to scan; empty means every Region that holds an in-scope bucket. */
  regions: z.array(region).default([]),
  scope: z
    .strictObject({
      /** Bucket name globs; a bucket matching any is in scope. */
      bucketNames: z.array(z.string().min(1)).default(['*']),
      /** Tag filters; when set, a bucket must also carry one of these tag key/value pairs. */
      bucketTags: z.record(z.string(), z.string()).default({}),
      excludeBucketNames: z.array(z.string().min(1)).default([]),
      /**
       * Buckets that serve the architecture (log targets, trail buckets) rather than hold its data:
       * scanned, so rules can look at them, but stage-bucket rules do not apply. Buckets that
       * receive another scanned bucket's access logs are recognised without being listed.
       */
      supportBucketNames: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  ownership: z
    .strictObject({
      /** Tag whose value names the owning team. */
      tagKey: z.string().min(1).optional(),
      /** Explicit owners by bucket-name glob, used when the tag is missing. */
      table: z.record(z.string(), z.string()).default({}),
    })
    .prefault({}),
  s3: z
    .strictObject({
      dataPrefix: z.string().default('data/'),
      lifecycle: z
        .strictObject({
          transitions: z.array(transition).default([
            { days: 30, storageClass: 'STANDARD_IA' },
            { days: 90, storageClass: 'GLACIER' },
          ]),
          noncurrentExpirationDays: days.default(90),
        })
        .prefault({}),
      requireAccessLogging: z.boolean().default(true),
      /** Principals outside the account that may appear in bucket policies. */
      allowedExternalPrincipals: z.array(z.string()).default([]),
      /** HeadObject sample per bucket for s3-objects-encrypted-with-cmk (0 turns sampling off). */
      objectSampleSize: z.number().int().min(0).max(100).default(3),
    })
    .prefault({}),
  kms: z
    .strictObject({
      alias: aliasName.default('alias/snowflake-s3-kms'),
      /** Explicit key ARNs; when empty the key is the one the alias targets in the bucket's Region. */
      keyArns: z.array(keyArn).default([]),
      rotationMaxDays: z.number().int().min(90).max(2560).default(365),
      minDeletionWindowDays: z.number().int().min(7).max(30).default(10),
      /** Actions a usage principal may hold on the key. */
      usageActions: z.array(z.string()).default(['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey']),
    })
    .prefault({}),
  replication: z
    .strictObject({
      expected: z.boolean().default(false),
      destinationRegions: z.array(region).default([]),
    })
    .prefault({}),
  cost: z
    .strictObject({
      /**
       * Used where CloudWatch has no measurement, and labelled "assumed" in every output. Requests
       * are per bucket per month; override them per profile to match the workload.
       */
      assumptions: z
        .strictObject({
          putsPerBucketMonth: z.number().nonnegative().default(100_000),
          getsPerBucketMonth: z.number().nonnegative().default(300_000),
          averageObjectSizeBytes: z.number().positive().default(1_048_576),
          /** Share of KMS requests left with a Bucket Key: AWS says "up to 99 %" fewer, so 1 % at best; 10 % for many-requester workloads. */
          bucketKeyResidualLow: z.number().min(0).max(1).default(0.01),
          bucketKeyResidualHigh: z.number().min(0).max(1).default(0.1),
          /** How long objects stay once archived, for lifecycle break-even (months). */
          retentionMonths: z.number().positive().default(12),
        })
        .prefault({}),
    })
    .prefault({}),
  iam: z
    .strictObject({
      /**
       * Roles of the scanned account that read or write the stage buckets besides the Snowflake role
       * (application roles, ETL jobs), by name or ARN. They get the iam-role-* scoping rules.
       */
      appRoles: z.array(z.string().regex(/^(arn:aws[a-z-]*:iam::\d{12}:role\/)?[\w+=,.@/-]{1,512}$/, 'must be an IAM role name or role ARN')).default([]),
      /** S3 actions those roles may hold (Snowflake's documented set for load and unload). */
      s3Actions: z
        .array(z.string().regex(/^s3:[A-Za-z]+$/, 'must be one S3 action without wildcards, e.g. s3:GetObject'))
        .default(['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:ListBucket', 's3:GetBucketLocation']),
    })
    .prefault({}),
  cloudtrail: z
    .strictObject({
      /**
       * Server access logging on the trail's bucket (CIS AWS Foundations 3.4, Security Hub
       * CloudTrail.7, severity Low). Off by default: the reference architecture's trail bucket does
       * not log its own access (the trail already records who changes it), so requiring it would
       * fail the architecture itself; turn it on where CIS is the bar.
       */
      requireBucketAccessLogging: z.boolean().default(false),
    })
    .prefault({}),
  snowflake: z
    .strictObject({
      /** STORAGE_AWS_IAM_USER_ARN of the storage integration (DESC INTEGRATION); the one principal the role may trust. */
      iamUserArn: iamUserArn.optional(),
      /**
       * The role named in STORAGE_AWS_ROLE_ARN, in the scanned account (name or path/name).
       * snowflake-s3-kms-role when unset, unless `stacks` name the roles.
       */
      roleName: roleName.optional(),
      /**
       * How to read the Snowflake account (SQL API v2, key-pair JWT); each field may instead come
       * from the environment (SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, SNOWFLAKE_ROLE,
       * SNOWFLAKE_PRIVATE_KEY_PATH or SNOWFLAKE_PRIVATE_KEY, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE). The
       * key and its passphrase are never written here: a path, or the name of an environment variable.
       */
      connection: z
        .strictObject({
          /** Account identifier: ORGNAME-ACCOUNT_NAME (preferred) or the locator, e.g. xy12345.eu-west-1. */
          account: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a Snowflake account identifier such as myorg-myaccount or xy12345.eu-west-1').optional(),
          user: z.string().min(1).optional(),
          /** The role the statements run as; the user's default role when unset. */
          role: z.string().min(1).optional(),
          /** PKCS#8 PEM private key file (encrypted or not). */
          privateKeyPath: z.string().min(1).optional(),
          /** Environment variable holding the passphrase of an encrypted key (default SNOWFLAKE_PRIVATE_KEY_PASSPHRASE). */
          privateKeyPassphraseEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
          /** Base URL override (a proxy or PrivateLink host); default https://<account>.snowflakecomputing.com. */
          url: z.string().url().optional(),
          /** Warehouse for --validate-integrations (SYSTEM$VALIDATE_STORAGE_INTEGRATION); SHOW and DESC need none. */
          warehouse: z.string().regex(/^[A-Za-z_][\w$]*$/, 'must be a warehouse name').optional(),
        })
        .optional(),
      /** Stages (DB.SCHEMA.STAGE globs) Snowflake also unloads into: the chain must allow writes there too. */
      unloadStages: z.array(z.string().min(1)).optional(),
      /** Owners of stages by DB.SCHEMA.STAGE glob (e.g. FINANCE.*.* → finance); otherwise the stage's owner role. */
      owners: z.record(z.string(), z.string()).optional(),
    })
    .prefault({}),
  /** Accepted risks (docs/suppressions.md). Each has a reason and an expiry date. */
  suppressions: z.array(suppression).default([]),
  /**
   * Honour the `envelope:ignore` tag on buckets, keys and roles (`rule-id[,rule-id] reason`). Off
   * for teams where the people who tag resources should not be the people who accept their risks;
   * a live scan then also skips reading bucket tags unless scope or ownership needs them.
   */
  suppressionTags: z.boolean().default(true),
  /**
   * The architecture repeated per team in one account: each stack owns the buckets its globs match
   * and names its own key alias (or key ARNs) and Snowflake role. The top-level kms and snowflake
   * values stay the default for the buckets no stack claims.
   */
  stacks: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[A-Za-z0-9][\w.-]*$/, 'must be a short name (letters, digits, . _ -), e.g. analytics'),
        buckets: z.array(z.string().min(1)).min(1, 'must name at least one bucket name glob'),
        kms: z.strictObject({ alias: aliasName.optional(), keyArns: z.array(keyArn).default([]) }).prefault({}),
        snowflake: z.strictObject({ roleName: roleName.optional(), iamUserArn: iamUserArn.optional() }).prefault({}),
      }),
    )
    .default([])
    .superRefine((stacks, ctx) => {
      const seen = new Set<string>();
      for (const [i, s] of stacks.entries()) {
        if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `names the stack ${s.name} twice` });
        seen.add(s.name);
      }
    }),
});

export type Profile = z.output<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;
