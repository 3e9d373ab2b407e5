import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import type { RoleInventory } from '../../model/inventory.js';
import { absent, present, unknown, type Observed } from '../../model/observed.js';
import type { PolicyDocument } from '../../model/policy-document.js';
import { parsePolicyJson } from '../../policy/statements.js';
import type { AwsClients } from './clients.js';
import { describeFailure, observe } from './errors.js';
import type { Limit } from './limit.js';

type RolePolicy = { name: string; kind: 'inline' | 'managed'; document: PolicyDocument };

/** IAM returns policy documents URL-encoded. */
function decodePolicy(text: string | undefined, what: string): PolicyDocument {
  if (!text) throw new Error(`${what} has no document`);
  const parsed = parsePolicyJson(decodeURIComponent(text));
  if (!parsed.ok) throw new Error(`${what} is malformed: ${parsed.reason}`);
  return parsed.document;
}

/** The role a profile names: a role ARN as given, or a name (optionally path/name) in the scanned account. */
export function roleArnFor(nameOrArn: string, account: string, partition: string): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  const path = nameOrArn.replace(/^\/+/, '');
  return `arn:${partition}:iam::${account}:role/${path}`;
}

/**
 * Targeted reads for the few roles a scan needs (the Snowflake role, application roles and
 * replication roles): GetRole, the inline policies and the attached managed policies' default
 * versions — 3 calls per role plus 1 per inline and 2 per managed policy. The alternative,
 * GetAccountAuthorizationDetails, pages through every role and policy in the account, which costs
 * more than this for any account with more than a handful of roles.
 */
export async function readRole(clients: AwsClients, limit: Limit, requestedArn: string, purposes: string[], ownerTagKey?: string): Promise<RoleInventory> {
  const name = requestedArn.split('/').pop() ?? requestedArn;
  const account = requestedArn.split(':')[4] ?? '';
  const iam = clients.iam();
  let arn = requestedArn;
  let owner: string | undefined;
  const trustPolicy = await observe(
    'iam:GetRole',
    () => limit(() => iam.send(new GetRoleCommand({ RoleName: name }))),
    (r): Observed<PolicyDocument> => {
      // GetRole takes the bare name; the returned ARN carries the role's path, which policies match on.
      if (r.Role?.Arn) arn = r.Role.Arn;
      // GetRole returns the role's tags, so ownership costs no extra call.
      owner = ownerTagKey ? r.Role?.Tags?.find((t) => t.Key === ownerTagKey)?.Value : undefined;
      return present(decodePolicy(r.Role?.AssumeRolePolicyDocument, `trust policy of ${name}`));
    },
    ['NoSuchEntity'],
  );
  if (trustPolicy.state === 'absent') {
    // A role that no longer exists is a known break (nothing can assume it), not an unknown.
    return { arn, name, account, purposes, trustPolicy: absent('the role does not exist'), policies: absent('the role does not exist') };
  }

  /** Each call names its own operation when it fails, so the reason says which read was denied. */
  class ReadFailure extends Error {}
  const call = async <R>(operation: string, fn: () => Promise<R>): Promise<R> => {
    try {
      return await limit(fn);
    } catch (err) {
      throw new ReadFailure(describeFailure(err, operation));
    }
  };

  let policies: Observed<RolePolicy[]>;
  try {
    const out: RolePolicy[] = [];
    let marker: string | undefined;
    do {
      const page = await call('iam:ListRolePolicies', () => iam.send(new ListRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) })));
      const docs = await Promise.all(
        (page.PolicyNames ?? []).map(async (policyName) => {
          const p = await call('iam:GetRolePolicy', () => iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })));
          return { name: policyName, kind: 'inline' as const, document: decodePolicy(p.PolicyDocument, `inline policy ${policyName}`) };
        }),
      );
      out.push(...docs);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    do {
      const page = await call('iam:ListAttachedRolePolicies', () => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) })));
      const docs = await Promise.all(
        (page.AttachedPolicies ?? []).map(async (ap) => {
          const p = await call('iam:GetPolicy', () => iam.send(new GetPolicyCommand({ PolicyArn: ap.PolicyArn })));
          const v = await call('iam:GetPolicyVersion', () => iam.send(new GetPolicyVersionCommand({ PolicyArn: ap.PolicyArn, VersionId: p.Policy?.DefaultVersionId })));
          return { name: ap.PolicyName ?? ap.PolicyArn ?? '?', kind: 'managed' as const, document: decodePolicy(v.PolicyVersion?.Document, `managed policy ${ap.PolicyName}`) };
        }),
      );
      out.push(...docs);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    policies = present(out);
  } catch (err) {
    policies = unknown((err as Error).message);
  }
  return { arn, name, account, purposes, trustPolicy, policies, ...(owner ? { owner } : {}) };
}
