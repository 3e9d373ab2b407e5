/**
 * Benchmark: the bundled Action's size, and the time from process start to the PR comment being
 * posted, on the seed-architecture plan (test/fixtures/terraform/baseline, .tf files beside it)
 * against the loopback GitHub fake — a cold start every run, as on every pull request. Prints the
 * median of BENCH_ACTION_RUNS (default 7) and exits 1 above the target (1 s).
 *
 *   npm run build && cd test && npm run bench:action
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGitHub } from '../src/action/fake-github.js';
import { BUNDLE, defaultInputs, NODE24, OWNER, pullRequestEvent, REPO, ROOT } from '../src/action/run-action.js';

const RUNS = Number(process.env.BENCH_ACTION_RUNS ?? 7);
const TARGET_MS = 1000;

const kib = (file: string): string => `${(statSync(file).size / 1024).toFixed(0)} KiB`;
process.stdout.write(`bundle: action/dist/index.js ${kib(BUNDLE)}, action/dist/hcl2json.wasm.gz ${kib(join(ROOT, 'action/dist/hcl2json.wasm.gz'))}\n`);

const ws = mkdtempSync(join(tmpdir(), 'envelope-bench-action-'));
cpSync(join(ROOT, 'test/fixtures/terraform/baseline'), join(ws, 'infra'), { recursive: true });
cpSync(join(ROOT, 'test/fixtures/terraform-profile.yaml'), join(ws, 'profile.yaml'));
writeFileSync(join(ws, 'event.json'), JSON.stringify(pullRequestEvent(7)));

const gh = await startFakeGitHub();
const toComment: number[] = [];
const toExit: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    for (const f of ['output', 'summary.md']) writeFileSync(join(ws, f), '');
    const inputs = { ...defaultInputs(), 'plan-json': 'infra/plan.json', profile: 'profile.yaml', target: `bench-${i}`, 'github-token': 'ghs_bench' };
    const env = {
      PATH: process.env.PATH ?? '',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(ws, 'event.json'),
      GITHUB_OUTPUT: join(ws, 'output'),
      GITHUB_STEP_SUMMARY: join(ws, 'summary.md'),
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_RUN_ID: '1',
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    };
    const posted = gh.comments.length;
    const start = performance.now();
    let commentAt: number | undefined;
    const poll = setInterval(() => {
      if (commentAt === undefined && gh.comments.length > posted) commentAt = performance.now();
    }, 1);
    const code = await new Promise<number | null>((resolve) => spawn(NODE24, [BUNDLE], { cwd: ws, env, stdio: 'ignore' }).on('close', resolve));
    clearInterval(poll);
    if (code !== 0 || gh.comments.length !== posted + 1) throw new Error(`run ${i}: exit ${code}, ${gh.comments.length - posted} comments`);
    toComment.push((commentAt ?? performance.now()) - start);
    toExit.push(performance.now() - start);
  }
} finally {
  await gh.close();
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
process.stdout.write(`start → comment posted: median ${median(toComment).toFixed(0)} ms (min ${Math.min(...toComment).toFixed(0)}, max ${Math.max(...toComment).toFixed(0)}) over ${RUNS} cold starts; start → exit median ${median(toExit).toFixed(0)} ms\n`);
process.stdout.write(`target: ≤ ${TARGET_MS} ms to the comment\n`);
process.exitCode = median(toComment) <= TARGET_MS ? 0 : 1;
