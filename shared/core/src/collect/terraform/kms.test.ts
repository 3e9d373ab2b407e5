import { describe, expect, it } from 'vitest';
import { present, unknown } from '../../model/observed.js';
import { planContextOf, refTo, type PlannedRes } from '../../testing/terraform-plan.js';
import { defaultKeyPolicy, keysFromPlan } from './kms.js';

const STAGE_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.stage';
const COMPUTED = { arn: true, id: true, key_id: true, policy: true };
const key = (values: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}, unknownAlso: Record<string, unknown> = {}, name = 'stage'): PlannedRes => ({
  type: 'aws_kms_key',
  name,
  values: { customer_master_key_spec: 'SYMMETRIC_DEFAULT', key_usage: 'ENCRYPT_DECRYPT', is_enabled: true, multi_region: false, enable_key_rotation: true, deletion_window_in_days: 10, ...values },
  unknown: { ...COMPUTED, ...unknownAlso },
  expressions,
});
const POLICY = { Version: '2012-10-17', Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] };
const keyPolicy = (policy: Record<string, unknown>, unknownPolicy = false, of = 'stage'): PlannedRes => ({
  type: 'aws_kms_key_policy',
  name: of,
  values: unknownPolicy ? {} : { policy: JSON.stringify(policy) },
  unknown: { key_id: true, id: true, ...(unknownPolicy ? { policy: true } : {}) },
  expressions: { key_id: refTo(`aws_kms_key.${of}.id`, `aws_kms_key.${of}`), policy: unknownPolicy ? refTo('data.aws_iam_policy_document.k.json', 'data.aws_iam_policy_document.k') : { constant_value: '…' } },
});
const alias = (name: string, target: unknown, region?: string): PlannedRes => ({
  type: 'aws_kms_alias',
  name: name.replace(/\W/g, '_'),
  values: { name, ...(region ? { region } : {}) },
  unknown: { arn: true, target_key_id: true, target_key_arn: true },
  expressions: { target_key_id: target },
});
const keys = (...r: PlannedRes[]) => keysFromPlan(planContextOf(...r));
const md = (o: ReturnType<typeof keys>['keys'][number]) => (o.metadata.state === 'present' ? o.metadata.value : undefined);

