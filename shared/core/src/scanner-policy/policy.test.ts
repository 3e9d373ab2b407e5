import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../cli.js';
import { buildScannerPolicy, FEATURE_NAMES, parseFeatures, renderScannerPolicy } from './policy.js';
import { DECLARED_CALLS } from './registry.js';

const DOCS_POLICY = join(import.meta.dirname, '../../../../docs/scanner-policy.json');

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(['node', 'envelope', 'iam-policy', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('envelope iam-policy', () => {
  it('docs/scanner-policy.json is the command\'s output (regenerate: envelope iam-policy -o docs/scanner-policy.json)', async () => {
    const { code, out } = await cli();
    expect(code).toBe(0);
    expect(readFileSync(DOCS_POLICY, 'utf8')).toBe(out);
  });

  it('core alone: no CloudWatch, no ListKeys, no object reads, no ListRoles or Price List', () => {
    const actions = buildScannerPolicy(['core']).Statement.flatMap((s) => s.Action);
    for (const a of ['cloudwatch:ListMetrics', 'kms:ListKeys', 's3:GetObject', 's3:ListBucket', 'iam:ListRoles', 'pricing:GetProducts']) expect(actions).not.toContain(a);
    expect(actions).toContain('s3:GetEncryptionConfiguration');
  });

  it('all features: every declared action, each once per resource; GetObject only on objects, ListBucket only on buckets', () => {
    const policy = buildScannerPolicy(parseFeatures('all'));
    const pairs = policy.Statement.flatMap((s) => s.Action.map((a) => `${a}|${s.Resource}`));
    expect(pairs.length).toBe(new Set(pairs).size);
    const declared = [...new Set(DECLARED_CALLS.flatMap((c) => (c.action ? [c.action] : [])))].sort();
    expect([...new Set(policy.Statement.flatMap((s) => s.Action))].sort()).toEqual(declared);
    expect(policy.Statement.find((s) => s.Action.includes('s3:GetObject'))?.Resource).toBe('arn:aws:s3:::*/*');
    expect(policy.Statement.find((s) => s.Action.includes('s3:ListBucket'))?.Resource).toBe('arn:aws:s3:::*');
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'CoreCloudTrail',
      'CoreIam',
      'CoreKms',
      'CoreS3Account',
      'CoreS3Buckets',
      'CoreTagging',
      'CostCloudWatch',
      'CostKms',
      'ObjectsS3Buckets',
      'ObjectsS3Objects',
      'PricesPricing',
      'InitIam',
      'OrganizationOrganizations',
      'OrganizationSts',
      'SinceCloudTrail',
    ]);
    // No wildcard action and nothing that writes.
    expect(policy.Statement.flatMap((s) => s.Action).filter((a) => a.includes('*') || /:(Put|Create|Delete|Update|Tag|Untag)/.test(a))).toEqual([]);
    // sts:GetCallerIdentity needs no permission: not granted. AssumeRole is the organization feature's.
    expect(policy.Statement.flatMap((s) => s.Action).filter((a) => a.startsWith('sts:'))).toEqual(['sts:AssumeRole']);
  });

  it('--features snowflake adds no AWS action and says where its grants are; --partition changes the S3 ARNs', async () => {
    const sf = await cli('--features', 'snowflake');
    expect(sf.code).toBe(0);
    expect(JSON.parse(sf.out)).toEqual(buildScannerPolicy(['core']));
    expect(sf.err).toContain('docs/scanner-policy.md');
    const cn = await cli('--partition', 'aws-cn', '--features', 'objects');
    expect(cn.out).toContain('"arn:aws-cn:s3:::*/*"');
    expect(cn.out).toBe(renderScannerPolicy(buildScannerPolicy(['objects'], { partition: 'aws-cn' })));
  });

  it('a bad feature or partition is a usage error naming the flag and the value', async () => {
    const bad = await cli('--features', 'cost,bogus');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--features: unknown feature "bogus"');
    expect(bad.out).toBe('');
    const part = await cli('--partition', 'mars');
    expect(part.code).toBe(2);
    expect(part.err).toContain('--partition: expected aws, aws-cn or aws-us-gov, got "mars"');
    expect(FEATURE_NAMES).toContain('snowflake');
  });

  it('--help shows examples', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    expect(out).toContain('Examples:');
    expect(out).toContain('envelope iam-policy --features all');
  });
});
