import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { accountClients } from './cli-aws.js';
import { writeResult } from './cli-output.js';
import { AwsClients } from './collect/aws/index.js';
import { initProfile } from './init/index.js';
import { timeoutOption } from './cli-timeout.js';
import { ConfigError } from './profile/load.js';

/** `envelope init`: writes a profile from what the account shows. */
export function addInitCommand(program: Command, parsePositiveInt: (flag: string) => (v: string) => number): void {
  program
    .command('init')
    .description('read the account (read-only) and write a commented profile that `scan --profile` accepts')
    .option('-o, --output <file>', 'write the profile to this file instead of stdout')
    .option('--force', 'overwrite --output when it exists')
    .option('-r, --region <region...>', 'only buckets in these Regions')
    .option('--aws-profile <name>', 'named AWS profile from ~/.aws/config')
    .option('--endpoint-url <url>', 'AWS endpoint override (default: $AWS_ENDPOINT_URL)')
    .addOption(new Option('--concurrency <n>', 'concurrent API calls').default(16).argParser(parsePositiveInt('--concurrency')))
    .addOption(timeoutOption())
    .option('--demo', 'read the embedded demo account instead of AWS')
    .action(async (opts: { output?: string; force?: boolean; region?: string[]; awsProfile?: string; endpointUrl?: string; concurrency: number; timeout: number; demo?: boolean }) => {
      const target = opts.output ? resolve(opts.output) : undefined;
      if (target && !opts.force && (await exists(target)))
        throw new ConfigError(`--output: ${opts.output} already exists; pass --force to overwrite it (nothing was read or written)`);
      const run = async (clients: AwsClients) => {
        try {
          return await initProfile({ clients, concurrency: opts.concurrency, ...(opts.region ? { regions: opts.region } : {}) });
        } finally {
          clients.destroy();
        }
      };
      const { yaml, proposal, calls } = opts.demo
        ? await (await import('./demo/index.js')).withDemoAccount(({ region, credentials }) => run(new AwsClients({ defaultRegion: region, credentials })))
        : await run(
            accountClients(opts),
          );
      const total = Object.values(calls).reduce((a, b) => a + b, 0);
      // The call count goes to stderr: stdout carries only the profile.
      await writeResult(yaml, opts.output, 'profile', `${total} API calls`);
      if (proposal.notes.length > 0) process.stderr.write(`envelope: ${proposal.notes.length} thing(s) could not be decided; see the comments at the top of the profile\n`);
    });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
