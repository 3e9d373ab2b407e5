/**
 * KMS (TrentService) and the Resource Groups Tagging API over awsJson1_1 on
 * kms.<region>.amazonaws.com and tagging.<region>.amazonaws.com: POST / with X-Amz-Target.
 */
import { http, type HttpHandler, type HttpResponse } from 'msw';
import type { DemoFixture, DemoKey } from './fixture-model.js';
import { DEMO_READ_ONLY, epochSeconds, jsonError, jsonResponse, type RequestIds } from './wire.js';

const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const KMS_HOST = new RegExp(`^kms\\.(${REGION})\\.amazonaws\\.com$`);
const TAGGING_HOST = new RegExp(`^tagging\\.(${REGION})\\.amazonaws\\.com$`);

export type JsonOperation = (body: Record<string, unknown>, region: string, requestId: string) => HttpResponse<string>;

export function jsonService(host: RegExp, targetPrefix: string, operations: Record<string, JsonOperation>, ids: RequestIds): HttpHandler {
  return http.post(
    ({ request }) => host.test(new URL(request.url).hostname),
    async ({ request }) => {
      const region = host.exec(new URL(request.url).hostname)![1]!;
      const requestId = ids.next();
      const target = request.headers.get('x-amz-target') ?? '';
      const name = target.startsWith(`${targetPrefix}.`) ? target.slice(targetPrefix.length + 1) : '';
      const operation = operations[name];
      if (!operation) {
        return jsonError('UnknownOperationException', `envelope demo: ${target || 'no X-Amz-Target'} is not emulated (${DEMO_READ_ONLY})`, requestId);
      }
      let body: Record<string, unknown>;
      try {
        const text = await request.text();
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        return jsonError('SerializationException', 'the request body is not valid JSON', requestId);
      }
      return operation(body, region, requestId);
    },
  );
}

