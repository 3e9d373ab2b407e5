import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../model/policy-document.js';
import { principalFromArn, type RequestContext } from './context.js';
import { matchStatementPrincipal, type PrincipalMatch } from './principals.js';
import { ACCOUNT, OTHER, OTHER_ROLE, OTHER_ROOT, ROLE, ROOT, SESSION, USER } from './testing/fixtures.js';

const ctxFor = (arn: string, keys: RequestContext['keys'] = {}): RequestContext => ({ principal: principalFromArn(arn), action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', keys });

type Row = [name: string, element: Pick<PolicyStatement, 'Principal' | 'NotPrincipal'>, caller: string, expected: PrincipalMatch | undefined, keys?: RequestContext['keys']];

const rows: Row[] = [
  ['"*" matches a role session', { Principal: '*' }, SESSION, 'everyone'],
  ['{AWS:"*"} matches a user', { Principal: { AWS: '*' } }, USER, 'everyone'],
  ['"*" matches a service', { Principal: '*' }, 's3.amazonaws.com', 'everyone'],
  ['"*" matches anonymous', { Principal: '*' }, '*', 'everyone'],
  ['bare account id is an account-level match', { Principal: { AWS: ACCOUNT } }, SESSION, 'account'],
  ['account root ARN is an account-level match', { Principal: { AWS: ROOT } }, ROLE, 'account'],
  ['account root matches the root user directly', { Principal: { AWS: ROOT } }, ROOT, 'direct'],
  ['bare account matches the root user directly', { Principal: { AWS: ACCOUNT } }, ROOT, 'direct'],
  ['other account root does not match', { Principal: { AWS: OTHER_ROOT } }, ROLE, undefined],
  ['role ARN matches the role', { Principal: { AWS: ROLE } }, ROLE, 'direct'],
  ['role ARN matches its sessions', { Principal: { AWS: ROLE } }, SESSION, 'direct'],
  ['session ARN matches that session', { Principal: { AWS: SESSION } }, SESSION, 'session'],
  ['session ARN does not match another session', { Principal: { AWS: SESSION } }, `arn:aws:sts::${ACCOUNT}:assumed-role/snowflake-role/other`, undefined],
  ['pathed role via aws:PrincipalArn', { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/team/snowflake-role` } }, SESSION, 'direct', { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/team/snowflake-role` }],
  ['another role does not match', { Principal: { AWS: OTHER_ROLE } }, ROLE, undefined],
  ['user ARN matches the user', { Principal: { AWS: USER } }, USER, 'direct'],
  ['direct beats account in a list', { Principal: { AWS: [ROOT, ROLE] } }, SESSION, 'direct'],
  ['service principal matches', { Principal: { Service: 's3.amazonaws.com' } }, 's3.amazonaws.com', 'direct'],
  ['service principal is case-insensitive', { Principal: { Service: 'S3.amazonaws.com' } }, 's3.amazonaws.com', 'direct'],
  ['other service does not match', { Principal: { Service: 'logging.s3.amazonaws.com' } }, 's3.amazonaws.com', undefined],
  ['AWS entry does not match a service', { Principal: { AWS: ROOT } }, 's3.amazonaws.com', undefined],
  ['service entry does not match a role', { Principal: { Service: 's3.amazonaws.com' } }, ROLE, undefined],
  ['federated provider matches', { Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` } }, `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`, 'direct'],
  ['cross-account role by ARN', { Principal: { AWS: OTHER_ROLE } }, OTHER_ROLE, 'direct'],
  ['cross-account root is account-level', { Principal: { AWS: OTHER } }, OTHER_ROLE, 'account'],
  ['no Principal element matches nothing', {}, ROLE, undefined],
  // NotPrincipal (Deny): excluded only when the whole chain is listed
  ['NotPrincipal other role: statement applies', { NotPrincipal: { AWS: [ROOT, OTHER_ROLE] } }, ROLE, 'not-listed'],
  ['NotPrincipal account + role excludes the role', { NotPrincipal: { AWS: [ROOT, ROLE] } }, ROLE, undefined],
  ['NotPrincipal role only: statement still applies to the role', { NotPrincipal: { AWS: ROLE } }, ROLE, 'not-listed'],
  ['NotPrincipal account + role does not exclude a session', { NotPrincipal: { AWS: [ROOT, ROLE] } }, SESSION, 'not-listed'],
  ['NotPrincipal account + role + session excludes the session', { NotPrincipal: { AWS: [ACCOUNT, ROLE, SESSION] } }, SESSION, undefined],
  ['NotPrincipal "*" excludes everyone', { NotPrincipal: '*' }, ROLE, undefined],
  ['NotPrincipal service listed', { NotPrincipal: { Service: 's3.amazonaws.com' } }, 's3.amazonaws.com', undefined],
  ['NotPrincipal service not listed', { NotPrincipal: { AWS: ROOT } }, 's3.amazonaws.com', 'not-listed'],
];

describe('matchStatementPrincipal', () => {
  it.each(rows)('%s', (_name, element, caller, expected, keys) => {
    const s: PolicyStatement = { Effect: element.NotPrincipal ? 'Deny' : 'Allow', Action: '*', Resource: '*', ...element };
    expect(matchStatementPrincipal(s, ctxFor(caller, keys))).toBe(expected);
  });
});
