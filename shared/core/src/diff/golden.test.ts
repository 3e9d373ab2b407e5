/**
 * Golden files for `envelope diff` output over a fixed plan-like diff whose resources carry their
 * Terraform address and .tf line (one path hostile). Review changes as diffs; regenerate with
 * `npx vitest run src/diff -u`.
 */
import { describe, expect, it } from 'vitest';
import { renderDiff } from '../cli-diff.js';
import type { Report } from '../report/schema.js';
import { testingReport } from '../report/testing-report.js';
import { diffReports } from './diff.js';

type Resource = Report['findings'][number]['resource'];
const DECLARED: Record<string, { address: string; location?: { file: string; line: number } }> = {
  'analytics-raw': { address: 'aws_s3_bucket.raw', location: { file: 'infra/main.tf', line: 42 } },
  '1234abcd-12ab-34cd-56ef-1234567890ab': { address: 'aws_kms_key.stage', location: { file: 'infra/kms.tf', line: 7 } },
  'x|<img src=x onerror=alert(1)>[link](http://evil)': { address: 'aws_s3_bucket.evil', location: { file: 'infra/x|`y` <b>.tf', line: 3 } },
  // Declared, but the .tf files were not beside the plan: the address only.
  'analytics-raw-logs': { address: 'aws_s3_bucket.logs' },
};
const declared = (r: Resource): Resource => ({ ...r, ...DECLARED[r.name] });
const planLike = (r: Report): Report => ({ ...r, findings: r.findings.map((f) => ({ ...f, resource: declared(f.resource) })), resources: r.resources.map((x) => ({ ...x, ...DECLARED[x.name] })) });

const after = planLike(testingReport);
// Before: Bucket Key on (so its failure is introduced); versioning failing on analytics-raw (now fixed).
const before: Report = {
  ...after,
  findings: after.findings.map((f) =>
    f.ruleId === 's3-bucket-key-enabled' && f.resource.name === 'analytics-raw'
      ? { ...f, status: 'pass' as const }
      : f.ruleId === 's3-versioning-enabled' && f.resource.name === 'analytics-raw'
        ? { ...f, status: 'fail' as const, message: 'Versioning is Suspended.' }
        : f,
  ),
};
const diff = diffReports(before, after, { baseline: { kind: 'prior-state', description: 'the plan’s prior state (what Terraform last recorded)' } });

describe('diff goldens', () => {
  it.each([
    ['diff.md', () => renderDiff(diff, 'markdown', false)],
    ['diff.txt', () => renderDiff(diff, 'table', false)],
    ['diff.json', () => renderDiff(diff, 'json', false)],
  ])('%s', async (file, render) => {
    await expect(render()).toMatchFileSnapshot(`./__golden__/${file}`);
  });

  it('introduced and fixed findings show their .tf file:line in every format', () => {
    expect(diff.introduced.map((e) => e.finding.resource.location)).toContainEqual({ file: 'infra/main.tf', line: 42 });
    expect(diff.fixed.map((e) => e.finding.resource.location)).toEqual([{ file: 'infra/main.tf', line: 42 }]);
    const md = renderDiff(diff, 'markdown', false);
    expect(md).toMatch(/### 🆕 Introduced[\s\S]*analytics-raw <sub>bucket · `infra\/main\.tf:42`<\/sub>/);
    expect(md).toMatch(/### ✅ Fixed[\s\S]*analytics-raw <sub>bucket · `infra\/main\.tf:42`<\/sub>/);
    expect(md).toContain('<sub>key · `infra/kms.tf:7`</sub>');
    const table = renderDiff(diff, 'table', false);
    expect(table).toMatch(/Introduced \(\d\)[\s\S]*analytics-raw \(infra\/main\.tf:42\)/);
    expect(table).toMatch(/Fixed \(1\)\n.*analytics-raw \(infra\/main\.tf:42\)/);
    const json = JSON.parse(renderDiff(diff, 'json', false)) as typeof diff;
    expect(json.fixed[0]!.finding.resource).toMatchObject({ address: 'aws_s3_bucket.raw', location: { file: 'infra/main.tf', line: 42 } });
  });

  it('a hostile .tf path is escaped in markdown, not quoted as code it could break out of', () => {
    const md = renderDiff(diff, 'markdown', false);
    expect(md).not.toContain('`y`');
    expect(md).not.toMatch(/(^|[^\\])<b>/);
    expect(md).toContain('<sub>bucket · infra/x\\|\\`y\\` \\<b\\>.tf:3</sub>');
  });
});
