import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../model/policy-document.js';
import { absent, present, unknown } from '../../model/observed.js';
import { ACCOUNT, BUCKET, BUCKET_ARN, bucketPolicy, inventoryWith, KEY_ARN, makeBucket, makeInventory, REGION, runRule } from '../../testing/inventory-builders.js';
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
const UPLOADER_ROLE = `arn:aws:iam::${ACCOUNT}:role/uploader`;
const UPLOADER_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/uploader/etl`;
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
  // The structural version knew only StringNotEquals(IfExists); the evaluator sees StringNotLike deny every other key too.
  { name: 'StringNotLike with the exact key ARN', bucket: withStatements(deny({ Condition: { StringNotLike: { [KEY_ID_KEY]: KEY_ARN } } })), status: 'pass' },
  { name: 'a key-ARN wildcard lets every key of the account through', bucket: withStatements(deny({ Condition: { StringNotLike: { [KEY_ID_KEY]: `arn:aws:kms:${REGION}:${ACCOUNT}:key/*` } } })), status: 'fail' },
  { name: 'a Null guard lets aws:kms without a key id (aws/s3) through', bucket: withStatements(deny({ Condition: { StringNotEqualsIfExists: { [KEY_ID_KEY]: KEY_ARN }, Null: { [KEY_ID_KEY]: 'false' } } })), status: 'fail' },
  {
    name: 'header optional: a Null-guarded key Deny plus a Deny of aws:kms without a key id',
    bucket: withStatements(
      deny({ Condition: { StringNotEquals: { [KEY_ID_KEY]: KEY_ARN }, Null: { [KEY_ID_KEY]: 'false' } } }),
      deny({ Sid: 'DenyKmsWithoutKeyId', Condition: { StringLike: { 's3:x-amz-server-side-encryption': 'aws:kms*' }, Null: { [KEY_ID_KEY]: 'true' } } }),
    ),
    status: 'pass',
  },
  { name: 'NotPrincipal exempting an uploader session', bucket: withStatements(deny({ Principal: undefined, NotPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, UPLOADER_ROLE, UPLOADER_SESSION] } })), status: 'fail' },
  { name: 'NotPrincipal naming only a role exempts nobody', bucket: withStatements(deny({ Principal: undefined, NotPrincipal: { AWS: UPLOADER_ROLE } })), status: 'pass' },
  { name: 'narrowed by aws:SourceVpce (unknowable)', bucket: withStatements(deny({ Condition: { StringNotEquals: { [KEY_ID_KEY]: KEY_ARN, 'aws:SourceVpce': 'vpce-1' } } })), status: 'unknown' },
  { name: 'a Deny on PutObject with NotAction still pins the key', bucket: withStatements(deny({ Action: undefined, NotAction: 's3:Get*' })), status: 'pass' },
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
    // Since the evaluator: the message also names an upload that gets through.
    expect(f.message).toBe(
      `Bucket policy statement "DenyWrongKmsKey" denies uploads by KMS key id, but it allows ${OTHER_KEY} instead of the profile key ${KEY_ARN}; ` +
        `not denied, for example: s3:PutObject with aws:kms and key ${OTHER_KEY} on ${BUCKET_ARN}/data/x by a role session of account ${ACCOUNT}.`,
    );
  });

  it('warns in the pass message that every writer must send the key-id header', () => {
    const f = run(makeBucket());
    expect(f.message).toContain('must send the x-amz-server-side-encryption-aws-kms-key-id header');
    expect(f.message).toContain('uploads without it are denied too');
  });

  it('says which upload gets through when the structure looks right', () => {
    const f = run(withStatements(deny({ Condition: { StringNotEqualsIfExists: { [KEY_ID_KEY]: KEY_ARN }, Null: { [KEY_ID_KEY]: 'false' } } })));
    expect(f.message).toContain('with aws:kms and no key id (encrypted under aws/s3)');
    const exempt = run(withStatements(deny({ Principal: undefined, NotPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, UPLOADER_ROLE, UPLOADER_SESSION] } })));
    expect((exempt.evidence as { escaped: string[] }).escaped.some((e) => e.endsWith(`by ${UPLOADER_SESSION}`))).toBe(true);
  });

  it('an upload outside the data prefix shows what a prefix-scoped Deny misses', () => {
    const f = run(withStatements(deny({ Resource: `${BUCKET_ARN}/data/*` })));
    expect(f.message).toContain(`its Resource does not cover ${BUCKET_ARN}/*`);
    expect(f.message).toContain(`on ${BUCKET_ARN}/x by`);
  });

  it('says when uploads without headers are not denied', () => {
    const f = run(
      withStatements(
        deny({ Condition: { StringNotEquals: { [KEY_ID_KEY]: KEY_ARN }, Null: { [KEY_ID_KEY]: 'false' } } }),
        deny({ Sid: 'DenyKmsWithoutKeyId', Condition: { StringLike: { 's3:x-amz-server-side-encryption': 'aws:kms*' }, Null: { [KEY_ID_KEY]: 'true' } } }),
      ),
    );
    expect(f.message).toContain('uploads that send no encryption headers are not denied');
    expect(f.evidence?.writersMustSendKeyIdHeader).toBe(false);
  });

  it('an unknowable narrowing is unknown with the key, never pass', () => {
    const f = run(withStatements(deny({ Condition: { StringNotEquals: { [KEY_ID_KEY]: KEY_ARN, 'aws:SourceVpce': 'vpce-1' } } })));
    expect(f.message).toContain('statement "DenyWrongKmsKey" depends on aws:SourceVpce, which the scan cannot know');
  });
});
