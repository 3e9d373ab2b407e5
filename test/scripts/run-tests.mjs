#!/usr/bin/env node
// Runs every workspace's vitest suite in turn (core's unit and rule tests, then the moto, fault
// injection and CLI suites, then the Backstage plugin's) and closes with one line:
// "envelope: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const suites = [
  { name: '@envelope/core', dir: join(root, 'shared/core') },
  { name: '@envelope/test (moto, fault injection, CLI)', dir: join(root, 'test') },
  { name: 'Backstage plugin: common', dir: join(root, 'backstage-plugin/common') },
  // SQLite always; PostgreSQL through BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (.ci/run starts one).
  { name: 'Backstage plugin: backend (startTestBackend, moto, SQLite + PostgreSQL)', dir: join(root, 'backstage-plugin/backend') },
  { name: 'Backstage plugin: frontend components', dir: join(root, 'backstage-plugin/frontend') },
  { name: 'Backstage plugin: dev harness in Debian chromium', dir: join(root, 'backstage-plugin/dev') },
];
const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const out = mkdtempSync(join(tmpdir(), 'envelope-tests-'));
let passed = 0;
let failed = 0;
let broken = false;

for (const [i, suite] of suites.entries()) {
  process.stdout.write(`\n=== ${suite.name} ===\n`);
  const json = join(out, `${i}.json`);
  const r = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`], {
    cwd: suite.dir,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR },
  });
  try {
    const result = JSON.parse(readFileSync(json, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    if (result.numTotalTests === 0 || (r.status !== 0 && result.numFailedTests === 0)) broken = true;
  } catch {
    process.stdout.write(`${suite.name}: vitest exited ${r.status} without a result\n`);
    broken = true;
  }
}
rmSync(out, { recursive: true, force: true });
process.stdout.write(`\nenvelope: ${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 || broken ? 1 : 0;
