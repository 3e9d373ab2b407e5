/**
 * Benchmark: how long `envelope scan` takes when one API never answers. The 50-bucket bench account
 * on moto, a loopback endpoint in front of it that holds every request of one operation without a
 * byte back, and the CLI (from source) run through it with --timeout. Prints, per operation, the
 * scan's wall time next to an unstalled scan run just before it, and exits 1 when a scan exceeds
 * the bound (unstalled + 3 × timeout + 0.3 s of backoff) by more than the slack, or gives no
 * timeout as the reason.
 *
 *   npx tsx bench/stall.ts                      (from test/; about a minute)
 *   BENCH_STALL_TIMEOUT=20 BENCH_STALL_OPS=s3:GetBucketPolicy npx tsx bench/stall.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { MAX_ATTEMPTS, MAX_BACKOFF_MS } from '@envelope/core';
import { REGION, testClients } from '../src/moto/architecture.js';
import { startMoto } from '../src/moto/moto-server.js';
import { startHoldingProxy } from '../src/faults/holding-proxy.js';
import { buildFleet, buildFleetIam, buildFleetTrails } from './fleet.js';

const BUCKETS = Number(process.env.BENCH_BUCKETS ?? 50);
const TIMEOUT_S = Number(process.env.BENCH_STALL_TIMEOUT ?? 1);
const SLACK_MS = 2_500;
const OPS = (
  process.env.BENCH_STALL_OPS ??
  [
    's3:GetBucketPolicy',
    's3:GetBucketEncryption',
    's3:HeadObject',
    's3:ListObjectsV2',
    'tagging:GetResources',
    'kms:ListAliases',
    'kms:ListKeys',
    'kms:DescribeKey',
    'kms:GetKeyPolicy',
    'iam:GetRole',
    'iam:GetRolePolicy',
    'cloudtrail:DescribeTrails',
    'cloudtrail:GetEventSelectors',
    'cloudwatch:GetMetricData',
    's3:ListBuckets',
    'sts:GetCallerIdentity',
  ].join(',')
).split(',');

const cli = fileURLToPath(new URL('../../shared/core/src/cli.ts', import.meta.url));

interface ScanRun {
  /** The scan as the report times it (stats.durationMs: collect, evaluate, report); wall time when there is no report. */
  ms: number;
  wallMs: number;
  code: number | null;
  gaps: string[];
  stderr: string;
}

function runScan(endpoint: string, profileFile: string): Promise<ScanRun> {
  const started = performance.now();
  const args = [cli, 'scan', '--profile', profileFile, '--endpoint-url', endpoint, '--region', REGION, '--timeout', String(TIMEOUT_S), '--format', 'json', '--fail-on', 'none'];
  return new Promise((resolve, reject) => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: REGION, NO_COLOR: '1' };
    // This Node (the repository's 24 under npx), with tsx's loader: the CLI from its sources.
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      let gaps: string[] = [];
      let ms = wallMs;
      try {
        const report = JSON.parse(stdout) as { gaps: { reason: string }[]; stats: { durationMs: number } };
        gaps = report.gaps.map((g) => g.reason);
        ms = report.stats.durationMs;
      } catch {
        /* no report: the scan ended before one (STS) */
      }
      resolve({ ms, wallMs, code, gaps, stderr });
    });
  });
}

// AWS-managed policies (attached to one in-scope role) exist in moto_server only with this set.
process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true';
const moto = await startMoto();
let failed = false;
try {
  await buildFleet(testClients(moto.endpoint), BUCKETS, 3);
  const iam = await buildFleetIam(testClients(moto.endpoint), { inScope: 6, unrelated: 60, localPolicies: 20 });
  await buildFleetTrails(moto.endpoint);
  const dir = mkdtempSync(join(tmpdir(), 'envelope-stall-'));
  const profileFile = join(dir, 'profile.yaml');
  writeFileSync(
    profileFile,
    stringify({ name: 'bench', scope: { supportBucketNames: ['fleet-access-logs'] }, ownership: { tagKey: 'team' }, s3: { objectSampleSize: 1 }, snowflake: { roleName: iam.snowflakeRole }, iam: { appRoles: iam.appRoles } }),
  );

  const unstalled = async () => {
    const open = await startHoldingProxy(moto.endpoint, undefined);
    const r = await runScan(open.url, profileFile);
    await open.close();
    return r;
  };
  await unstalled(); // warm-up: tsx's first transpile of the CLI is not the scan's
  const added = MAX_ATTEMPTS * TIMEOUT_S * 1000 + MAX_BACKOFF_MS;
  process.stdout.write(
    `envelope stall bench: ${BUCKETS} stage buckets on moto, --timeout ${TIMEOUT_S}, ${MAX_ATTEMPTS} attempts\n` +
      `scan: the report's stats.durationMs (wall time of the CLI, Node start included, where the scan ends without a report)\n` +
      `each stalled scan is paired with an unstalled one just before it; bound: unstalled + ${MAX_ATTEMPTS} × ${TIMEOUT_S} s + ${MAX_BACKOFF_MS / 1000} s = unstalled + ${(added / 1000).toFixed(2)} s\n\n` +
      `${'operation held'.padEnd(30)} ${'unstalled'.padStart(9)} ${'stalled'.padStart(8)} ${'added'.padStart(7)} ${'wall'.padStart(8)}  exit  held  reason\n`,
  );
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  for (const op of OPS) {
    const baseline = await unstalled();
    const proxy = await startHoldingProxy(moto.endpoint, op);
    const r = await runScan(proxy.url, profileFile);
    await proxy.close();
    const reason = r.gaps.find((g) => g.includes('timed out')) ?? r.stderr.split('\n').find((l) => l.includes('timed out')) ?? '(no timeout reason)';
    // Without a report (STS) the stalled figure is wall time: compare it with the unstalled wall time.
    const base = r.ms === r.wallMs ? baseline.wallMs : baseline.ms;
    const over = r.ms > base + added + SLACK_MS;
    failed ||= over || reason === '(no timeout reason)' || baseline.gaps.length > 0;
    if (r.code !== 0 && r.code !== 2) process.stdout.write(`${op}: exit ${r.code}\n${r.stderr.slice(0, 2000)}\n`);
    process.stdout.write(
      `${op.padEnd(30)} ${s(base).padStart(9)} ${s(r.ms).padStart(8)} ${s(r.ms - base).padStart(7)} ${s(r.wallMs).padStart(8)}  ${String(r.code).padStart(4)}  ${String(proxy.held()).padStart(4)}  ${reason.slice(0, 100)}${over ? '  OVER THE BOUND' : ''}\n`,
    );
  }
} finally {
  await moto.stop();
}
process.exitCode = failed ? 1 : 0;
