import { z } from 'zod';
import { SEVERITIES, STATUSES, SUPPRESSIBLE } from '../model/finding.js';

/**
 * The JSON report, schemaVersion 1. This zod schema is the source of the shipped JSON Schema
 * (schema/report.schema.json, generated at build); tests validate real output against that file.
 */
const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const resourceRefSchema = z.object({
  id: z.string(),
  type: z.enum(['account', 'bucket', 'key', 'role', 'trail', 'snowflake-integration', 'snowflake-stage']),
  name: z.string(),
  region: z.string().optional(),
  account: z.string(),
  owner: z.string().optional(),
  /** Terraform plans: the resource's address, e.g. aws_s3_bucket.stage. */
  address: z.string().optional(),
  /** Terraform plans with the .tf files beside them: the `resource` block's file and line. */
  location: z.object({ file: z.string(), line: z.number().int().min(1) }).optional(),
});

export const findingSchema = z.object({
  ruleId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  status: z.enum(STATUSES),
  severity: z.enum(SEVERITIES),
  resource: resourceRefSchema,
  message: z.string(),
  messageId: z.string(),
  data: z.record(z.string(), scalar).optional(),
  evidence: z.record(z.string(), z.unknown()).optional(),
  remediation: z.string(),
  docs: z.string(),
  /** With --group-by framework: the controls of other frameworks the finding's rule overlaps. */
  mappings: z
    .object({
      securityHub: z.array(z.string()).optional(),
      cis: z.array(z.string()).optional(),
      prowler: z.array(z.string()).optional(),
      checkov: z.array(z.string()).optional(),
    })
    .optional(),
  /**
   * Incremental scans (--since): when the resource behind a finding carried over from an earlier
   * report was last read (ISO 8601). Absent on findings this run evaluated: they were observed at
   * `scannedAt`.
   */
  observedAt: z.string().datetime().optional(),
  /** Status `suppressed` only: the rule's own verdict (a suppressed unknown was not seen). */
  suppressedStatus: z.enum(SUPPRESSIBLE).optional(),
  /** Status `suppressed` only: which suppression applied. */
  suppression: z
    .object({
      source: z.enum(['profile', 'tag']),
      reason: z.string(),
      expires: z.string().optional(),
      approvedBy: z.string().optional(),
      rule: z.string().optional(),
      resource: z.string().optional(),
      tag: z.string().optional(),
    })
    .optional(),
});

const profileSuppressionSchema = z.object({ rule: z.string(), resource: z.string(), reason: z.string(), expires: z.string(), approvedBy: z.string().optional() });

/** What the suppressions did besides the findings they suppressed (src/suppress/apply.ts). */
export const reportSuppressionsSchema = z.object({
  /** Profile entries past their date: they no longer apply; `matches` counts the fail/unknown findings they would cover. */
  expired: z.array(profileSuppressionSchema.extend({ matches: z.number().int() })),
  /** Entries and tag rule ids that suppressed nothing: the risk is gone, or the pattern is wrong. */
  stale: z.array(
    z.object({
      source: z.enum(['profile', 'tag']),
      rule: z.string(),
      resource: z.string(),
      reason: z.string().optional(),
      expires: z.string().optional(),
      approvedBy: z.string().optional(),
      why: z.string(),
    }),
  ),
  /** `envelope:ignore` tags that could not be read as a suppression, and so suppress nothing. */
  invalidTags: z.array(z.object({ resource: z.string(), resourceName: z.string(), tag: z.string(), value: z.string(), problem: z.string() })),
});

export type ReportSuppressions = z.infer<typeof reportSuppressionsSchema>;

export const costLineSchema = z.object({
  resourceId: z.string(),
  component: z.string(),
  region: z.string().optional(),
  quantity: z.number(),
  unit: z.string(),
  unitPrice: z.number(),
  monthlyAmount: z.number(),
  basis: z.enum(['measured', 'planned', 'assumed']),
  note: z.string().optional(),
});

export const costSectionSchema = z.object({
  currency: z.literal('USD'),
  priceTableDate: z.string(),
  monthlyTotal: z.number(),
  lines: z.array(costLineSchema),
  savings: z.array(
    z.object({ resourceId: z.string(), action: z.string(), monthlyLow: z.number(), monthlyHigh: z.number(), note: z.string().optional() }),
  ),
  assumptions: z.array(z.string()),
  priceSources: z.array(z.object({ region: z.string(), source: z.string() })).optional(),
});

