import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { absent, present, unknown } from '../../model/observed.js';
import { ACCOUNT, BUCKET, BUCKET_ARN, inventoryWith, makeBucket, runRule } from '../../testing/inventory-builders.js';
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
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/admin`;
const ADMIN_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/admin/alice`;
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
  // Was 'fail' in the structural version. AWS checks a NotPrincipal against the caller's account, role
  // and session in turn, and exempts only a caller whose every identity is listed: naming just the role
  // exempts nobody, so this Deny applies to the admin role's sessions too and covers every caller.
  { name: 'NotPrincipal naming only a role exempts nobody', bucket: withStatements(tls({ Principal: undefined, NotPrincipal: { AWS: ADMIN_ROLE } })), status: 'pass' },
  { name: 'NotPrincipal exempting an admin session (account, role and session listed)', bucket: withStatements(tls({ Principal: undefined, NotPrincipal: { AWS: [ROOT, ADMIN_ROLE, ADMIN_SESSION] } })), status: 'fail' },
  { name: 'NotAction exempts an s3 action', bucket: withStatements(tls({ Action: undefined, NotAction: 's3:GetObject' })), status: 'fail' },
  { name: 'narrowed by an extra condition', bucket: withStatements(tls({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })), status: 'fail' },
  { name: 'an Allow with the condition does not count', bucket: withStatements(tls({ Effect: 'Allow' })), status: 'fail' },
  { name: 'NotAction that still covers every S3 action', bucket: withStatements(tls({ Action: undefined, NotAction: 'iam:*' })), status: 'pass' },
  // The structural version wanted one statement covering both ARNs; the evaluator sees every caller denied.
  { name: 'split over two statements, bucket and objects', bucket: withStatements(tls({ Sid: 'Bucket', Resource: BUCKET_ARN }), tls({ Sid: 'Objects', Resource: `${BUCKET_ARN}/*` })), status: 'pass' },
  { name: 'exactly the probed actions, not s3:*', bucket: withStatements(tls({ Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:PutBucketPolicy'] })), status: 'fail' },
  { name: 'narrowed by NotIpAddress aws:SourceIp (unknowable)', bucket: withStatements(tls({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })), status: 'unknown' },
  { name: 'narrowed by IpAddress aws:SourceIp: requests without it get through', bucket: withStatements(tls({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })), status: 'fail' },
  { name: 'ArnNotLike aws:PrincipalArn exempts admin-* roles', bucket: withStatements(tls({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/admin-*` } } })), status: 'fail' },
  { name: 'StringNotEquals aws:PrincipalAccount exempts the own account', bucket: withStatements(tls({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } } })), status: 'fail' },
  { name: 'StringNotEquals on a header the caller chooses', bucket: withStatements(tls({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } })), status: 'fail' },
  { name: 'a second, condition-free Deny elsewhere does not hide a gap', bucket: withStatements(tls({ Resource: `${BUCKET_ARN}/*` }), { Sid: 'NoPolicyEdits', Effect: 'Deny', Principal: '*', Action: 's3:PutBucketPolicy', Resource: BUCKET_ARN }), status: 'fail' },
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
      // Since the evaluator: the message also names a request that gets through.
      `Bucket policy statement "DenyInsecureTransport" denies requests with aws:SecureTransport false, but it covers only s3:PutObject, not s3:*; its Resource does not cover ${BUCKET_ARN}; ` +
        `not denied, for example: a plain-HTTP s3:GetObject on ${BUCKET_ARN}/data/x by a role session of account ${ACCOUNT}.`,
    );
  });

  it('names the statement that passes and carries the unknown reason', () => {
    expect(run(makeBucket()).message).toContain('statement "DenyInsecureTransport" denies s3:*');
    expect(run(makeBucket({ policy: unknown('access denied to s3:GetBucketPolicy') })).message).toContain('access denied to s3:GetBucketPolicy');
  });

  it.each([
    ['an exempt root user', tls({ Principal: undefined, NotPrincipal: { AWS: [ROOT, ADMIN_ROLE, ADMIN_SESSION] } }), ['it uses NotPrincipal', `by the root user of account ${ACCOUNT}`]],
    ['an admin-* role', tls({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/admin-*` } } }), [`by a caller matching arn:aws:iam::${ACCOUNT}:role/admin-*`, 'aws:principalarn']],
    ['a request through a VPC endpoint', tls({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }), ['without aws:SourceIp']],
    ['a chosen header', tls({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } }), ['with s3:x-amz-acl = "bucket-owner-full-control"']],
    ['bucket-level requests of a Deny on objects', tls({ Resource: `${BUCKET_ARN}/*` }), [`s3:ListBucket on ${BUCKET_ARN} by`]],
  ] as const)('names the request that gets through: %s', (_, statement, parts) => {
    const f = run(withStatements(statement));
    expect(f.status).toBe('fail');
    for (const p of parts) expect(f.message).toContain(p);
  });

  it('lists every caller a NotPrincipal exempts in the evidence, and only those', () => {
    const f = run(withStatements(tls({ Principal: undefined, NotPrincipal: { AWS: [ROOT, ADMIN_ROLE, ADMIN_SESSION] } })));
    const escaped = (f.evidence as { escaped: string[] }).escaped;
    expect(escaped.some((e) => e.endsWith(`by ${ADMIN_SESSION}`))).toBe(true);
    // The role's other sessions are not listed, so the Deny still applies to them.
    expect(escaped.some((e) => e.includes(ADMIN_ROLE))).toBe(false);
  });

  it('generalizes only from Denies that cover s3:*: exact probe actions fail without a false example', () => {
    const f = run(withStatements(tls({ Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:PutBucketPolicy'] })));
    expect(f.message).toBe(
      'Bucket policy statement "DenyInsecureTransport" denies requests with aws:SecureTransport false, but it covers only s3:GetObject, s3:PutObject, s3:ListBucket, s3:PutBucketPolicy, not s3:*.',
    );
  });

  it('an unknowable narrowing is unknown with the key and the statement, never pass', () => {
    const f = run(withStatements(tls({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })));
    expect(f.message).toContain('statement "DenyInsecureTransport" depends on aws:SourceIp, which the scan cannot know');
  });

  it('names both statements of a split Deny', () => {
    const f = run(withStatements(tls({ Sid: 'Bucket', Resource: BUCKET_ARN }), tls({ Sid: 'Objects', Resource: `${BUCKET_ARN}/*` })));
    expect(f.message).toBe(`Bucket policy statement "Objects", statement "Bucket" together deny s3:* on ${BUCKET_ARN} and ${BUCKET_ARN}/* to every principal when aws:SecureTransport is false.`);
  });
});
