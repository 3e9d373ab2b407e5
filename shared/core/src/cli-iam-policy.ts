import type { Command } from 'commander';
import { writeResult } from './cli-output.js';
import { ConfigError } from './profile/load.js';
import { buildScannerPolicy, DEFAULT_FEATURES, parseFeatures, renderScannerPolicy } from './scanner-policy/index.js';

const EXAMPLES = `
Examples:
  $ envelope iam-policy                          # what a default scan needs (cost estimate and object sample on)
  $ envelope iam-policy --features core          # the rules alone: scan --no-cost with s3.objectSampleSize 0
  $ envelope iam-policy --features all -o scanner-policy.json
  $ envelope iam-policy --features cost,objects,init,snowflake
  $ aws iam put-role-policy --role-name envelope-scanner --policy-name envelope \\
      --policy-document "$(envelope iam-policy)"

Features: core (always), cost (CloudWatch usage, unreferenced keys), objects (the object
sample), prices (--prices aws), init (envelope init), snowflake (no AWS action: the Snowflake
grants are in docs/scanner-policy.md), organization (the principal running scan --assume-role:
ListAccounts and AssumeRole; docs/multi-account.md), all.`;

/** `envelope iam-policy`: the least-privilege policy the scanner needs, from the collectors' declared calls. */
export function addIamPolicyCommand(program: Command): void {
  program
    .command('iam-policy')
    .description('print the least-privilege IAM policy the scanner needs (JSON), built from the calls the collectors declare')
    .option('--features <list>', `comma-separated features beyond core (default: ${DEFAULT_FEATURES.join(',')})`)
    .option('--partition <name>', 'ARN partition for the S3 resources: aws, aws-cn or aws-us-gov', 'aws')
    .option('-o, --output <file>', 'write the policy to a file instead of stdout')
    .addHelpText('after', EXAMPLES)
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
