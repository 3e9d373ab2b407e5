/**
 * The Action: a thin front end over @envelope/core. PR mode judges each Terraform plan (against
 * its prior state, or the live account when credentials are present and `scan-live` is on) and
 * keeps one sticky comment per target; audit mode scans the live account and keeps a tracking
 * issue. Every run writes the job summary, the JSON report, SARIF, annotations and outputs, and
 * fails the step per `fail-on` with a one-line reason.
 */
import { glob } from 'node:fs/promises';
import * as core from '@actions/core';
import * as github from '@actions/github';
import {
  AwsClients,
  collectTerraformInventory,
  inferredProfile,
  parsePlanJson,
  readInputFile,
  snowflakeChainMermaid,
  ConfigError,
  IdentityError,
  exitCodeFor,
  loadProfile,
  planDiffAndReport,
  renderMarkdown,
  renderPrComment,
  renderPrCommentFitting,
  readReportFile,
  scanAwsAccount,
  type PrCommentInput,
  type Profile,
  type Report,
} from '@envelope/core';
import { annotate, setCountOutputs, writeReports, writeSarif, type Stack } from './channels.js';
import { envInput, InputError, readInputs, type Inputs } from './inputs.js';
import { upsertComment } from './sticky-comment.js';
import { syncTrackingIssue } from './tracking-issue.js';

/** The job summary takes 1 MiB per step; keep well under it (characters, not bytes, so leave room). */
const SUMMARY_BUDGET = 400_000;
/** GitHub rejects comment bodies over 65,536 characters; infracost-style margin. */
const COMMENT_BUDGET = 60_000;

/** A problem with how the workflow is set up (not with the input values): one line, no stack trace. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

type Payload = typeof github.context.payload;

/** Credentials the AWS SDK's default chain can use (configure-aws-credentials exports the first). */
export function hasAwsCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI);
}

/** A pull request from a fork gets no secrets, no OIDC token and a read-only GITHUB_TOKEN. */
export function isForkPullRequest(payload: Payload): boolean {
  const pr = payload.pull_request as { head?: { repo?: { full_name?: string } | null } } | undefined;
  if (!pr) return false;
  const head = pr.head?.repo?.full_name;
  return head === undefined || head !== payload.repository?.full_name;
}

