import { AwsClients, evaluate, parseProfile, rules as allRules, type Finding, type Inventory, type ProfileInput } from '@envelope/core';
import { ACCOUNT, REPLICA_REGION, REGION, SNOWFLAKE_USER_ARN } from './architecture.js';

/** The profile the moto architecture is built to: the default one plus CRR and the Snowflake user. */
export const motoProfileInput: ProfileInput = {
  name: 'snowflake-s3-kms',
  ownership: { tagKey: 'team' },
  scope: { supportBucketNames: ['*-logs'] },
  replication: { expected: true, destinationRegions: [REPLICA_REGION] },
  snowflake: { iamUserArn: SNOWFLAKE_USER_ARN },
};

export const motoProfile = parseProfile(motoProfileInput, 'moto test profile');

export function scannerClients(endpoint: string, extra: Partial<ConstructorParameters<typeof AwsClients>[0]> = {}): AwsClients {
  return new AwsClients({
    defaultRegion: REGION,
    endpoint,
    credentials: async () => ({ accessKeyId: 'testing', secretAccessKey: 'testing' }),
    ...extra,
  });
}

export type StatusMap = Map<string, string>;

/**
 * ruleId@resource → status, the unit scenarios compare. Resources are named by bucket name, or by
 * the labels given for ARNs (key ids are random, and a multi-Region key has one id in two Regions).
 */
export function statusMap(findings: Finding[], labels: Record<string, string> = {}): StatusMap {
  return new Map(findings.map((f) => [`${f.ruleId}@${labels[f.resource.id] ?? f.resource.name}`, f.status]));
}

export function diff(before: StatusMap, after: StatusMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of after) if (before.get(k) !== v) out[k] = v;
  for (const k of before.keys()) if (!after.has(k)) out[k] = 'missing';
  return out;
}

export function findingsFor(inventory: Inventory, profile = motoProfile): Finding[] {
  return evaluate(allRules, inventory, profile);
}

export { ACCOUNT };
