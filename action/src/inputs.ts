/**
 * The Action's inputs, read and validated up front: every bad value stops the step with a message
 * that names the input and the value (never a stack trace). The token is masked before anything
 * else can print it.
 */
import { FAIL_ON, type FailOn } from '@envelope/core';

export const MODES = ['pr', 'audit', 'auto'] as const;
export const COMMENT_MODES = ['update', 'new', 'hide-and-new', 'delete-and-new', 'off'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

export interface Inputs {
  mode: 'pr' | 'audit';
  /** Paths or globs, one per line or comma-separated. */
  planJson: string[];
  scanLive: boolean;
  profile: string;
  regions: string[];
  failOn: FailOn;
  failOnUnknown: boolean;
  comment: CommentMode;
  target: string;
  /** Empty: no SARIF file. */
  sarifFile: string;
  reportFile: string;
  /**
   * Audit mode: a JSON report already made (e.g. `envelope merge` of matrix shards) to publish
   * instead of scanning; empty: scan. A path in the workspace.
   */
  report: string;
  issueLabel: string;
  githubToken: string;
}

export class InputError extends Error {
  constructor(
    readonly input: string,
    value: string,
    expected: string,
  ) {
    super(`Input "${input}" has the value ${shown(value)}: ${expected}`);
    this.name = 'InputError';
  }
}

/** The value as the user can find it in their workflow: quoted, control characters visible, cut at 120. */
function shown(value: string): string {
  const q = JSON.stringify(value);
  return q.length > 120 ? `${q.slice(0, 117)}…"` : q;
}

export type GetInput = (name: string) => string;

/** `INPUT_<NAME>` as the runner sets it (what @actions/core's getInput reads), trimmed. */
export const envInput =
  (env: NodeJS.ProcessEnv = process.env): GetInput =>
  (name) =>
    (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();

function oneOf<T extends string>(get: GetInput, name: string, allowed: readonly T[], fallback: T): T {
  const raw = get(name);
  if (raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new InputError(name, raw, `expected one of ${allowed.join(', ')}`);
}

/** YAML 1.2 core-schema booleans, as core.getBooleanInput accepts them. */
function bool(get: GetInput, name: string, fallback: boolean): boolean {
  const raw = get(name);
  if (raw === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  throw new InputError(name, raw, 'expected true or false');
}

const list = (raw: string): string[] =>
  raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** `auto`: scheduled and manual runs audit the account; everything else (pull requests, pushes) checks plans. */
export function modeFromEvent(eventName: string): 'pr' | 'audit' {
  return eventName === 'schedule' || eventName === 'workflow_dispatch' ? 'audit' : 'pr';
}

export function readInputs(get: GetInput, eventName: string, mask: (secret: string) => void = () => {}): Inputs {
  const githubToken = get('github-token');
  if (githubToken) mask(githubToken);

  const chosen = oneOf(get, 'mode', MODES, 'auto');
  const mode = chosen === 'auto' ? modeFromEvent(eventName) : chosen;
  const planJson = list(get('plan-json'));
  if (mode === 'pr' && planJson.length === 0) throw new InputError('plan-json', '', 'required in pr mode: the path (or glob) of `terraform show -json plan.out > plan.json`');
  const regions = list(get('regions').replace(/\s+/g, ','));
  for (const r of regions) if (!REGION.test(r)) throw new InputError('regions', r, 'not an AWS Region name (e.g. eu-west-1)');
  const target = get('target') || 'default';
  if (target.length > 100 || CONTROL.test(target)) throw new InputError('target', target, 'a name of at most 100 characters on one line');
  const issueLabel = get('issue-label') || 'envelope-audit';
  if (issueLabel.length > 50 || CONTROL.test(issueLabel) || issueLabel.includes(',')) throw new InputError('issue-label', issueLabel, 'a label of at most 50 characters, no commas');
  const report = get('report');
  if (report && mode !== 'audit') throw new InputError('report', report, 'only in audit mode (mode: audit, or a schedule / workflow_dispatch run with mode auto): it publishes an existing report to the tracking issue');
  for (const name of ['sarif-file', 'report-file', 'report']) {
    if (CONTROL.test(get(name))) throw new InputError(name, get(name), 'a file path on one line');
  }
  const reportFile = get('report-file') || 'envelope-report.json';
  // Empty: in PR mode each plan is judged by the profile it describes (the core infers it, as `envelope init --plan` does); audit mode uses the built-in one.
  const profile = get('profile');
  return {
    mode,
    planJson,
    scanLive: bool(get, 'scan-live', false),
    profile,
    regions,
    failOn: oneOf(get, 'fail-on', FAIL_ON, 'high'),
    failOnUnknown: bool(get, 'fail-on-unknown', false),
    comment: oneOf(get, 'comment', COMMENT_MODES, 'update'),
    target,
    sarifFile: get('sarif-file'),
    reportFile,
    report,
    issueLabel,
    githubToken,
  };
}
