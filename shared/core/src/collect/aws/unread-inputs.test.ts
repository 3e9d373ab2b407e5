/**
 * The demo account through the real collector with one read failing: every finding that changes
 * becomes unknown (never pass, fail or not_applicable), and findings disappear only for resources
 * the scan could not find without that read.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { describe, expect, test } from 'vitest';
import { demoProfile, withDemoAccount } from '../../demo/index.js';
import { s3Target } from '../../demo/s3-handlers.js';
import { jsonError } from '../../demo/wire.js';
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

/** A CloudTrail call (awsJson1_1, X-Amz-Target …CloudTrail_20131101.<operation>) that is denied. */
function denyCloudTrail(operation: string): HttpHandler {
  return http.post(
    ({ request }) => new URL(request.url).hostname.startsWith('cloudtrail.') && (request.headers.get('x-amz-target') ?? '').endsWith(`.${operation}`),
    () => jsonError('AccessDeniedException', `User is not authorized to perform cloudtrail:${operation}`, 'FAULT', 400, 'Message'),
  );
}

const keyOf = (f: Finding) => `${f.ruleId}@${f.resource.type}:${f.resource.id}`;

/** Findings whose status changed (to what), and those that disappeared. */
function changes(before: Finding[], after: Finding[]) {
  const now = new Map(after.map((f) => [keyOf(f), f.status]));
  const changed: Record<string, string> = {};
  const gone: string[] = [];
  for (const f of before) {
    const s = now.get(keyOf(f));
    if (s === undefined) gone.push(keyOf(f));
    else if (s !== f.status) changed[keyOf(f)] = `${f.status} → ${s}`;
  }
  return { changed, gone };
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

  test('s3:ListBuckets denied: nothing moves but to unknown', async () => {
    const r = await scan([denyS3('s3:ListBuckets', (t) => t.bucket === undefined)]);
    const { changed, gone } = changes(baseline.findings, r.findings);
    expect(Object.entries(changed).filter(([, c]) => !c.endsWith('→ unknown'))).toEqual([]);
    // Buckets, the keys found through them and the replication role cannot be found without the list.
    expect(gone.filter((k) => !/@bucket:|@key:|@role:.*\/acme-s3-replication$/.test(k))).toEqual([]);
  });

  test('s3:GetBucketLogging denied: the log bucket may be a support bucket, so its stage-bucket rules are unknown', async () => {
    const r = await scan([denyS3('s3:GetBucketLogging', (t) => t.query.has('logging'))]);
    const logs = r.inventory.buckets.find((b) => b.name === 'acme-s3-access-logs')!;
    expect(logs.role).toMatchObject({ kind: 'undetermined', reason: expect.stringContaining('the access logging of acme-snowflake-stage could not be read') });
    // Named by the trail: a support bucket whatever the logging says. Granting the logging service nothing: a stage bucket.
    expect(r.inventory.buckets.find((b) => b.name === 'acme-cloudtrail-logs')!.role.kind).toBe('support');
    expect(r.inventory.buckets.find((b) => b.name === 'acme-snowflake-stage')!.role.kind).toBe('architecture');
    const { changed, gone } = changes(baseline.findings, r.findings);
    expect(Object.entries(changed).filter(([, c]) => !c.endsWith('→ unknown'))).toEqual([]);
    expect(gone).toEqual([]);
    // Safety rules still judge it; stage-bucket rules do not.
    const on = (rule: string) => r.findings.find((f) => f.ruleId === rule && f.resource.name === 'acme-s3-access-logs')?.status;
    expect(on('s3-bucket-public-access-block')).toBe('pass');
    expect(on('s3-default-encryption-cmk')).toBe('unknown');
  });

  test('cloudtrail:DescribeTrails denied: the trail bucket may still be one, and nothing moves but to unknown', async () => {
    const r = await scan([denyCloudTrail('DescribeTrails')]);
    expect(r.inventory.trailList?.state).toBe('unknown');
    expect(r.inventory.buckets.find((b) => b.name === 'acme-cloudtrail-logs')!.role).toMatchObject({ kind: 'undetermined', reason: expect.stringContaining('the trail list could not be read') });
    // A bucket whose policy lets CloudTrail write nothing is no trail bucket, whatever the trail list says.
    expect(r.inventory.buckets.find((b) => b.name === 'acme-snowflake-stage')!.role.kind).toBe('architecture');
    const { changed, gone } = changes(baseline.findings, r.findings);
    expect(Object.entries(changed).filter(([, c]) => !c.endsWith('→ unknown'))).toEqual([]);
    // The trail (and the key found only through it) cannot be found without the list.
    expect(gone.filter((k) => !/@trail:|@key:/.test(k))).toEqual([]);
  });
});
