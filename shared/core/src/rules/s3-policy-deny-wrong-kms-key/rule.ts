import type { PolicyStatement } from '../../model/policy-document.js';
import { appliesToEveryone, conditionEntries, conditionKeys, coversAction, coversResourcePattern, describeStatement } from '../../policy/statements.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { regionGap } from '../membership.js';
import { profileKeyUnknown } from '../profile-values.js';
import {
  describeProbe,
  judge,
  namedCallers,
  outsideCallers,
  ownCallers,
  partOf,
  probeObjectKeys,
  type Probe,
  type ProbeCaller,
  type ProbeTarget,
  type Verdict,
} from '../s3-policy-probes.js';

const KEY_ID_KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';
// The IfExists form behaves the same here: on an absent header both evaluate to true and deny.
const OPERATORS = ['StringNotEquals', 'StringNotEqualsIfExists'] as const;

interface Candidate {
  name: string;
  statement: PolicyStatement;
  values: string[];
  gaps: string[];
}

/** A Deny that pins the key by condition, and what structurally keeps it from pinning it for every upload. */
function candidateOf(s: PolicyStatement, name: string, objectsArn: string, expected: string): Candidate | undefined {
  if (s.Effect !== 'Deny' || !coversAction(s, 's3:PutObject')) return undefined;
  const values = conditionEntries(s.Condition, OPERATORS, KEY_ID_KEY).flatMap((e) => e.values);
  if (values.length === 0) return undefined;
  const gaps: string[] = [];
  if (s.NotPrincipal !== undefined) gaps.push('it uses NotPrincipal, so some callers are exempt');
  else if (!appliesToEveryone(s)) gaps.push(`its Principal is ${JSON.stringify(s.Principal ?? null)}, not "*"`);
  if (!coversResourcePattern(s, objectsArn)) gaps.push(`its Resource does not cover ${objectsArn}`);
  // Several values are OR-ed: the Deny then lets every listed key through.
  const others = values.filter((v) => v !== expected);
  if (!values.includes(expected)) gaps.push(`it allows ${others.join(', ')} instead of the profile key ${expected}`);
  else if (others.length > 0) gaps.push(`it also allows ${others.join(', ')} besides the profile key`);
  // All conditions must hold for a Deny; even s3:x-amz-server-side-encryption here would let
  // aws:kms uploads with a wrong key through, so it belongs in a statement of its own.
  const extra = conditionKeys(s.Condition).filter((k) => k !== KEY_ID_KEY);
  if (extra.length > 0) gaps.push(`extra conditions (${extra.join(', ')}) narrow it`);
  return { name, statement: s, values, gaps };
}

/** Key ids an upload could name instead of the profile key: one the policy never mentions, and every one it does. */
function wrongKeys(statements: PolicyStatement[], expected: string): string[] {
  const [, partition, , region, account] = expected.split(':');
  const unnamed = `arn:${partition}:kms:${region}:${account}:key/00000000-0000-0000-0000-000000000000`;
  const named = statements.flatMap((s) =>
    Object.values(s.Condition ?? {}).flatMap((block) => Object.entries(block).flatMap(([k, v]) => (k.toLowerCase() === KEY_ID_KEY ? (Array.isArray(v) ? v : [v]).map(String) : []))),
  );
  return [...new Set([unnamed, ...named.map((v) => v.replace(/[*?]/g, 'x'))])].filter((k) => k !== expected);
}

const sseText = (p: Probe): string =>
  p.sse === undefined ? ' without encryption headers' : p.sse.kmsKeyId ? ` with ${p.sse.algorithm} and key ${p.sse.kmsKeyId}` : ` with ${p.sse.algorithm} and no key id (encrypted under aws/s3)`;

interface Outcome {
  probe: Probe;
  /** Against the Denies that cover s3:PutObject on every object and let the profile key through. */
  broad: Verdict;
  full?: Verdict;
}

