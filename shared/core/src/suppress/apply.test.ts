import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../cli-options.js';
import { present } from '../model/observed.js';
import type { Inventory } from '../model/inventory.js';
import { parseProfile } from '../profile/load.js';
import type { ProfileInput } from '../profile/schema.js';
import { buildReport } from '../report/build.js';
import { reportSchema, type Report } from '../report/schema.js';
import { evaluate } from '../rules/engine.js';
import { rules } from '../rules/registry.js';
import { architectureProfile, architectureWith } from '../testing/architecture-inventory.js';
import { BUCKET, BUCKET_ARN, SNOWFLAKE_ROLE_ARN } from '../testing/inventory-builders.js';
import { IGNORE_TAG, parseIgnoreTag } from './tag.js';

const SCANNED = new Date('2026-06-15T10:00:00Z');
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab';
type Entry = NonNullable<ProfileInput['suppressions']>[number];
const entry = (rule: string, resource: string, extra: Partial<Entry> = {}): Entry => ({ rule, resource, reason: `accepted: ${rule}`, expires: '2026-12-31', approvedBy: 'alice', ...extra });

/** The architecture with a key that does not rotate, a stage bucket without Bucket Key and a trust without external id: three failing findings. */
function scan(suppressions: Entry[], tweak: (inv: Inventory) => void = () => {}, extra: Partial<ProfileInput> = {}): Report {
  const inventory = architectureWith('no-bucket-key', 'rotation-off', 'trust-no-external-id');
  tweak(inventory);
  const profile = parseProfile({ ...architectureProfile(), suppressions, ...extra }, 'test');
  const findings = evaluate(rules, inventory, profile);
  return buildReport({ inventory, findings, profile, stats: { byService: {}, byOperation: {}, total: 0, attempts: 0 }, durationMs: 1, scannedAt: SCANNED });
}
const one = (r: Report, ruleId: string) => r.findings.find((f) => f.ruleId === ruleId && (f.status === 'fail' || f.status === 'suppressed'))!;
const tagBucket = (value: string) => (inv: Inventory) => {
  const b = inv.buckets.find((x) => x.name === BUCKET)!;
  b.tags = present({ ...(b.tags.state === 'present' ? b.tags.value : {}), [IGNORE_TAG]: value });
};

