import type { PolicyDocument, PolicyStatement } from '../../model/policy-document.js';
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
import {
  describeProbe,
  judge,
  namedCallers,
  outsideCallers,
  ownCallers,
  partOf,
  probeObjectKeys,
  type Judged,
  type Probe,
  type ProbeCaller,
  type ProbeTarget,
} from '../s3-policy-probes.js';

const TLS_KEY = 'aws:SecureTransport';
const OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject'];
const BUCKET_ACTIONS = ['s3:ListBucket', 's3:PutBucketPolicy'];

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

/** Deny statements that condition on aws:SecureTransport = false (string or JSON boolean): the ones a fail explains. */
const deniesInsecure = (s: PolicyStatement): boolean =>
  s.Effect === 'Deny' &&
  conditionEntries(s.Condition, ['Bool', 'BoolIfExists'], TLS_KEY).some((e) => e.values.some((v) => v.toLowerCase() === 'false'));

/** Plain-HTTP requests by every representative caller, on objects and on the bucket. */
function probesFor(doc: PolicyDocument, own: string, dataPrefix: string): Probe[] {
  const callers = new Map<string, ProbeCaller>();
  for (const c of [...ownCallers(own), ...outsideCallers(own), ...namedCallers(doc, own)]) if (!callers.has(c.arn)) callers.set(c.arn, c);
  return [...callers.values()].flatMap((caller) => [
    ...probeObjectKeys(dataPrefix).flatMap((key) => OBJECT_ACTIONS.map((action) => ({ caller, action, key, secureTransport: false }))),
    ...BUCKET_ACTIONS.map((action) => ({ caller, action, secureTransport: false })),
  ]);
}

interface Outcome {
  probe: Probe;
  /** Against the Denies that cover s3:* on the probe's scope (bucket, or bucket/*): the verdict that generalizes. */
  broad: Judged['verdict'];
  /** Against every Deny: whether this very request gets through. */
  full?: Judged['verdict'];
}

