import { ListAccountsCommand, type Account } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsClients } from '../collect/aws/clients.js';
import { declareCalls } from '../collect/aws/declared-calls.js';
import { describeFailure } from '../collect/aws/errors.js';
import { IdentityError } from '../collect/aws/sts.js';
import { ConfigError } from '../profile/load.js';

/**
 * The scanning principal's own calls under `scan --assume-role` (`envelope iam-policy --features
 * organization`); every other call is made with the assumed role's session. AssumeRole is granted
 * on every role here: narrow it to arn:aws:iam::*:role/<role-name> in your copy.
 */
export const ORGANIZATION_CALLS = declareCalls([
  { service: 'organizations', operation: 'ListAccounts', action: 'organizations:ListAccounts', resource: 'account', feature: 'organization', when: 'scan --assume-role --organization' },
  { service: 'sts', operation: 'AssumeRole', action: 'sts:AssumeRole', resource: 'any', feature: 'organization', when: 'scan --assume-role' },
]);

const ACCOUNT_ID = /^\d{12}$/;
/** IAM role names: 1–64 of these characters; a path is not part of `--assume-role`. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** `--accounts 111111111111,222222222222`: sorted, without repeats; anything but 12 digits is a ConfigError. */
export function parseAccountList(value: string): string[] {
  const ids = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length === 0) throw new ConfigError(`--accounts: expected comma-separated 12-digit account ids, got ${JSON.stringify(value)}`);
  for (const id of ids) if (!ACCOUNT_ID.test(id)) throw new ConfigError(`--accounts: ${JSON.stringify(id)} is not a 12-digit AWS account id (in ${JSON.stringify(value)})`);
  return [...new Set(ids)].sort();
}

export function checkRoleName(value: string): string {
  if (!ROLE_NAME.test(value))
    throw new ConfigError(`--assume-role: expected a role name (up to 64 of letters, digits and +=,.@_-; no ARN, no path), got ${JSON.stringify(value)}`);
  return value;
}

/**
 * The organisation's ACTIVE accounts (Organizations ListAccounts, every page), sorted. Run from the
 * management account or a delegated administrator; a refusal stops the run (exit 2): without the
 * list there is no scope to report on.
 */
export async function listOrganizationAccounts(clients: AwsClients): Promise<string[]> {
  const ids: string[] = [];
  let NextToken: string | undefined;
  try {
    do {
      const page = await clients.organizations().send(new ListAccountsCommand({ ...(NextToken ? { NextToken } : {}) }));
      for (const a of page.Accounts ?? []) if (isActive(a) && a.Id) ids.push(a.Id);
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (err) {
    throw new IdentityError(`--organization: could not list the organisation's accounts: ${describeFailure(err, 'organizations:ListAccounts')}`);
  }
  return [...new Set(ids)].sort();
}

// `State` replaces `Status` (retired September 2026); either says ACTIVE.
const isActive = (a: Account): boolean => (a.State ?? a.Status) === 'ACTIVE';

export const roleArnOf = (partition: string, account: string, roleName: string): string => `arn:${partition}:iam::${account}:role/${roleName}`;

export type Assumed = { ok: true; credentials: AwsCredentialIdentityProvider } | { ok: false; reason: string };

/**
 * Credentials for `roleArn` (session `envelope-<account>`), from the caller's credentials in
 * `clients`. The first AssumeRole happens here, so a role that is missing or does not trust the
 * caller is known before the account is scanned; the provider assumes the role again when the
 * session nears its end (the SDK asks again once `expiration` is close), so a long scan does not
 * lose its credentials halfway.
 */
export async function assumeRole(clients: AwsClients, roleArn: string, account: string, externalId?: string): Promise<Assumed> {
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const r = await clients.sts().send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: `envelope-${account}`, ...(externalId ? { ExternalId: externalId } : {}) }),
    );
    const c = r.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole answered without credentials');
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: c.Expiration } : {}) };
  };
  let current: AwsCredentialIdentity;
  try {
    current = await assume();
  } catch (err) {
    return { ok: false, reason: `could not assume ${roleArn}: ${describeFailure(err, 'sts:AssumeRole')}` };
  }
  const credentials: AwsCredentialIdentityProvider = async () => {
    // Five minutes of margin, as the SDK's own providers keep.
    if (current.expiration && current.expiration.getTime() - Date.now() < 5 * 60_000) current = await assume();
    return current;
  };
  return { ok: true, credentials };
}
