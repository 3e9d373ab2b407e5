/** The rows of the core's demo report (AWS and Snowflake, as the demo target scans it): what the table shows is what the report says. */
import type { Report } from '@envelope/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectReport } from './projection.js';
import { scanTarget } from './scan-runner.js';

let report: Report;
let chain: string | null;
beforeAll(async () => {
  ({ report, chain } = await scanTarget({ id: 'demo', demo: true, region: 'us-east-1', cost: true }, new AbortController().signal));
});

describe('projectReport (demo account)', () => {
  it('lists every bucket, stage and integration once, with the report’s own counts, owners and cost', () => {
    const rows = projectReport(report);
    const listed = new Set([...report.resources, ...report.findings.map((f) => f.resource)].filter((r) => ['bucket', 'snowflake-stage', 'snowflake-integration'].includes(r.type)).map((r) => r.id));
    expect(rows.map((r) => r.row.id).sort()).toEqual([...listed].sort());
    expect(rows.filter((r) => r.row.type === 'snowflake-stage').map((r) => [r.row.name, r.row.owner])).toEqual(
      expect.arrayContaining([
        ['DEMO_KMS_V3.DEMO_SCHEMA.S3_STAGE_KMS', 'data-platform'],
        ['INGEST.RAW.EVENTS_STAGE', 'ingestion'],
        ['ML.FEATURES.FEATURES_EXPORT', 'ml-platform'],
      ]),
    );
    for (const { row, findings, costLines } of rows) {
      expect(findings.every((f) => f.resource.id === row.id)).toBe(true);
      // Information (severity info) is shown apart as notes and never counts toward the status.
      expect(row.counts.fail).toBe(findings.filter((f) => f.status === 'fail' && f.severity !== 'info').length);
      expect(row.notes?.map((n) => n.ruleId)).toEqual(findings.filter((f) => f.status === 'fail' && f.severity === 'info').map((f) => f.ruleId));
      if (row.type === 'bucket') expect(row.monthlyCost).toBeCloseTo(costLines.reduce((s, l) => s + l.monthlyAmount, 0), 9);
      else expect(row.monthlyCost).toBeNull();
      expect(row.owner).toBe(findings[0]?.resource.owner ?? report.resources.find((r) => r.id === row.id)?.owner);
    }
    const total = rows.reduce((n, r) => n + r.findings.length, 0);
    expect(total).toBe(report.findings.filter((f) => ['bucket', 'snowflake-stage', 'snowflake-integration'].includes(f.resource.type)).length);
  });

  it('keeps the scan’s Snowflake chain (stage → integration → role, stage → bucket → key)', () => {
    expect(chain).toContain('stage DEMO_KMS_V3.DEMO_SCHEMA.S3_STAGE_KMS');
    expect(chain).toContain('bucket acme-snowflake-stage');
  });

  it.each([
    // bucket, the key its encryption names, that key's kms-key-enabled status
    ['acme-snowflake-stage', { arn: expect.stringContaining(':key/mrk-5c2e8f1a'), algorithm: 'aws:kms', status: 'pass', message: 'The key is Enabled.' }],
    ['acme-events-raw', { arn: expect.stringContaining(':key/7d3b9e41'), algorithm: 'aws:kms', status: 'pass' }],
    ['acme-ml-features', { algorithm: 'aws:kms' }],
  ])('%s: the key its default encryption names, not the profile’s', (name, key) => {
    const row = projectReport(report).find((r) => r.row.name === name)!.row;
    expect(row.key).toEqual('arn' in key ? expect.objectContaining(key) : key);
  });

  it('puts the worst finding first: fail, then unknown, most severe first', () => {
    const raw = projectReport(report).find((r) => r.row.name === 'acme-events-raw')!;
    expect(raw.row.status).toBe('fail');
    expect(raw.row.worst).toEqual({ ruleId: raw.findings[0]!.ruleId, status: 'fail', severity: raw.row.worstSeverity, message: raw.findings[0]!.message });
    expect(raw.row.problemRules).toContain('s3-default-encryption-cmk');
  });
});