export const reportSchema = z.object({
  $schema: z.string().optional(),
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('envelope'), version: z.string() }),
  scannedAt: z.string().datetime(),
  source: z.object({ kind: z.enum(['aws', 'terraform-plan', 'demo']), accounts: z.array(z.string()), regions: z.array(z.string()) }),
  profile: z.object({
    name: z.string(),
    /** sha256 of the profile as loaded and the --region filter: --since scans only on top of a report with the same one. */
    fingerprint: z.string().optional(),
  }),
  resources: z.array(
    resourceRefSchema.extend({
      role: z.enum(['architecture', 'support', 'undetermined']).optional(),
      roleReason: z.string().optional(),
      /**
       * Buckets: the ARNs of what the bucket's configuration points at (its encryption and
       * replication keys, replication role and destinations, log target bucket). The next --since
       * scan re-reads a bucket when one of them changes.
       */
      uses: z.array(z.string()).optional(),
      /** Incremental scans: when a resource carried over from an earlier report was last read; absent when read by this run. */
      observedAt: z.string().datetime().optional(),
    }),
  ),
  findings: z.array(findingSchema),
  summary: z.object({
    /** `suppressed` is absent in reports written before suppressions existed. */
    byStatus: z.object({
      fail: z.number().int(),
      unknown: z.number().int(),
      suppressed: z.number().int().optional(),
      pass: z.number().int(),
      not_applicable: z.number().int(),
    }),
    failBySeverity: z.record(z.enum(SEVERITIES), z.number().int()),
  }),
  /** What the scan could not see: each read that failed, and why. */
  gaps: z.array(
    z.object({
      resource: z.string(),
      what: z.string(),
      reason: z.string(),
      /** The account the gap is in: set in reports of more than one account (--assume-role, merge). */
      account: z.string().optional(),
    }),
  ),
  /** Absent in reports written before suppressions existed. */
  suppressions: reportSuppressionsSchema.optional(),
  /** Null until cost estimation runs (the cost issue), or when --no-cost is given. */
  cost: costSectionSchema.nullable(),
  stats: z.object({
    apiCalls: z.record(z.string(), z.number().int()),
    apiCallsByOperation: z.record(z.string(), z.number().int()),
    apiCallsTotal: z.number().int(),
    httpAttempts: z.number().int(),
    durationMs: z.number(),
  }),
  /**
   * A shard report (`scan --shard i/n`): which part of the accounts, or of one account's buckets,
   * it holds. `envelope merge` needs every shard of a split and writes a report without it.
   */
  shard: z
    .object({ index: z.number().int().min(1), count: z.number().int().min(1), by: z.enum(['account', 'bucket']) })
    .optional(),
  /**
   * Scans run with --since: whether the previous report was built upon ('incremental') or a full
   * scan was made instead ('full', with the reason), what was re-read and what carried over.
   */
  incremental: z
    .object({
      mode: z.enum(['incremental', 'full']),
      /** The report given to --since, and when it was scanned. */
      since: z.object({ file: z.string(), scannedAt: z.string() }),
      reason: z.string().optional(),
      /** The start of the CloudTrail window read (the previous scan's start less a safety margin). */
      eventsFrom: z.string().optional(),
      events: z.number().int().optional(),
      rescanned: z.object({ buckets: z.array(z.string()), keys: z.number().int(), roles: z.number().int() }).optional(),
      carried: z.object({ buckets: z.number().int(), findings: z.number().int() }).optional(),
    })
    .optional(),
});

export type Report = z.infer<typeof reportSchema>;

/**
 * `envelope diff --format json`, schemaVersion 1 (schema/diff.schema.json, generated at build):
 * what a change does to the findings and the monthly bill. src/diff/diff.ts builds it.
 */
const diffEntrySchema = z.object({
  finding: findingSchema,
  /** The status before the change; absent when the resource or rule was not in the baseline. */
  before: z.enum(STATUSES).optional(),
});

const costDeltaSchema = z.object({
  currency: z.literal('USD'),
  before: z.number(),
  after: z.number(),
  delta: z.number(),
  /** Resources whose monthly amount changes, largest change first. */
  resources: z.array(z.object({ resourceId: z.string(), name: z.string(), before: z.number(), after: z.number(), delta: z.number() })),
  /** The new report's cost assumptions (a plan has no usage: the profile's cost.assumptions stand in). */
  assumptions: z.array(z.string()),
});

export const diffReportSchema = z.object({
  $schema: z.string().optional(),
  schemaVersion: z.literal(1),
  kind: z.literal('envelope-diff'),
  tool: reportSchema.shape.tool,
  profile: reportSchema.shape.profile,
  /** What the change is compared against. */
  baseline: z.object({ kind: z.enum(['prior-state', 'report', 'live', 'empty']), description: z.string() }),
  /** Fail now, not failing before. */
  introduced: z.array(diffEntrySchema),
  /** Failing before, not failing now (passes, not applicable, or the resource is gone). */
  fixed: z.array(diffEntrySchema),
  /** Failing before and now. */
  unchangedFailing: z.array(diffEntrySchema),
  /** Could not be evaluated now, could before (or was not there): never counted as fixed. */
  newlyUnknown: z.array(diffEntrySchema),
  /** Suppressed now (accepted risks, status `suppressed`): never counted as introduced or fixed. */
  suppressed: z.array(diffEntrySchema),
  /** Null when either report has no cost section; `costNote` says which. */
  cost: costDeltaSchema.nullable(),
  costNote: z.string().optional(),
});

export type DiffReport = z.infer<typeof diffReportSchema>;
export type DiffEntry = z.infer<typeof diffEntrySchema>;
export type CostDelta = z.infer<typeof costDeltaSchema>;
export type CostDeltaLine = CostDelta['resources'][number];
