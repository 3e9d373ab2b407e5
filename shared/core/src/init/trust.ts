import type { PolicyDocument } from '../model/policy-document.js';
import { conditionKeys, coversAction, principalAccount, principalsOf } from '../policy/statements.js';

/**
 * How much a role's trust policy looks like a Snowflake storage integration's: Snowflake assumes
 * the role as one IAM user of its own account (STORAGE_AWS_IAM_USER_ARN) and passes an ExternalId.
 *
 * - 'integration': an IAM user of another account, with an sts:ExternalId condition — the shape
 *   Snowflake's documentation and `DESC INTEGRATION` produce;
 * - 'weak': another account's user without the ExternalId, or another account's root with it —
 *   a Snowflake role that has drifted, or some other vendor's role; only kept when the role's own
 *   policies reach S3 objects;
 * - undefined: nothing outside the account may assume it.
 */
export type TrustMatch = 'integration' | 'weak';

export interface TrustReading {
  match: TrustMatch;
  /** IAM users of other accounts the trust names. */
  foreignUsers: string[];
  /** Other accounts' roots (or bare account ids) the trust names. */
  foreignAccounts: string[];
  externalId: boolean;
}

/** Snowflake's account users are named like abc1-b-self1234 (snowflake.md §2). */
const SNOWFLAKE_USER_NAME = /:user\/[a-z0-9]{4}-[a-z0-9]{1,2}-[a-z0-9]{4,12}$/i;

export const looksLikeSnowflakeUser = (arn: string): boolean => SNOWFLAKE_USER_NAME.test(arn);

export function readTrust(trust: PolicyDocument, ownAccount: string): TrustReading | undefined {
  const foreignUsers = new Set<string>();
  const foreignAccounts = new Set<string>();
  let externalId = false;
  for (const s of trust.Statement) {
    if (s.Effect !== 'Allow' || !coversAction(s, 'sts:AssumeRole')) continue;
    const aws = principalsOf(s.Principal).aws;
    const foreign = aws.filter((p) => {
      const account = principalAccount(p);
      return account !== undefined && account !== ownAccount;
    });
    if (foreign.length === 0) continue;
    for (const p of foreign) (/:user\//.test(p) ? foreignUsers : foreignAccounts).add(p);
    if (conditionKeys(s.Condition).includes('sts:externalid')) externalId = true;
  }
  if (foreignUsers.size === 0 && foreignAccounts.size === 0) return undefined;
  const match: TrustMatch = foreignUsers.size > 0 && externalId ? 'integration' : 'weak';
  if (match === 'weak' && foreignUsers.size === 0 && !externalId) return undefined;
  return { match, foreignUsers: [...foreignUsers].sort(), foreignAccounts: [...foreignAccounts].sort(), externalId };
}
