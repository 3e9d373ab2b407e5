import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { absent, present, unknown } from '../../model/observed.js';
import { BUCKET, BUCKET_ARN, bucketPolicy, inventoryWith, KEY_ARN, makeBucket, makeInventory, REGION, runRule } from '../../testing/inventory-builders.js';
import rule from './rule.js';

const KEY_ID_KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';
const OTHER_KEY = `arn:aws:kms:${REGION}:111122223333:key/ffffffff-0000-0000-0000-000000000000`;
const deny = (changes: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Sid: 'DenyWrongKmsKey',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:PutObject',
  Resource: `${BUCKET_ARN}/*`,
  Condition: { StringNotEquals: { [KEY_ID_KEY]: KEY_ARN } },
  ...changes,
});
const withStatements = (...Statement: PolicyStatement[]) => makeBucket({ policy: present({ Version: '2012-10-17', Statement }) });
const tls = bucketPolicy().Statement[0]!;

const cases = [
  { name: 'the seed policy', bucket: makeBucket(), status: 'pass' },
  { name: 'StringNotEqualsIfExists, key in another case', bucket: withStatements(deny({ Condition: { StringNotEqualsIfExists: { 'S3:X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id': KEY_ARN } } })), status: 'pass' },
  { name: 'Principal {"AWS":"*"}, Resource "*"', bucket: withStatements(deny({ Principal: { AWS: '*' }, Resource: '*' })), status: 'pass' },
  { name: 'no policy', bucket: makeBucket({ policy: absent() }), status: 'fail' },
  { name: 'only the TLS statement', bucket: withStatements(tls), status: 'fail' },
  { name: 'wrong key ARN', bucket: withStatements(deny({ Condition: { StringNotEquals: { [KEY_ID_KEY]: OTHER_KEY } } })), status: 'fail' },
  { name: 'a second key is let through', bucket: withStatements(deny({ Condition: { StringNotEquals: { [KEY_ID_KEY]: [KEY_ARN, OTHER_KEY] } } })), status: 'fail' },
  { name: 'Deny for one role only', bucket: withStatements(deny({ Principal: { AWS: 'arn:aws:iam::111122223333:role/app' } })), status: 'fail' },
  { name: 'Deny on one prefix only', bucket: withStatements(deny({ Resource: `${BUCKET_ARN}/data/*` })), status: 'fail' },
  {
    name: 'algorithm condition in the same statement (narrows it)',
    bucket: withStatements(deny({ Condition: { StringNotEquals: { [KEY_ID_KEY]: KEY_ARN, 's3:x-amz-server-side-encryption': 'aws:kms' } } })),
    status: 'fail',
  },
  { name: 'policy unreadable', bucket: makeBucket({ policy: unknown('access denied to s3:GetBucketPolicy') }), status: 'unknown' },
] as const;

const run = (bucket: ReturnType<typeof makeBucket>, base = makeInventory()) => runRule(rule, inventoryWith('bucket', bucket, base), { resource: BUCKET });

describe(rule.id, () => {
  it.each(cases)('$name → $status', ({ bucket, status }) => {
    expect(run(bucket).status).toBe(status);
  });

  it('is unknown when the profile key cannot be resolved', () => {
    const f = run(makeBucket(), makeInventory({ aliases: { [REGION]: unknown('access denied to kms:ListAliases') } }));
    expect(f.status).toBe('unknown');
    expect(f.message).toContain('could not list KMS aliases in eu-west-1: access denied to kms:ListAliases');
    expect(run(makeBucket(), makeInventory({ aliases: { [REGION]: present([]) } })).status).toBe('unknown');
  });

  it('names both ARNs when the condition names the wrong key', () => {
    const f = run(withStatements(deny({ Condition: { StringNotEquals: { [KEY_ID_KEY]: OTHER_KEY } } })));
    expect(f.message).toBe(`Bucket policy statement "DenyWrongKmsKey" denies uploads by KMS key id, but it allows ${OTHER_KEY} instead of the profile key ${KEY_ARN}.`);
  });

  it('warns in the pass message that every writer must send the key-id header', () => {
    const f = run(makeBucket());
    expect(f.message).toContain('must send the x-amz-server-side-encryption-aws-kms-key-id header');
    expect(f.message).toContain('uploads without it are denied too');
  });
});