describe('suppressions', () => {
  it('a matching profile entry suppresses the finding, keeps its verdict and the terms, and the summary counts it apart', () => {
    const r = scan([entry('kms-rotation-enabled', KEY)]);
    const f = one(r, 'kms-rotation-enabled');
    expect(f).toMatchObject({ status: 'suppressed', suppressedStatus: 'fail', suppression: { source: 'profile', reason: 'accepted: kms-rotation-enabled', expires: '2026-12-31', approvedBy: 'alice' } });
    expect(r.summary.byStatus.suppressed).toBe(1);
    expect(r.summary.failBySeverity.high).toBe(r.findings.filter((x) => x.status === 'fail' && x.severity === 'high').length);
    expect(r.suppressions).toEqual({ expired: [], stale: [], invalidTags: [] });
    expect(reportSchema.safeParse(r).success).toBe(true);
  });

  it.each([
    ['an ARN glob over every Region and key', 'arn:aws:kms:*:111122223333:key/*', 'kms-rotation-enabled'],
    ['a bucket name', BUCKET, 's3-bucket-key-enabled'],
    ['a rule glob', BUCKET_ARN, 's3-bucket-*'],
    ['a role ARN with a wildcard path', 'arn:aws:iam::111122223333:role/*', 'iam-trust-*'],
  ])('matches %s', (_, resource, rule) => {
    const r = scan([entry(rule, resource)]);
    expect(r.findings.filter((f) => f.status === 'suppressed').map((f) => f.ruleId)).toEqual([rule.replace('*', rule.startsWith('iam') ? 'external-id' : 'key-enabled')]);
  });

  it('a pattern that is not the resource suppresses nothing and is reported stale, with why', () => {
    const r = scan([entry('kms-rotation-enabled', 'arn:aws:kms:ap-south-1:*'), entry('s3-bucket-key-enabled', `${BUCKET}-logs`)]);
    expect(r.findings.some((f) => f.status === 'suppressed')).toBe(false);
    expect(r.suppressions?.stale).toEqual([
      expect.objectContaining({ source: 'profile', rule: 'kms-rotation-enabled', why: 'matches no finding of this scan' }),
      expect.objectContaining({ source: 'profile', rule: 's3-bucket-key-enabled', why: expect.stringMatching(/^matches only findings that pass or do not apply/) }),
    ]);
  });

  it('an expired entry stops applying, the finding fails again and counts for --fail-on, and the report lists it', () => {
    const r = scan([entry('kms-rotation-enabled', KEY, { expires: '2026-06-14' })]);
    expect(one(r, 'kms-rotation-enabled').status).toBe('fail');
    expect(r.suppressions?.expired).toEqual([expect.objectContaining({ rule: 'kms-rotation-enabled', expires: '2026-06-14', matches: 1 })]);
    expect(exitCodeFor(r, 'high')).toBe(1);
  });

  it('the expiry day itself still applies (UTC, inclusive)', () => {
    expect(one(scan([entry('kms-rotation-enabled', KEY, { expires: '2026-06-15' })]), 'kms-rotation-enabled').status).toBe('suppressed');
  });

  it('suppressed findings do not count for --fail-on, even with --fail-on-unknown', () => {
    const all = [entry('*', '*')];
    const r = scan(all);
    expect(r.findings.filter((f) => f.status === 'fail' || f.status === 'unknown')).toEqual([]);
    expect(exitCodeFor(r, 'info', { failOnUnknown: true })).toBe(0);
    expect(exitCodeFor(scan([]), 'info')).toBe(1);
  });

  it('passes and not-applicable findings are never suppressed', () => {
    const r = scan([entry('*', '*')]);
    expect(r.findings.filter((f) => f.status === 'suppressed').every((f) => f.suppressedStatus === 'fail' || f.suppressedStatus === 'unknown')).toBe(true);
    expect(r.summary.byStatus.pass).toBe(scan([]).summary.byStatus.pass);
  });

  it('a suppressed unknown keeps saying it was not seen', () => {
    const r = scan([entry('s3-bucket-key-enabled', BUCKET)], (inv) => {
      inv.buckets.find((b) => b.name === BUCKET)!.encryption = { state: 'unknown', reason: 'AccessDenied: s3:GetEncryptionConfiguration' };
    });
    const f = r.findings.find((x) => x.ruleId === 's3-bucket-key-enabled' && x.resource.name === BUCKET)!;
    expect(f).toMatchObject({ status: 'suppressed', suppressedStatus: 'unknown' });
    expect(f.message).toMatch(/AccessDenied/);
  });

  it('the envelope:ignore tag on a bucket suppresses the rules it names, with no expiry', () => {
    const r = scan([], tagBucket('s3-bucket-key-enabled+cost-replication-transfer   Bucket Key breaks the legacy reader (RISK-7)'));
    expect(one(r, 's3-bucket-key-enabled')).toMatchObject({ status: 'suppressed', suppressedStatus: 'fail', suppression: { source: 'tag', reason: 'Bucket Key breaks the legacy reader (RISK-7)', tag: IGNORE_TAG } });
    expect(one(r, 's3-bucket-key-enabled').suppression?.expires).toBeUndefined();
    expect(one(r, 'cost-replication-transfer').status).toBe('suppressed');
  });

  it('a tag rule id with nothing to suppress on its resource is stale; a tag without a reason is unreadable and suppresses nothing', () => {
    const stale = scan([], tagBucket('s3-bucket-key-enabled,s3-mfa-delete legacy'));
    expect(stale.suppressions?.stale).toEqual([expect.objectContaining({ source: 'tag', rule: 's3-mfa-delete', resource: BUCKET_ARN })]);
    const bad = scan([], tagBucket('s3-bucket-key-enabled'));
    expect(one(bad, 's3-bucket-key-enabled').status).toBe('fail');
    expect(bad.suppressions?.invalidTags).toEqual([expect.objectContaining({ resource: BUCKET_ARN, value: 's3-bucket-key-enabled', problem: expect.stringMatching(/no reason/) })]);
  });

  it('the role tag GetRole returned suppresses too', () => {
    const r = scan([], (inv) => {
      inv.roles.find((x) => x.arn === SNOWFLAKE_ROLE_ARN)!.ignoreTag = 'iam-trust-external-id Snowflake account migrating (CHG-9)';
    });
    expect(one(r, 'iam-trust-external-id')).toMatchObject({ status: 'suppressed', suppression: { source: 'tag' } });
  });

  it('precedence: an active profile entry wins over the tag; an expired one stops the tag as well', () => {
    const both = scan([entry('s3-bucket-key-enabled', BUCKET)], tagBucket('s3-bucket-key-enabled from the tag'));
    expect(one(both, 's3-bucket-key-enabled').suppression).toMatchObject({ source: 'profile', approvedBy: 'alice' });
    const expired = scan([entry('s3-bucket-key-enabled', BUCKET, { expires: '2026-01-01' })], tagBucket('s3-bucket-key-enabled from the tag'));
    expect(one(expired, 's3-bucket-key-enabled').status).toBe('fail');
    expect(expired.suppressions?.expired).toHaveLength(1);
  });

  it('suppressionTags: false ignores the tags', () => {
    const r = scan([], tagBucket('s3-bucket-key-enabled from the tag'), { suppressionTags: false });
    expect(one(r, 's3-bucket-key-enabled').status).toBe('fail');
    expect(r.suppressions?.stale).toEqual([]);
  });
});

