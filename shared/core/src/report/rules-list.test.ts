import { describe, expect, it } from 'vitest';
import { rules } from '../rules/registry.js';
import { renderRulesList, selectRules } from './rules-list.js';
import { testingRules } from './testing-report.js';

describe('envelope rules: selection', () => {
  it('lists every rule, sorted by id, with packs, mappings and docs', () => {
    const all = selectRules(rules);
    expect(all.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    const pab = all.find((r) => r.id === 's3-bucket-public-access-block');
    expect(pab).toMatchObject({ severity: 'high', packs: ['snowflake-s3-kms'], mappings: { securityHub: ['S3.8'] } });
    expect(pab?.docs).toMatch(/\/rules\/s3-bucket-public-access-block\/README\.md$/);
    expect(all.find((r) => r.id === 's3-bucket-key-enabled')?.mappings).toEqual({});
  });

  it('--pack and --framework narrow the list', () => {
    expect(selectRules(rules, { pack: 'cost' }).map((r) => r.id)).toEqual(['cost-bucket-key-disabled', 'cost-lifecycle-small-objects', 'cost-replication-transfer', 'cost-unused-kms-key']);
    const cis = selectRules(rules, { framework: 'cis' });
    expect(cis.length).toBeGreaterThan(5);
    expect(cis.length).toBeLessThan(rules.length);
    for (const r of cis) expect(r.mappings.cis?.length).toBeGreaterThan(0);
    expect(selectRules(rules, { pack: 'cost', framework: 'security-hub' })).toEqual([]);
  });
});

describe('envelope rules: formats', () => {
  it('table: most severe first, each rule\'s mappings and docs link indented below it', () => {
    const text = renderRulesList(testingRules, 'table');
    const heads = text.split('\n').filter((l) => /^[a-z]/.test(l) && !l.includes(' of '));
    expect(heads[0]).toMatch(/^s3-block-public-access\s+critical\s+snowflake-s3-kms$/);
    expect(text).toContain('    Security Hub  S3.1, S3.8\n    CIS           v3.0.0/2.1.4\n    Docs          https://');
    expect(text).toContain('snowflake-role-trust');
    expect(text).toMatch(/snowflake-role-trust.*\n {4}Maps to +no control/);
    expect(text.trimEnd().split('\n').at(-1)).toBe('6 of 6 rules.');
  });

  it('table with --framework shows only that framework and counts the rest', () => {
    const text = renderRulesList(testingRules, 'table', { framework: 'checkov' });
    expect(text).toContain('CKV_AWS_7');
    expect(text).not.toContain('Security Hub');
    expect(text).not.toContain('s3-bucket-key-enabled');
    expect(text.trimEnd().split('\n').at(-1)).toBe('2 of 6 rules, mapped to Checkov (4 rules have none).');
  });

  it('json carries the filter and the rules', () => {
    const json = JSON.parse(renderRulesList(testingRules, 'json', { framework: 'cis' })) as { count: number; framework: string; rules: { id: string }[] };
    expect(json).toMatchObject({ count: 2, framework: 'cis' });
    expect(json.rules.map((r) => r.id)).toEqual(['kms-rotation-enabled', 's3-block-public-access']);
  });

  it('markdown is a table with one row per rule and a dash for no mapping', () => {
    const md = renderRulesList(testingRules, 'markdown').split('\n');
    expect(md[0]).toBe('| Rule | Severity | Packs | Security Hub | CIS | Prowler | Checkov |');
    expect(md.filter((l) => l.startsWith('| [`'))).toHaveLength(6);
    expect(md.find((l) => l.includes('snowflake-role-trust'))).toMatch(/\| — \| — \| — \| — \|$/);
  });
});
