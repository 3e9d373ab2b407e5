import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../profile/load.js';
import { profileSchema } from '../../profile/schema.js';
import type { TerraformPlan } from './plan-file.js';
import { collectTerraformInventory } from './index.js';
import { planOf, refTo, withProviderRegion, type PlannedRes } from '../../testing/terraform-plan.js';

type Res = PlannedRes;
const ref = refTo;

/** A root-module plan creating these resources, with one aws provider configuration. */
const plan = (region: unknown, ...resources: Res[]): TerraformPlan => withProviderRegion(planOf(...resources), region);
const bucket = (name: string): Res => ({ type: 'aws_s3_bucket', name, values: { bucket: `b-${name}`, tags: {} }, unknown: { arn: true, id: true } });
const split = (type: string, of: string, values: Record<string, unknown>, unknown: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}): Res => ({
  type,
  name: of,
  values,
  unknown: { bucket: true, ...unknown },
  expressions: { bucket: ref(`aws_s3_bucket.${of}.id`, `aws_s3_bucket.${of}`), ...expressions },
});
const sseWith = (of: string, keyExpr: unknown, known?: string): Res =>
  split(
    'aws_s3_bucket_server_side_encryption_configuration',
    of,
    { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', ...(known ? { kms_master_key_id: known } : {}) }], bucket_key_enabled: true }] },
    known ? {} : { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }] },
    { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: keyExpr }] }] },
  );

const profile = profileSchema.parse({ name: 't', snowflake: { roleName: 'snowflake-role' } });
const collect = (p: TerraformPlan, options: { account?: string; profile?: typeof profile } = {}) =>
  collectTerraformInventory(p, { profile: options.profile ?? profile, file: '/nonexistent/plan.json', account: options.account ?? '111122223333' });

describe('collectTerraformInventory', () => {
  it('assembles the inventory: source, buckets with roles, the lists the plan manages', async () => {
    const inv = await collect(
      plan(
        { constant_value: 'eu-west-1' },
        bucket('stage'),
        bucket('logs'),
        split('aws_s3_bucket_logging', 'stage', { target_prefix: 'x/' }, { target_bucket: true }, { target_bucket: ref('aws_s3_bucket.logs.id', 'aws_s3_bucket.logs') }),
      ),
    );
    expect(inv.source).toEqual({ kind: 'terraform-plan', accounts: ['111122223333'], regions: ['eu-west-1'] });
    expect(inv.buckets.map((b) => [b.name, b.region, b.role.kind])).toEqual([
      ['b-logs', 'eu-west-1', 'support'],
      ['b-stage', 'eu-west-1', 'architecture'],
    ]);
    expect(inv.bucketList).toEqual({ state: 'present', value: ['b-logs', 'b-stage'] });
    expect(inv.trailList).toEqual({ state: 'present', value: [] });
    expect(inv.account.publicAccessBlock).toEqual({ state: 'unknown', reason: 'the plan does not manage account-level Block Public Access' });
    expect(inv.gaps).toContainEqual({ resource: 'account 111122223333', what: 'account-level Block Public Access', reason: 'the plan does not manage account-level Block Public Access' });
  });

  it('what only apply will tell is a gap; what a plan cannot hold (objects, usage) is not', async () => {
    const inv = await collect(plan({ constant_value: 'eu-west-1' }, bucket('stage'), sseWith('stage', ref('var.key'))));
    expect(inv.gaps).toContainEqual({ resource: 'arn:aws:s3:::b-stage', what: 'default encryption', reason: expect.stringContaining('known only after apply (from var.key)') });
    expect(inv.gaps.map((g) => g.what)).not.toContain('object sample');
    expect(inv.gaps.map((g) => g.what)).not.toContain('CloudWatch usage');
  });

  it('a key the plan does not manage is referenced and unknown, never missing', async () => {
    const arn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const inv = await collect(plan({ constant_value: 'eu-west-1' }, bucket('stage'), sseWith('stage', { constant_value: arn }, arn)));
    const key = inv.keys.find((k) => k.arn === arn)!;
    expect(key.referencedBy).toEqual(['arn:aws:s3:::b-stage']);
    expect(key.metadata.state).toBe('unknown');
    expect(key.policy.state === 'unknown' && key.policy.reason).toContain('the plan does not manage');
  });

  it('the profile’s Snowflake role, absent from the plan, is unknown rather than missing', async () => {
    const inv = await collect(plan({ constant_value: 'eu-west-1' }, bucket('stage')));
    expect(inv.roles.map((r) => [r.arn, r.purposes, r.trustPolicy.state])).toEqual([['arn:aws:iam::111122223333:role/snowflake-role', ['snowflake'], 'unknown']]);
  });

  it('the profile scope selects buckets; the bucket list still names every bucket of the plan', async () => {
    const scoped = profileSchema.parse({ name: 't', scope: { bucketNames: ['b-stage'] } });
    const inv = await collect(plan({ constant_value: 'eu-west-1' }, bucket('stage'), bucket('other')), { profile: scoped });
    expect(inv.buckets.map((b) => b.name)).toEqual(['b-stage']);
    expect(inv.bucketList).toEqual({ state: 'present', value: ['b-other', 'b-stage'] });
  });

  it('the profile’s Regions select buckets as in a live scan', async () => {
    const west = profileSchema.parse({ name: 't', regions: ['eu-west-1'] });
    const east = profileSchema.parse({ name: 't', regions: ['us-east-1'] });
    const p = plan({ constant_value: 'eu-west-1' }, bucket('stage'));
    expect((await collect(p, { profile: west })).buckets.map((b) => b.name)).toEqual(['b-stage']);
    expect((await collect(p, { profile: east })).buckets).toEqual([]);
  });

  it('a provider region from a variable: the bucket’s Region is marked unknown', async () => {
    const inv = await collect(plan(ref('var.region'), bucket('stage')));
    expect(inv.buckets[0]!.regionUnknown).toContain('no literal region');
  });

  it('the account: --account, else the one the plan’s ARNs name; neither, or a malformed one, is a ConfigError', async () => {
    const role: Res = { type: 'aws_iam_role', name: 'r', values: { name: 'r', assume_role_policy: '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}' } };
    const p = plan({ constant_value: 'eu-west-1' }, bucket('stage'), role);
    expect((await collectTerraformInventory(p, { profile, file: 'plan.json' })).account.id).toBe('444455556666');
    await expect(collectTerraformInventory(plan({ constant_value: 'eu-west-1' }, bucket('stage')), { profile, file: 'plan.json' })).rejects.toThrow(ConfigError);
    await expect(collectTerraformInventory(p, { profile, file: 'plan.json', account: '12345' })).rejects.toThrow('--account "12345" is not a 12-digit AWS account id');
  });
});
