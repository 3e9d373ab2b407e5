import type { PolicyStatement } from '../../model/policy-document.js';
import {
  appliesToEveryone,
  conditionEntries,
  conditionKeys,
  coversActionPattern,
  coversResourcePattern,
  describeStatement,
  toArray,
} from '../../policy/statements.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';

const TLS_KEY = 'aws:SecureTransport';

/** What keeps one Deny statement from denying every non-TLS request to the bucket; empty when nothing does. */
function gapsOf(s: PolicyStatement, bucketArn: string): string[] {
  const gaps: string[] = [];
  if (s.NotPrincipal !== undefined) gaps.push('it uses NotPrincipal, so some callers are exempt');
  else if (!appliesToEveryone(s)) gaps.push(`its Principal is ${JSON.stringify(s.Principal ?? null)}, not "*"`);
  if (!coversActionPattern(s, 's3:*')) {
    const listed = s.Action !== undefined ? toArray(s.Action).join(', ') : `NotAction ${toArray(s.NotAction).join(', ')}`;
    gaps.push(`it covers only ${listed}, not s3:*`);
  }
  for (const arn of [bucketArn, `${bucketArn}/*`]) if (!coversResourcePattern(s, arn)) gaps.push(`its Resource does not cover ${arn}`);
  // Every condition must hold for a Deny to apply, so any extra key narrows it.
  const extra = conditionKeys(s.Condition).filter((k) => k !== TLS_KEY.toLowerCase());
  if (extra.length > 0) gaps.push(`extra conditions (${extra.join(', ')}) narrow it`);
  return gaps;
}

/** Deny statements that condition on aws:SecureTransport = false (string or JSON boolean). */
const deniesInsecure = (s: PolicyStatement): boolean =>
  s.Effect === 'Deny' &&
  conditionEntries(s.Condition, ['Bool', 'BoolIfExists'], TLS_KEY).some((e) => e.values.some((v) => v.toLowerCase() === 'false'));

export default defineRule({
  id: 's3-policy-deny-insecure-transport',
  title: 'Bucket policy denies every request that does not use TLS',
  severity: 'high',
  resourceType: 'bucket',
  // Account safety: applies to log targets and other support buckets too.
  supportBuckets: 'include',
  description:
    'A Deny for Principal "*", Action s3:*, on both the bucket and its objects, when aws:SecureTransport is false, stops plain-HTTP access for every caller, whatever their IAM permissions say.',
  messages: {
    denied: 'Bucket policy {{statement}} denies s3:* on {{bucketArn}} and {{bucketArn}}/* to every principal when aws:SecureTransport is false.',
    noPolicy: 'The bucket has no bucket policy, so nothing denies requests over plain HTTP.',
    noStatement: 'No Deny statement in the bucket policy conditions on {{key}} = false (Bool or BoolIfExists); plain-HTTP requests are not denied.',
    partial: 'Bucket policy {{statement}} denies requests with aws:SecureTransport false, but {{gaps}}.',
  },
  remediation:
    'Add to the bucket policy: {"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::BUCKET","arn:aws:s3:::BUCKET/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}} (aws s3api put-bucket-policy, or an aws_iam_policy_document statement on aws_s3_bucket_policy).',
  check(bucket) {
    const policy = bucket.policy;
    if (policy.state === 'unknown') return unknown(policy.reason);
    if (policy.state === 'absent') return fail('noPolicy');
    const candidates = policy.value.Statement.map((s, i) => ({ s, name: describeStatement(s, i) })).filter((c) => deniesInsecure(c.s));
    if (candidates.length === 0) return fail('noStatement', { key: TLS_KEY });
    const scored = candidates.map((c) => ({ ...c, gaps: gapsOf(c.s, bucket.arn) }));
    const ok = scored.find((c) => c.gaps.length === 0);
    if (ok) return pass('denied', { statement: ok.name, bucketArn: bucket.arn }, { statement: ok.s });
    const best = scored.reduce((a, b) => (b.gaps.length < a.gaps.length ? b : a));
    return fail(
      'partial',
      { statement: best.name, gaps: best.gaps.join('; ') },
      { candidates: scored.map((c) => ({ statement: c.name, gaps: c.gaps })) },
    );
  },
});
