import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../profile/load.js';
import { parsePlanJson, type ResourceChange, type TerraformPlan } from './plan-file.js';
import type { TerraformSource } from './hcl.js';
import { forEachBinding, markedAt, moduleOf, PlanIndex } from './plan-index.js';

const error = (content: string | Uint8Array): string => {
  try {
    parsePlanJson(content, 'plan.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('parsePlanJson: the wrong file gets a message naming it and how to make the right one', () => {
  it('a binary plan file (zip)', () => {
    expect(error(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBe(
      'plan.json: this is a binary plan file (what `terraform plan -out` writes), not its JSON; produce it with `terraform show -json plan.out > plan.json` (or `tofu show -json`)',
    );
  });
  it('not JSON, and truncated JSON', () => {
    expect(error('Terraform used the selected providers…')).toMatch(/^plan\.json: not valid JSON \(Unexpected token 'T'/);
    expect(error('{"format_version":"1.2","planned_values":{')).toMatch(/^plan\.json: not valid JSON at line 1, column 43 — the file looks truncated \(/);
    expect(error('  ')).toContain('the file is empty');
  });
  it('a state file, an unknown major format, a JSON array', () => {
    expect(error('{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}')).toContain(
      'this is a state file (`terraform show -json` without a plan file), not a plan; run `terraform plan -out plan.out`, then `terraform show -json plan.out > plan.json`',
    );
    expect(error('{"format_version":"2.0","planned_values":{}}')).toBe(
      'plan.json: format_version "2.0" is not supported (envelope reads plan JSON format 1.x, written by Terraform ≥ 1.0 and OpenTofu)',
    );
    expect(error('[]')).toContain('the JSON is not an object');
    expect(error('{"planned_values":{}}')).toContain('there is no format_version');
  });
  it('accepts format 1.x, the same major with keys it does not know', () => {
    expect(parsePlanJson('{"format_version":"1.9","planned_values":{},"deferred_changes":[]}', 'plan.json').format_version).toBe('1.9');
  });
});

describe('markedAt and moduleOf', () => {
  it('a leaf is unknown when it or anything above it is marked', () => {
    const tree = { rule: [{ apply: [{ key: true }] }], id: true };
    expect(markedAt(tree, ['rule', 0, 'apply', 0, 'key'])).toBe(true);
    expect(markedAt(tree, ['rule', 0, 'apply', 0, 'algorithm'])).toBe(false);
    expect(markedAt(tree, ['id', 'x'])).toBe(true);
    expect(markedAt(true, ['anything'])).toBe(true);
  });
  it('module instance addresses', () => {
    expect(moduleOf('aws_kms_key.stage')).toBe('');
    expect(moduleOf('module.stage["finance"].aws_kms_key.this')).toBe('module.stage["finance"]');
    expect(moduleOf('module.a[0].module.b.data.aws_iam_policy_document.x')).toBe('module.a[0].module.b');
  });
});

/** Two module instances, each with a key and an encryption configuration that references it. */
function forEachPlan(): TerraformPlan {
  const instance = (k: string) => ({
    address: `module.stage["${k}"]`,
    resources: [
      { address: `module.stage["${k}"].aws_kms_key.this`, mode: 'managed' as const, type: 'aws_kms_key', name: 'this', values: { enable_key_rotation: true } },
      {
        address: `module.stage["${k}"].aws_s3_bucket_server_side_encryption_configuration.this`,
        mode: 'managed' as const,
        type: 'aws_s3_bucket_server_side_encryption_configuration',
        name: 'this',
        values: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }], bucket_key_enabled: true }] },
      },
    ],
  });
  return {
    format_version: '1.2',
    planned_values: { root_module: { child_modules: [instance('analytics'), instance('finance')] } },
    resource_changes: ['analytics', 'finance'].flatMap((k): ResourceChange[] => [
      {
        address: `module.stage["${k}"].aws_s3_bucket_server_side_encryption_configuration.this`,
        module_address: `module.stage["${k}"]`,
        mode: 'managed' as const,
        type: 'aws_s3_bucket_server_side_encryption_configuration',
        name: 'this',
        change: { actions: ['create'], after_unknown: { id: true, rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }] } },
      },
    ]).concat([{ address: 'aws_s3_bucket.old', mode: 'managed', type: 'aws_s3_bucket', name: 'old', change: { actions: ['delete'] } }]),
    configuration: {
      root_module: {
        module_calls: {
          stage: {
            module: {
              resources: [
                { address: 'aws_kms_key.this', mode: 'managed', type: 'aws_kms_key', name: 'this', expressions: {} },
                {
                  address: 'aws_s3_bucket_server_side_encryption_configuration.this',
                  mode: 'managed',
                  type: 'aws_s3_bucket_server_side_encryption_configuration',
                  name: 'this',
                  expressions: {
                    rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: { references: ['aws_kms_key.this.arn', 'aws_kms_key.this'] }, sse_algorithm: { constant_value: 'aws:kms' } }] }],
                  },
                },
              ],
            },
          },
        },
      },
    },
  };
}

