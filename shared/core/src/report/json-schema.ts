import { z } from 'zod';
import { REPORT_SCHEMA_URL } from './build.js';
import { reportSchema } from './schema.js';

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
