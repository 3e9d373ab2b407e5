import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderDiff } from '../cli-diff.js';
import { DIFF_SCHEMA_URL } from '../report/build.js';
import { diffJsonSchema } from '../report/json-schema.js';
import { diffReportSchema, type Report } from '../report/schema.js';
import { testingReport } from '../report/testing-report.js';
import { diffReports } from './diff.js';

// As the report schema's test: zod writes exhaustive records as propertyNames + required.
function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats.default(ajv);
  return ajv.compile(diffJsonSchema());
}

/** The testing report with its failures passing: the "before" of a change that introduces them. */
const allPassing = (r: Report): Report => ({ ...r, findings: r.findings.map((f) => (f.status === 'fail' ? { ...f, status: 'pass' as const } : f)) });

const diffs = {
  'against a report (introduced, cost delta)': diffReports(allPassing(testingReport), testingReport, { baseline: { kind: 'report', description: 'old.json' } }),
  'against nothing (a first plan)': diffReports(null, testingReport, { baseline: { kind: 'empty', description: 'nothing' } }),
  'fixed, without cost': diffReports(testingReport, { ...allPassing(testingReport), cost: null }, { baseline: { kind: 'prior-state', description: 'prior state' } }),
};

describe('diff JSON Schema', () => {
  it('is the zod schema converted by z.toJSONSchema, with its own $id and title', () => {
    const schema = diffJsonSchema();
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: DIFF_SCHEMA_URL, title: 'envelope diff' });
    const { $schema: _, ...converted } = z.toJSONSchema(diffReportSchema) as Record<string, unknown>;
    expect(schema).toMatchObject(converted);
  });

  it('matches the committed schema/diff.schema.json (run the build to regenerate)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schema/diff.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual(diffJsonSchema());
  });

  it.each(Object.entries(diffs))('accepts `--format json` output %s', (_, diff) => {
    const validate = validator();
    const json = JSON.parse(renderDiff(diff, 'json', false)) as Record<string, unknown>;
    expect(json.$schema).toBe(DIFF_SCHEMA_URL);
    expect(validate(json)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('the cases cover every section and both cost shapes', () => {
    const d = Object.values(diffs);
    expect(d.some((x) => x.introduced.length > 0 && x.cost !== null)).toBe(true);
    expect(d.some((x) => x.fixed.length > 0 && x.cost === null && x.costNote)).toBe(true);
    expect(d.some((x) => x.newlyUnknown.length > 0)).toBe(true);
  });

  it.each([
    ['a report instead of a diff', () => JSON.parse(JSON.stringify(testingReport)), 'kind'],
    ['an unknown baseline kind', (d: Record<string, unknown>) => ({ ...d, baseline: { kind: 'yesterday', description: 'x' } }), 'enum'],
    ['a finding without its rule', (d: Record<string, unknown>) => ({ ...d, introduced: [{ finding: { status: 'fail' } }] }), 'ruleId'],
    ['an extra top-level field', (d: Record<string, unknown>) => ({ ...d, secrets: 'x' }), 'additional'],
  ])('rejects %s', (_, mutate, mention) => {
    const validate = validator();
    const bad = mutate(JSON.parse(renderDiff(diffs['against a report (introduced, cost delta)'], 'json', false)) as Record<string, unknown>);
    expect(validate(bad)).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain(mention);
  });
});
