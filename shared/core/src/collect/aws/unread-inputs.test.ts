/**
 * The demo account through the real collector with one read failing: every finding that changes
 * becomes unknown (never pass, fail or not_applicable), and findings disappear only for resources
 * the scan could not find without that read.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { describe, expect, test } from 'vitest';
import { demoProfile, withDemoAccount } from '../../demo/index.js';
import { s3Target } from '../../demo/s3-handlers.js';
import type { Finding } from '../../model/finding.js';
import type { Inventory } from '../../model/inventory.js';
import { parseProfile } from '../../profile/load.js';
import { evaluate } from '../../rules/engine.js';
import { rules } from '../../rules/registry.js';
import { AwsClients, collectAwsInventory } from './index.js';

const profile = parseProfile(demoProfile, 'demo profile');

async function scan(handlers: HttpHandler[] = []): Promise<{ inventory: Inventory; findings: Finding[] }> {
  const inventory = await withDemoAccount(
    async ({ region, credentials }) => {
      const clients = new AwsClients({ defaultRegion: region, credentials, maxAttempts: 1 });
      try {
        return await collectAwsInventory({ clients, profile, sourceKind: 'demo' });
      } finally {
        clients.destroy();
      }
    },
    { handlers },
  );
  return { inventory, findings: evaluate(rules, inventory, profile) };
}

const s3Denied = (operation: string) =>
  new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied (${operation})</Message><RequestId>FAULT</RequestId></Error>`, {
    status: 403,
    headers: { 'content-type': 'application/xml' },
  });

/** An S3 read that is denied: `matches` picks the request by bucket and query. */
function denyS3(operation: string, matches: (t: { bucket?: string; query: URLSearchParams }) => boolean): HttpHandler {
  return http.get(
    ({ request }) => {
      const url = new URL(request.url);
      const t = s3Target(url);
      return t !== undefined && t.key === undefined && matches({ ...(t.bucket ? { bucket: t.bucket } : {}), query: url.searchParams });
    },
    () => s3Denied(operation),
  );
}

describe('the demo account with one read failing', async () => {
  const baseline = await scan();

  test('baseline: every read answered', () => {
    expect(baseline.inventory.gaps).toEqual([]);
    expect(baseline.inventory.bucketList?.state).toBe('present');
  });

  test('s3:ListBuckets denied: the bucket list is unknown and no key is called unused', async () => {
    const r = await scan([denyS3('s3:ListBuckets', (t) => t.bucket === undefined)]);
    expect(r.inventory.bucketList).toMatchObject({ state: 'unknown', reason: expect.stringContaining('s3:ListBuckets') });
    expect(r.inventory.buckets).toEqual([]);
    // Keys nothing seen references are not listed while the buckets that may use them are unseen.
    expect(r.inventory.keys.filter((k) => k.referencedBy.length === 0)).toEqual([]);
    expect(r.inventory.gaps).toContainEqual(expect.objectContaining({ what: 'unreferenced keys' }));
    expect(r.findings.filter((f) => f.ruleId === 'cost-unused-kms-key' && f.status === 'fail')).toEqual([]);
  });
});
