import { describe, expect, it } from 'vitest';
import type { Lifecycle, LifecycleRule } from '../../model/inventory.js';
import { absent, present, unknown } from '../../model/observed.js';
import { BUCKET, inventoryWith, makeBucket, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const tiering = (changes: Partial<LifecycleRule> = {}): LifecycleRule => ({
  id: 'tiering',
  status: 'Enabled',
  filter: {},
  transitions: [
    { days: 30, storageClass: 'STANDARD_IA' },
    { days: 90, storageClass: 'GLACIER' },
  ],
  noncurrentTransitions: [],
  noncurrentExpirationDays: 90,
  abortIncompleteMultipartDays: 7,
  ...changes,
});
const withRules = (rules: LifecycleRule[], extra: Partial<Lifecycle> = {}) =>
  makeBucket({ lifecycle: present({ rules, transitionDefaultMinimumObjectSize: 'all_storage_classes_128K', ...extra }) });
const ia = { days: 30, storageClass: 'STANDARD_IA' };

const cases = [
  { name: 'the seed lifecycle', bucket: makeBucket(), status: 'pass' },
  { name: 'rule on the data prefix', bucket: withRules([tiering({ filter: { prefix: 'data/' } })]), status: 'pass' },
  { name: 'rule on a shorter prefix that covers data/', bucket: withRules([tiering({ filter: { prefix: 'da' } })]), status: 'pass' },
  {
    name: 'transitions and noncurrent expiration in two rules',
    bucket: withRules([tiering({ noncurrentExpirationDays: undefined }), tiering({ id: 'versions', transitions: [], noncurrentExpirationDays: 90 })]),
    status: 'pass',
  },
  { name: 'extra transition (DEEP_ARCHIVE at 365)', bucket: withRules([tiering({ transitions: [...tiering().transitions, { days: 365, storageClass: 'DEEP_ARCHIVE' }] })]), status: 'pass' },
  { name: 'no lifecycle', bucket: makeBucket({ lifecycle: absent() }), status: 'fail' },
  { name: 'no rules', bucket: withRules([]), status: 'fail' },
  { name: 'rule disabled', bucket: withRules([tiering({ status: 'Disabled' })]), status: 'fail' },
  { name: 'rule on another prefix', bucket: withRules([tiering({ filter: { prefix: 'logs/' } })]), status: 'fail' },
  { name: 'rule on a longer prefix (covers only part of data/)', bucket: withRules([tiering({ filter: { prefix: 'data/2024/' } })]), status: 'fail' },
  { name: 'tag filter', bucket: withRules([tiering({ filter: { tags: { tier: 'cold' } } })]), status: 'fail' },
  { name: 'size filter', bucket: withRules([tiering({ filter: { objectSizeGreaterThan: 1024 } })]), status: 'fail' },
  { name: 'GLACIER at 180 days', bucket: withRules([tiering({ transitions: [ia, { days: 180, storageClass: 'GLACIER' }] })]), status: 'fail' },
  { name: 'DEEP_ARCHIVE instead of GLACIER', bucket: withRules([tiering({ transitions: [ia, { days: 90, storageClass: 'DEEP_ARCHIVE' }] })]), status: 'fail' },
  { name: 'noncurrent versions kept 30 days', bucket: withRules([tiering({ noncurrentExpirationDays: 30 })]), status: 'fail' },
  { name: 'no noncurrent expiration', bucket: withRules([tiering({ noncurrentExpirationDays: undefined })]), status: 'fail' },
  { name: 'lifecycle unreadable', bucket: makeBucket({ lifecycle: unknown('access denied to s3:GetLifecycleConfiguration') }), status: 'unknown' },
] as const;

const run = (bucket: ReturnType<typeof makeBucket>) => runRule(rule, inventoryWith('bucket', bucket), { resource: BUCKET });

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ bucket, status }) => {
    expect(run(bucket).status).toBe(status);
  });

  it('names the missing step and what the rule does instead', () => {
    const f = run(withRules([tiering({ transitions: [ia] , noncurrentExpirationDays: 30 })]));
    expect(f.message).toContain('no GLACIER transition at 90 days (rule "tiering" has no such transition)');
    expect(f.message).toContain('noncurrent versions do not expire after 90 days (rule "tiering" uses 30 days)');
    expect(run(withRules([tiering({ transitions: [ia, { days: 180, storageClass: 'GLACIER' }] })])).message).toContain(
      'no GLACIER transition at 90 days (rule "tiering" transitions to GLACIER at 180 days)',
    );
  });

  it('says why no rule covers the data', () => {
    expect(run(withRules([tiering({ filter: { prefix: 'logs/' } })])).message).toBe(
      'No Enabled lifecycle rule covers "data/": rule "tiering" applies to prefix "logs/", which does not cover "data/".',
    );
  });

  it('warns, without failing, on the 128 KB floor and on missing multipart cleanup', () => {
    const seed = run(makeBucket());
    expect(seed.message).toContain('Warnings: objects under 128 KB do not transition');
    expect(seed.evidence?.warnings).toHaveLength(1);
    const f = run(withRules([tiering({ abortIncompleteMultipartDays: undefined })], { transitionDefaultMinimumObjectSize: undefined }));
    expect(f.status).toBe('pass');
    expect(f.message).toContain('no covering rule aborts incomplete multipart uploads');
    const clean = run(withRules([tiering()], { transitionDefaultMinimumObjectSize: 'varies_by_storage_class' }));
    expect(clean.message).toBe('Lifecycle rule "tiering" transitions to STANDARD_IA at 30 days and to GLACIER at 90 days; rule "tiering" expires noncurrent versions after 90 days.');
  });
});
