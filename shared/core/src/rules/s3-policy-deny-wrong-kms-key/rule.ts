import type { PolicyStatement } from '../../model/policy-document.js';
import { appliesToEveryone, conditionEntries, conditionKeys, coversAction, coversResourcePattern, describeStatement } from '../../policy/statements.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';

const KEY_ID_KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';
// The IfExists form behaves the same here: on an absent header both evaluate to true and deny.
const OPERATORS = ['StringNotEquals', 'StringNotEqualsIfExists'] as const;

interface Candidate {
  name: string;
  statement: PolicyStatement;
  values: string[];
  gaps: string[];
}

function candidateOf(s: PolicyStatement, name: string, objectsArn: string, expected: string): Candidate | undefined {
  if (s.Effect !== 'Deny' || !coversAction(s, 's3:PutObject')) return undefined;
  const values = conditionEntries(s.Condition, OPERATORS, KEY_ID_KEY).flatMap((e) => e.values);
  if (values.length === 0) return undefined;
  const gaps: string[] = [];
  if (!appliesToEveryone(s)) gaps.push(`its Principal is ${JSON.stringify(s.Principal ?? s.NotPrincipal ?? null)}, not "*"`);
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

export default defineRule({
  id: 's3-policy-deny-wrong-kms-key',
  title: 'Bucket policy denies uploads that name a KMS key other than the profile key',
  severity: 'high',
  resourceType: 'bucket',
  description:
    'A Deny on s3:PutObject for every principal when s3:x-amz-server-side-encryption-aws-kms-key-id is not the profile key ARN stops writers from encrypting objects under another key, or under aws/s3 by sending aws:kms without a key id.',
  messages: {
    denied:
      'Bucket policy {{statement}} denies s3:PutObject on {{objectsArn}} unless the upload names {{expected}}. Every writer (application, Snowflake unload, CLI) must send the x-amz-server-side-encryption-aws-kms-key-id header: a negated condition on an absent key is true, so uploads without it are denied too.',
    noPolicy: 'The bucket has no bucket policy, so uploads may name any KMS key (or aws/s3) and S3 accepts them.',
    noStatement: 'No Deny on s3:PutObject conditions on {{key}} with StringNotEquals; uploads may name any KMS key (the profile key is {{expected}}).',
    partial: 'Bucket policy {{statement}} denies uploads by KMS key id, but {{gaps}}.',
  },
  remediation:
    "Add to the bucket policy (merged, put-bucket-policy replaces it): " +
    '{"Sid":"DenyWrongKmsKey","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::BUCKET/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"KEY_ARN"}}} ' +
    "with the full key ARN, and make every writer send that header (aws s3 cp --sse aws:kms --sse-kms-key-id KEY_ARN; Snowflake stage ENCRYPTION = (TYPE = 'AWS_SSE_KMS' KMS_KEY_ID = 'KEY_ARN')).",
  check(bucket, { lookups }) {
    const policy = bucket.policy;
    if (policy.state === 'unknown') return unknown(policy.reason);
    const profileKey = lookups.profileKeyArn(bucket.region);
    if (profileKey.state !== 'resolved') return unknown(`cannot tell which key the profile expects: ${profileKey.reason}`);
    const expected = profileKey.arn;
    if (policy.state === 'absent') return fail('noPolicy', {}, { expected });
    const objectsArn = `${bucket.arn}/*`;
    const candidates = policy.value.Statement.flatMap((s, i) => candidateOf(s, describeStatement(s, i), objectsArn, expected) ?? []);
    if (candidates.length === 0) return fail('noStatement', { key: KEY_ID_KEY, expected }, { expected });
    const ok = candidates.find((c) => c.gaps.length === 0);
    if (ok) return pass('denied', { statement: ok.name, objectsArn, expected }, { statement: ok.statement, writersMustSendKeyIdHeader: true });
    const best = candidates.reduce((a, b) => (b.gaps.length < a.gaps.length ? b : a));
    return fail(
      'partial',
      { statement: best.name, gaps: best.gaps.join('; ') },
      { expected, candidates: candidates.map((c) => ({ statement: c.name, values: c.values, gaps: c.gaps })) },
    );
  },
});
