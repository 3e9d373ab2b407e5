import { z } from 'zod';
import { DIFF_SCHEMA_URL, REPORT_SCHEMA_URL } from './build.js';
import { diffReportSchema, reportSchema } from './schema.js';

/**
 * The shipped JSON Schema of the report (schema/report.schema.json), derived from the zod schema
 * so the two cannot drift. Draft 2020-12, as z.toJSONSchema emits by default.
 */
export function reportJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(reportSchema) as Record<string, unknown>;
  return {
    $schema,
    $id: REPORT_SCHEMA_URL,
    title: 'envelope report',
    description: 'The JSON report of an envelope scan (`envelope scan --format json`), schemaVersion 1.',
    ...rest,
  };
}

/** The shipped JSON Schema of `envelope diff --format json` output (schema/diff.schema.json), from its zod schema. */
export function diffJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(diffReportSchema) as Record<string, unknown>;
  return {
    $schema,
    $id: DIFF_SCHEMA_URL,
    title: 'envelope diff',
    description: 'What a Terraform plan changes (`envelope diff --format json`), schemaVersion 1: findings introduced, fixed, still failing and newly unknown, and the monthly cost delta.',
    ...rest,
  };
}