describe('PlanIndex', () => {
  const index = new PlanIndex(forEachPlan());
  const enc = index.get('module.stage["finance"].aws_s3_bucket_server_side_encryption_configuration.this')!;

  it('reads known values, and says what an after-apply value is built from', () => {
    expect(index.value(enc, ['rule', 0, 'bucket_key_enabled'])).toEqual({ state: 'known', value: true });
    expect(index.value(enc, ['rule', 0, 'apply_server_side_encryption_by_default', 0, 'kms_master_key_id'])).toEqual({
      state: 'after-apply',
      references: ['aws_kms_key.this.arn', 'aws_kms_key.this'],
    });
  });

  it('follows a reference to the key of the same module instance', () => {
    const ref = index.referenced(enc, 'aws_kms_key.this.arn');
    expect(ref?.resource.address).toBe('module.stage["finance"].aws_kms_key.this');
    expect(ref?.attribute).toEqual(['arn']);
    expect(index.referenced(enc, 'var.key_arn')).toBeUndefined();
  });

  it('deleted resources are listed apart and are not in the post-apply resources', () => {
    expect(index.deleted).toEqual(['aws_s3_bucket.old']);
    expect(index.get('aws_s3_bucket.old')).toBeUndefined();
    expect(index.ofType('aws_kms_key').map((r) => r.address)).toEqual(['module.stage["analytics"].aws_kms_key.this', 'module.stage["finance"].aws_kms_key.this']);
  });

  it('does not hold sensitive values at all, and says a sensitive value is not read', () => {
    const plan: TerraformPlan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', values: { bucket: 'b', tags: { team: 'secret-team', env: 'prod' } } }] } },
      resource_changes: [{ address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', change: { actions: ['create'], after_sensitive: { tags: { team: true } } } }],
    };
    const b = new PlanIndex(plan).get('aws_s3_bucket.b')!;
    expect(JSON.stringify(b.values)).not.toContain('secret-team');
    expect(b.values.tags).toEqual({ team: undefined, env: 'prod' });
    expect(new PlanIndex(plan).value(b, ['tags', 'team'])).toEqual({ state: 'after-apply', references: [], sensitive: true });
  });
});


describe('each.value followed to the instance a for_each iterates over', () => {
  it.each([
    ['the block itself', '${aws_s3_bucket.stage}', { over: 'aws_s3_bucket.stage', key: 'index', direct: true }],
    ['a for expression keyed by an attribute', '${{ for b in aws_s3_bucket.stage : b.bucket => b }}', { over: 'aws_s3_bucket.stage', key: ['bucket'] }],
    ['a for expression with a filter', '${{ for b in aws_s3_bucket.stage : b.tags.team => b if b.bucket != "" }}', { over: 'aws_s3_bucket.stage', key: ['tags', 'team'] }],
    ['a for expression keyed by the index', '${{ for i, b in data.aws_s3_bucket.x : i => b }}', { over: 'data.aws_s3_bucket.x', key: 'index' }],
    ['a for expression whose values are not the instances', '${{ for b in aws_s3_bucket.stage : b.bucket => b.arn }}', undefined],
    ['a for expression keyed by a function', '${{ for b in aws_s3_bucket.stage : upper(b.bucket) => b }}', undefined],
    ['a variable', '${var.buckets}', undefined],
    ['a for expression over a local', '${{ for b in local.buckets : b.bucket => b }}', undefined],
    ['a set of strings', '${toset(["a", "b"])}', undefined],
  ])('%s', (_, expr, binding) => {
    expect(forEachBinding(expr)).toEqual(binding);
  });

  /** Buckets under count, and versioning for_each over them keyed by name, as the configuration writes it. */
  function countedPlan(names: (string | null)[]): TerraformPlan {
    const bucket = (name: string | null, i: number) => ({ address: `aws_s3_bucket.stage[${i}]`, mode: 'managed' as const, type: 'aws_s3_bucket', name: 'stage', index: i, values: name ? { bucket: name } : {} });
    const versioning = (name: string) => ({ address: `aws_s3_bucket_versioning.stage["${name}"]`, mode: 'managed' as const, type: 'aws_s3_bucket_versioning', name: 'stage', index: name, values: {} });
    const named = names.filter((n): n is string => n !== null);
    return {
      format_version: '1.2',
      planned_values: { root_module: { resources: [...names.map(bucket), ...named.map(versioning)] } },
      resource_changes: [
        ...names.map((n, i) => ({ address: `aws_s3_bucket.stage[${i}]`, mode: 'managed' as const, type: 'aws_s3_bucket', name: 'stage', change: { actions: ['create'], after_unknown: n ? { id: true } : { id: true, bucket: true } } })),
        ...named.map((n) => ({ address: `aws_s3_bucket_versioning.stage["${n}"]`, mode: 'managed' as const, type: 'aws_s3_bucket_versioning', name: 'stage', change: { actions: ['create'], after_unknown: { bucket: true } } })),
      ],
      configuration: {
        root_module: {
          resources: [
            { address: 'aws_s3_bucket.stage', mode: 'managed', type: 'aws_s3_bucket', name: 'stage', expressions: {} },
            { address: 'aws_s3_bucket_versioning.stage', mode: 'managed', type: 'aws_s3_bucket_versioning', name: 'stage', expressions: { bucket: { references: ['each.value.id', 'each.value'] } } },
          ],
        },
      },
    };
  }
  const sourceWith = (forEach: string): TerraformSource => ({
    block: (_kind, type) => (type === 'aws_s3_bucket_versioning' ? { body: { for_each: forEach, bucket: '${each.value.id}' } } : { missing: 'not asked' }),
    locate: () => undefined,
  });
  const FOR = '${{ for b in aws_s3_bucket.stage : b.bucket => b }}';

  it('follows each.value.id to the counted instance whose key attribute is the for_each key', () => {
    const index = new PlanIndex(countedPlan(['raw', 'curated']));
    index.useSource(sourceWith(FOR));
    const v = index.get('aws_s3_bucket_versioning.stage["curated"]')!;
    expect(index.referenced(v, 'each.value.id')).toEqual({ resource: index.get('aws_s3_bucket.stage[1]'), attribute: ['id'] });
    expect(index.referenced(index.get('aws_s3_bucket_versioning.stage["raw"]')!, 'each.value.id')?.resource.address).toBe('aws_s3_bucket.stage[0]');
  });

  it('does not follow it without the .tf files, for an expression it cannot read, or when the key is not known', () => {
    const bare = new PlanIndex(countedPlan(['raw']));
    expect(bare.referenced(bare.get('aws_s3_bucket_versioning.stage["raw"]')!, 'each.value.id')).toBeUndefined();
    const transformed = new PlanIndex(countedPlan(['raw']));
    transformed.useSource(sourceWith('${{ for b in aws_s3_bucket.stage : b.bucket => { id = b.arn } }}'));
    expect(transformed.referenced(transformed.get('aws_s3_bucket_versioning.stage["raw"]')!, 'each.value.id')).toBeUndefined();
    // A counted block cannot be a for_each itself: its instances have no keys to match.
    const direct = new PlanIndex(countedPlan(['raw']));
    direct.useSource(sourceWith('${aws_s3_bucket.stage}'));
    expect(direct.referenced(direct.get('aws_s3_bucket_versioning.stage["raw"]')!, 'each.value.id')).toBeUndefined();
    // One instance's name is known only after apply; the other's matches the key, and Terraform rejects duplicate keys.
    const pending = new PlanIndex(countedPlan([null, 'raw']));
    pending.useSource(sourceWith(FOR));
    expect(pending.referenced(pending.get('aws_s3_bucket_versioning.stage["raw"]')!, 'each.value.id')?.resource.address).toBe('aws_s3_bucket.stage[1]');
  });
});
