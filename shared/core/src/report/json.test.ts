import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { REPORT_SCHEMA_URL } from './build.js';
import { PassThrough } from 'node:stream';
import { batched, jsonChunks, renderJson } from './json.js';
import { writeAll } from '../cli-output.js';
import { reportJsonSchema } from './json-schema.js';
import { reportSchema } from './schema.js';
import { manyFindingsReport, suppressedTestingReport, testingReport } from './testing-report.js';

// zod writes exhaustive records (summary.byStatus) as propertyNames + required, without properties.
function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats.default(ajv);
  return ajv.compile(reportJsonSchema());
}

describe('renderJson', () => {
  it('is pretty, 2-space indented, newline-terminated and round-trips', () => {
    const text = renderJson(testingReport);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "$schema": "https://envelope.dev/schema/report/v1.json",');
    expect(JSON.parse(text)).toEqual(testingReport);
    expect(renderJson(structuredClone(testingReport))).toBe(text);
  });
});

describe('jsonChunks (the streamed --format json)', () => {
  const awkward = {
    ...testingReport,
    // What JSON.stringify treats specially: undefined fields are left out, empty arrays and objects
    // stay on one line, a Date becomes its toJSON string, nested arrays keep their indent.
    findings: [
      ...testingReport.findings,
      { ...testingReport.findings[0]!, data: {}, evidence: { nested: [[1, [2, {}]], []], at: new Date(0), gone: undefined, quote: 'a "b"\n\u2028' } },
    ],
    gaps: [],
    extra: [undefined, () => 1, { x: undefined }],
  } as unknown as Parameters<typeof renderJson>[0];

  it.each([
    ['the testing report', testingReport],
    ['a report of 500 findings', manyFindingsReport(500)],
    ['a report with what JSON.stringify treats specially', awkward],
  ])('joins to renderJson byte for byte: %s', (_, report) => {
    const pieces = [...jsonChunks(report)];
    expect(pieces.length).toBeGreaterThan(report.findings.length);
    expect(pieces.join('')).toBe(renderJson(report));
  });

  it('is written in blocks, with backpressure, to the same bytes', async () => {
    const report = manyFindingsReport(2000);
    const out = new PassThrough({ highWaterMark: 1024 });
    const got: Buffer[] = [];
    let writes = 0;
    out.on('data', (b: Buffer) => {
      writes++;
      got.push(b);
    });
    await writeAll(out, jsonChunks(report));
    out.end();
    expect(Buffer.concat(got).toString('utf8')).toBe(renderJson(report));
    const text = renderJson(report);
    // 64 KB blocks: a few writes, not one per piece, and never the whole text in one.
    expect(writes).toBeGreaterThanOrEqual(Math.floor(text.length / (64 * 1024)));
    expect(writes).toBeLessThan(text.length / 1000);
    expect([...batched(['ab', 'cd', 'e'], 3)]).toEqual(['abcd', 'e']);
  });
});

describe('report JSON Schema', () => {
  it('is the zod schema converted by z.toJSONSchema, with our $id and title', () => {
    const schema = reportJsonSchema();
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: REPORT_SCHEMA_URL, title: 'envelope report' });
    const { $schema: _, ...converted } = z.toJSONSchema(reportSchema) as Record<string, unknown>;
    expect(schema).toMatchObject(converted);
  });

  it('matches the committed schema/report.schema.json (run the build to regenerate)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual(reportJsonSchema());
  });

  it.each([
    ['the testing report', testingReport],
    ['a report without cost', manyFindingsReport(3)],
    ['a report with suppressions (suppressed findings, expired, stale, unreadable tags)', suppressedTestingReport],
    // Written before suppressions: no byStatus.suppressed and no suppressions section (an `envelope diff` baseline).
    ['a report from before suppressions', (({ suppressions: _, ...r }) => ({ ...r, summary: { ...r.summary, byStatus: { fail: 3, unknown: 2, pass: 4, not_applicable: 2 } } }))(testingReport)],
  ])('accepts renderJson output of %s', (_, report) => {
    const validate = validator();
    const ok = validate(JSON.parse(renderJson(report)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each([
    ['missing stats', ({ stats: _, ...rest }: Record<string, unknown>) => rest, 'stats'],
    ['an unknown status', (r: Record<string, unknown>) => ({ ...r, findings: [{ ...(r.findings as object[])[0], status: 'maybe' }] }), 'enum'],
    ['a bad scannedAt', (r: Record<string, unknown>) => ({ ...r, scannedAt: 'yesterday' }), 'scannedAt'],
    ['an extra top-level field', (r: Record<string, unknown>) => ({ ...r, secrets: 'x' }), 'additional'],
    ['a suppression from an unknown source', (r: Record<string, unknown>) => ({ ...r, findings: [{ ...(r.findings as object[])[0], status: 'suppressed', suppression: { source: 'email', reason: 'x' } }] }), 'enum'],
  ])('rejects a report with %s', (_, mutate, mention) => {
    const validate = validator();
    const report = mutate(JSON.parse(renderJson(testingReport)) as Record<string, unknown>);
    expect(validate(report)).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain(mention);
  });
});
