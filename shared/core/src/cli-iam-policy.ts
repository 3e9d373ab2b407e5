import type { Command } from 'commander';
import { writeResult } from './cli-output.js';
import { ConfigError } from './profile/load.js';
import { buildScannerPolicy, DEFAULT_FEATURES, parseFeatures, renderScannerPolicy } from './scanner-policy/index.js';

const FEATURES_HELP = `
Features: core (always), cost (CloudWatch usage, unreferenced keys), objects (the object
sample), prices (--prices aws), init (envelope init), snowflake (no AWS action: the Snowflake
grants are in docs/scanner-policy.md), organization (the principal running scan --assume-role:
ListAccounts and AssumeRole; docs/multi-account.md), since (scan --since: CloudTrail
LookupEvents; docs/incremental-scans.md), all.`;

/** `envelope iam-policy`: the least-privilege policy the scanner needs, from the collectors' declared calls. */
export function addIamPolicyCommand(program: Command): void {
  program
    .command('iam-policy')
    .description('print the least-privilege IAM policy the scanner needs (JSON), built from the calls the collectors declare')
    .option('--features <list>', `comma-separated features beyond core (default: ${DEFAULT_FEATURES.join(',')})`)
    .option('--partition <name>', 'ARN partition for the S3 resources: aws, aws-cn or aws-us-gov', 'aws')
    .option('-o, --output <file>', 'write the policy to a file instead of stdout')
    .addHelpText('after', FEATURES_HELP)
    .action(async (opts: { features?: string; partition: string; output?: string }) => {
      let features;
      try {
        features = opts.features === undefined ? [...DEFAULT_FEATURES] : parseFeatures(opts.features);
      } catch (err) {
        throw new ConfigError((err as Error).message);
      }
      if (!/^aws(-[a-z]+)*$/.test(opts.partition)) throw new ConfigError(`--partition: expected aws, aws-cn or aws-us-gov, got ${JSON.stringify(opts.partition)}`);
      const policy = buildScannerPolicy(features, { partition: opts.partition });
      await writeResult(renderScannerPolicy(policy), opts.output, 'IAM policy');
      if (features.includes('snowflake'))
        process.stderr.write('envelope: snowflake needs no AWS action beyond core; the Snowflake role needs the grants in docs/scanner-policy.md\n');
    });
}
