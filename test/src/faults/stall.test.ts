/**
 * An API that never answers: a loopback endpoint in front of moto reads each request for one
 * operation and holds its socket without a byte back. The scan, with a 1 s per-call timeout, must
 * end within the documented bound — the same scan's duration without the stall, plus
 * timeout × attempts and the retry backoff — and report that operation's resources unknown with
 * the timeout as the reason, while every other finding stays what it was.
 */
import { DeleteBucketPolicyCommand, GetBucketPolicyCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { MAX_ATTEMPTS, MAX_BACKOFF_MS, type Finding } from '@envelope/core';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { REGION, STAGE_BUCKET, testClients, type Built, type Deviation } from '../moto/architecture.js';
import { runScenario, type ScenarioResult } from '../moto/scenario.js';
import { startHoldingProxy, type HoldingProxy } from './holding-proxy.js';

const endpoint = inject('motoEndpoint');

/** --timeout 1 */
const TIMEOUT_MS = 1_000;
/**
 * Scheduling slack on top of the bound, for a loaded 2-core CI machine: 2.5 s, or the unstalled
 * scan's duration once more when that is longer. A missing bound costs a scan that never ends.
 */
const slack = (baselineMs: number) => Math.max(2_500, baselineMs);

/**
 * The object sample reads 3 objects (the profile's s3.objectSampleSize): two more beside the
 * architecture's one, written with the CMK while the bucket policy is lifted (moto applies its
 * conditional Deny to every PutObject).
 */
async function moreObjects(built: Built): Promise<void> {
  const s3 = testClients(endpoint).s3(REGION);
  const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: STAGE_BUCKET }));
  await s3.send(new DeleteBucketPolicyCommand({ Bucket: STAGE_BUCKET }));
  for (const Key of ['data/part-0002.csv', 'data/part-0003.csv'])
    await s3.send(new PutObjectCommand({ Bucket: STAGE_BUCKET, Key, Body: 'id,value\n2,43\n', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: built.keyArn }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: STAGE_BUCKET, Policy }));
}

interface Timed {
  result: ScenarioResult;
  /** The scan alone: from after provisioning to the findings. */
  ms: number;
  held: number;
}

let proxy: HoldingProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

async function scanThrough(operation: string | undefined, deviations: Deviation[]): Promise<Timed> {
  proxy = await startHoldingProxy(endpoint, operation);
  let started = 0;
  const result = await runScenario(endpoint, deviations, {
    clientOptions: { endpoint: proxy.url, requestTimeoutMs: TIMEOUT_MS },
    beforeScan: async (built) => {
      await moreObjects(built);
      started = performance.now();
    },
  });
  return { result, ms: performance.now() - started, held: proxy.held() };
}

const STALLS: [operation: string, dependents: string[], deviations: Deviation[]][] = [
  ['s3:GetBucketPolicy', ['s3-policy-deny-insecure-transport@acme-stage', 's3-policy-deny-wrong-kms-key@acme-stage', 's3-policy-no-external-grants@acme-stage'], []],
  ['kms:GetKeyPolicy', ['kms-policy-root-admin@stage-key', 'kms-policy-not-public@stage-key', 'kms-deletion-window-guard@stage-key'], []],
  ['iam:GetRole', ['iam-trust-external-id@snowflake-s3-kms-role', 'iam-trust-principal-exact@snowflake-s3-kms-role'], []],
  ['cloudtrail:DescribeTrails', ['trail-multi-region-logging@123456789012', 'trail-kms-events-logged@123456789012'], []],
  // Without the TLS-deny statement, which moto would apply to the object reads.
  ['s3:HeadObject', ['s3-objects-encrypted-with-cmk@acme-stage'], ['no-tls-deny']],
];

const findingOf = (r: ScenarioResult, key: string): Finding | undefined => {
  const [ruleId, name] = key.split('@');
  return r.findings.find((f) => f.ruleId === ruleId && (name === 'stage-key' ? f.resource.id === r.built.keyArn : f.resource.name === name));
};

describe(`an API that never answers, --timeout ${TIMEOUT_MS / 1000}`, () => {
  const baselines = new Map<string, Timed>();
  beforeAll(async () => {
    for (const d of [[], ['no-tls-deny']] as Deviation[][]) {
      const b = await scanThrough(undefined, d);
      await proxy?.close();
      proxy = undefined;
      baselines.set(d.join(), b);
    }
  });

  it('the unstalled scan through the loopback endpoint reads everything it reads without it', () => {
    const b = baselines.get('no-tls-deny')!;
    expect(b.held).toBe(0);
    expect(b.result.inventory.gaps).toEqual([]);
    expect(findingOf(baselines.get('no-tls-deny')!.result, 's3-objects-encrypted-with-cmk@acme-stage')?.status).toBe('pass');
    expect(baselines.get('no-tls-deny')!.result.inventory.buckets.find((x) => x.name === STAGE_BUCKET)?.objectSample).toMatchObject({ state: 'present', value: { length: 3 } });
  });

  it.each(STALLS)('%s held forever: the scan ends within the bound, its resources unknown with the timeout', async (operation, dependents, deviations) => {
    const baseline = baselines.get(deviations.join())!;
    const stalled = await scanThrough(operation, deviations);

    // Every attempt of the first call was made and waited for; none answered.
    expect(stalled.held).toBeGreaterThanOrEqual(MAX_ATTEMPTS);
    expect(stalled.ms).toBeGreaterThanOrEqual(MAX_ATTEMPTS * TIMEOUT_MS - 50);
    const bound = baseline.ms + MAX_ATTEMPTS * TIMEOUT_MS + MAX_BACKOFF_MS;
    expect(stalled.ms, `scan took ${Math.round(stalled.ms)} ms; bound ${Math.round(bound)} ms (+${Math.round(slack(baseline.ms))} ms slack)`).toBeLessThan(bound + slack(baseline.ms));

    for (const d of dependents) {
      const f = findingOf(stalled.result, d);
      expect(f?.status, d).toBe('unknown');
      expect(f?.message, d).toMatch(/timed out after 1s \(3 attempts\)/);
    }
    // Every other finding is what it was: a stall changes findings only to unknown.
    const changed: Record<string, string> = {};
    for (const [k, s] of stalled.result.statuses) if (baseline.result.statuses.get(k) !== s) changed[k] = s;
    for (const k of baseline.result.statuses.keys()) if (!stalled.result.statuses.has(k)) changed[k] = 'missing';
    expect(Object.values(changed).every((s) => s === 'unknown'), JSON.stringify(changed)).toBe(true);
    const passing = [...stalled.result.statuses.values()].filter((s) => s === 'pass').length;
    expect(passing).toBeGreaterThan(20);
    expect(stalled.result.inventory.gaps.some((g) => /timed out after 1s \(3 attempts\)/.test(g.reason))).toBe(true);
  });
});
