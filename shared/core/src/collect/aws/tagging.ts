import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { present, type Observed } from '../../model/observed.js';
import type { AwsClients } from './clients.js';
import { observe } from './errors.js';
import type { Limit } from './limit.js';
import { declareCalls } from './declared-calls.js';

/** IAM needs of this file's calls (declared-calls.ts): the Resource Groups Tagging API's prefix is "tag". */
export const TAGGING_CALLS = declareCalls([
  {
    service: 'tagging',
    operation: 'GetResources',
    action: 'tag:GetResources',
    resource: 'account',
    feature: 'core',
    when: 'every scan that reads envelope:ignore suppression tags (the default; off with suppressionTags: false) or scopes or assigns owners by tag, and always in envelope init',
  },
]);

/**
 * Bucket tags for a whole Region in one paginated call (100 resources a page) instead of one
 * GetBucketTagging per bucket. Keyed by bucket name.
 */
export async function readBucketTags(clients: AwsClients, limit: Limit, region: string): Promise<Observed<Map<string, Record<string, string>>>> {
  const out = new Map<string, Record<string, string>>();
  let token: string | undefined;
  do {
    const page = await observe(
      'tagging:GetResources',
      () =>
        limit(() =>
          clients.tagging(region).send(new GetResourcesCommand({ ResourceTypeFilters: ['s3'], ResourcesPerPage: 100, ...(token ? { PaginationToken: token } : {}) })),
        ),
      (r) => r,
    );
    if (page.state !== 'present') return page.state === 'unknown' ? page : present(out);
    for (const m of page.value.ResourceTagMappingList ?? []) {
      const name = /^arn:[^:]+:s3:::([^/]+)$/.exec(m.ResourceARN ?? '')?.[1];
      if (!name) continue;
      out.set(name, Object.fromEntries((m.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])));
    }
    token = page.value.PaginationToken || undefined;
  } while (token);
  return present(out);
}
