/**
 * `envelope diff --plan <plan.json> [--baseline <report.json>]`: what a Terraform plan changes —
 * findings introduced, fixed, still failing and newly unknown, and the monthly cost delta —
 * against the plan's prior state, an earlier report, or the live account (`--live`).
 */
import { Option, type Command } from 'commander';
import { accountClients } from './cli-aws.js';
import { inferredProfileNotice, writeResult } from './cli-output.js';
import { FAIL_ON, type FailOn } from './cli-options.js';
import { timeoutOption } from './cli-timeout.js';
import { loadPriceOverride } from './cost/price-table-schema.js';
import { diffExitCode, type DiffReport } from './diff/diff.js';
import { renderDiffMarkdown } from './diff/markdown.js';
import { planDiff } from './diff/run.js';
import { renderDiffTerminal } from './diff/terminal.js';
import { loadProfile } from './profile/load.js';
import type { Profile } from './profile/schema.js';
import { scanAwsAccount } from './scan.js';

export const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;
type DiffFormat = (typeof DIFF_FORMATS)[number];

export function renderDiff(diff: DiffReport, format: DiffFormat, color: boolean): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  if (format === 'markdown') return renderDiffMarkdown(diff);
  return renderDiffTerminal(diff, { color });
}

export function addDiffCommand(program: Command): void {
  program
    .command('diff')
    .description('what a Terraform plan changes: findings introduced, fixed, still failing, newly unknown, and the monthly cost delta')
    .requiredOption('--plan <plan.json>', 'plan JSON (`terraform show -json plan.out > plan.json`)')
    .option('--baseline <report.json>', 'compare with this report (`envelope plan|scan --format json`) instead of the plan\'s prior state')
    .option('--live', 'compare with the AWS account of the current credentials as it is now (a scan) instead of the plan\'s prior state')
    .option('-r, --region <region...>', 'with --live: only buckets in these Regions')
    .option('--aws-profile <name>', 'with --live: named AWS profile from ~/.aws/config')
    .option('--endpoint-url <url>', 'with --live: AWS endpoint override (default: $AWS_ENDPOINT_URL)')
    .addOption(timeoutOption())
    .option('-p, --profile <name|file>', 'architecture profile: built-in name or a YAML/JSON file (default: the one the plan describes, as `init --plan` writes it)')
    .option('--account <id>', 'the 12-digit account the plan deploys to (default: the one its ARNs name most)')
    .option('--no-cost', 'skip the cost delta')
    .option('--price-table <file>', 'override prices (JSON or YAML, merged over the built-in dated table)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIFF_FORMATS).default('table'))
    .option('-o, --output <file>', 'write the diff to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when the plan introduces a failing finding at or above this severity').choices(FAIL_ON).default('high'))
    .option('--no-color', 'plain terminal output')
    .action(async (opts) => {
      const profile = opts.profile ? await loadProfile(opts.profile) : undefined;
      if (!profile) inferredProfileNotice(opts.plan);
      const override = opts.priceTable ? await loadPriceOverride(opts.priceTable) : undefined;
      const clients = opts.live ? accountClients(opts) : undefined;
      const live = clients
        ? (judgedBy: Profile) => scanAwsAccount({ clients, profile: judgedBy, regions: opts.region ?? [], cost: opts.cost, ...(override ? { prices: override.table } : {}) })
        : undefined;
      const diff = await planDiff({
        file: opts.plan,
        ...(live ? { live } : {}),
        ...(profile ? { profile } : {}),
        cost: opts.cost,
        ...(opts.baseline ? { baseline: opts.baseline } : {}),
        ...(opts.account ? { account: opts.account } : {}),
        ...(override ? { prices: override.table } : {}),
      }).finally(() => clients?.destroy());
      const color = opts.color && !opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
      const body = renderDiff(diff, opts.format as DiffFormat, color);
      await writeResult(body, opts.output, `${opts.format} diff`);
      process.exitCode = diffExitCode(diff, opts.failOn as FailOn);
    });
}