export default defineRule({
  id: 's3-policy-deny-wrong-kms-key',
  title: 'Bucket policy denies uploads that name a KMS key other than the profile key',
  severity: 'high',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  description:
    'A Deny on s3:PutObject for every principal when s3:x-amz-server-side-encryption-aws-kms-key-id is not the profile key ARN stops writers from encrypting objects under another key, or under aws/s3 by sending aws:kms without a key id.',
  messages: {
    denied:
      'Bucket policy {{statement}} denies s3:PutObject on {{objectsArn}} unless the upload names {{expected}}. Every writer (application, Snowflake unload, CLI) must send the x-amz-server-side-encryption-aws-kms-key-id header: a negated condition on an absent key is true, so uploads without it are denied too.',
    deniedHeaderOptional:
      'Bucket policy {{statement}} denies s3:PutObject on {{objectsArn}} when the upload names a KMS key other than {{expected}}; uploads that send no encryption headers are not denied and get the bucket default encryption.',
    noPolicy: 'The bucket has no bucket policy, so uploads may name any KMS key (or aws/s3) and S3 accepts them.',
    noStatement: 'No Deny on s3:PutObject conditions on {{key}} with StringNotEquals; uploads may name any KMS key (the profile key is {{expected}}).',
    partial: 'Bucket policy {{statement}} denies uploads by KMS key id, but {{gaps}}.',
    partialEscaped: 'Bucket policy {{statement}} denies uploads by KMS key id, but {{gaps}}; not denied, for example: {{example}}.',
    escaped: 'Bucket policy {{statement}} denies uploads by KMS key id, but not {{example}}.',
  },
  remediation:
    "Add to the bucket policy (merged, put-bucket-policy replaces it): " +
    '{"Sid":"DenyWrongKmsKey","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::BUCKET/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"KEY_ARN"}}} ' +
    "with the full key ARN, and make every writer send that header (aws s3 cp --sse aws:kms --sse-kms-key-id KEY_ARN; Snowflake stage ENCRYPTION = (TYPE = 'AWS_SSE_KMS' KMS_KEY_ID = 'KEY_ARN')).",
  check(bucket, { lookups, profile }) {
    const policy = bucket.policy;
    if (policy.state === 'unknown') return unknown(policy.reason);
    // The key uploads must name is the profile key of the bucket's Region.
    const gap = regionGap(bucket);
    if (gap) return unknown(gap);
    const profileKey = lookups.profileKeyArn(bucket.region, bucket.name);
    if (profileKey.state !== 'resolved') return unknown(profileKeyUnknown(profileKey));
    const expected = profileKey.arn;
    if (policy.state === 'absent') return fail('noPolicy', {}, { expected });
    const doc = policy.value;
    const objectsArn = `${bucket.arn}/*`;
    const target: ProbeTarget = { bucket: bucket.name, bucketAccount: bucket.account, region: bucket.region };
    const callers = new Map<string, ProbeCaller>();
    for (const c of [...ownCallers(bucket.account), ...outsideCallers(bucket.account), ...namedCallers(doc, bucket.account)]) if (!callers.has(c.arn)) callers.set(c.arn, c);
    const put = (caller: ProbeCaller, key: string, sse?: Probe['sse']): Probe => ({ caller, action: 's3:PutObject', key, secureTransport: true, ...(sse ? { sse } : {}) });
    const denies = partOf(doc, (s) => s.Effect === 'Deny');
    // Only a Deny on PutObject over all of bucket/* lets a verdict on one object stand for every upload.
    const broad = doc.Statement.map((s, index) => ({ s, index })).filter(({ s }) => s.Effect === 'Deny' && coversAction(s, 's3:PutObject') && coversResourcePattern(s, objectsArn));
    const others = wrongKeys(doc.Statement, expected);

    const outcomes: Outcome[] = [];
    const pinning = new Set<string>();
    let headerless: Verdict | undefined;
    for (const caller of callers.values()) {
      for (const key of probeObjectKeys(profile.s3.dataPrefix)) {
        // "That statement": a Deny counts for the key only if it lets the profile key through.
        const right = put(caller, key, { algorithm: 'aws:kms', kmsKeyId: expected });
        const pins = broad.filter(({ s, index }) => judge(right, { target, mode: 'deny', part: partOf(doc, (x, i) => i === index && x === s) }).result !== 'denied');
        const part = { statements: pins };
        const wrong = [
          ...others.flatMap((k) => [put(caller, key, { algorithm: 'aws:kms', kmsKeyId: k }), put(caller, key, { algorithm: 'aws:kms:dsse', kmsKeyId: k })]),
          put(caller, key, { algorithm: 'aws:kms' }),
        ];
        for (const probe of wrong) {
          const b = judge(probe, { target, mode: 'deny', part });
          if (b.result === 'denied') {
            if (b.statement) pinning.add(b.statement);
            outcomes.push({ probe, broad: b });
          } else outcomes.push({ probe, broad: b, full: judge(probe, { target, mode: 'deny', part: denies }) });
        }
        headerless ??= judge(put(caller, key), { target, mode: 'deny', part });
      }
    }

    const describe = (o: Outcome, v: Verdict) => describeProbe(bucket.arn, { probe: o.probe, verdict: v }, sseText(o.probe));
    const escaped = outcomes.filter((o) => o.full?.result === 'allowed');
    const narrow = outcomes.filter((o) => o.broad.result === 'allowed' && o.full?.result === 'denied');
    const open = outcomes.flatMap((o) => {
      const v = o.broad.result === 'unknown' ? o.broad : o.full?.result === 'unknown' ? o.full : undefined;
      return v && o.full?.result !== 'allowed' ? [{ o, v }] : [];
    });
    const example = escaped[0] ? describe(escaped[0], escaped[0].full!) : undefined;

    if (escaped.length === 0 && narrow.length === 0) {
      const first = open[0];
      if (first && first.v.result === 'unknown') {
        return unknown(`whether an upload ${describe(first.o, first.v)} is denied cannot be told: ${first.v.reason}`, { expected, unknownProbes: open.length, probes: outcomes.length });
      }
      const [first0, ...rest] = [...pinning];
      const statement = `${first0 ?? 'no statement'}${rest.length > 0 ? ` (with ${rest.join(', ')})` : ''}`;
      const data = { statement, objectsArn, expected };
      if (headerless?.result === 'denied') return pass('denied', data, { statements: [...pinning], probes: outcomes.length, writersMustSendKeyIdHeader: true });
      return pass('deniedHeaderOptional', data, { statements: [...pinning], probes: outcomes.length, writersMustSendKeyIdHeader: false });
    }

    const candidates = doc.Statement.flatMap((s, i) => candidateOf(s, describeStatement(s, i), objectsArn, expected) ?? []);
    const evidence = {
      expected,
      escaped: escaped.map((o) => describe(o, o.full!)),
      deniedOnlyByStatementsThatDoNotPinTheKey: narrow.map((o) => describe(o, o.broad)),
      candidates: candidates.map((c) => ({ statement: c.name, values: c.values, gaps: c.gaps })),
    };
    if (candidates.length === 0) return fail('noStatement', { key: KEY_ID_KEY, expected }, evidence);
    const best = candidates.reduce((a, b) => (b.gaps.length < a.gaps.length ? b : a));
    if (best.gaps.length === 0 && example) return fail('escaped', { statement: best.name, example }, evidence);
    const gaps = best.gaps.length > 0 ? best.gaps.join('; ') : 'some uploads are denied only by statements that do not cover s3:PutObject on every object or that deny the profile key too';
    if (example) return fail('partialEscaped', { statement: best.name, gaps, example }, evidence);
    return fail('partial', { statement: best.name, gaps }, evidence);
  },
});
