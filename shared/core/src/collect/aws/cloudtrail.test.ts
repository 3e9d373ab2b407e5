import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsonService } from '../../demo/kms-handlers.js';
import { jsonError, jsonResponse, RequestIds } from '../../demo/wire.js';
import { AwsClients } from './clients.js';
import { describeTrails, readTrail } from './cloudtrail.js';
import { createLimit } from './limit.js';

const ACCOUNT = '111122223333';
const trailArn = (region: string, name: string) => `arn:aws:cloudtrail:${region}:${ACCOUNT}:trail/${name}`;
const ids = new RequestIds();
const seen: string[] = [];

const server = setupServer(
  jsonService(
    /^cloudtrail\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/,
    'CloudTrail_20131101',
    {
      DescribeTrails: (body, region, id) => {
        seen.push(`DescribeTrails@${region}:${String(body.includeShadowTrails)}`);
        const multi = { Name: 'main', TrailARN: trailArn('us-east-1', 'main'), HomeRegion: 'us-east-1', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, S3BucketName: 'trail-bucket', KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1`, LogFileValidationEnabled: true };
        const local = { Name: 'local', TrailARN: trailArn(region, 'local'), HomeRegion: region, IsMultiRegionTrail: false, S3BucketName: 'trail-bucket' };
        return jsonResponse({ trailList: [multi, local] }, id);
      },
      GetTrailStatus: (body, region, id) => {
        seen.push(`GetTrailStatus@${region}`);
        if (String(body.Name).endsWith('/local')) return jsonError('AccessDeniedException', 'no', id);
        return jsonResponse({ IsLogging: true, LatestDeliveryError: 'AccessDenied' }, id);
      },
      GetEventSelectors: (body, region, id) => {
        seen.push(`GetEventSelectors@${region}`);
        if (String(body.TrailName).endsWith('/local'))
          return jsonResponse({ EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'], DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::b/'] }] }] }, id);
        return jsonResponse({
          AdvancedEventSelectors: [
            { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
            { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::x/'] }] },
          ],
        }, id);
      },
    },
    ids,
  ),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('CloudTrail reads', () => {
  test('DescribeTrails once with shadow trails, then status and selectors per trail in its home Region', async () => {
    const clients = new AwsClients({ defaultRegion: 'eu-west-1', credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }), maxAttempts: 1 });
    try {
      const limit = createLimit(4);
      const listed = await describeTrails(clients, limit, 'eu-west-1');
      expect(listed.state).toBe('present');
      const trails = await Promise.all((listed.state === 'present' ? listed.value : []).map((t) => readTrail(clients, limit, t, { region: 'eu-west-1', account: ACCOUNT })));
      expect(seen).toContain('DescribeTrails@eu-west-1:true');
      expect(seen.filter((s) => s === 'GetTrailStatus@us-east-1')).toHaveLength(1);
      expect(seen.filter((s) => s === 'GetEventSelectors@eu-west-1')).toHaveLength(1);
      expect(clients.stats.byOperation()).toMatchObject({ 'cloudtrail:DescribeTrails': 1, 'cloudtrail:GetTrailStatus': 2, 'cloudtrail:GetEventSelectors': 2 });

      const [main, local] = trails;
      expect(main).toMatchObject({
        name: 'main',
        homeRegion: 'us-east-1',
        isMultiRegion: true,
        includeGlobalServiceEvents: true,
        s3BucketName: 'trail-bucket',
        logFileValidationEnabled: true,
        status: { state: 'present', value: { isLogging: true, latestDeliveryError: 'AccessDenied' } },
        selectors: {
          state: 'present',
          value: {
            advanced: [
              { name: 'mgmt', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
              { fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.ARN', notStartsWith: ['arn:aws:s3:::x/'] }] },
            ],
          },
        },
      });
      expect(local!.status.state).toBe('unknown');
      expect(local!.selectors).toEqual({
        state: 'present',
        value: { classic: [{ readWriteType: 'WriteOnly', includeManagementEvents: true, excludeManagementEventSources: ['kms.amazonaws.com'], dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::b/'] }] }] },
      });
      expect(local!.logFileValidationEnabled).toBe(false);
      expect(local!.kmsKeyId).toBeUndefined();
    } finally {
      clients.destroy();
    }
  });
});