async function planFiles(patterns: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const before = found.size;
    if (!/[*?[{]/.test(pattern)) found.add(pattern);
    else for await (const f of glob(pattern)) found.add(f.split('\\').join('/'));
    if (found.size === before) throw new InputError('plan-json', pattern, 'matches no file (produce it with `terraform show -json plan.out > plan.json`)');
  }
  return [...found].sort();
}

async function profileOf(inputs: Inputs): Promise<Profile | undefined> {
  if (!inputs.profile) return inputs.mode === 'audit' ? await loadProfile('snowflake-s3-kms') : undefined;
  try {
    return await loadProfile(inputs.profile);
  } catch (err) {
    if (err instanceof ConfigError) throw new InputError('profile', inputs.profile, err.message);
    throw err;
  }
}

const SNOWFLAKE_TYPES = /^snowflake_(stage|stage_external_s3|storage_integration|storage_integration_aws)$/;

/** The chain diagram, when the plan creates, changes or deletes a Snowflake stage or integration. */
async function chainDiagram(file: string, profile: Profile): Promise<string | undefined> {
  const plan = parsePlanJson(await readInputFile({ option: 'plan-json', path: file, kind: 'plan' }), file);
  const touched = (plan.resource_changes ?? []).some((rc) => SNOWFLAKE_TYPES.test(rc.type) && rc.change.actions.some((a) => a !== 'no-op' && a !== 'read'));
  if (!touched) return undefined;
  return snowflakeChainMermaid(await collectTerraformInventory(plan, { profile, file }));
}

function runUrl(): string {
  const { serverUrl, repo, runId } = github.context;
  return `${serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${runId}`;
}

/** One live scan per profile, shared by the stacks judged by it. */
function liveScan(inputs: Inputs): (profile: Profile) => Promise<Report> {
  const scans = new Map<Profile, Promise<Report>>();
  return (profile) => {
    let scan = scans.get(profile);
    if (!scan) {
      scan = (async () => {
        const clients = new AwsClients({ defaultRegion: inputs.regions[0] ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1' });
        try {
          return await scanAwsAccount({ clients, profile, regions: inputs.regions });
        } finally {
          clients.destroy();
        }
      })();
      scans.set(profile, scan);
    }
    return scan;
  };
}

async function prMode(inputs: Inputs, given: Profile | undefined): Promise<Stack[]> {
  const { payload } = github.context;
  const fork = isForkPullRequest(payload);
  const notes: string[] = [];
  if (fork) notes.push('Pull request from a fork: a plan-only analysis, and no PR comment (the token of a fork PR is read-only; it has no secrets and no OIDC token).');
  let live: ((profile: Profile) => Promise<Report>) | undefined;
  if (inputs.scanLive) {
    if (fork) core.info('scan-live: skipped on a fork pull request.');
    else if (!hasAwsCredentials(process.env)) notes.push('Live scan skipped: no AWS credentials in this job (add aws-actions/configure-aws-credentials before this step); this is a plan-only analysis.');
    else live = liveScan(inputs);
  }
  for (const n of notes) core.notice(n);

  const stacks: Stack[] = [];
  for (const plan of await planFiles(inputs.planJson)) {
    const badPlan = (err: unknown): never => {
      // A bad plan file is bad input: say which one and how to make the right file.
      if (err instanceof ConfigError) throw new InputError('plan-json', plan, err.message);
      const code = (err as NodeJS.ErrnoException | undefined)?.code;
      if (code) throw new InputError('plan-json', plan, `cannot be read (${code})`);
      throw err;
    };
    // No profile input: the names the plan itself describes, as `envelope init --plan` finds them.
    const profile = given ?? (await readInputFile({ option: 'plan-json', path: plan, kind: 'plan' }).then((bytes) => inferredProfile(parsePlanJson(bytes, plan), { file: plan })).catch(badPlan)).profile;
    if (!given)
      core.notice(
        `${plan}: no profile input, so it is judged against the names it describes itself (Snowflake role, stage buckets, key alias). Commit the output of \`envelope init --plan ${plan}\` and pass it as profile to hold later plans to today's names.`,
      );
    const { diff, report } = await planDiffAndReport({ file: plan, profile, ...(live ? { live } : {}) }).catch(badPlan);
    stacks.push({ plan, diff, report, artifact: plan, diagram: await chainDiagram(plan, profile) });
  }

  const comment: PrCommentInput = {
    target: inputs.target,
    stacks: stacks.map((s) => ({ name: s.plan as string, diff: s.diff!, report: s.report, ...(s.diagram ? { diagram: s.diagram } : {}) })),
    summaryUrl: runUrl(),
    notes,
  };
  // In the summary itself, no link to the summary.
  core.summary.addRaw(renderPrComment({ ...comment, summaryUrl: undefined }, 'full', SUMMARY_BUDGET / 2), true);
  for (const s of stacks) core.summary.addRaw(renderMarkdown(s.report, { title: `envelope report: ${s.plan}`, maxChars: Math.floor(SUMMARY_BUDGET / 2 / stacks.length) }), true);

  const pr = (payload.pull_request as { number?: number } | undefined)?.number;
  if (inputs.comment === 'off') core.info('comment: off; no pull request comment.');
  else if (pr === undefined) core.info(`No pull request in this ${github.context.eventName} event; no comment (the job summary has the report).`);
  else if (fork) core.info('No comment on a fork pull request; the job summary has the report. (Do not switch to pull_request_target with a checkout of the PR head to get one.)');
  else if (!inputs.githubToken) core.notice('No github-token: no comment is posted; the job summary has the report.');
  else {
    const octokit = github.getOctokit(inputs.githubToken);
    const start = renderPrCommentFitting(comment, COMMENT_BUDGET).level;
    const result = await upsertComment(
      octokit,
      { ...github.context.repo, number: pr },
      inputs.target,
      inputs.comment,
      (level) => renderPrComment(comment, level, COMMENT_BUDGET),
      start,
      (m) => core.warning(m),
    );
    core.info(`Pull request comment ${result.action} (detail level ${result.level}): ${result.url}`);
    core.setOutput('comment-url', result.url);
  }
  return stacks;
}

/** The `report` input: a report made elsewhere (the merge job of an organisation matrix); a bad file is bad input. */
async function givenReport(file: string): Promise<Report> {
  try {
    return await readReportFile(file, 'report');
  } catch (err) {
    const prefix = `report ${file}: `;
    if (err instanceof ConfigError) throw new InputError('report', file, err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message);
    throw err;
  }
}

async function auditMode(inputs: Inputs, profile: Profile): Promise<Stack[]> {
  if (!inputs.report && !hasAwsCredentials(process.env)) {
    throw new SetupError('Audit mode scans the live AWS account, but this job has no AWS credentials: add aws-actions/configure-aws-credentials (OIDC) before this step, or give a report made elsewhere as the report input.');
  }
  const report = inputs.report ? await givenReport(inputs.report) : await liveScan(inputs)(profile);
  core.summary.addRaw(renderMarkdown(report, { title: `envelope audit: ${inputs.target}`, maxChars: SUMMARY_BUDGET }), true);
  if (!inputs.githubToken) core.notice('No github-token: the tracking issue is not updated; the job summary has the report.');
  else {
    const octokit = github.getOctokit(inputs.githubToken);
    const issue = await syncTrackingIssue(octokit, report, { ...github.context.repo, target: inputs.target, label: inputs.issueLabel, runUrl: runUrl() });
    core.info(`Tracking issue: ${issue.action}${issue.url ? ` (${issue.url})` : ''}`);
    if (issue.number !== undefined) core.setOutput('issue-number', issue.number);
  }
  // Code scanning needs a file for every result: a live finding sits on the profile that defines the architecture.
  return [{ report, ...(/\.(ya?ml|json)$/i.test(inputs.profile) ? { artifact: inputs.profile } : {}) }];
}

export async function run(): Promise<void> {
  try {
    const inputs = readInputs(envInput(), github.context.eventName, core.setSecret);
    const profile = await profileOf(inputs);
    const stacks = inputs.mode === 'audit' ? await auditMode(inputs, profile!) : await prMode(inputs, profile);

    const reportPaths = await writeReports(stacks, inputs.reportFile);
    core.setOutput('report-path', reportPaths.join('\n'));
    if (inputs.sarifFile) {
      await writeSarif(stacks, inputs.sarifFile);
      core.setOutput('sarif-path', inputs.sarifFile);
    }
    annotate(stacks);
    setCountOutputs(stacks);
    await core.summary.write();

    const failing = stacks.filter((s) => exitCodeFor(s.report, inputs.failOn, { failOnUnknown: inputs.failOnUnknown }) === 1);
    if (failing.length > 0) {
      const fails = failing.reduce((a, s) => a + (s.report.summary.byStatus.fail ?? 0), 0);
      const unknown = failing.reduce((a, s) => a + (s.report.summary.byStatus.unknown ?? 0), 0);
      core.setFailed(
        `envelope: findings at or above fail-on "${inputs.failOn}"${inputs.failOnUnknown ? ' (unknown counted)' : ''} in ${failing.map((s) => s.plan ?? 'the live account').join(', ')} (${fails} failing, ${unknown} unknown in all); see the job summary.`,
      );
    }
  } catch (err) {
    // Bad input and refused credentials are the user's to fix: one clear line, no stack trace.
    if (err instanceof InputError || err instanceof SetupError || err instanceof ConfigError || err instanceof IdentityError) core.setFailed(err.message);
    else core.setFailed(`envelope failed: ${(err as Error).message ?? String(err)}`);
  }
}
