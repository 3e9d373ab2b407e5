#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { AwsClients, IdentityError } from './collect/aws/index.js';
import { accountClients } from './cli-aws.js';
import { inferredProfileNotice, writeResult, writeStreamedResult } from './cli-output.js';
import { addDiffCommand } from './cli-diff.js';
import { addExplainCommand } from './cli-explain.js';
import { addInitCommand } from './cli-init.js';
import { addIamPolicyCommand } from './cli-iam-policy.js';
import { addRulesCommand } from './cli-rules.js';
import { addExamples } from './cli-examples.js';
import { frameworkGrouping, groupByOptions } from './cli-group-by.js';
import { addMergeCommand } from './cli-merge.js';
import { accountsOptions, scanAccountsFromCli } from './cli-accounts.js';
import { parseShard } from './org/shard.js';
import { createProgress } from './cli-progress.js';
import { exitCodeFor, FAIL_ON, FORMATS, type FailOn, type Format } from './cli-options.js';
import { timeoutOption } from './cli-timeout.js';
import { ConfigError, loadProfile, parseProfile } from './profile/load.js';
import { loadPriceOverride } from './cost/price-table-schema.js';
import { awsPriceResolver } from './collect/aws/price-list.js';
import { renderReport } from './report/index.js';
import { jsonChunks } from './report/json.js';
import { withMappings } from './report/framework-groups.js';
import { profileHint } from './report/profile-hint.js';
import { printable } from './report/terminal-text.js';
import { gapWhere } from './report/view.js';
import type { Report } from './report/schema.js';
import { rules } from './rules/registry.js';
import type { Framework } from './rules/mappings.js';
import { planReport } from './plan.js';
import { readJsonInput } from './input-file.js';
import { scanAwsAccount } from './scan.js';
import { snowflakeClientFor } from './cli-snowflake.js';
import { SnowflakeSqlClient } from './collect/snowflake/sql-api.js';
import { TOOL_VERSION } from './version.js';

interface OutputOptions {
  format: Format;
  output?: string;
  failOn: FailOn;
  failOnUnknown?: boolean;
  color: boolean;
  verbose?: boolean;
  groupBy?: string;
  framework?: Framework;
}

async function emit(report: Report, opts: OutputOptions, cmd: Command): Promise<number> {
  const color = opts.color && !opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const byFramework = frameworkGrouping(cmd, opts);
  // JSON is streamed, finding by finding: at 10,000 buckets its text is 340 MB. With the framework
  // grouping each finding carries its rule's mappings (JSON consumers group as they like).
  if (opts.format === 'json') await writeStreamedResult(jsonChunks(byFramework ? withMappings(report, byFramework.rules) : report), opts.output, 'json report');
  else await writeResult(renderReport(report, opts.format, rules, { color, verbose: opts.verbose === true, ...(byFramework ? { byFramework } : {}) }), opts.output, `${opts.format} report`);
  if (opts.format !== 'table' && report.gaps.length > 0) {
    process.stderr.write(`envelope: could not see ${report.gaps.length} thing(s); affected rules are "unknown":\n`);
    for (const g of report.gaps.slice(0, 10)) process.stderr.write(`  - ${printable(gapWhere(g))}: ${printable(g.what)}: ${printable(g.reason)}\n`);
    if (report.gaps.length > 10) process.stderr.write(`  … and ${report.gaps.length - 10} more (see "gaps" in the JSON report)\n`);
  }
  // In every format: an expired suppression lets its findings count again, and says so.
  for (const e of report.suppressions?.expired ?? [])
    process.stderr.write(
      `envelope: warning: the suppression of ${printable(e.rule)} on ${printable(e.resource)} expired on ${printable(e.expires)}; its ${e.matches} finding(s) count again — renew it in the profile or fix them\n`,
    );
  // In every format: a profile that does not match the account is the first thing to fix.
  const hint = profileHint(report);
  if (hint) process.stderr.write(`envelope: ${printable(hint)}\n`);
  return exitCodeFor(report, opts.failOn, { failOnUnknown: opts.failOnUnknown === true });
}

function outputOptions(cmd: Command, defaultFailOn: FailOn): Command {
  return groupByOptions(cmd)
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a failing finding is at or above this severity').choices(FAIL_ON).default(defaultFailOn))
    .option('--fail-on-unknown', 'also exit 1 when a finding at or above --fail-on could not be evaluated (unknown)')
    .option('--no-color', 'plain terminal output')
    .option('-v, --verbose', 'list passing rules too (table format)');
}

