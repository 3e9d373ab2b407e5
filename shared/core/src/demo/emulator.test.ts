import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
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
  TRAIL_ARN,
  withDemoAccount,
  type DemoFixture,
  type DemoTrail,
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
      trails: [],
    };
    const { inventory, calls } = await scan(bare);
    expect(inventory.gaps).toEqual([]);
    // No trail: an empty trail list that was read (so the trail rules say "no trail"), no per-trail calls.
    expect(value(inventory.trailList!)).toEqual([]);
    expect(inventory.trails).toEqual([]);
    expect(calls['cloudtrail:DescribeTrails']).toBe(1);
    expect(calls).not.toHaveProperty('cloudtrail:GetTrailStatus');
    expect(calls).not.toHaveProperty('cloudtrail:GetEventSelectors');
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

describe('the emulated CloudTrail answers per Region, as AWS does', () => {
  const [audit] = demoFixture.trails;
  /** A single-Region trail in eu-west-1 with classic selectors, stopped after a delivery error. */
  const legacy: DemoTrail = {
    name: 'acme-legacy',
    homeRegion: 'eu-west-1',
    multiRegion: false,
    includeGlobalServiceEvents: false,
    logFileValidation: false,
    s3BucketName: 'acme-legacy-trail',
    status: { isLogging: false, latestDeliveryError: 'NoSuchBucket', startLoggingTime: '2023-01-09T12:00:00.000Z', stopLoggingTime: '2024-03-05T10:20:00.000Z' },
    selectors: {
      classic: [
        {
          readWriteType: 'WriteOnly',
          includeManagementEvents: true,
          excludeManagementEventSources: ['kms.amazonaws.com'],
          dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::acme-events-raw/'] }],
        },
      ],
    },
  };
  /** A multi-Region trail homed in eu-west-2: eu-west-1 sees it as a shadow trail. */
  const london: DemoTrail = { ...audit!, name: 'acme-london', homeRegion: 'eu-west-2', kmsKeyId: undefined, selectors: { classic: [{ readWriteType: 'All', includeManagementEvents: true }] } };
  /** A single-Region trail in eu-west-2: DescribeTrails in eu-west-1 never lists it; eu-west-2 does. */
  const londonOnly: DemoTrail = { ...legacy, name: 'acme-london-only', homeRegion: 'eu-west-2' };
  const fixture: DemoFixture = { ...demoFixture, trails: [audit!, legacy, london, londonOnly] };
  const arn = (t: DemoTrail) => `arn:aws:cloudtrail:${t.homeRegion}:210987654321:trail/${t.name}`;

  test('DescribeTrails lists the Region\'s own trails, plus other Regions\' multi-Region trails unless includeShadowTrails is false', async () => {
    await withDemoAccount(
      async ({ credentials }) => {
        const ireland = new CloudTrailClient({ region: 'eu-west-1', credentials, maxAttempts: 1 });
        const london2 = new CloudTrailClient({ region: 'eu-west-2', credentials, maxAttempts: 1 });
        const frankfurt = new CloudTrailClient({ region: 'eu-central-1', credentials, maxAttempts: 1 });
        try {
          const names = async (c: CloudTrailClient, input: ConstructorParameters<typeof DescribeTrailsCommand>[0] = {}) =>
            ((await c.send(new DescribeTrailsCommand(input))).trailList ?? []).map((t) => [t.Name, t.HomeRegion]);
          // includeShadowTrails defaults to true.
          expect(await names(ireland)).toEqual([['acme-org-audit', 'eu-west-1'], ['acme-legacy', 'eu-west-1'], ['acme-london', 'eu-west-2']]);
          expect(await names(ireland, { includeShadowTrails: false })).toEqual([['acme-org-audit', 'eu-west-1'], ['acme-legacy', 'eu-west-1']]);
          expect(await names(london2, { includeShadowTrails: true })).toEqual([['acme-org-audit', 'eu-west-1'], ['acme-london', 'eu-west-2'], ['acme-london-only', 'eu-west-2']]);
          expect(await names(frankfurt, { includeShadowTrails: true })).toEqual([['acme-org-audit', 'eu-west-1'], ['acme-london', 'eu-west-2']]);
          expect(await names(frankfurt, { includeShadowTrails: false })).toEqual([]);
          // A name matches only a trail homed in the Region; an ARN any trail listed there.
          expect(await names(frankfurt, { trailNameList: ['acme-org-audit'] })).toEqual([]);
          expect(await names(frankfurt, { trailNameList: [TRAIL_ARN] })).toEqual([['acme-org-audit', 'eu-west-1']]);

          const [trail] = (await ireland.send(new DescribeTrailsCommand({ trailNameList: ['acme-org-audit'] }))).trailList ?? [];
          expect(trail).toEqual({
            Name: 'acme-org-audit',
            S3BucketName: 'acme-cloudtrail-logs',
            S3KeyPrefix: 'audit',
            IncludeGlobalServiceEvents: true,
            IsMultiRegionTrail: true,
            HomeRegion: 'eu-west-1',
            TrailARN: TRAIL_ARN,
            LogFileValidationEnabled: true,
            KmsKeyId: 'arn:aws:kms:eu-west-1:210987654321:key/e2b7c94a-5d31-4f8e-a06b-3c9d1f7e2a58',
            HasCustomEventSelectors: true,
            HasInsightSelectors: false,
            IsOrganizationTrail: false,
          });
          const [plain] = (await london2.send(new DescribeTrailsCommand({ trailNameList: ['acme-london'] }))).trailList ?? [];
          expect(plain).toMatchObject({ HasCustomEventSelectors: false });
          expect(plain).not.toHaveProperty('KmsKeyId');
        } finally {
          ireland.destroy();
          london2.destroy();
          frankfurt.destroy();
        }
      },
      { fixture },
    );
  });

  test('GetTrailStatus and GetEventSelectors: by name in the home Region, by ARN where the trail shadows; else TrailNotFoundException', async () => {
    await withDemoAccount(
      async ({ credentials }) => {
        const ireland = new CloudTrailClient({ region: 'eu-west-1', credentials, maxAttempts: 1 });
        const frankfurt = new CloudTrailClient({ region: 'eu-central-1', credentials, maxAttempts: 1 });
        try {
          const status = await ireland.send(new GetTrailStatusCommand({ Name: 'acme-org-audit' }));
          expect(status).toMatchObject({
            IsLogging: true,
            LatestDeliveryTime: new Date('2025-06-01T09:14:52.000Z'),
            LatestDigestDeliveryTime: new Date('2025-06-01T09:02:17.000Z'),
            StartLoggingTime: new Date('2024-03-05T10:14:03.000Z'),
            LatestDeliveryAttemptSucceeded: '2025-06-01T09:14:52Z',
            TimeLoggingStopped: '',
          });
          expect(status).not.toHaveProperty('LatestDeliveryError');
          expect((await frankfurt.send(new GetTrailStatusCommand({ Name: TRAIL_ARN }))).IsLogging).toBe(true);
          expect(await ireland.send(new GetTrailStatusCommand({ Name: arn(legacy) }))).toMatchObject({
            IsLogging: false,
            LatestDeliveryError: 'NoSuchBucket',
            StopLoggingTime: new Date('2024-03-05T10:20:00.000Z'),
            LatestDeliveryAttemptSucceeded: '',
          });

          const selectors = await ireland.send(new GetEventSelectorsCommand({ TrailName: arn(legacy) }));
          expect(selectors.TrailARN).toBe(arn(legacy));
          expect(selectors.AdvancedEventSelectors).toBeUndefined();
          expect(selectors.EventSelectors).toEqual([
            {
              ReadWriteType: 'WriteOnly',
              IncludeManagementEvents: true,
              DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::acme-events-raw/'] }],
              ExcludeManagementEventSources: ['kms.amazonaws.com'],
            },
          ]);
          const advanced = await frankfurt.send(new GetEventSelectorsCommand({ TrailName: TRAIL_ARN }));
          expect(advanced.EventSelectors).toBeUndefined();
          expect(advanced.AdvancedEventSelectors?.map((s) => s.Name)).toEqual(['Management events', 'Snowflake stage data events']);

          const notFound = { name: 'TrailNotFoundException', $metadata: { httpStatusCode: 404 } };
          // A name outside the home Region, a single-Region trail's ARN elsewhere, a trail that does not exist.
          await expect(frankfurt.send(new GetTrailStatusCommand({ Name: 'acme-org-audit' }))).rejects.toMatchObject({
            ...notFound,
            message: 'Unknown trail: acme-org-audit for the user: 210987654321',
          });
          await expect(frankfurt.send(new GetEventSelectorsCommand({ TrailName: arn(legacy) }))).rejects.toMatchObject(notFound);
          await expect(ireland.send(new GetEventSelectorsCommand({ TrailName: 'acme-gone' }))).rejects.toMatchObject(notFound);
          await expect(ireland.send(new GetTrailStatusCommand({ Name: '' }))).rejects.toMatchObject({ name: 'InvalidTrailNameException' });
        } finally {
          ireland.destroy();
          frankfurt.destroy();
        }
      },
      { fixture },
    );
  });

  test('the collector lists trails in every bucket Region, then reads each trail once, in its home Region', async () => {
    const { inventory, calls, regions } = await withDemoAccount(
      async ({ region, credentials }) => {
        const clients = new AwsClients({ defaultRegion: region, credentials, maxAttempts: 1 });
        const cloudtrail = vi.spyOn(clients, 'cloudtrail');
        try {
          const inv = await collectAwsInventory({ clients, profile: parseProfile(demoProfile, 'demo profile'), sourceKind: 'demo' });
          return { inventory: inv, calls: clients.stats.byOperation(), regions: cloudtrail.mock.calls.map(([r]) => r).sort() };
        } finally {
          clients.destroy();
        }
      },
      { fixture },
    );
    // DescribeTrails in the scan's Region and in eu-west-2 (the replica bucket's Region); each
    // trail's two reads through a client of its home Region.
    expect(regions).toEqual(['eu-west-1', 'eu-west-1', 'eu-west-1', 'eu-west-2', 'eu-west-2', 'eu-west-2']);
    expect(inventory.gaps).toEqual([]);
    // The single-Region trail homed in eu-west-2 is found there, and the shadows are not read twice.
    expect(value(inventory.trailList!)).toEqual([TRAIL_ARN, arn(legacy), arn(london), arn(londonOnly)]);
    expect(inventory.trails.map((t) => [t.name, t.homeRegion, t.isMultiRegion, t.status.state, t.selectors.state])).toEqual([
      ['acme-legacy', 'eu-west-1', false, 'present', 'present'],
      ['acme-org-audit', 'eu-west-1', true, 'present', 'present'],
      ['acme-london', 'eu-west-2', true, 'present', 'present'],
      ['acme-london-only', 'eu-west-2', false, 'present', 'present'],
    ]);
    // DescribeTrails once per bucket Region, then GetTrailStatus and GetEventSelectors per trail.
    expect([calls['cloudtrail:DescribeTrails'], calls['cloudtrail:GetTrailStatus'], calls['cloudtrail:GetEventSelectors']]).toEqual([2, 4, 4]);
    const read = inventory.trails.find((t) => t.name === 'acme-legacy')!;
    expect(read).toMatchObject({ includeGlobalServiceEvents: false, logFileValidationEnabled: false, s3BucketName: 'acme-legacy-trail' });
    expect(read).not.toHaveProperty('kmsKeyId');
    expect(value(read.status)).toEqual({ isLogging: false, latestDeliveryError: 'NoSuchBucket' });
    expect(value(read.selectors)).toEqual({
      classic: [
        {
          readWriteType: 'WriteOnly',
          includeManagementEvents: true,
          excludeManagementEventSources: ['kms.amazonaws.com'],
          dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::acme-events-raw/'] }],
        },
      ],
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
