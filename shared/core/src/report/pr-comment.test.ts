import { describe, expect, it } from 'vitest';
import { diffReports } from '../diff/diff.js';
import { parseMarker, renderMarker } from './comment-marker.js';
import { htmlText, lowerLevel, PR_COMMENT_LEVELS, renderPrComment, renderPrCommentFitting, type PrCommentInput } from './pr-comment.js';
import type { Report } from './schema.js';
import { manyFindingsReport, summarize, testingReport } from './testing-report.js';

type F = Report['findings'][number];

/** Before: the testing report with rotation passing and the hostile bucket's BPA failing; after: the testing report. */
function sample(): PrCommentInput {
  const before: Report = {
    ...testingReport,
    findings: testingReport.findings.map((f): F => (f.ruleId === 'kms-rotation-enabled' ? { ...f, status: 'pass', message: 'Rotation is on.' } : f)),
    cost: testingReport.cost && { ...testingReport.cost, monthlyTotal: 29.95, lines: testingReport.cost.lines.filter((l) => !l.component.startsWith('KMS requests')) },
  };
  // A finding fixed by the change: the raw bucket's versioning failed before.
  before.findings.push({ ...(testingReport.findings.find((f) => f.ruleId === 's3-versioning-enabled' && f.status === 'pass') as F), status: 'fail', message: 'Versioning is Suspended.' });
  before.findings = before.findings.filter((f, i, all) => all.findIndex((g) => g.ruleId === f.ruleId && g.resource.id === f.resource.id && g.status === 'fail') === -1 || f.status === 'fail' || i < 0);
  before.summary = summarize(before.findings);
  const diff = diffReports(before, testingReport, { baseline: { kind: 'report', description: 'report base.json (aws, 2026-02-28)' } });
  return { target: 'prod', stacks: [{ name: 'infra/prod/plan.json', diff, report: testingReport }], summaryUrl: 'https://github.com/o/r/actions/runs/1#summary' };
}

