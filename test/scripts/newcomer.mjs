#!/usr/bin/env node
// The newcomer test (issue 23): clone this checkout's HEAD into a temp directory, as someone new
// to the project would, and run the README's two commands there — parsed from the README itself —
// then check what they print. Not part of `npm test` (the test command it runs is `npm test`):
// .ci/run runs it as its own step after the suite.
//
//   node test/scripts/newcomer.mjs
//
// ENVELOPE_NEWCOMER_KEEP=1 keeps the clone; ENVELOPE_NEWCOMER_TIMEOUT_MIN bounds each command
// (default 90 minutes). Only committed work is tested: the clone is of HEAD.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readmeCommands } from './readme-commands.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const timeoutMs = Number(process.env.ENVELOPE_NEWCOMER_TIMEOUT_MIN ?? 90) * 60_000;
// The demo's closing summary, e.g. "25 failed (2 critical, …) · 0 unknown · 132 passed · 52 not
// applicable · 108 API calls in 1.0 s". The demo account is built with known failures.
const DEMO_SUMMARY = /^(\d+) failed\b.*·\s*(\d+) unknown\b.*·\s*(\d+) passed\b.*API calls in\b.*$/m;
const DEMO_RESOURCES = ['acme-snowflake-stage', 'acme-events-raw'];
// run-tests.mjs's last line.
const TEST_SUMMARY = /^envelope: (\d+) passed, (\d+) failed$/;

function git(args, cwd = root) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

// A fresh shell's environment: nothing npm passes to scripts, and no moto from this checkout.
function newcomerEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('npm_') || key === 'INIT_CWD' || key === 'ENVELOPE_MOTO_VENV') delete env[key];
  }
  return env;
}

/** Runs one README block with bash in the clone; echoes its output and keeps the last 1 MiB. */
function run(label, command, cwd) {
  process.stdout.write(`\n=== newcomer: ${label} ===\n$ ${command.split('\n').join('\n$ ')}\n`);
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', command], {
      cwd,
      env: newcomerEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so a timeout stops everything it started
    });
    let output = '';
    const keep = (chunk, stream) => {
      stream.write(chunk);
      output = (output + chunk.toString('utf8')).slice(-1024 * 1024);
    };
    child.stdout.on('data', (c) => keep(c, process.stdout));
    child.stderr.on('data', (c) => keep(c, process.stderr));
    const timer = setTimeout(() => {
      process.stderr.write(`newcomer: ${label} still running after ${timeoutMs / 60_000} min; stopping it\n`);
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, output, seconds: Math.round((Date.now() - started) / 1000) });
    });
  });
}

const failures = [];
function check(ok, message) {
  if (!ok) failures.push(message);
}

const head = git(['rev-parse', 'HEAD']);
if (git(['status', '--porcelain', '--untracked-files=no'])) {
  process.stderr.write('newcomer: this checkout has uncommitted changes; the clone tests HEAD without them\n');
}
const dir = mkdtempSync(join(tmpdir(), 'envelope-newcomer-'));
const clone = join(dir, 'envelope');
let exitCode = 1;
try {
  git(['clone', '--quiet', '--no-checkout', root, clone], dir);
  git(['checkout', '--quiet', '--detach', head], clone);
  process.stdout.write(`newcomer: ${head.slice(0, 12)} cloned into ${clone}\n`);

  const { demo, test } = readmeCommands(readFileSync(join(clone, 'README.md'), 'utf8'));

  const d = await run('the demo (README, first command)', demo, clone);
  check(d.code === 0, `the demo command exited ${d.code ?? d.signal}, expected 0`);
  const summary = DEMO_SUMMARY.exec(d.output);
  check(summary !== null, 'the demo printed no summary line ("N failed … · N unknown · N passed … API calls in …")');
  if (summary) {
    check(Number(summary[1]) > 0, `the demo reported ${summary[1]} failed findings; its account is built to fail some`);
    check(Number(summary[3]) > 0, `the demo reported ${summary[3]} passed findings`);
  }
  for (const name of DEMO_RESOURCES) check(d.output.includes(name), `the demo's report does not mention ${name}`);

  const t = await run('the tests (README, second command)', test, clone);
  check(t.code === 0, `the test command exited ${t.code ?? t.signal}, expected 0`);
  const last = t.output.trimEnd().split('\n').at(-1)?.trim() ?? '';
  const counts = TEST_SUMMARY.exec(last);
  check(counts !== null, `the test command's last line is ${JSON.stringify(last)}, expected "envelope: N passed, 0 failed"`);
  if (counts) {
    check(Number(counts[1]) > 0, 'the test command passed no tests');
    check(counts[2] === '0', `the test command reports ${counts[2]} failed tests`);
  }

  process.stdout.write(`\nnewcomer: demo ${d.seconds} s (exit ${d.code}), tests ${t.seconds} s (exit ${t.code})` +
    (summary ? `; demo: ${summary[0]}` : '') + (counts ? `; tests: ${last}` : '') + '\n');
  exitCode = failures.length === 0 ? 0 : 1;
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
} finally {
  if (process.env.ENVELOPE_NEWCOMER_KEEP === '1') process.stdout.write(`newcomer: kept ${clone}\n`);
  else rmSync(dir, { recursive: true, force: true });
}
for (const failure of failures) process.stderr.write(`newcomer: FAILED: ${failure}\n`);
if (failures.length === 0) process.stdout.write('newcomer: the README\'s two commands work on a fresh clone\n');
process.exitCode = exitCode;
