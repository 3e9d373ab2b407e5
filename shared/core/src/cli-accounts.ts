import { Option, type Command } from 'commander';
import { accountClients, type AccountOptions } from './cli-aws.js';
import type { ProgressEvent } from './collect/aws/index.js';
import type { PriceTable } from './cost/price-table-types.js';
import { checkRoleName, parseAccountList } from './org/accounts.js';
import { scanAccounts } from './org/scan-accounts.js';
import type { Shard } from './org/shard.js';
import { ConfigError } from './profile/load.js';
import type { Profile } from './profile/schema.js';
import type { Report } from './report/schema.js';

/** `scan`'s options for several accounts. */
export function accountsOptions(cmd: Command): Command {
  return cmd
    .option('--assume-role <role-name>', 'scan other accounts through this role (arn:<partition>:iam::<account>:role/<role-name>, session envelope-<account>); with --accounts or --organization')
    .addOption(new Option('--accounts <ids>', 'with --assume-role: comma-separated 12-digit account ids').argParser(parseAccountList))
    .option('--organization', "with --assume-role: every ACTIVE account of the organisation (organizations:ListAccounts, from the management or a delegated administrator account)")
    .option('--external-id <id>', 'with --assume-role: the external id the roles\' trust policies require');
}

interface AccountsCliOptions extends AccountOptions {
  assumeRole?: string;
  accounts?: string[];
  organization?: boolean;
  externalId?: string;
  shard?: Shard;
  concurrency?: number;
  cost?: boolean;
  snowflake?: boolean;
  validateIntegrations?: boolean;
  prices?: string;
}

/** `scan --assume-role …`: the options checked, each account scanned, one report. */
export async function scanAccountsFromCli(opts: AccountsCliOptions, profile: Profile, prices: PriceTable | undefined, onProgress: (e: ProgressEvent) => void): Promise<Report> {
  if (opts.assumeRole === undefined) {
    const given = opts.accounts !== undefined ? '--accounts' : opts.organization ? '--organization' : '--external-id';
    throw new ConfigError(`${given} needs --assume-role <role-name>: the role envelope assumes in each account`);
  }
  const roleName = checkRoleName(opts.assumeRole);
  if (opts.accounts !== undefined && opts.organization) throw new ConfigError('--accounts and --organization: give one of them, not both');
  if (opts.accounts === undefined && !opts.organization) throw new ConfigError('--assume-role: name the accounts with --accounts <ids> or --organization');
  if (opts.externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(opts.externalId))
    throw new ConfigError('--external-id: expected 2–1224 of letters, digits and +=,.@:/-_ (the value is not shown)');
  if (opts.validateIntegrations) throw new ConfigError('--validate-integrations reads one Snowflake account: it does not go with --assume-role');
  if (opts.prices === 'aws') throw new ConfigError('--prices aws: not with --assume-role yet (each account would price from its own reads); use the built-in table or --price-table');
  if (profile.snowflake.connection || process.env.SNOWFLAKE_ACCOUNT)
    if (opts.snowflake !== false) process.stderr.write('envelope: Snowflake is not read with --assume-role (one Snowflake account is not each AWS account\'s); scan the account its integrations use without --assume-role for the chain rules\n');
  const base = accountClients(opts);
  try {
    return await scanAccounts({
      base,
      clientsFor: (credentials) => accountClients(opts, credentials),
      roleName,
      accounts: opts.organization ? 'organization' : opts.accounts!,
      ...(opts.externalId !== undefined ? { externalId: opts.externalId } : {}),
      ...(opts.shard ? { shard: opts.shard } : {}),
      profile,
      regions: Array.isArray(opts.region) ? opts.region : opts.region ? [opts.region] : [],
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      cost: opts.cost !== false,
      ...(prices ? { prices } : {}),
      onProgress,
      onAccount: (account, position, total) => process.stderr.write(`envelope: account ${account} (${position}/${total})\n`),
    });
  } finally {
    base.destroy();
  }
}
