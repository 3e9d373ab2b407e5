import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/registry.js';
import { groupByControl, withMappings } from './framework-groups.js';
import { renderReport } from './index.js';
import { testingReport, testingRules } from './testing-report.js';

const bySecurityHub = { framework: 'security-hub' as const, rules: testingRules };

describe('groupByControl', () => {
  it('puts each finding under every control its rule maps to, controls in natural order, unmapped last', () => {
    const groups = groupByControl(testingReport, bySecurityHub);
    expect(groups.map((g) => g.control ?? 'unmapped')).toEqual(['KMS.4', 'S3.1', 'S3.8', 'S3.13', 'S3.14', 'unmapped']);
    const s31 = groups.find((g) => g.control === 'S3.1');
    const s38 = groups.find((g) => g.control === 'S3.8');
    expect(s31?.findings).toEqual(s38?.findings);
    expect(s31?.counts).toEqual({ fail: 1, unknown: 0, suppressed: 0, pass: 2, not_applicable: 0 });
    expect(groups.at(-1)?.findings.map((f) => f.ruleId)).toEqual(['s3-bucket-key-enabled', 'snowflake-role-trust', 's3-bucket-key-enabled']);
  });

  it('loses no finding: every finding is in at least one group, and a status is never changed', () => {
    for (const framework of ['security-hub', 'cis', 'prowler', 'checkov'] as const) {
      const groups = groupByControl(testingReport, { framework, rules: testingRules });
      const seen = new Set(groups.flatMap((g) => g.findings));
      expect(seen.size, framework).toBe(testingReport.findings.length);
      for (const g of groups) for (const f of g.findings) expect(testingReport.findings).toContain(f);
    }
  });

  it('a framework no fixture rule maps to puts everything under unmapped', () => {
    const groups = groupByControl(testingReport, { framework: 'prowler', rules: testingRules });
    expect(groups).toHaveLength(1);
    expect(groups[0]?.control).toBeUndefined();
  });

  it('falls back to the mappings a finding carries when the rule is not in the registry given', () => {
    const report = withMappings(testingReport, testingRules);
    const groups = groupByControl(report, { framework: 'checkov', rules: [] });
    expect(groups.map((g) => g.control ?? 'unmapped')).toEqual(['CKV_AWS_7', 'CKV_AWS_21', 'unmapped']);
  });
});

describe('JSON with --group-by framework', () => {
  it('adds each rule\'s mappings to its findings and nothing else, and stays valid against the shipped schema', () => {
    const json = JSON.parse(renderReport(testingReport, 'json', testingRules, { byFramework: bySecurityHub })) as typeof testingReport;
    const rotation = json.findings.find((f) => f.ruleId === 'kms-rotation-enabled');
    expect(rotation?.mappings).toEqual({ securityHub: ['KMS.4'], cis: ['v3.0.0/3.6'], checkov: ['CKV_AWS_7'] });
    expect(json.findings.find((f) => f.ruleId === 'snowflake-role-trust')?.mappings).toBeUndefined();
    expect(json.findings.map(({ mappings: _, ...f }) => f)).toEqual(testingReport.findings);
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });

  it('without grouping the JSON report is unchanged', () => {
    expect(renderReport(testingReport, 'json', rules)).not.toContain('"mappings"');
  });
});
