import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { absent, present, unknown } from '../../model/observed.js';
import { BUCKET, BUCKET_ARN, inventoryWith, makeBucket, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const tls = (changes: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  ...changes,
});
const withStatements = (...Statement: PolicyStatement[]) => makeBucket({ policy: present({ Version: '2012-10-17', Statement }) });

const cases = [
  { name: 'the seed policy', bucket: makeBucket(), status: 'pass' },
  { name: 'JSON boolean false, BoolIfExists', bucket: withStatements(tls({ Condition: { BoolIfExists: { 'aws:SecureTransport': false } } })), status: 'pass' },
  { name: 'condition key in another case', bucket: withStatements(tls({ Condition: { Bool: { 'AWS:securetransport': 'false' } } })), status: 'pass' },
  { name: 'Principal {"AWS":"*"}, Action "*", Resource bucket*', bucket: withStatements(tls({ Principal: { AWS: '*' }, Action: '*', Resource: `${BUCKET_ARN}*` })), status: 'pass' },
  { name: 'NotResource that excludes another bucket', bucket: withStatements(tls({ Resource: undefined, NotResource: 'arn:aws:s3:::other-bucket/*' })), status: 'pass' },
  { name: 'no policy', bucket: makeBucket({ policy: absent() }), status: 'fail' },
  { name: 'no SecureTransport condition', bucket: withStatements(tls({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })), status: 'fail' },
  { name: 'SecureTransport true (denies TLS)', bucket: withStatements(tls({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), status: 'fail' },
  { name: 'only s3:PutObject', bucket: withStatements(tls({ Action: 's3:PutObject' })), status: 'fail' },
  { name: 'only bucket/*', bucket: withStatements(tls({ Resource: `${BUCKET_ARN}/*` })), status: 'fail' },
  { name: 'only one principal', bucket: withStatements(tls({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })), status: 'fail' },
  { name: 'NotPrincipal', bucket: withStatements(tls({ Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/admin' } })), status: 'fail' },
  { name: 'NotAction exempts an s3 action', bucket: withStatements(tls({ Action: undefined, NotAction: 's3:GetObject' })), status: 'fail' },
  { name: 'narrowed by an extra condition', bucket: withStatements(tls({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })), status: 'fail' },
  { name: 'an Allow with the condition does not count', bucket: withStatements(tls({ Effect: 'Allow' })), status: 'fail' },
  { name: 'policy unreadable', bucket: makeBucket({ policy: unknown('access denied to s3:GetBucketPolicy') }), status: 'unknown' },
  { name: 'policy malformed', bucket: makeBucket({ policy: unknown('policy is not valid JSON (Unexpected token)') }), status: 'unknown' },
] as const;

const run = (bucket: ReturnType<typeof makeBucket>) => runRule(rule, inventoryWith('bucket', bucket), { resource: BUCKET });

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ bucket, status }) => {
    expect(run(bucket).status).toBe(status);
  });

  it('says what a PutObject-only, objects-only Deny is missing', () => {
    const f = run(withStatements(tls({ Action: 's3:PutObject', Resource: `${BUCKET_ARN}/*` })));
    expect(f.message).toBe(
      `Bucket policy statement "DenyInsecureTransport" denies requests with aws:SecureTransport false, but it covers only s3:PutObject, not s3:*; its Resource does not cover ${BUCKET_ARN}.`,
    );
  });

  it('names the statement that passes and carries the unknown reason', () => {
    expect(run(makeBucket()).message).toContain('statement "DenyInsecureTransport" denies s3:*');
    expect(run(makeBucket({ policy: unknown('access denied to s3:GetBucketPolicy') })).message).toContain('access denied to s3:GetBucketPolicy');
  });
});