describe('projectReport (Snowflake stages)', () => {
  it('lists a stage the findings name, with its own findings, no key and no cost lines', () => {
    const stageRef = { id: 'snowflake://xy12345/ANALYTICS.RAW.EVENTS_STAGE', type: 'snowflake-stage' as const, name: 'ANALYTICS.RAW.EVENTS_STAGE', account: 'xy12345' };
    const withStage: Report = {
      ...report,
      findings: [
        ...report.findings,
        { ruleId: 'snowflake-stage-kms-key-matches', status: 'fail', severity: 'high', resource: stageRef, message: 'm', messageId: 'x', remediation: 'r', docs: 'd' },
        { ruleId: 'snowflake-stage-integration', status: 'pass', severity: 'medium', resource: stageRef, message: 'm', messageId: 'x', remediation: 'r', docs: 'd' },
      ],
    };
    const stage = projectReport(withStage).find((r) => r.row.id === stageRef.id)!;
    expect(stage.row).toMatchObject({ id: stageRef.id, name: stageRef.name, status: 'fail', worstSeverity: 'high', key: null, monthlyCost: null, problemRules: ['snowflake-stage-kms-key-matches'] });
    expect(stage.row.counts).toEqual({ fail: 1, unknown: 0, suppressed: 0, pass: 1, not_applicable: 0 });
    expect(stage.findings.map((f) => f.ruleId)).toEqual(['snowflake-stage-kms-key-matches', 'snowflake-stage-integration']);
  });
});

describe('projectReport (status from compliance findings; suppressions)', () => {
  const bucket = { id: 'arn:aws:s3:::acme-cold', type: 'bucket' as const, name: 'acme-cold', account: '123456789012' };
  const f = (ruleId: string, status: Report['findings'][number]['status'], severity: Report['findings'][number]['severity'], extra: Partial<Report['findings'][number]> = {}): Report['findings'][number] => ({
    ruleId,
    status,
    severity,
    resource: bucket,
    message: `${ruleId} ${status}`,
    messageId: 'x',
    remediation: 'r',
    docs: 'd',
    ...extra,
  });
  const rowOf = (findings: Report['findings']) => projectReport({ ...report, resources: [], findings }).find((r) => r.row.id === bucket.id)!.row;

  it('an info-level cost finding does not make a passing bucket Failing: it is a note', () => {
    const row = rowOf([f('cost-replication-transfer', 'fail', 'info'), f('s3-bucket-key-enabled', 'pass', 'medium')]);
    expect(row).toMatchObject({ status: 'pass', worstSeverity: null, worst: null, problemRules: [] });
    expect(row.notes).toEqual([{ ruleId: 'cost-replication-transfer', status: 'fail', severity: 'info', message: 'cost-replication-transfer fail' }]);
    expect(row.failBySeverity.info).toBe(1);
  });

  it('a suppressed finding ranks after fail and unknown, carries its terms, and a bucket whose only problem is accepted is Suppressed', () => {
    const accepted = f('s3-bucket-key-enabled', 'suppressed', 'medium', {
      suppressedStatus: 'fail',
      suppression: { source: 'profile', reason: 'legacy reader (RISK-7)', expires: '2027-03-31', approvedBy: 'alice' },
    });
    const row = rowOf([accepted, f('s3-versioning-enabled', 'pass', 'medium')]);
    expect(row.status).toBe('suppressed');
    expect(row.counts).toMatchObject({ fail: 0, suppressed: 1, pass: 1 });
    expect(row.suppressed).toEqual([{ ruleId: 's3-bucket-key-enabled', severity: 'medium', verdict: 'fail', reason: 'legacy reader (RISK-7)', source: 'profile', expires: '2027-03-31', approvedBy: 'alice' }]);
    expect(row.worst).toBeNull();
    expect(rowOf([accepted, f('s3-mfa-delete', 'unknown', 'low')]).status).toBe('unknown');
  });
});