export default defineRule({
  id: 's3-policy-deny-insecure-transport',
  title: 'Bucket policy denies every request that does not use TLS',
  severity: 'high',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['S3.5'], cis: ['v3.0.0/2.1.1'], prowler: ['s3_bucket_secure_transport_policy'] },
  // Account safety: applies to log targets and other support buckets too.
  supportBuckets: 'include',
  description:
    'A Deny for Principal "*", Action s3:*, on both the bucket and its objects, when aws:SecureTransport is false, stops plain-HTTP access for every caller, whatever their IAM permissions say.',
  messages: {
    denied: 'Bucket policy {{statement}} denies s3:* on {{bucketArn}} and {{bucketArn}}/* to every principal when aws:SecureTransport is false.',
    deniedTogether: 'Bucket policy {{statements}} together deny s3:* on {{bucketArn}} and {{bucketArn}}/* to every principal when aws:SecureTransport is false.',
    noPolicy: 'The bucket has no bucket policy, so nothing denies requests over plain HTTP.',
    noStatement: 'No Deny statement in the bucket policy conditions on {{key}} = false (Bool or BoolIfExists); plain-HTTP requests are not denied.',
    partial: 'Bucket policy {{statement}} denies requests with aws:SecureTransport false, but {{gaps}}.',
    partialEscaped: 'Bucket policy {{statement}} denies requests with aws:SecureTransport false, but {{gaps}}; not denied, for example: a plain-HTTP {{example}}.',
    escaped: 'Bucket policy {{statement}} denies requests with aws:SecureTransport false, but not a plain-HTTP {{example}}.',
  },
  remediation:
    'Add to the bucket policy: {"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::BUCKET","arn:aws:s3:::BUCKET/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}} (aws s3api put-bucket-policy, or an aws_iam_policy_document statement on aws_s3_bucket_policy).',
  check(bucket, { profile }) {
    const policy = bucket.policy;
    if (policy.state === 'unknown') return unknown(policy.reason);
    if (policy.state === 'absent') return fail('noPolicy');
    const doc = policy.value;
    const target: ProbeTarget = { bucket: bucket.name, bucketAccount: bucket.account, region: bucket.region };
    const denies = partOf(doc, (s) => s.Effect === 'Deny');
    const outcomes: Outcome[] = probesFor(doc, bucket.account, profile.s3.dataPrefix).map((probe) => {
      const scope = probe.key === undefined ? bucket.arn : `${bucket.arn}/*`;
      // A finite set of probes cannot stand for every action and object: only a Deny that covers all of
      // s3:* on the scope lets "this caller is denied" generalize, so the evaluator judges against those.
      const broad = judge(probe, { target, mode: 'deny', part: partOf(doc, (s) => s.Effect === 'Deny' && coversActionPattern(s, 's3:*') && coversResourcePattern(s, scope)) });
      if (broad.result === 'denied') return { probe, broad };
      return { probe, broad, full: judge(probe, { target, mode: 'deny', part: denies }) };
    });
    const escaped = outcomes.filter((o) => o.full?.result === 'allowed');
    // Denied here, but only by Denies too narrow to stand for every action or object.
    const narrow = outcomes.filter((o) => o.broad.result === 'allowed' && o.full?.result === 'denied');
    const open = outcomes.flatMap((o) => {
      const v = o.broad.result === 'unknown' ? o.broad : o.full?.result === 'unknown' ? o.full : undefined;
      return v && o.full?.result !== 'allowed' ? [{ probe: o.probe, verdict: v }] : [];
    });
    const example = escaped[0] ? describeProbe(bucket.arn, { probe: escaped[0].probe, verdict: escaped[0].full! }) : undefined;
    const evidence = {
      probes: outcomes.length,
      escaped: escaped.map((o) => describeProbe(bucket.arn, { probe: o.probe, verdict: o.full! })),
      deniedOnlyByNarrowerStatements: narrow.map((o) => describeProbe(bucket.arn, { probe: o.probe, verdict: o.broad })),
    };

    if (escaped.length === 0 && narrow.length === 0) {
      const first = open[0];
      if (first && first.verdict.result === 'unknown') {
        return unknown(`whether a plain-HTTP ${describeProbe(bucket.arn, first)} is denied cannot be told: ${first.verdict.reason}`, { unknownProbes: open.length, probes: outcomes.length });
      }
      const by = [...new Set(outcomes.flatMap((o) => (o.broad.result === 'denied' && o.broad.statement ? [o.broad.statement] : [])))];
      if (by.length > 1) return pass('deniedTogether', { statements: by.join(', '), bucketArn: bucket.arn }, { statements: by, probes: outcomes.length });
      return pass('denied', { statement: by[0] ?? 'no statement', bucketArn: bucket.arn }, { statements: by, probes: outcomes.length });
    }

    const candidates = doc.Statement.map((s, i) => ({ s, name: describeStatement(s, i) })).filter((c) => deniesInsecure(c.s));
    if (candidates.length === 0) return fail('noStatement', { key: TLS_KEY }, evidence);
    const scored = candidates.map((c) => ({ ...c, gaps: gapsOf(c.s, bucket.arn) }));
    const best = scored.reduce((a, b) => (b.gaps.length < a.gaps.length ? b : a));
    const more = { ...evidence, candidates: scored.map((c) => ({ statement: c.name, gaps: c.gaps })) };
    if (best.gaps.length === 0 && example) return fail('escaped', { statement: best.name, example }, more);
    const gaps = best.gaps.length > 0 ? best.gaps.join('; ') : 'some requests are denied only by statements that do not cover s3:* on both the bucket and its objects';
    if (example) return fail('partialEscaped', { statement: best.name, gaps, example }, more);
    return fail('partial', { statement: best.name, gaps }, more);
  },
});
