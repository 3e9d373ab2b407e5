import { describe, expect, it } from 'vitest';
import { profileHint } from './profile-hint.js';
import type { Report } from './schema.js';
import { renderTerminal } from './terminal.js';
import { summarize, testingReport } from './testing-report.js';

const ACCOUNT_REF = { id: 'arn:aws:iam::111122223333:root', type: 'account', name: '111122223333', account: '111122223333' } as const;
const UNRESOLVED = 'kms.alias alias/snowflake-s3-kms (eu-west-1), snowflake.roleName snowflake-s3-kms-role';

function withProfileFinding(status: 'fail' | 'pass' | 'unknown'): Report {
  const finding: Report['findings'][number] = {
    ruleId: 'profile-values-resolve',
    status,
    severity: 'high',
    resource: ACCOUNT_REF,
    message: status === 'fail' ? 'The profile names what this account does not have: …' : 'Every profile value names something in the account: …',
    messageId: status === 'fail' ? 'unresolved' : status === 'pass' ? 'resolved' : 'unknown',
    ...(status === 'fail' ? { data: { unresolved: UNRESOLVED, problems: '…', hint: '…' } } : {}),
    remediation: 'Run `envelope init`.',
    docs: 'https://example.invalid/profile-values-resolve',
  };
  const findings = [...testingReport.findings, finding];
  return { ...testingReport, findings, summary: summarize(findings) };
}

describe('profile hint', () => {
  it('names the unresolved values and what to run when profile-values-resolve fails', () => {
    expect(profileHint(withProfileFinding('fail'))).toBe(
      `the profile names things this account does not have (${UNRESOLVED}); run \`envelope init\` to write a profile from the account`,
    );
  });

  it('says nothing when the profile resolves, or when that could not be told', () => {
    expect(profileHint(withProfileFinding('pass'))).toBeUndefined();
    expect(profileHint(withProfileFinding('unknown'))).toBeUndefined();
    expect(profileHint(testingReport)).toBeUndefined();
  });

  it('is a line of the terminal table, right above the summary', () => {
    const lines = renderTerminal(withProfileFinding('fail'), { color: false }).trimEnd().split('\n');
    expect(lines.slice(-3)).toEqual([
      `! The profile names things this account does not have (${UNRESOLVED}); run \`envelope init\` to write a profile from the account`,
      '',
      expect.stringMatching(/^4 failed/),
    ]);
    expect(renderTerminal(withProfileFinding('pass'), { color: false })).not.toContain('envelope init');
  });
});
