/** `envelope rules` and `--group-by framework`, through the built CLI as a user runs them. */
import { validateReport as validate } from './report-schema.js';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';


/** The summary line without its timing ("… · 108 API calls in 7.4 s"), which differs run to run. */
const summaryOf = (table: string) => table.trimEnd().split('\n').at(-1)?.replace(/ · [\d,]+ API calls? in .*$/, '');

describe('envelope rules', () => {
  it('--format json lists every rule in the snowflake-s3-kms pack, with mappings and docs', async () => {
    const r = await runCli(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { count: number; rules: { id: string; packs: string[]; mappings: Record<string, string[]>; docs: string }[] };
    expect(list.count).toBe(list.rules.length);
    expect(list.count).toBeGreaterThanOrEqual(52);
    for (const rule of list.rules) {
      expect(rule.packs).toContain('snowflake-s3-kms');
      expect(rule.docs).toMatch(/^https:\/\/.*\/README\.md$/);
    }
    expect(list.rules.find((x) => x.id === 'kms-rotation-enabled')?.mappings).toMatchObject({ securityHub: ['KMS.4'], cis: ['v3.0.0/3.6'] });
  });

  it('--framework cis shows only the rules with a CIS item', async () => {
    const r = await runCli(['rules', '--framework', 'cis']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('v3.0.0/2.1.4');
    expect(r.stdout).not.toContain('s3-bucket-key-enabled');
    expect(r.stdout).not.toContain('Security Hub');
    expect(r.stdout).toMatch(/rules, mapped to CIS \(\d+ rules have none\)\.\n$/);
  });

  it('a pack or framework it does not know is refused with the choices (exit 2)', async () => {
    const r = await runCli(['rules', '--pack', 'pci']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'pci' is invalid. Allowed choices are snowflake-s3-kms, cost.");
  });
});

describe('--group-by framework on the demo', () => {
  it('table: findings under each CIS item, an unmapped group, and the same summary as the plain report', async () => {
    const [plain, grouped] = await Promise.all([runCli(['demo']), runCli(['demo', '--group-by', 'framework', '--framework', 'cis'])]);
    expect(grouped.code).toBe(0);
    expect(grouped.stdout).toContain('By CIS AWS Foundations Benchmark item');
    expect(grouped.stdout).toMatch(/^v3\.0\.0\/3\.6 {2}/m);
    expect(grouped.stdout).toMatch(/^Unmapped: no CIS AWS Foundations Benchmark item {2}/m);
    expect(grouped.stdout.indexOf('v3.0.0/2.1.1')).toBeLessThan(grouped.stdout.indexOf('v3.0.0/3.1 '));
    // Grouping rearranges; it never recounts.
    expect(summaryOf(plain.stdout)).toMatch(/^\d+ failed .* passed · \d+ not applicable$/);
    expect(summaryOf(grouped.stdout)).toBe(summaryOf(plain.stdout));
  });

  it('--framework alone implies the grouping; markdown gets a count table and a table per control', async () => {
    const r = await runCli(['demo', '--format', 'markdown', '--framework', 'security-hub']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('### Findings by AWS Security Hub control');
    expect(r.stdout).toContain('| Control | ❌ Failed | ❔ Unknown | 🔕 Suppressed | ✅ Passed | ➖ N/A |');
    expect(r.stdout).toMatch(/^#### Unmapped: no AWS Security Hub control$/m);
  });

  it('json: every finding of a mapped rule carries the mappings, valid against the shipped schema', async () => {
    const r = await runCli(['demo', '--format', 'json', '--group-by', 'framework']);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; mappings?: Record<string, string[]> }[] };
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.findings.filter((f) => f.ruleId === 's3-versioning-enabled').every((f) => f.mappings?.securityHub?.includes('S3.14'))).toBe(true);
    expect(report.findings.filter((f) => f.ruleId === 's3-bucket-key-enabled').every((f) => f.mappings === undefined)).toBe(true);
    const plain = JSON.parse((await runCli(['demo', '--format', 'json'])).stdout) as { findings: { mappings?: unknown }[] };
    expect(plain.findings.some((f) => f.mappings !== undefined)).toBe(false);
  });

  it('--framework with an explicit --group-by resource is a usage error naming both', async () => {
    const r = await runCli(['demo', '--group-by', 'resource', '--framework', 'cis']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('envelope: --framework cis: only with --group-by framework (got --group-by resource)\n');
  });
});
