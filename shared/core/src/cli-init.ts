import { access } from 'node:fs/promises';
import { readInputFile } from './input-file.js';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { accountClients } from './cli-aws.js';
import { writeResult } from './cli-output.js';
import { AwsClients } from './collect/aws/index.js';
import { parsePlanJson } from './collect/terraform/plan-file.js';
import { initProfile, profileFromPlan } from './init/index.js';
import { timeoutOption } from './cli-timeout.js';
import { resolveConnection, snowflakeConfigured, type SnowflakeConnection } from './collect/snowflake/config.js';
import { SnowflakeSqlClient } from './collect/snowflake/sql-api.js';
import { ConfigError, parseProfile } from './profile/load.js';

/** `envelope init`: writes a profile from what the account shows. */
export function addInitCommand(program: Command, parsePositiveInt: (flag: string) => (v: string) => number): void {
  program
    .command('init')
    .description('read the account (read-only), or a Terraform plan (--plan), and write a commented profile that `scan --profile` and `plan --profile` accept')
    .option('-o, --output <file>', 'write the profile to this file instead of stdout')
    .option('--force', 'overwrite --output when it exists')
    .option('-r, --region <region...>', 'only buckets in these Regions')
    .option('--aws-profile <name>', 'named AWS profile from ~/.aws/config')
    .option('--endpoint-url <url>', 'AWS endpoint override (default: $AWS_ENDPOINT_URL)')
    .addOption(new Option('--concurrency <n>', 'concurrent API calls').default(16).argParser(parsePositiveInt('--concurrency')))
    .addOption(timeoutOption())
    .option('--demo', 'read the embedded demo account instead of AWS')
    .option('--plan <plan.json>', 'read a Terraform plan (`terraform show -json`) instead of an account: no API call')
    .option('--account <id>', 'with --plan: the 12-digit account the plan deploys to (default: the one its ARNs name most)')
    .option('--no-snowflake', 'do not read Snowflake even when SNOWFLAKE_ACCOUNT (and the key) are set')
    .action(async (opts: { output?: string; force?: boolean; region?: string[]; awsProfile?: string; endpointUrl?: string; concurrency: number; timeout: number; demo?: boolean; plan?: string; account?: string; snowflake: boolean }) => {
      const target = opts.output ? resolve(opts.output) : undefined;
      if (target && !opts.force && (await exists(target)))
        throw new ConfigError(`--output: ${opts.output} already exists; pass --force to overwrite it (nothing was read or written)`);
      if (opts.plan && opts.demo) throw new ConfigError('--plan and --demo: read one of them, not both');
      if (opts.plan) {
        const plan = parsePlanJson(await readPlanFile(opts.plan), opts.plan);
        const { yaml, proposal } = await profileFromPlan(plan, { file: opts.plan, ...(opts.account ? { account: opts.account } : {}) });
        await writeResult(yaml, opts.output, 'profile', 'no API call');
        if (proposal.notes.length > 0) process.stderr.write(`envelope: ${proposal.notes.length} thing(s) could not be decided; see the comments at the top of the profile\n`);
        return;
      }
      // With Snowflake configured (SNOWFLAKE_* in the environment; the demo has its own), the storage
      // integrations name the role, the user and the buckets instead of a guess from trust policies.
      const run = async (clients: AwsClients, connection?: SnowflakeConnection) => {
        try {
          const snowflake = connection && opts.snowflake ? new SnowflakeSqlClient({ connection, stats: clients.stats, timeoutMs: opts.timeout * 1000 }) : undefined;
          return await initProfile({ clients, concurrency: opts.concurrency, ...(opts.region ? { regions: opts.region } : {}), ...(snowflake ? { snowflake } : {}) });
        } finally {
          clients.destroy();
        }
      };
      const fromEnv = async (): Promise<SnowflakeConnection | undefined> => {
        const base = parseProfile({ name: 'init' }, 'init');
        return opts.snowflake && snowflakeConfigured(base) ? await resolveConnection(base) : undefined;
      };
      const { yaml, proposal, calls } = opts.demo
        ? await (await import('./demo/index.js')).withDemoAccount(({ region, credentials, snowflake }) => run(new AwsClients({ defaultRegion: region, credentials }), snowflake))
        : await run(accountClients(opts), await fromEnv());
      const total = Object.values(calls).reduce((a, b) => a + b, 0);
      // The call count goes to stderr: stdout carries only the profile.
      await writeResult(yaml, opts.output, 'profile', `${total} API calls`);
      if (proposal.notes.length > 0) process.stderr.write(`envelope: ${proposal.notes.length} thing(s) could not be decided; see the comments at the top of the profile\n`);
    });
}

async function readPlanFile(file: string): Promise<Uint8Array> {
  return readInputFile({ option: '--plan', path: file, kind: 'plan' });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