export function buildProgram(): Command {
  const program = new Command('envelope')
    .description('Checks an AWS account against the Snowflake → S3 → KMS encrypted-storage architecture.')
    .version(TOOL_VERSION)
    .showHelpAfterError()
    .exitOverride();

  accountsOptions(outputOptions(
    program
      .command('scan')
      .description('scan the AWS account of the current credentials (default credential chain)')
      .option('-p, --profile <name|file>', 'architecture profile: built-in name or a YAML/JSON file', 'snowflake-s3-kms')
      .option('-r, --region <region...>', 'only buckets in these Regions')
      .option('--aws-profile <name>', 'named AWS profile from ~/.aws/config')
      .option('--endpoint-url <url>', 'AWS endpoint override (default: $AWS_ENDPOINT_URL)')
      .addOption(new Option('--concurrency <n>', 'concurrent API calls').default(16).argParser(positiveInt('--concurrency')))
      .addOption(timeoutOption())
      .option('--no-cost', 'skip the cost estimate and its CloudWatch reads')
      .option('--since <report.json>', 'incremental: re-read only the buckets CloudTrail says changed since this earlier JSON report of the same account and profile (and new ones); carry the rest over, marked with when they were observed. Falls back to a full scan, with a notice, when that is not safe (see docs/incremental-scans.md)')
      .option('--no-snowflake', 'do not read Snowflake even when the profile (snowflake.connection) or SNOWFLAKE_ACCOUNT configures it')
      .option('--validate-integrations', 'also run SYSTEM$VALIDATE_STORAGE_INTEGRATION once per enabled S3 integration: Snowflake WRITES, reads, lists and DELETES one file (envelope-validate-<uuid>.txt) in the integration\'s first stage location; needs a warehouse (snowflake.connection.warehouse or SNOWFLAKE_WAREHOUSE) and USAGE on the integration')
      .option('--price-table <file>', 'override prices (JSON or YAML, merged over the built-in dated table, or over --prices aws)')
      .addOption(
        new Option('--prices <source>', 'prices: the built-in dated table, or the AWS Price List API for the scanned Regions (needs pricing:GetProducts; built-in where it gives none)')
          .choices(['built-in', 'aws'])
          .default('built-in'),
      )
      .addOption(new Option('--shard <i/n>', 'scan part i of n: the accounts whose id hashes to i (several accounts), or the buckets whose name does (one account); join the parts with `envelope merge`').argParser(parseShard)),
    'high',
  )).action(async (opts, cmd: Command) => {
    const profile = await loadProfile(opts.profile);
    const override = opts.priceTable ? await loadPriceOverride(opts.priceTable) : undefined;
    if (opts.since !== undefined && (opts.shard !== undefined || opts.assumeRole !== undefined || opts.accounts !== undefined || opts.organization !== undefined))
      throw new ConfigError('--since: not with --shard, --assume-role, --accounts or --organization (an incremental scan reads one whole account); drop one of them');
    if (opts.assumeRole !== undefined || opts.accounts !== undefined || opts.organization !== undefined || opts.externalId !== undefined) {
      const progress = createProgress();
      try {
        const report = await scanAccountsFromCli(opts, profile, override?.table, progress.onProgress);
        progress.done();
        process.exitCode = await emit(report, opts, cmd);
      } finally {
        progress.done();
      }
      return;
    }
    const since = opts.since ? { file: opts.since as string, raw: await readJsonInput({ option: '--since', path: opts.since, kind: 'report' }) } : undefined;
    const clients = accountClients(opts);
    const progress = createProgress();
    try {
      const snowflake = await snowflakeClientFor(profile, opts, clients.stats);
      if (opts.validateIntegrations && !snowflake)
        throw new ConfigError('--validate-integrations: Snowflake is not configured (set snowflake.connection in the profile or SNOWFLAKE_ACCOUNT and the key), or --no-snowflake was given');
      const report = await scanAwsAccount({
        clients,
        profile,
        ...(snowflake ? { snowflake, validateIntegrations: opts.validateIntegrations === true } : {}),
        regions: opts.region ?? [],
        concurrency: opts.concurrency,
        cost: opts.cost,
        ...(override ? { prices: override.table } : {}),
        ...(opts.prices === 'aws' ? { resolvePrices: awsPriceResolver(clients, override) } : {}),
        ...(opts.shard ? { shard: opts.shard } : {}),
        onProgress: progress.onProgress,
        ...(since ? { since, onNotice: (m: string) => process.stderr.write(`envelope: ${printable(m)}\n`) } : {}),
      });
      progress.done();
      if (report.incremental?.mode === 'incremental') {
        const i = report.incremental;
        process.stderr.write(`envelope: incremental scan since ${i.since.scannedAt}: ${i.events ?? 0} change event(s), ${i.rescanned?.buckets.length ?? 0} bucket(s) re-read, ${i.carried?.buckets ?? 0} carried over\n`);
      }
      process.exitCode = await emit(report, opts, cmd);
    } finally {
      progress.done();
      clients.destroy();
    }
  });

  outputOptions(
    program
      .command('plan')
      .description('check a Terraform plan (`terraform show -json plan.out > plan.json`): the account as it will be after apply')
      .argument('<plan.json>', 'plan JSON; the .tf files beside it, when present, let policy templates be evaluated')
      .option('-p, --profile <name|file>', 'architecture profile: built-in name or a YAML/JSON file (default: the one the plan describes, as `init --plan` writes it)')
      .option('--account <id>', 'the 12-digit account the plan deploys to (default: the one its ARNs name most)')
      .option('--no-cost', 'skip the cost estimate (a plan has no usage: it uses the profile\'s cost assumptions)')
      .option('--price-table <file>', 'override prices (JSON or YAML, merged over the built-in dated table)'),
    'high',
  ).action(async (file: string, opts, cmd: Command) => {
    const profile = opts.profile ? await loadProfile(opts.profile) : undefined;
    if (!profile) inferredProfileNotice(file);
    const override = opts.priceTable ? await loadPriceOverride(opts.priceTable) : undefined;
    const report = await planReport({
      file,
      ...(profile ? { profile } : {}),
      cost: opts.cost,
      ...(opts.account ? { account: opts.account } : {}),
      ...(override ? { prices: override.table } : {}),
    });
    process.exitCode = await emit(report, opts, cmd);
  });

  outputOptions(program.command('demo').description('scan the embedded demo account (no cloud, no credentials)'), 'none')
    .option('--no-cost', 'skip the cost estimate')
    .option('--validate-integrations', 'also run SYSTEM$VALIDATE_STORAGE_INTEGRATION once per enabled S3 integration: Snowflake WRITES, reads, lists and DELETES one file (envelope-validate-<uuid>.txt) in the integration\'s first stage location; needs a warehouse (snowflake.connection.warehouse or SNOWFLAKE_WAREHOUSE) and USAGE on the integration')
    .action(async (opts, cmd: Command) => {
    const { withDemoAccount, demoProfile } = await import('./demo/index.js');
    const profile = parseProfile(demoProfile, 'demo profile');
    const report = await withDemoAccount(async ({ region, credentials, snowflake }) => {
      const clients = new AwsClients({ defaultRegion: region, credentials });
      try {
        const sf = snowflake ? new SnowflakeSqlClient({ connection: snowflake, stats: clients.stats }) : undefined;
        return await scanAwsAccount({ clients, profile, sourceKind: 'demo', cost: opts.cost, ...(sf ? { snowflake: sf, validateIntegrations: opts.validateIntegrations === true } : {}) });
      } finally {
        clients.destroy();
      }
    });
    process.exitCode = await emit(report, opts, cmd);
  });

  addInitCommand(program, positiveInt);
  addExplainCommand(program);
  addDiffCommand(program);
  addIamPolicyCommand(program);
  addRulesCommand(program);
  addMergeCommand(program, (cmd) => outputOptions(cmd, 'high'), emit as (report: Report, opts: never, cmd: Command) => Promise<number>);
  addExamples(program);
  return program;
}

function positiveInt(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${flag}: expected a positive integer, got ${JSON.stringify(v)}`);
    return n;
  };
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are exits with code 0; everything else commander reports is usage.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof ConfigError || err instanceof IdentityError) {
      process.stderr.write(`envelope: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`envelope: unexpected error: ${(err as Error).message}\n`);
    if (process.env.ENVELOPE_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    return 3;
  }
}

function invokedDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
