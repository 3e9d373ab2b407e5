/**
 * Compliance mappings are data the reports group by: every rule is in the architecture's pack, and
 * every mapped id has its framework's shape, so a typo (S3-8, CKV_AWS_O7, cis "2.1.4" without the
 * benchmark version) fails here rather than creating a control nobody has heard of.
 */
import { describe, expect, it } from 'vitest';
import { rules } from './registry.js';
import { compareControlIds, FRAMEWORK_INFO, FRAMEWORKS, mappedIds, PACKS } from './mappings.js';

describe('rule packs', () => {
  it.each(rules.map((r) => [r.id, r] as const))('%s is in the snowflake-s3-kms pack and only in known packs', (_id, rule) => {
    expect(rule.packs).toContain('snowflake-s3-kms');
    for (const p of rule.packs) expect(PACKS).toContain(p);
    expect(new Set(rule.packs).size).toBe(rule.packs.length);
  });

  it('the cost pack holds exactly the cost rules', () => {
    expect(rules.filter((r) => r.packs.includes('cost')).map((r) => r.id)).toEqual(rules.filter((r) => r.id.startsWith('cost-')).map((r) => r.id));
  });
});

describe('rule mappings', () => {
  const mapped = rules.filter((r) => r.mappings !== undefined);

  it.each(mapped.map((r) => [r.id, r] as const))('%s maps only to well-formed, distinct ids', (id, rule) => {
    const keys = Object.keys(rule.mappings ?? {});
    expect(keys.length, `${id}: mappings without a framework; leave it out instead`).toBeGreaterThan(0);
    for (const key of keys) expect(FRAMEWORKS.map((f) => FRAMEWORK_INFO[f].key)).toContain(key);
    for (const f of FRAMEWORKS) {
      const ids = mappedIds(rule.mappings, f);
      if (rule.mappings?.[FRAMEWORK_INFO[f].key] !== undefined) expect(ids.length, `${id}: empty ${f} list`).toBeGreaterThan(0);
      for (const controlId of ids) expect(controlId, `${id}: ${f}`).toMatch(FRAMEWORK_INFO[f].idPattern);
      expect(new Set(ids).size, `${id}: duplicate ${f} id`).toBe(ids.length);
    }
  });

  it('rejects ids of the wrong shape (the patterns are not vacuous)', () => {
    const bad: Record<string, string[]> = {
      'security-hub': ['S3-8', 's3.8', 'S3.', 'EC2.1'],
      cis: ['2.1.4', 'v3.0/2.1.4', 'v3.0.0/', 'v3.0.0/2.1.4.1.1'],
      prowler: ['S3_bucket', 's3-bucket', 'ec2_instance_public'],
      checkov: ['CKV_AWS_O7', 'CKV_GCP_1', 'CKV3_AWS_1', 'CKV_AWS_07'],
    };
    for (const f of FRAMEWORKS) for (const id of bad[f] ?? []) expect(id, f).not.toMatch(FRAMEWORK_INFO[f].idPattern);
  });

  // A few overlaps the research states outright, so a shuffled table cannot pass unnoticed.
  it.each([
    ['s3-bucket-public-access-block', 'security-hub', 'S3.8'],
    ['s3-account-public-access-block', 'cis', 'v3.0.0/2.1.4'],
    ['s3-policy-deny-insecure-transport', 'cis', 'v3.0.0/2.1.1'],
    ['kms-rotation-enabled', 'checkov', 'CKV_AWS_7'],
    ['trail-s3-data-events', 'prowler', 'cloudtrail_s3_dataevents_write_enabled'],
    ['trail-kms-cmk', 'security-hub', 'CloudTrail.2'],
  ] as const)('%s maps to %s %s', (id, framework, control) => {
    expect(mappedIds(rules.find((r) => r.id === id)?.mappings, framework)).toContain(control);
  });

  // Checks the research finds in no framework stay unmapped rather than borrow a near miss; so do
  // rules whose pass would show a control as met where it is not (s3-mfa-delete never fails).
  it.each(['s3-bucket-key-enabled', 's3-policy-deny-wrong-kms-key', 'kms-policy-via-service', 'iam-trust-external-id', 'kms-multi-region-replica', 's3-mfa-delete', 'trail-kms-events-logged'])(
    '%s is unmapped',
    (id) => {
      expect(rules.find((r) => r.id === id)?.mappings).toBeUndefined();
    },
  );

  it('orders control ids numerically where they are numbers', () => {
    const ids = ['S3.10', 'CloudTrail.2', 'S3.2', 'v3.0.0/3.1', 'v3.0.0/2.1.4', 'S3.1', 'v3.0.0/3.10'];
    expect(ids.sort(compareControlIds)).toEqual(['CloudTrail.2', 'S3.1', 'S3.2', 'S3.10', 'v3.0.0/2.1.4', 'v3.0.0/3.1', 'v3.0.0/3.10']);
  });
});
