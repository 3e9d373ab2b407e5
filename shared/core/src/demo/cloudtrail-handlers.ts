/**
 * CloudTrail (CloudTrail_20131101) over awsJson1_1 on cloudtrail.<region>.amazonaws.com:
 * DescribeTrails, GetTrailStatus and GetEventSelectors over the fixture's trails.
 *
 * Region routing as AWS does it: a trail lives in its home Region. DescribeTrails there lists it;
 * in any other Region it lists a multi-Region trail as a shadow trail (same ARN and HomeRegion)
 * unless includeShadowTrails is false. GetTrailStatus and GetEventSelectors find a trail by name
 * only in its home Region, and by ARN also where it shadows; otherwise TrailNotFoundException.
 */
import type { HttpHandler, HttpResponse } from 'msw';
import type { DemoClassicSelector, DemoFieldSelector, DemoFixture, DemoTrail } from './fixture-model.js';
import { jsonService, type JsonOperation } from './kms-handlers.js';
import { epochSeconds, jsonError, jsonResponse, type RequestIds } from './wire.js';

const HOST = /^cloudtrail\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/;

/** The selectors a new trail gets: all management events, no data events. */
const isDefaultSelectors = (t: DemoTrail) =>
  'classic' in t.selectors &&
  t.selectors.classic.length === 1 &&
  t.selectors.classic.every(
    (s) => s.readWriteType === 'All' && s.includeManagementEvents && !s.dataResources?.length && !s.excludeManagementEventSources?.length,
  );

/** GetTrailStatus's string times: ISO 8601 to the second ("2025-06-01T09:14:52Z"); "" when never. */
const attemptTime = (date: string | undefined) => (date ? new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z') : '');

const classicWire = (s: DemoClassicSelector) => ({
  ReadWriteType: s.readWriteType,
  IncludeManagementEvents: s.includeManagementEvents,
  DataResources: (s.dataResources ?? []).map((d) => ({ Type: d.type, Values: d.values })),
  ExcludeManagementEventSources: s.excludeManagementEventSources ?? [],
});

const fieldWire = (f: DemoFieldSelector) => ({
  Field: f.field,
  ...(f.equals ? { Equals: f.equals } : {}),
  ...(f.startsWith ? { StartsWith: f.startsWith } : {}),
  ...(f.endsWith ? { EndsWith: f.endsWith } : {}),
  ...(f.notEquals ? { NotEquals: f.notEquals } : {}),
  ...(f.notStartsWith ? { NotStartsWith: f.notStartsWith } : {}),
  ...(f.notEndsWith ? { NotEndsWith: f.notEndsWith } : {}),
});

export function cloudtrailHandlers(fixture: DemoFixture, ids: RequestIds): HttpHandler {
  const arnOf = (t: DemoTrail) => `arn:${fixture.partition}:cloudtrail:${t.homeRegion}:${fixture.account}:trail/${t.name}`;
  const appliesIn = (t: DemoTrail, region: string) => t.homeRegion === region || t.multiRegion;

  /** A name finds a trail homed in this Region; an ARN also finds a multi-Region trail's shadow here. */
  const find = (ref: string, region: string): DemoTrail | undefined =>
    ref.startsWith('arn:')
      ? fixture.trails.find((t) => arnOf(t) === ref && appliesIn(t, region))
      : fixture.trails.find((t) => t.name === ref && t.homeRegion === region);

  const withTrail =
    (member: 'Name' | 'TrailName', answer: (t: DemoTrail, requestId: string) => HttpResponse<string>): JsonOperation =>
    (body, region, requestId) => {
      const ref = body[member];
      if (typeof ref !== 'string' || ref === '') return jsonError('InvalidTrailNameException', 'Trail name cannot be blank.', requestId, 400, 'Message');
      const trail = find(ref, region);
      return trail ? answer(trail, requestId) : jsonError('TrailNotFoundException', `Unknown trail: ${ref} for the user: ${fixture.account}`, requestId, 404, 'Message');
    };

  const describe = (t: DemoTrail) => ({
    Name: t.name,
    S3BucketName: t.s3BucketName,
    ...(t.s3KeyPrefix ? { S3KeyPrefix: t.s3KeyPrefix } : {}),
    IncludeGlobalServiceEvents: t.includeGlobalServiceEvents,
    IsMultiRegionTrail: t.multiRegion,
    HomeRegion: t.homeRegion,
    TrailARN: arnOf(t),
    LogFileValidationEnabled: t.logFileValidation,
    ...(t.kmsKeyId ? { KmsKeyId: t.kmsKeyId } : {}),
    HasCustomEventSelectors: !isDefaultSelectors(t),
    HasInsightSelectors: false,
    IsOrganizationTrail: t.organizationTrail === true,
  });

  return jsonService(
    HOST,
    'CloudTrail_20131101',
    {
      DescribeTrails: (body, region, requestId) => {
        // includeShadowTrails defaults to true. Names match trails homed here; ARNs any listed trail.
        const shadows = body.includeShadowTrails !== false;
        const names = Array.isArray(body.trailNameList) ? (body.trailNameList as unknown[]).filter((n): n is string => typeof n === 'string') : [];
        let list = fixture.trails.filter((t) => t.homeRegion === region || (shadows && t.multiRegion));
        if (names.length > 0) list = list.filter((t) => names.some((n) => n === arnOf(t) || (n === t.name && t.homeRegion === region)));
        return jsonResponse({ trailList: list.map(describe) }, requestId);
      },
      GetTrailStatus: withTrail('Name', (t, requestId) => {
        const s = t.status;
        return jsonResponse(
          {
            IsLogging: s.isLogging,
            ...(s.latestDeliveryError ? { LatestDeliveryError: s.latestDeliveryError } : {}),
            ...(s.latestDeliveryTime ? { LatestDeliveryTime: epochSeconds(s.latestDeliveryTime) } : {}),
            ...(s.latestDigestDeliveryTime ? { LatestDigestDeliveryTime: epochSeconds(s.latestDigestDeliveryTime) } : {}),
            ...(s.startLoggingTime ? { StartLoggingTime: epochSeconds(s.startLoggingTime) } : {}),
            ...(s.stopLoggingTime ? { StopLoggingTime: epochSeconds(s.stopLoggingTime) } : {}),
            LatestDeliveryAttemptTime: attemptTime(s.latestDeliveryTime),
            LatestDeliveryAttemptSucceeded: s.latestDeliveryError ? '' : attemptTime(s.latestDeliveryTime),
            LatestNotificationAttemptTime: '',
            LatestNotificationAttemptSucceeded: '',
            TimeLoggingStarted: attemptTime(s.startLoggingTime),
            TimeLoggingStopped: attemptTime(s.stopLoggingTime),
          },
          requestId,
        );
      }),
      GetEventSelectors: withTrail('TrailName', (t, requestId) =>
        jsonResponse(
          'classic' in t.selectors
            ? { TrailARN: arnOf(t), EventSelectors: t.selectors.classic.map(classicWire) }
            : {
                TrailARN: arnOf(t),
                AdvancedEventSelectors: t.selectors.advanced.map((s) => ({ ...(s.name ? { Name: s.name } : {}), FieldSelectors: s.fieldSelectors.map(fieldWire) })),
              },
          requestId,
        ),
      ),
    },
    ids,
  );
}
