/**
 * The shared Terraform fixtures (real `terraform show -json` output, Terraform 1.11.4,
 * hashicorp/aws 5.100.0) read by the plan index: every resource instance found, across modules
 * and for_each instances, and after-apply values followed to the resources they reference.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePlanJson } from '../../../shared/core/src/collect/terraform/plan-file.js';
import { PlanIndex } from '../../../shared/core/src/collect/terraform/plan-index.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/terraform', import.meta.url));
const scenarios = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const load = (name: string) => {
  const file = join(FIXTURES, name, 'plan.json');
  return new PlanIndex(parsePlanJson(readFileSync(file), file));
};

describe('the shared Terraform fixtures through the plan index', () => {
  it('there are fixtures to read', () => {
    expect(scenarios).toEqual(expect.arrayContaining(['baseline', 'module-for-each', 'no-bucket-key']));
  });

  it.each(scenarios)('%s: every planned instance has its change and its configuration', (name) => {
    const index = load(name);
    expect(index.resources.length).toBeGreaterThan(10);
    expect(index.resources.filter((r) => !r.config).map((r) => r.address)).toEqual([]);
    expect(index.resources.filter((r) => r.mode === 'managed' && !r.actions.includes('create')).map((r) => r.address)).toEqual([]);
  });

  it('baseline: the stage bucket key is known after apply, and its reference leads to aws_kms_key.stage', () => {
    const index = load('baseline');
    const enc = index.get('aws_s3_bucket_server_side_encryption_configuration.stage')!;
    const key = index.value(enc, ['rule', 0, 'apply_server_side_encryption_by_default', 0, 'kms_master_key_id']);
    expect(key).toEqual({ state: 'after-apply', references: ['aws_kms_key.stage.arn', 'aws_kms_key.stage'] });
    const target = index.referenced(enc, key.state === 'after-apply' ? key.references[0]! : '');
    expect(target?.resource.address).toBe('aws_kms_key.stage');
    expect(index.value(target!.resource, ['deletion_window_in_days'])).toEqual({ state: 'known', value: 10 });
  });

  it('module-for-each: each instance references its own key', () => {
    const index = load('module-for-each');
    const aliases = index.ofType('aws_kms_alias');
    expect(aliases.map((a) => a.address)).toEqual(['aws_kms_alias.cloudtrail', 'module.stage["analytics"].aws_kms_alias.this', 'module.stage["finance"].aws_kms_alias.this']);
    for (const alias of aliases) {
      const target = index.value(alias, ['target_key_id']);
      expect(target.state).toBe('after-apply');
      const ref = index.referenced(alias, target.state === 'after-apply' ? target.references[0]! : '');
      expect(ref?.resource.address).toBe(alias.moduleAddress ? `${alias.moduleAddress}.aws_kms_key.this` : 'aws_kms_key.cloudtrail');
    }
  });
});
