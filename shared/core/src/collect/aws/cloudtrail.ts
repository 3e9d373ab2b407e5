import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type AdvancedFieldSelector as SdkFieldSelector,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import type { AdvancedFieldSelector, TrailInventory, TrailSelectors, TrailStatus } from '../../model/inventory.js';
import { present, type Observed } from '../../model/observed.js';
import type { AwsClients } from './clients.js';
import { observe } from './errors.js';
import type { Limit } from './limit.js';
import { declareCalls } from './declared-calls.js';

/** IAM needs of this file's calls (declared-calls.ts). */
export const CLOUDTRAIL_CALLS = declareCalls([
  { service: 'cloudtrail', operation: 'DescribeTrails', action: 'cloudtrail:DescribeTrails', resource: 'account', feature: 'core' },
  { service: 'cloudtrail', operation: 'GetTrailStatus', action: 'cloudtrail:GetTrailStatus', resource: 'any', feature: 'core', when: 'only when the account has a trail' },
  { service: 'cloudtrail', operation: 'GetEventSelectors', action: 'cloudtrail:GetEventSelectors', resource: 'any', feature: 'core', when: 'only when the account has a trail' },
]);

/**
 * DescribeTrails in one Region with includeShadowTrails: the trails homed there plus every
 * multi-Region trail (and organization trail) that applies to it. One call.
 */
export async function describeTrails(clients: AwsClients, limit: Limit, region: string): Promise<Observed<Trail[]>> {
  return observe(
    'cloudtrail:DescribeTrails',
    () => limit(() => clients.cloudtrail(region).send(new DescribeTrailsCommand({ includeShadowTrails: true }))),
    (r) => (r.trailList ?? []).filter((t) => t.TrailARN && t.Name),
  );
}

/** GetTrailStatus and GetEventSelectors, concurrently, in the trail's home Region: 2 calls per trail. */
export async function readTrail(clients: AwsClients, limit: Limit, t: Trail, fallback: { region: string; account: string }): Promise<TrailInventory> {
  const arn = t.TrailARN!;
  const homeRegion = t.HomeRegion ?? arn.split(':')[3] ?? fallback.region;
  const ct = clients.cloudtrail(homeRegion);
  const [status, selectors] = await Promise.all([
    observe(
      'cloudtrail:GetTrailStatus',
      () => limit(() => ct.send(new GetTrailStatusCommand({ Name: arn }))),
      (r): TrailStatus => ({
        isLogging: r.IsLogging === true,
        ...(r.LatestDeliveryError ? { latestDeliveryError: r.LatestDeliveryError } : {}),
        ...(r.LatestDigestDeliveryTime ? { latestDigestDeliveryTime: r.LatestDigestDeliveryTime.toISOString() } : {}),
      }),
    ),
    observe(
      'cloudtrail:GetEventSelectors',
      () => limit(() => ct.send(new GetEventSelectorsCommand({ TrailName: arn }))),
      (r): Observed<TrailSelectors> => {
        const out: TrailSelectors = {};
        if (r.EventSelectors?.length) {
          out.classic = r.EventSelectors.map((s) => ({
            readWriteType: s.ReadWriteType ?? 'All',
            // The API default is true when the field is omitted.
            includeManagementEvents: s.IncludeManagementEvents !== false,
            excludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
            dataResources: (s.DataResources ?? []).map((d) => ({ type: d.Type ?? '', values: d.Values ?? [] })),
          }));
        }
        if (r.AdvancedEventSelectors?.length) {
          out.advanced = r.AdvancedEventSelectors.map((s) => ({
            ...(s.Name ? { name: s.Name } : {}),
            fieldSelectors: (s.FieldSelectors ?? []).map(fieldSelector),
          }));
        }
        if (!out.classic && !out.advanced) return present({ classic: [] });
        return present(out);
      },
    ),
  ]);
  return {
    arn,
    name: t.Name!,
    homeRegion,
    account: arn.split(':')[4] || fallback.account,
    isMultiRegion: t.IsMultiRegionTrail === true,
    includeGlobalServiceEvents: t.IncludeGlobalServiceEvents === true,
    isOrganizationTrail: t.IsOrganizationTrail === true,
    ...(t.S3BucketName ? { s3BucketName: t.S3BucketName } : {}),
    ...(t.S3KeyPrefix ? { s3KeyPrefix: t.S3KeyPrefix } : {}),
    ...(t.KmsKeyId ? { kmsKeyId: t.KmsKeyId } : {}),
    logFileValidationEnabled: t.LogFileValidationEnabled === true,
    status,
    selectors,
  };
}

function fieldSelector(f: SdkFieldSelector): AdvancedFieldSelector {
  const out: AdvancedFieldSelector = { field: f.Field ?? '' };
  if (f.Equals?.length) out.equals = f.Equals;
  if (f.StartsWith?.length) out.startsWith = f.StartsWith;
  if (f.EndsWith?.length) out.endsWith = f.EndsWith;
  if (f.NotEquals?.length) out.notEquals = f.NotEquals;
  if (f.NotStartsWith?.length) out.notStartsWith = f.NotStartsWith;
  if (f.NotEndsWith?.length) out.notEndsWith = f.NotEndsWith;
  return out;
}
