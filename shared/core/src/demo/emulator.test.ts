import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, test, vi } from 'vitest';
import { AwsClients, collectAwsInventory } from '../collect/aws/index.js';
import type { Inventory } from '../model/inventory.js';
import { parseProfile } from '../profile/load.js';
import {
  demoFixture,
  demoProfile,
  REPLICATION_ROLE_ARN,
  STAGE_KEY_ARN,
  withDemoAccount,
  type DemoFixture,
} from './index.js';

async function scan(fixture?: DemoFixture): Promise<{ inventory: Inventory; calls: Record<string, number> }> {
  return withDemoAccount(
    async ({ region, credentials }) => {
      const clients = new AwsClients({ defaultRegion: region, credentials, maxAttempts: 1 });
      try {
        const inventory = await collectAwsInventory({ clients, profile: parseProfile(demoProfile, 'demo profile'), sourceKind: 'demo' });
        return { inventory, calls: clients.stats.byOperation() };
      } finally {
        clients.destroy();
      }
    },
    fixture ? { fixture } : {},
  );
}

const value = <T>(o: { state: string; value?: T }): T => {
  expect(o.state).toBe('present');
  return o.value as T;
};

describe('the emulator answers missing configuration the way AWS does', () => {
  test('AWS "not found" errors read as absent, never unknown', async () => {
    const bare: DemoFixture = {
      ...demoFixture,
      accountPublicAccessBlock: undefined,
      buckets: [
        {
          name: 'acme-bare',
          region: 'eu-west-1',
          creationDate: '2025-01-01T00:00:00.000Z',
          tags: {},
          extraGrants: [{ grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, permission: 'WRITE' }],
          logging: { targetBucket: 'acme-bare', targetPrefix: 'self & <others>/' },
          replication: {
            role: REPLICATION_ROLE_ARN,
            rules: [
              {
                id: 'to-nowhere',
                priority: 1,
                status: 'Enabled',
                destinationBucket: 'arn:aws:s3:::acme-gone',
                replicaKmsKeyId: 'arn:aws:kms:eu-west-2:210987654321:key/mrk-00000000000000000000000000000000',
                deleteMarkerReplication: 'Disabled',
              },
            ],
          },
          objects: [],
        },
      ],
      roles: demoFixture.roles.map((r) => ({ ...r, attachedPolicyArns: ['arn:aws:iam::210987654321:policy/acme-extra'] })),
      managedPolicies: [
        {
          arn: 'arn:aws:iam::210987654321:policy/acme-extra',
          name: 'acme-extra',
          policyId: 'ANPATDEMOEXTRA0000001',
          path: '/',
          createDate: '2025-01-01T00:00:00.000Z',
          defaultVersionId: 'v2',
          versions: [
            { versionId: 'v1', createDate: '2025-01-01T00:00:00.000Z', document: { Version: '2012-10-17', Statement: [] } },
            { versionId: 'v2', createDate: '2025-02-01T00:00:00.000Z', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
          ],
        },
      ],
    };
    const { inventory, calls } = await scan(bare);
    expect(inventory.gaps).toEqual([]);
    expect(inventory.account.publicAccessBlock.state).toBe('absent');
    const [b] = inventory.buckets;
    for (const field of ['encryption', 'publicAccessBlock', 'policy', 'policyStatus', 'ownershipControls', 'lifecycle'] as const) {
      expect(b![field].state, field).toBe('absent');
    }
    expect(value(b!.versioning)).toEqual({ status: 'Never', mfaDelete: 'Never' });
    expect(value(b!.tags)).toEqual({});
    expect(value(b!.logging)).toEqual({ targetBucket: 'acme-bare', targetPrefix: 'self & <others>/' });
    expect(value(b!.acl)).toEqual([
      { granteeType: 'CanonicalUser', granteeId: demoFixture.canonicalOwnerId, permission: 'FULL_CONTROL' },
      { granteeType: 'Group', granteeUri: 'http://acs.amazonaws.com/groups/s3/LogDelivery', permission: 'WRITE' },
    ]);
    expect(b!.objectSample.state).toBe('absent');
    expect(calls['s3:GetBucketAcl']).toBe(1);
    expect(calls).not.toHaveProperty('s3:GetBucketPolicyStatus');
    // A replica key that does not exist: DescribeKey NotFoundException.
    // Referenced keys (the others in the fixture are read through ListKeys as unreferenced).
    expect(inventory.keys.filter((k) => k.referencedBy.length > 0).map((k) => [k.arn, k.metadata.state])).toEqual([
      [STAGE_KEY_ARN, 'present'], // the profile alias, still there in eu-west-1
      ['arn:aws:kms:eu-west-2:210987654321:key/mrk-00000000000000000000000000000000', 'absent'],
    ]);
    // An attached managed policy: GetPolicy, then its default version.
    const replicationRole = inventory.roles.find((r) => r.purposes.includes('replication'))!;
    expect(value(replicationRole.policies).map((p) => [p.name, p.kind, p.document.Statement.length])).toEqual([
      ['acme-s3-replication', 'inline', 5],
      ['acme-extra', 'managed', 1],
    ]);
  });

  test('path-style and virtual-host URLs both work; a bucket asked in the wrong Region redirects', async () => {
    await withDemoAccount(async ({ credentials }) => {
      const pathStyle = new S3Client({ region: 'eu-west-1', credentials, forcePathStyle: true, maxAttempts: 1 });
      const wrongRegion = new S3Client({ region: 'eu-west-2', credentials, maxAttempts: 1 });
      try {
        const r = await pathStyle.send(new GetBucketEncryptionCommand({ Bucket: 'acme-snowflake-stage' }));
        expect(r.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID).toBe(STAGE_KEY_ARN);
        await expect(wrongRegion.send(new GetBucketEncryptionCommand({ Bucket: 'acme-snowflake-stage' }))).rejects.toMatchObject({
          name: 'PermanentRedirect',
          $metadata: { httpStatusCode: 301 },
        });
      } finally {
        pathStyle.destroy();
        wrongRegion.destroy();
      }
    });
  });
});

describe('withDemoAccount', () => {
  test('nothing leaves the process: an unknown host is refused', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await withDemoAccount(async () => {
        await expect(fetch('https://example.com/')).rejects.toThrow();
      });
      expect(quiet).toHaveBeenCalledWith(expect.stringContaining('GET https://example.com/'));
    } finally {
      quiet.mockRestore();
    }
  });

  test('hides AWS endpoint and profile settings while it runs, and restores them', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://localhost:5000';
    process.env.AWS_PROFILE = 'prod-admin';
    try {
      const seen = await withDemoAccount(async ({ region, credentials }) => ({
        endpoint: process.env.AWS_ENDPOINT_URL,
        profile: process.env.AWS_PROFILE,
        region,
        creds: await credentials(),
      }));
      expect(seen).toEqual({ endpoint: undefined, profile: undefined, region: 'eu-west-1', creds: { accessKeyId: 'DEMO', secretAccessKey: 'demo' } });
      expect(process.env.AWS_ENDPOINT_URL).toBe('http://localhost:5000');
      expect(process.env.AWS_PROFILE).toBe('prod-admin');
      expect(process.env.AWS_CONFIG_FILE).toBeUndefined();
    } finally {
      delete process.env.AWS_ENDPOINT_URL;
      delete process.env.AWS_PROFILE;
    }
  });

  test('closes the server when fn throws, so it can run again', async () => {
    await expect(withDemoAccount(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withDemoAccount(async () => 'again')).resolves.toBe('again');
  });
});
