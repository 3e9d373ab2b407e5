import { describe, expect, it } from 'vitest';
import { present, unknown, type Inventory } from '../model/index.js';
import { mermaidLabel, snowflakeChainMermaid } from './chain-diagram.js';

type Stage = Inventory['snowflake']['stages'][number];
type Integration = Inventory['snowflake']['integrations'][number];
type Bucket = Inventory['buckets'][number];

const stage = (name: string, props: Record<string, string>): Stage => ({ id: `"DB"."S"."${name}"`, name, account: '', properties: present(props) });
const integration = (name: string, props: Record<string, string>): Integration => ({ id: `"${name}"`, name, account: '', properties: present(props) });
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1111aaaa-22bb';

function inventory(stages: Stage[], integrations: Integration[], buckets: Partial<Bucket>[] = []): Inventory {
  return { snowflake: { stages, integrations }, buckets: buckets as Bucket[] } as unknown as Inventory;
}

describe('snowflakeChainMermaid', () => {
  it('no Snowflake object → no diagram', () => {
    expect(snowflakeChainMermaid(inventory([], []))).toBeUndefined();
  });

  it('stage → integration → role, stage → bucket → the bucket’s default-encryption key', () => {
    const src = snowflakeChainMermaid(
      inventory(
        [stage('RAW', { URL: '["s3://acme-stage/data/"]', STORAGE_INTEGRATION: 'S3_INT' })],
        [integration('S3_INT', { STORAGE_AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/snowflake-s3-kms-role' })],
        [{ name: 'acme-stage', arn: 'arn:aws:s3:::acme-stage', encryption: present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY, bucketKeyEnabled: true }]) }],
      ),
    );
    expect(src).toBe(
      [
        'flowchart LR',
        '  n0["stage RAW"]',
        '  n1["integration S3_INT"]',
        '  n0 --> n1',
        '  n2["role snowflake-s3-kms-role"]',
        '  n1 --> n2',
        '  n3["bucket acme-stage"]',
        '  n0 --> n3',
        '  n4["key key/1111aaaa-22bb"]',
        '  n3 --> n4',
      ].join('\n'),
    );
  });

  it('what is not known is dashed with "?": a bucket outside the plan uses the stage’s own key id, unread encryption', () => {
    const src = snowflakeChainMermaid(
      inventory(
        [stage('A', { URL: 's3://other/x/', 'ENCRYPTION.KMS_KEY_ID': KEY }), stage('B', { URL: '["s3://unread/"]' })],
        [],
        [{ name: 'unread', arn: 'arn:aws:s3:::unread', encryption: unknown('AccessDenied') }],
      ),
    )!;
    expect(src).toContain('n1["bucket other"]');
    expect(src).toMatch(/n1 -\.-> n2\n/);
    expect(src).toContain('["key ?"]');
  });

  it('hostile names cannot close the label, the fence or the diagram', () => {
    const hostile = '"]\n```\n<img src=x onerror=alert(1)> @org/team';
    const src = snowflakeChainMermaid(inventory([stage(hostile, { URL: 's3://b"]/x' })], []))!;
    expect(src).not.toContain('```');
    expect(src).not.toMatch(/<img|@org/);
    for (const line of src.split('\n').slice(1)) expect(line).toMatch(/^ {2}(n\d+\["[^"\n]*"\]|n\d+ -(->|\.->) n\d+)$/);
    expect(mermaidLabel('a`b')).toBe('a#96;b');
    expect(mermaidLabel('x'.repeat(100))).toHaveLength(60 + '#8230;'.length - 1);
  });
});
