import { describe, expect, it } from 'vitest';
import type { Report } from './report/schema.js';
import { exitCodeFor } from './cli-options.js';

/** Only what exitCodeFor reads. */
const report = (findings: { status: string; severity: string }[], gaps: { what: string }[] = []) => ({ findings, gaps }) as unknown as Report;

describe('exitCodeFor', () => {
  it('fails on a failing finding at or above the threshold only', () => {
    expect(exitCodeFor(report([{ status: 'fail', severity: 'high' }]), 'high')).toBe(1);
    expect(exitCodeFor(report([{ status: 'fail', severity: 'medium' }]), 'high')).toBe(0);
    expect(exitCodeFor(report([{ status: 'fail', severity: 'critical' }]), 'none')).toBe(0);
  });

  it('counts unknown findings only with failOnUnknown, and only at or above the threshold', () => {
    const unknownHigh = report([{ status: 'unknown', severity: 'high' }, { status: 'pass', severity: 'critical' }]);
    expect(exitCodeFor(unknownHigh, 'high')).toBe(0);
    expect(exitCodeFor(unknownHigh, 'high', { failOnUnknown: true })).toBe(1);
    expect(exitCodeFor(unknownHigh, 'critical', { failOnUnknown: true })).toBe(0);
    expect(exitCodeFor(report([{ status: 'not_applicable', severity: 'high' }]), 'high', { failOnUnknown: true })).toBe(0);
  });

  it('a scan that could not list the buckets is never a pass', () => {
    expect(exitCodeFor(report([], [{ what: 'the bucket list' }]), 'critical')).toBe(1);
  });
});