describe('keysFromPlan', () => {
  it('a new key: stand-in ARN, customer metadata, rotation, the configured deletion window', () => {
    const [k] = keys(key({ rotation_period_in_days: 180 })).keys;
    expect(k!.arn).toBe(STAGE_ARN);
    expect(k!.region).toBe('eu-west-1');
    expect(k!.referencedBy).toEqual([]);
    expect(md(k!)).toMatchObject({ keyId: 'tf-aws_kms_key.stage', keyManager: 'CUSTOMER', keyState: 'Enabled', keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS', multiRegion: false, deletionWindowInDays: present(10) });
    expect(k!.rotation).toEqual(present({ enabled: true, periodDays: 180 }));
  });

  it('deletion_window_in_days: null is AWS’s default of 30; from a variable it is known only after apply', () => {
    expect(md(keys(key({ deletion_window_in_days: null })).keys[0]!)?.deletionWindowInDays).toEqual(present(30));
    const later = md(keys(key({ deletion_window_in_days: undefined }, { deletion_window_in_days: refTo('var.window') }, { deletion_window_in_days: true })).keys[0]!)?.deletionWindowInDays;
    expect(later).toEqual(unknown('aws_kms_key.stage deletion_window_in_days is known only after apply (from var.window)'));
  });

  it('rotation off; a period the provider computes is left to AWS’s default; a disabled key; asymmetric keys cannot rotate', () => {
    expect(keys(key({ enable_key_rotation: false })).keys[0]!.rotation).toEqual(present({ enabled: false }));
    expect(keys(key({ rotation_period_in_days: undefined }, {}, { rotation_period_in_days: true })).keys[0]!.rotation).toEqual(present({ enabled: true }));
    expect(md(keys(key({ is_enabled: false })).keys[0]!)).toMatchObject({ enabled: false, keyState: 'Disabled' });
    expect(keys(key({ customer_master_key_spec: 'RSA_2048', key_usage: 'SIGN_VERIFY' })).keys[0]!.rotation.state).toBe('absent');
  });

  it('the key policy: from aws_kms_key_policy, else the key’s own policy, else AWS’s default', () => {
    expect(keys(key(), keyPolicy(POLICY)).keys[0]!.policy).toEqual(present(POLICY));
    const own = keys(key({ policy: JSON.stringify(POLICY) }, { policy: { constant_value: '…' } }, { policy: false })).keys[0]!;
    expect(own.policy).toEqual(present(POLICY));
    const ctx = planContextOf(key());
    expect(keysFromPlan(ctx).keys[0]!.policy).toEqual(present(defaultKeyPolicy(ctx)));
  });

  it('a policy only apply will tell is unknown, with what it comes from; the reader is the assembler’s choice', () => {
    const later = keys(key(), keyPolicy(POLICY, true)).keys[0]!.policy;
    expect(later).toEqual(unknown('aws_kms_key_policy.stage policy is known only after apply (from data.aws_iam_policy_document.k.json, data.aws_iam_policy_document.k)'));
    const read = keysFromPlan(planContextOf(key(), keyPolicy(POLICY, true)), (_ctx, r, attr) => present({ Id: `${r.address}.${attr}`, Statement: [] }));
    expect(read.keys[0]!.policy).toEqual(present({ Id: 'aws_kms_key_policy.stage.policy', Statement: [] }));
  });

  it('an aws_kms_key_policy whose key cannot be told leaves every key without it unknown, not the default', () => {
    const stray: PlannedRes = { type: 'aws_kms_key_policy', name: 'x', values: { policy: JSON.stringify(POLICY) }, unknown: { key_id: true }, expressions: { key_id: refTo('var.key_id') } };
    const { keys: [k] } = keys(key(), stray);
    expect(k!.policy.state).toBe('unknown');
    expect(k!.policy.state === 'unknown' && k!.policy.reason).toContain('aws_kms_key_policy.x sets the policy of a key known only after apply');
  });

  it('metadata set from something only apply will tell is unknown, never a default', () => {
    const k = keys(key({ multi_region: undefined }, { multi_region: refTo('var.mrk') }, { multi_region: true })).keys[0]!;
    expect(k.metadata).toEqual(unknown('aws_kms_key.stage multi_region is known only after apply (from var.mrk)'));
  });

  it('a multi-Region primary and its replica in another Region', () => {
    const replica: PlannedRes = {
      type: 'aws_kms_replica_key',
      name: 'dr',
      values: { region: 'eu-central-1', enabled: true, deletion_window_in_days: null },
      unknown: { arn: true, key_id: true, primary_key_arn: true, key_spec: true, key_usage: true, policy: true },
      expressions: { primary_key_arn: refTo('aws_kms_key.stage.arn', 'aws_kms_key.stage') },
    };
    const { keys: [primary, rep] } = keys(key({ multi_region: true }), replica);
    const replicaArn = 'arn:aws:kms:eu-central-1:111122223333:key/tf-aws_kms_replica_key.dr';
    expect(md(primary!)).toMatchObject({ multiRegion: true, multiRegionKeyType: 'PRIMARY', primaryKeyArn: STAGE_ARN, replicaKeys: [{ arn: replicaArn, region: 'eu-central-1' }] });
    expect(rep!.arn).toBe(replicaArn);
    expect(rep!.region).toBe('eu-central-1');
    expect(md(rep!)).toMatchObject({ multiRegionKeyType: 'REPLICA', primaryKeyArn: STAGE_ARN, keySpec: 'SYMMETRIC_DEFAULT', deletionWindowInDays: present(30) });
    expect(rep!.rotation).toEqual(primary!.rotation);
  });

  it('a replica of a primary outside the plan: what only the primary holds is unknown', () => {
    const replica: PlannedRes = { type: 'aws_kms_replica_key', name: 'dr', values: { primary_key_arn: 'arn:aws:kms:us-east-1:111122223333:key/mrk-1' }, unknown: { arn: true, key_spec: true, key_usage: true } };
    const [k] = keys(replica).keys;
    expect(k!.metadata.state).toBe('unknown');
    expect(k!.rotation.state).toBe('unknown');
  });

  it('aliases per Region, the target resolved to the key’s stand-in id; a Region with no alias has an empty list', () => {
    const { aliases } = keys(key(), key({ region: 'us-east-1' }, {}, {}, 'other'), alias('alias/stage', refTo('aws_kms_key.stage.key_id', 'aws_kms_key.stage')), alias('alias/by-arn', refTo('aws_kms_key.stage.arn', 'aws_kms_key.stage')));
    expect(aliases['eu-west-1']).toEqual(
      present([
        { name: 'alias/stage', arn: 'arn:aws:kms:eu-west-1:111122223333:alias/stage', targetKeyId: 'tf-aws_kms_key.stage' },
        { name: 'alias/by-arn', arn: 'arn:aws:kms:eu-west-1:111122223333:alias/by-arn', targetKeyId: 'tf-aws_kms_key.stage' },
      ]),
    );
    expect(aliases['us-east-1']).toEqual(present([]));
  });

  it('an alias whose target or name only apply will tell makes its Region’s list unknown', () => {
    const { aliases } = keys(key(), alias('alias/x', refTo('var.key')));
    expect(aliases['eu-west-1']?.state).toBe('unknown');
    expect(aliases['eu-west-1']?.state === 'unknown' && aliases['eu-west-1'].reason).toBe('alias/x: aws_kms_alias.alias_x target_key_id is known only after apply (from var.key)');
    const prefixed: PlannedRes = { type: 'aws_kms_alias', name: 'p', values: {}, unknown: { name: true }, expressions: { name_prefix: { constant_value: 'alias/p-' } } };
    expect(keys(key(), prefixed).aliases['eu-west-1']?.state).toBe('unknown');
  });

  it('a sensitive description never reaches the inventory', () => {
    const secret: PlannedRes = { ...key({ description: 'canary-7f3a' }), sensitive: { description: true } };
    expect(JSON.stringify(keys(secret))).not.toContain('canary-7f3a');
    expect(md(keys(key({ description: 'stage key' })).keys[0]!)?.description).toBe('stage key');
  });

  it('a sensitive key policy is unknown, and its text never reaches the inventory', () => {
    const secret = { ...POLICY, Statement: [{ ...POLICY.Statement[0]!, Sid: 'canary-91bc' }] };
    const policy: PlannedRes = { ...keyPolicy(secret), sensitive: { policy: true } };
    const read = keys(key(), policy);
    expect(read.keys[0]!.policy).toEqual(unknown('aws_kms_key_policy.stage policy is marked sensitive in the plan; envelope does not read sensitive values'));
    expect(JSON.stringify(read)).not.toContain('canary-91bc');
  });

  it('no keys, no aliases', () => {
    expect(keys()).toEqual({ keys: [], aliases: {} });
  });
});
