/**
 * Plan mode: the engine copies where a resource is declared (its Terraform address and .tf line)
 * onto every finding's resource; a resource without a declaration (a live scan) gets neither field.
 */
import { describe, expect, it } from 'vitest';
import { makeBucket, makeInventory } from '../testing/inventory-builders.js';
import { profileSchema } from '../profile/schema.js';
import { defineRule, pass } from './define-rule.js';
import { evaluate } from './engine.js';

const profile = profileSchema.parse({ name: 'test' });
const meta = { title: 't', severity: 'low' as const, description: 'd', messages: { ok: 'ok' }, remediation: 'r', packs: ['snowflake-s3-kms'] as const };
const onStage = defineRule({ ...meta, id: 'test-stage', resourceType: 'snowflake-stage', check: () => pass('ok') });
const onBucket = defineRule({ ...meta, id: 'test-bucket', resourceType: 'bucket', supportBuckets: 'include', check: () => pass('ok') });
const at = { address: 'module.stage["a"].aws_s3_bucket.stage', location: { file: 'infra/modules/stage/main.tf', line: 12 } };

describe('declared resources', () => {
  it('a bucket and a Snowflake stage carry their address and location; an undeclared bucket neither', () => {
    const inventory = makeInventory({ buckets: [makeBucket({ declaredAt: at }), makeBucket({ name: 'other', arn: 'arn:aws:s3:::other' })] });
    inventory.snowflake.stages.push({ id: 'DB.S.ST', name: 'ST', account: 'org-acct', properties: { state: 'absent' }, declaredAt: { address: 'snowflake_stage.st' } });
    const findings = evaluate([onBucket, onStage], inventory, profile);
    const of = (name: string) => findings.find((f) => f.resource.name === name)!.resource;
    expect(of('s3-snow-kms-test-v3')).toMatchObject({ address: at.address, location: at.location });
    expect(of('ST')).toMatchObject({ address: 'snowflake_stage.st' });
    expect(of('ST')).not.toHaveProperty('location');
    expect(of('other')).not.toHaveProperty('address');
    expect(of('other')).not.toHaveProperty('location');
  });
});