describe('PR comment', () => {
  it.each(PR_COMMENT_LEVELS)('golden: level %s', async (level) => {
    await expect(renderPrComment(sample(), level)).toMatchFileSnapshot(`./__golden__/pr-comment-${level}.md`);
  });

  it('golden: two stacks under one target, with a note', async () => {
    const one = sample().stacks[0]!;
    const input: PrCommentInput = { target: 'multi', stacks: [one, { ...one, name: 'infra/dr/plan.json' }], notes: ['Live scan skipped: no AWS credentials in this job.'] };
    await expect(renderPrComment(input, 'compact')).toMatchFileSnapshot('./__golden__/pr-comment-two-stacks.md');
  });

  it('a Snowflake chain diagram: a mermaid block at full and compact, left out below', () => {
    const input = sample();
    input.stacks[0]!.diagram = 'flowchart LR\n  n0["stage RAW"]\n  n1["integration S3_INT"]\n  n0 --> n1';
    const full = renderPrComment(input, 'full');
    expect(full).toContain('### 🔗 The Snowflake → S3 → KMS chain this change touches\n\n```mermaid\nflowchart LR\n  n0["stage RAW"]\n  n1["integration S3_INT"]\n  n0 --> n1\n```\n');
    expect(renderPrComment(input, 'compact')).toContain('```mermaid');
    expect(renderPrComment(input, 'tables')).not.toContain('```mermaid');
    // Even a diagram source that carries backticks cannot open a second fence.
    input.stacks[0]!.diagram = 'flowchart LR\n```\n<b>x</b>';
    expect(renderPrComment(input, 'full').match(/```/g)).toHaveLength(2);
  });

  it('introduced first, then fixed; the marker is the first line and names the target', () => {
    const body = renderPrComment(sample());
    expect(parseMarker(body)).toEqual({ kind: 'pr-comment', target: 'prod' });
    const introduced = body.indexOf('🆕 Introduced by this change');
    const fixed = body.indexOf('✅ Fixed by this change');
    expect(introduced).toBeGreaterThan(0);
    expect(fixed).toBeGreaterThan(introduced);
    expect(body).toContain('`kms-rotation-enabled`');
    expect(body).toMatch(/\*\*\+\$12\.00 \/ month\*\*/);
    expect(body).toContain('**Fix:** Fix kms-rotation-enabled');
  });

  it('sheds level by level: each level is shorter, and the fitting render picks the first that fits whole', () => {
    const input = sample();
    const lengths = PR_COMMENT_LEVELS.map((l) => renderPrComment(input, l).length);
    for (let i = 1; i < lengths.length; i++) expect(lengths[i]).toBeLessThan(lengths[i - 1]!);
    expect(renderPrCommentFitting(input, lengths[0]!).level).toBe('full');
    expect(renderPrCommentFitting(input, lengths[0]! - 1).level).toBe('compact');
    expect(renderPrCommentFitting(input, lengths[2]!).level).toBe('tables');
    expect(renderPrCommentFitting(input, lengths[3]! + 1).level).toBe('counts');
    expect(renderPrCommentFitting(input, 60_000, 'tables').level).toBe('tables');
    expect(lowerLevel('full')).toBe('compact');
    expect(lowerLevel('counts')).toBeUndefined();
  });

  it('5,000 introduced findings: stays under 65,536 characters, sheds to a level, and says what it hid', () => {
    const after = manyFindingsReport(5000);
    const diff = diffReports(null, after, { baseline: { kind: 'empty', description: 'nothing' } });
    const { body, level } = renderPrCommentFitting({ target: 'big', stacks: [{ name: 'plan.json', diff, report: after }] }, 60_000);
    expect(body.length).toBeLessThanOrEqual(60_000);
    expect(level).toBe('counts');
    expect(body).toContain('5,000 introduced');
    expect(parseMarker(body)?.target).toBe('big');
    // Even at the table level a forced budget drops low rows first and says how many.
    const tables = renderPrComment({ target: 'big', stacks: [{ name: 'plan.json', diff, report: after }] }, 'tables', 20_000);
    expect(tables.length).toBeLessThanOrEqual(20_000);
    expect(tables).toMatch(/… [\d,]+ more findings not shown; see the job summary/);
    expect(tables).toContain('🔴 critical');
  });
});

describe('PR comment: hostile strings', () => {
  const HOSTILE = ['<img src=x onerror=alert(1)>', '@org/team', 'a|b', '```', '`tick`', '</summary></details><script>x</script>', 'x'.repeat(10_000)].join(' ');

  function hostileInput(): PrCommentInput {
    const f = testingReport.findings.find((x) => x.ruleId === 'kms-rotation-enabled') as F;
    const bad: F = {
      ...f,
      resource: { ...f.resource, id: 'arn:x', name: HOSTILE, address: `aws_kms_key.k["${HOSTILE}"]`, location: { file: 'main|`.tf', line: 3 } },
      message: `Key ${HOSTILE} has rotation off`,
      remediation: `Run ${HOSTILE}`,
    };
    const after: Report = { ...testingReport, findings: [bad], summary: summarize([bad]) };
    const diff = diffReports(null, after, { baseline: { kind: 'report', description: `report ${HOSTILE}` } });
    return { target: '@org/team -->', stacks: [{ name: `plan ${HOSTILE}`, diff, report: after }], notes: [HOSTILE], summaryUrl: 'javascript:alert(1)' };
  }

  it.each(PR_COMMENT_LEVELS)('%s: no raw HTML, no mention, no broken table row or code fence', (level) => {
    const body = renderPrComment(hostileInput(), level);
    // `\<` renders as a literal `<`; only an unescaped `<` could open a tag.
    expect(body).not.toMatch(/(?<!\\)<(img|script)/);
    expect(body.match(/<\/summary>/g)?.length ?? 0).toBe(body.match(/<summary>/g)?.length ?? 0);
    expect(body).not.toMatch(/@org/);
    expect(body).not.toContain('```');
    expect(body).not.toContain('javascript:');
    // Every table row has exactly the header's number of unescaped pipes.
    const lines = body.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.startsWith('| Severity')) continue;
      const cols = lines[i]!.split(/(?<!\\)\|/).length;
      for (let j = i + 1; j < lines.length && lines[j]!.startsWith('|'); j++) expect(lines[j]!.split(/(?<!\\)\|/).length).toBe(cols);
    }
    // The marker line stays one line and cannot be closed early by the target.
    const first = body.split('\n')[0]!;
    expect(first.match(/-->/g)).toHaveLength(1);
    expect(parseMarker(body)?.target).toBe('@org/team -->');
  });

  it('the 10,000-character name fits the budget', () => {
    expect(renderPrCommentFitting(hostileInput(), 60_000).body.length).toBeLessThanOrEqual(60_000);
  });

  it('htmlText escapes what would open a tag, an entity or a mention', () => {
    expect(htmlText('<b>&"\'`|@x\n')).toBe('&#60;b&#62;&#38;&#34;&#39;&#96;&#124;@\u200bx ');
  });
});

describe('comment marker', () => {
  it('round-trips, and escapes what could end the HTML comment', () => {
    const m = { kind: 'audit-issue' as const, target: 'a --> <b>', fingerprint: 'abc' };
    const line = renderMarker(m);
    expect(line).not.toMatch(/-->.*-->/);
    expect(line).not.toContain('<b>');
    expect(parseMarker(`${line}\nbody`)).toEqual(m);
  });

  it.each([
    ['no marker', 'hello'],
    ['not on the first line', `x\n${renderMarker({ kind: 'pr-comment', target: 't' })}`],
    ['broken JSON', '<!-- envelope:pr-comment {"target": -->'],
    ['target not a string', '<!-- envelope:pr-comment {"target":1} -->'],
    ['unknown kind', '<!-- envelope:other {"target":"t"} -->'],
    ['empty', ''],
  ])('%s → undefined', (_, body) => {
    expect(parseMarker(body)).toBeUndefined();
  });
});
