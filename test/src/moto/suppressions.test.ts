/**
 * Tag suppressions on a live account (moto): the scanner reads `envelope:ignore` from the bucket
 * tags (tagging:GetResources, even when the profile uses no tag scope or ownership) and from the
 * role tags GetRole returns, and the report keeps those findings as `suppressed`.
 */
import { PutBucketTaggingCommand } from '@aws-sdk/client-s3';
import { TagRoleCommand } from '@aws-sdk/client-iam';
import { buildReport, exitCodeFor, parseProfile, type Report } from '@envelope/core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { REGION, SNOWFLAKE_ROLE, STAGE_BUCKET, testClients } from './architecture.js';
import { motoProfileInput } from './scan-moto.js';
import { runScenario, type ScenarioResult } from './scenario.js';

const endpoint = inject('motoEndpoint');
const BUCKET_TAG = 's3-bucket-key-enabled+cost-bucket-key-disabled Legacy reader cannot use a Bucket Key (RISK-7)';
const ROLE_TAG = 'iam-trust-external-id Snowflake account migration (CHG-9)';

const reportOf = (r: ScenarioResult, scannedAt = new Date('2026-06-01T00:00:00Z')): Report =>
  buildReport({ inventory: r.inventory, findings: r.findings, profile: r.profile, stats: { byService: {}, byOperation: {}, total: 0, attempts: 0 }, durationMs: 1, scannedAt });
const statusOf = (report: Report, ruleId: string, name: string) => report.findings.find((f) => f.ruleId === ruleId && f.resource.name === name);

describe('moto: envelope:ignore tags', () => {
  let tagged: ScenarioResult;
  let untagged: ScenarioResult;

  beforeAll(async () => {
    // No ownership tag key and no tag scope: the tags are read for the suppressions alone.
    const { ownership: _, ...rest } = motoProfileInput;
    const profile = parseProfile({ ...rest, suppressions: [{ rule: 'trail-*', resource: '*', reason: 'The organisation trail lives in the audit account', expires: '2026-12-31', approvedBy: 'security' }] }, 'moto suppressions');
    tagged = await runScenario(endpoint, ['no-bucket-key', 'trust-no-external-id'], {
      profile,
      cost: false,
      beforeScan: async () => {
        const c = testClients(endpoint);
        await c.s3(REGION).send(new PutBucketTaggingCommand({ Bucket: STAGE_BUCKET, Tagging: { TagSet: [{ Key: 'team', Value: 'data-platform' }, { Key: 'envelope:ignore', Value: BUCKET_TAG }] } }));
        await c.iam.send(new TagRoleCommand({ RoleName: SNOWFLAKE_ROLE, Tags: [{ Key: 'envelope:ignore', Value: ROLE_TAG }] }));
      },
    });
    untagged = await runScenario(endpoint, ['no-bucket-key', 'trust-no-external-id'], { profile, cost: false });
  });

  it('reads the bucket tags through tagging:GetResources and the role tag from GetRole', () => {
    expect(tagged.apiCalls['tagging:GetResources']).toBeGreaterThan(0);
    const bucket = tagged.inventory.buckets.find((b) => b.name === STAGE_BUCKET)!;
    expect(bucket.tags).toEqual({ state: 'present', value: { team: 'data-platform', 'envelope:ignore': BUCKET_TAG } });
    expect(tagged.inventory.roles.find((r) => r.name === SNOWFLAKE_ROLE)?.ignoreTag).toBe(ROLE_TAG);
  });

  it('the tagged findings are suppressed, with the tag’s reason and no expiry; untagged they fail', () => {
    const report = reportOf(tagged);
    expect(statusOf(report, 's3-bucket-key-enabled', STAGE_BUCKET)).toMatchObject({
      status: 'suppressed',
      suppressedStatus: 'fail',
      suppression: { source: 'tag', reason: 'Legacy reader cannot use a Bucket Key (RISK-7)', tag: 'envelope:ignore' },
    });
    expect(statusOf(report, 'iam-trust-external-id', SNOWFLAKE_ROLE)).toMatchObject({ status: 'suppressed', suppression: { source: 'tag', reason: 'Snowflake account migration (CHG-9)' } });
    const plain = reportOf(untagged);
    expect(statusOf(plain, 's3-bucket-key-enabled', STAGE_BUCKET)?.status).toBe('fail');
    expect(statusOf(plain, 'iam-trust-external-id', SNOWFLAKE_ROLE)?.status).toBe('fail');
    expect(exitCodeFor(plain, 'high')).toBe(1);
    // This architecture has no CloudTrail trail: the profile accepts the trail rules (below), so nothing but information fails.
    expect(report.findings.filter((f) => f.status === 'fail' && f.severity !== 'info').map((f) => `${f.ruleId}@${f.resource.name}`)).toEqual([]);
    expect(exitCodeFor(report, 'low')).toBe(0);
  });

  it('a profile entry applies on the live scan too, and stops applying the day after it expires', () => {
    const trail = (r: Report, status: string) => r.findings.filter((f) => f.ruleId.startsWith('trail-') && f.status === status).length;
    const active = reportOf(tagged);
    expect([trail(active, 'suppressed'), trail(active, 'fail')]).toEqual([4, 0]);
    const later = reportOf(tagged, new Date('2027-01-01T00:00:00Z'));
    expect([trail(later, 'suppressed'), trail(later, 'fail')]).toEqual([0, 4]);
    expect(later.suppressions?.expired).toEqual([expect.objectContaining({ rule: 'trail-*', expires: '2026-12-31', matches: 4 })]);
    expect(exitCodeFor(later, 'low')).toBe(1);
  });
});
