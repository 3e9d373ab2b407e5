import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../model/policy-document.js';
import { s3RequestContext, type RequestContext } from './context.js';
import { evaluateRequest, type Decision } from './evaluate.js';
import type { NamedPolicy } from './statement-match.js';
import { ACCOUNT, BUCKET, BUCKET_ARN, OTHER, OTHER_SESSION, ROLE, ROOT, SESSION, named } from './testing/fixtures.js';

/** Invariants of the combination logic over random policies drawn from a small, overlapping vocabulary. */
const actions = fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:*', 's3:Get*', '*', 'kms:Decrypt');
const resources = fc.constantFrom('*', `${BUCKET_ARN}/*`, `${BUCKET_ARN}/stage/*`, `${BUCKET_ARN}/other/*`, BUCKET_ARN);
const principals = fc.constantFrom<PolicyStatement['Principal']>('*', { AWS: ROLE }, { AWS: ROOT }, { AWS: SESSION }, { AWS: OTHER }, { Service: 's3.amazonaws.com' });
const conditions = fc.constantFrom<PolicyStatement['Condition'] | undefined>(
  undefined,
  { Bool: { 'aws:SecureTransport': 'false' } },
  { StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
  { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
  { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } },
  { Null: { 'aws:SourceIp': 'false' } },
);
const effect = fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny');

const identityStatement = (e: fc.Arbitrary<'Allow' | 'Deny'>) =>
  fc.record({ Effect: e, Action: actions, Resource: resources, Condition: conditions }).map(({ Condition, ...s }): PolicyStatement => (Condition ? { ...s, Condition } : s));
const resourceStatement = (e: fc.Arbitrary<'Allow' | 'Deny'>) =>
  fc.record({ Effect: e, Principal: principals, Action: actions, Resource: resources, Condition: conditions }).map(({ Condition, ...s }): PolicyStatement => (Condition ? { ...s, Condition } : s));

const requests = fc.record({
  principal: fc.constantFrom(SESSION, OTHER_SESSION),
  action: fc.constantFrom('s3:GetObject', 's3:PutObject'),
  key: fc.constantFrom('stage/a.csv', 'other/b.csv'),
  secure: fc.boolean(),
});

interface Scenario {
  identity: PolicyStatement[];
  bucket: PolicyStatement[];
  request: { principal: string; action: string; key: string; secure: boolean };
}

const scenarios = fc.record({ identity: fc.array(identityStatement(effect), { maxLength: 4 }), bucket: fc.array(resourceStatement(effect), { maxLength: 4 }), request: requests });

const contextOf = (r: Scenario['request']): RequestContext =>
  s3RequestContext({ principal: r.principal, action: r.action, bucket: BUCKET, key: r.key, bucketAccount: ACCOUNT, secureTransport: r.secure });

function decide(identity: PolicyStatement[], bucket: PolicyStatement[], context: RequestContext): Decision {
  const input: { identityPolicies: NamedPolicy[]; resourcePolicy: NamedPolicy; context: RequestContext } = {
    identityPolicies: [named('identity', ...identity)],
    resourcePolicy: named('bucket', ...bucket),
    context,
  };
  return evaluateRequest(input);
}

/** Order allowed > unknown > denied; monotonicity is stated in it. */
const rank = (d: Decision): number => (d.result === 'allowed' ? 2 : d.result === 'unknown' ? 1 : 0);

describe('evaluator invariants (fast-check)', () => {
  it('adding a Deny never turns denied into allowed, nor makes anything more allowed', () => {
    fc.assert(
      fc.property(scenarios, fc.oneof(identityStatement(fc.constant('Deny')).map((s) => ['identity', s] as const), resourceStatement(fc.constant('Deny')).map((s) => ['bucket', s] as const)), (sc, [where, extra]) => {
        const ctx = contextOf(sc.request);
        const before = decide(sc.identity, sc.bucket, ctx);
        const after = where === 'identity' ? decide([...sc.identity, extra], sc.bucket, ctx) : decide(sc.identity, [...sc.bucket, extra], ctx);
        expect(rank(after)).toBeLessThanOrEqual(rank(before));
      }),
      { numRuns: 400 },
    );
  });

  it('adding an Allow never makes a request less allowed (Allow additions are monotone)', () => {
    fc.assert(
      fc.property(scenarios, fc.oneof(identityStatement(fc.constant('Allow')).map((s) => ['identity', s] as const), resourceStatement(fc.constant('Allow')).map((s) => ['bucket', s] as const)), (sc, [where, extra]) => {
        const ctx = contextOf(sc.request);
        const before = decide(sc.identity, sc.bucket, ctx);
        const after = where === 'identity' ? decide([...sc.identity, extra], sc.bucket, ctx) : decide(sc.identity, [...sc.bucket, extra], ctx);
        expect(rank(after)).toBeGreaterThanOrEqual(rank(before));
        if (before.result === 'denied' && before.kind === 'explicit') expect(after).toMatchObject({ result: 'denied', kind: 'explicit' });
      }),
      { numRuns: 400 },
    );
  });

  it('removing all statements gives an implicit deny', () => {
    fc.assert(
      fc.property(requests, (r) => {
        expect(decide([], [], contextOf(r))).toMatchObject({ result: 'denied', kind: 'implicit' });
      }),
    );
  });

  it('never allowed when a statement that would decide the outcome hinges on an unknowable key', () => {
    fc.assert(
      fc.property(scenarios, (sc) => {
        const ctx = contextOf(sc.request);
        const known = decide(sc.identity, sc.bucket, { ...ctx, keys: { ...ctx.keys, 'aws:SourceVpce': 'vpce-1' } });
        const other = decide(sc.identity, sc.bucket, { ...ctx, keys: { ...ctx.keys, 'aws:SourceVpce': 'vpce-2' } });
        const unknown = decide(sc.identity, sc.bucket, ctx); // aws:SourceVpce is unknowable by default
        if (known.result !== other.result) expect(unknown.result).toBe('unknown');
        if (unknown.result === 'allowed') expect([known.result, other.result]).toEqual(['allowed', 'allowed']);
      }),
      { numRuns: 400 },
    );
  });

  it('every decision names its statements: allowed has a chain, explicit deny a statement, implicit deny a need', () => {
    fc.assert(
      fc.property(scenarios, (sc) => {
        const d = decide(sc.identity, sc.bucket, contextOf(sc.request));
        if (d.result === 'allowed') expect(d.chain.length).toBeGreaterThan(0);
        if (d.result === 'denied' && d.kind === 'explicit') expect(d.statement.ref).toMatch(/^(identity|bucket) Statement\[\d+\]$/);
        if (d.result === 'denied' && d.kind === 'implicit') expect(d.needed.length).toBeGreaterThan(0);
        if (d.result === 'unknown') expect(d.statements.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
