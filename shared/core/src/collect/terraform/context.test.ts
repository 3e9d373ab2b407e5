import { describe, expect, it } from 'vitest';
import { planContextOf, refTo } from '../../testing/terraform-plan.js';
import { resolveString, type PlanContext } from './context.js';
import type { TerraformSource } from './hcl.js';

const STAND_IN = 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.k';
const key = { type: 'aws_kms_key', name: 'k', values: {}, unknown: { arn: true, key_id: true } };
const bucket = { type: 'aws_s3_bucket', name: 'b', values: { bucket: 'b' }, unknown: { arn: true, id: true } };
/** A resource whose `target` is known only after apply and references `refs`; the .tf writes it as `tf`. */
const user = (...refs: string[]) => ({ type: 'aws_thing', name: 'u', values: {}, unknown: { target: true }, expressions: { target: refTo(...refs) } });

function withTf(ctx: PlanContext, tf: unknown): PlanContext {
  const source: TerraformSource = {
    block: (_kind, type) => (type === 'aws_thing' ? { body: tf === undefined ? {} : { target: tf } } : { missing: 'not asked' }),
    locate: () => undefined,
  };
  return { ...ctx, source };
}
const resolve = (ctx: PlanContext) => resolveString(ctx, ctx.index.get('aws_thing.u')!, ['target']);

describe('resolveString: an expression plan JSON lists only by its references', () => {
  it.each([
    ['a bare reference', ['aws_kms_key.k.arn', 'aws_kms_key.k'], '${aws_kms_key.k.arn}', { state: 'present', value: STAND_IN }],
    ['a template that builds the same ARN', ['aws_kms_key.k.key_id', 'aws_kms_key.k'], 'arn:aws:kms:eu-west-1:111122223333:key/${aws_kms_key.k.key_id}', { state: 'present', value: STAND_IN }],
    ['a template around a bucket ARN is not the bucket', ['aws_s3_bucket.b.arn', 'aws_s3_bucket.b'], '${aws_s3_bucket.b.arn}/data/*', { state: 'present', value: 'arn:aws:s3:::b/data/*' }],
    ['a literal in the .tf', [], 'fixed-value', { state: 'present', value: 'fixed-value' }],
  ])('with the .tf: %s is evaluated', (_, refs, tf, want) => {
    expect(resolve(withTf(planContextOf(key, bucket, user(...refs)), tf))).toEqual(want);
  });

  it('with the .tf: a template around a variable is unknown, naming it — never the referenced value', () => {
    const got = resolve(withTf(planContextOf(key, user('aws_kms_key.k.key_id', 'aws_kms_key.k', 'var.prefix')), '${var.prefix}${aws_kms_key.k.key_id}'));
    expect(got).toEqual({ state: 'unknown', reason: expect.stringContaining('built from `var.prefix` in the .tf files') });
    const fn = resolve(withTf(planContextOf(key, user('aws_kms_key.k.arn', 'aws_kms_key.k')), '${upper(aws_kms_key.k.arn)}'));
    expect(fn.state).toBe('unknown');
  });

  it('without the .tf (or without the attribute in it): a single reference is taken as the value', () => {
    expect(resolve(planContextOf(key, user('aws_kms_key.k.arn', 'aws_kms_key.k')))).toEqual({ state: 'present', value: STAND_IN });
    expect(resolve(withTf(planContextOf(key, user('aws_kms_key.k.arn', 'aws_kms_key.k')), undefined))).toEqual({ state: 'present', value: STAND_IN });
    expect(resolve(planContextOf(key, user('var.x'))).state).toBe('unknown');
  });
});