describe('parseIgnoreTag', () => {
  it.each([
    ['s3-mfa-delete legacy buckets', { ok: true, rules: ['s3-mfa-delete'], reason: 'legacy buckets' }],
    ['s3-mfa-delete,kms-rotation-enabled  two rules', { ok: true, rules: ['s3-mfa-delete', 'kms-rotation-enabled'], reason: 'two rules' }],
    ['s3-mfa-delete+kms-rotation-enabled/s3-acls-disabled AWS-safe separators', { ok: true, rules: ['s3-mfa-delete', 'kms-rotation-enabled', 's3-acls-disabled'], reason: 'AWS-safe separators' }],
  ])('%j', (value, expected) => expect(parseIgnoreTag(value)).toEqual(expected));

  it.each([
    ['', /names no rule id/],
    ['s3-mfa-delete', /no reason/],
    ['S3_MFA reason', /is not a rule id/],
  ])('rejects %j', (value, problem) => {
    const parsed = parseIgnoreTag(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });
});

describe('profile validation of suppressions', () => {
  const load = (s: unknown) => () => parseProfile({ name: 'p', suppressions: [s] }, 'profile.yaml');
  it.each([
    [{ rule: 's3-mfa-delet', resource: '*', reason: 'r', expires: '2027-01-01' }, /suppressions\[0\]\.rule: is not a rule id \(did you mean s3-mfa-delete\?\); docs\/rules\.md lists them \(got "s3-mfa-delet"\)/],
    [{ rule: 'nope-*', resource: '*', reason: 'r', expires: '2027-01-01' }, /suppressions\[0\]\.rule: matches no rule id/],
    [{ rule: 's3-mfa-delete', resource: '*', reason: 'r', expires: '31/01/2027' }, /suppressions\[0\]\.expires: must be a date written YYYY-MM-DD.*\(got "31\/01\/2027"\)/],
    [{ rule: 's3-mfa-delete', resource: '*', reason: 'r', expires: '2027-02-30' }, /suppressions\[0\]\.expires: is not a calendar date/],
    [{ rule: 's3-mfa-delete', resource: '*', expires: '2027-01-01' }, /suppressions\[0\]\.reason: .*\(got \(missing\)\)/],
    [{ rule: 's3-mfa-delete', resource: '*', reason: '  ', expires: '2027-01-01' }, /suppressions\[0\]\.reason: must say why the risk is accepted/],
    [{ rule: 's3-mfa-delete', resource: '*', reason: 'r' }, /suppressions\[0\]\.expires/],
    [{ rule: 's3-mfa-delete', resource: '*', reason: 'r', expires: '2027-01-01', until: 'x' }, /suppressions\[0\]: Unrecognized key: "until"/],
  ])('%j', (s, message) => expect(load(s)).toThrow(message));

  it('accepts a well-formed entry', () => {
    expect(load({ rule: 'kms-policy-*', resource: 'arn:aws:kms:*', reason: 'r', expires: '2027-01-01', approvedBy: 'sec' })().suppressions).toHaveLength(1);
  });
});
