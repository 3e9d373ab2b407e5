/**
 * Benchmark: the peak RSS of the built CLI (`node shared/core/dist/cli.js scan`) scanning a moto
 * account of BENCH_BUCKETS stage buckets built like the architecture (issue 22: ≤ 155 MB at 200
 * buckets, a third of Prowler's 465 MB). The scan runs as a child process under `/usr/bin/time -v`
 * ("Maximum resident set size"); without it, the figure is the child's own
 * `process.resourceUsage().maxRSS`, printed at exit by a small `--import` hook. The hook also
 * samples the V8 heap every 20 ms, to show where the RSS goes. `envelope --version` is measured the
 * same way, as the cost of a bare Node start with the CLI's entry point.
 *
 *   npm run build && npm run bench:moto-rss --workspace @envelope/test
 *   BENCH_BUCKETS=50 BENCH_RUNS=1 npm run bench:moto-rss --workspace @envelope/test
 *
 * Prints buckets, API calls, wall time, peak RSS and findings per run; exits 1 when a scan fails
 * or when a run's peak RSS exceeds BENCH_RSS_MB (155 by default; 0 turns the check off).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { REGION, testClients } from '../src/moto/architecture.js';
import { startMoto } from '../src/moto/moto-server.js';
import { buildFleet, buildFleetIam, buildFleetTrails } from './fleet.js';

const BUCKETS = Number(process.env.BENCH_BUCKETS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_MB = Number(process.env.BENCH_RSS_MB ?? 155);
const TIME = '/usr/bin/time';

const cli = fileURLToPath(new URL('../../shared/core/dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(`moto-rss bench: ${cli} does not exist; run \`npm run build\` first\n`);
  process.exit(1);
}

/** Loaded into the child with --import: peak V8 heap (sampled) and the kernel's maxRSS, at exit, on stderr. */
const HOOK = `import v8 from 'node:v8';
const peak = { heapUsed: 0, heapTotal: 0, external: 0, malloced: 0 };
const sample = () => {
  const s = v8.getHeapStatistics();
  peak.heapUsed = Math.max(peak.heapUsed, s.used_heap_size);
  peak.heapTotal = Math.max(peak.heapTotal, s.total_heap_size);
  peak.external = Math.max(peak.external, s.external_memory);
  peak.malloced = Math.max(peak.malloced, s.peak_malloced_memory);
};
setInterval(sample, 20).unref();
process.on('exit', () => {
  sample();
  process.stderr.write('\\n@@moto-rss ' + JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024, ...peak }) + '\\n');
});
`;

interface Measured {
  code: number | null;
  wallMs: number;
  /** Bytes: /usr/bin/time's "Maximum resident set size" when it ran, else the child's own maxRSS. */
  peakRss: number;
  source: 'time -v' | 'resourceUsage';
  hook: { maxRss: number; heapUsed: number; heapTotal: number; external: number; malloced: number };
  stderr: string;
}

function measure(dir: string, hookFile: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  const timeFile = join(dir, 'time.txt');
  rmSync(timeFile, { force: true });
  const node = [process.execPath, '--import', pathToFileURL(hookFile).href, cli, ...args];
  const useTime = existsSync(TIME);
  const [cmd, ...argv] = useTime ? [TIME, '-v', '-o', timeFile, ...node] : node;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const line = stderr.split('\n').find((l) => l.startsWith('@@moto-rss '));
      if (!line) return reject(new Error(`no measurement from the child (exit ${code}): ${stderr.slice(-2000)}`));
      const hook = JSON.parse(line.slice('@@moto-rss '.length)) as Measured['hook'];
      const kb = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'))?.[1] : undefined;
      resolve({
        code,
        wallMs,
        peakRss: kb ? Number(kb) * 1024 : hook.maxRss,
        source: kb ? 'time -v' : 'resourceUsage',
        hook,
        stderr: stderr.replace(line, '').trim(),
      });
    });
  });
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

// AWS-managed policies (attached to one in-scope role) exist in moto_server only with this set.
process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true';
const moto = await startMoto();
const dir = mkdtempSync(join(tmpdir(), 'envelope-moto-rss-'));
let failed = false;
try {
  const t0 = performance.now();
  await buildFleet(testClients(moto.endpoint), BUCKETS, 3);
  const iam = await buildFleetIam(testClients(moto.endpoint), { inScope: 6, unrelated: 60, localPolicies: 20 });
  await buildFleetTrails(moto.endpoint);
  const profileFile = join(dir, 'profile.yaml');
  writeFileSync(
    profileFile,
    stringify({ name: 'bench', scope: { supportBucketNames: ['fleet-access-logs'] }, s3: { objectSampleSize: 1 }, snowflake: { roleName: iam.snowflakeRole }, iam: { appRoles: iam.appRoles } }),
  );
  const hookFile = join(dir, 'hook.mjs');
  writeFileSync(hookFile, HOOK);
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: REGION, NO_COLOR: '1' };

  const version = await measure(dir, hookFile, ['--version'], env);
  process.stdout.write(
    `envelope moto-rss bench: ${BUCKETS} stage buckets + 1 log bucket on moto ${moto.endpoint}, provisioned in ${((performance.now() - t0) / 1000).toFixed(1)} s\n` +
      `node ${process.version} (${process.execPath}), peak RSS by ${version.source}; target ≤ ${TARGET_MB} MB\n` +
      `envelope --version: peak RSS ${mb(version.peakRss)}, V8 heap ${mb(version.hook.heapUsed)} used / ${mb(version.hook.heapTotal)} reserved\n\n`,
  );
  const head = ['run', 'buckets', 'calls', 'wall', 'peak RSS', 'heap used', 'heap reserved', 'external', 'malloc', 'findings'];
  process.stdout.write(`${head.join('  ')}\n`);
  for (let run = 1; run <= RUNS; run++) {
    const output = join(dir, 'report.json');
    rmSync(output, { force: true });
    const args = ['scan', '--profile', profileFile, '--endpoint-url', moto.endpoint, '--region', REGION, '--format', 'json', '--output', output, '--fail-on', 'none'];
    const m = await measure(dir, hookFile, args, env);
    if (m.code !== 0 || !existsSync(output)) {
      process.stdout.write(`run ${run}: the scan exited ${m.code}: ${m.stderr.slice(-2000)}\n`);
      failed = true;
      continue;
    }
    const report = JSON.parse(readFileSync(output, 'utf8')) as { resources: { type: string }[]; findings: unknown[]; stats: { apiCallsTotal: number } };
    const buckets = report.resources.filter((r) => r.type === 'bucket').length;
    const over = TARGET_MB > 0 && m.peakRss > TARGET_MB * 1024 * 1024;
    if (over) failed = true;
    const cells = [
      String(run),
      String(buckets),
      String(report.stats.apiCallsTotal),
      `${(m.wallMs / 1000).toFixed(1)} s`,
      mb(m.peakRss) + (over ? ' (over)' : ''),
      mb(m.hook.heapUsed),
      mb(m.hook.heapTotal),
      mb(m.hook.external),
      mb(m.hook.malloced),
      String(report.findings.length),
    ];
    process.stdout.write(`${cells.join('  ')}\n`);
  }
} finally {
  await moto.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