export function kmsHandlers(fixture: DemoFixture, ids: RequestIds): HttpHandler[] {
  const arnOf = (region: string, keyId: string) => `arn:${fixture.partition}:kms:${region}:${fixture.account}:key/${keyId}`;
  const aliasArn = (region: string, name: string) => `arn:${fixture.partition}:kms:${region}:${fixture.account}:${name}`;

  /** KeyId may be a key id, key ARN, alias name or alias ARN; it must name a key in this Region. */
  const resolve = (keyId: unknown, region: string, aliases: boolean): DemoKey | string => {
    const id = typeof keyId === 'string' ? keyId : '';
    const arn = /^arn:[^:]+:kms:([^:]*):(\d*):(key\/.+|alias\/.+)$/.exec(id);
    if (arn && (arn[1] !== region || arn[2] !== fixture.account)) return `Invalid arn ${arn[1]}`;
    const resource = arn ? arn[3]! : id;
    let target = resource.startsWith('key/') ? resource.slice(4) : resource;
    if (resource.startsWith('alias/')) {
      const alias = aliases ? fixture.aliases.find((a) => a.region === region && a.name === resource) : undefined;
      if (!alias?.targetKeyId) return `Alias ${aliasArn(region, resource)} is not found.`;
      target = alias.targetKeyId;
    }
    return fixture.keys.find((k) => k.region === region && k.keyId === target) ?? `Key '${arnOf(region, target)}' does not exist`;
  };

  const withKey =
    (aliases: boolean, answer: (key: DemoKey, body: Record<string, unknown>, region: string, requestId: string) => HttpResponse<string>): JsonOperation =>
    (body, region, requestId) => {
      const key = resolve(body.KeyId, region, aliases);
      return typeof key === 'string' ? jsonError('NotFoundException', key, requestId) : answer(key, body, region, requestId);
    };

  const metadata = (k: DemoKey) => {
    const related = fixture.keys.filter((o) => o.keyId === k.keyId && o.multiRegionType);
    const primary = related.find((o) => o.multiRegionType === 'PRIMARY');
    const replicas = related.filter((o) => o.multiRegionType === 'REPLICA').map((o) => ({ Arn: arnOf(o.region, o.keyId), Region: o.region }));
    return {
      AWSAccountId: fixture.account,
      KeyId: k.keyId,
      Arn: arnOf(k.region, k.keyId),
      CreationDate: epochSeconds(k.creationDate),
      Enabled: k.state === 'Enabled',
      Description: k.description,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: k.state,
      Origin: k.origin ?? 'AWS_KMS',
      KeyManager: k.manager,
      CustomerMasterKeySpec: k.keySpec ?? 'SYMMETRIC_DEFAULT',
      KeySpec: k.keySpec ?? 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: k.multiRegionType !== undefined,
      ...(k.deletionDate ? { DeletionDate: epochSeconds(k.deletionDate) } : {}),
      ...(k.pendingDeletionWindowInDays !== undefined ? { PendingDeletionWindowInDays: k.pendingDeletionWindowInDays } : {}),
      ...(k.multiRegionType && primary
        ? {
            MultiRegionConfiguration: {
              MultiRegionKeyType: k.multiRegionType,
              PrimaryKey: { Arn: arnOf(primary.region, primary.keyId), Region: primary.region },
              ReplicaKeys: replicas,
            },
          }
        : {}),
    };
  };

  const kms = jsonService(
    KMS_HOST,
    'TrentService',
    {
      DescribeKey: withKey(true, (k, _b, _r, id) => jsonResponse({ KeyMetadata: metadata(k) }, id)),
      GetKeyRotationStatus: withKey(false, (k, _b, _r, id) =>
        jsonResponse(
          {
            KeyId: arnOf(k.region, k.keyId),
            KeyRotationEnabled: k.rotation.enabled,
            ...(k.rotation.enabled && k.rotation.periodDays !== undefined ? { RotationPeriodInDays: k.rotation.periodDays } : {}),
            ...(k.rotation.enabled && k.rotation.nextRotationDate ? { NextRotationDate: epochSeconds(k.rotation.nextRotationDate) } : {}),
          },
          id,
        ),
      ),
      GetKeyPolicy: withKey(false, (k, body, _r, id) =>
        body.PolicyName !== undefined && body.PolicyName !== 'default'
          ? jsonError('NotFoundException', `No such policy exists: ${String(body.PolicyName)}`, id)
          : jsonResponse({ Policy: JSON.stringify(k.policy, null, 2), PolicyName: 'default' }, id),
      ),
      ListAliases: (body, region, id) => {
        let list = fixture.aliases.filter((a) => a.region === region);
        if (body.KeyId !== undefined) {
          const key = resolve(body.KeyId, region, false);
          if (typeof key === 'string') return jsonError('NotFoundException', key, id);
          list = list.filter((a) => a.targetKeyId === key.keyId);
        }
        const page = paginate(list, body.Limit, body.Marker, 100);
        return jsonResponse(
          {
            Aliases: page.items.map((a) => ({
              AliasName: a.name,
              AliasArn: aliasArn(region, a.name),
              ...(a.targetKeyId ? { TargetKeyId: a.targetKeyId } : {}),
              ...(a.creationDate ? { CreationDate: epochSeconds(a.creationDate), LastUpdatedDate: epochSeconds(a.creationDate) } : {}),
            })),
            Truncated: page.next !== undefined,
            ...(page.next !== undefined ? { NextMarker: page.next } : {}),
          },
          id,
        );
      },
      ListKeys: (body, region, id) => {
        const page = paginate(
          fixture.keys.filter((k) => k.region === region),
          body.Limit,
          body.Marker,
          1000,
        );
        return jsonResponse(
          {
            Keys: page.items.map((k) => ({ KeyId: k.keyId, KeyArn: arnOf(k.region, k.keyId) })),
            Truncated: page.next !== undefined,
            ...(page.next !== undefined ? { NextMarker: page.next } : {}),
          },
          id,
        );
      },
    },
    ids,
  );

  const tagging = jsonService(
    TAGGING_HOST,
    'ResourceGroupsTaggingAPI_20170126',
    {
      GetResources: (body, region, id) => {
        const types = Array.isArray(body.ResourceTypeFilters) ? (body.ResourceTypeFilters as string[]) : [];
        const tagFilters = Array.isArray(body.TagFilters) ? (body.TagFilters as { Key: string; Values?: string[] }[]) : [];
        const resources = [
          ...fixture.buckets.filter((b) => b.region === region).map((b) => ({ arn: `arn:${fixture.partition}:s3:::${b.name}`, type: 's3:bucket', tags: b.tags })),
          ...fixture.keys.filter((k) => k.region === region && k.tags).map((k) => ({ arn: arnOf(k.region, k.keyId), type: 'kms:key', tags: k.tags! })),
        ].filter(
          (r) =>
            Object.keys(r.tags).length > 0 &&
            (types.length === 0 || types.some((t) => r.type === t || r.type.startsWith(`${t}:`))) &&
            tagFilters.every((f) => f.Key in r.tags && (!f.Values?.length || f.Values.includes(r.tags[f.Key]!))),
        );
        const page = paginate(resources, body.ResourcesPerPage, body.PaginationToken, 100);
        return jsonResponse(
          {
            PaginationToken: page.next ?? '',
            ResourceTagMappingList: page.items.map((r) => ({ ResourceARN: r.arn, Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) })),
          },
          id,
        );
      },
    },
    ids,
  );

  return [kms, tagging];
}

/** Markers are the index of the next item; a client treats them as opaque. */
function paginate<T>(items: T[], limit: unknown, marker: unknown, max: number): { items: T[]; next?: string } {
  const size = typeof limit === 'number' && limit > 0 ? Math.min(limit, max) : max;
  const start = typeof marker === 'string' && marker ? Number(Buffer.from(marker, 'base64url').toString('utf8')) || 0 : 0;
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return end < items.length ? { items: slice, next: Buffer.from(String(end)).toString('base64url') } : { items: slice };
}
