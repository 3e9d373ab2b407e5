/**
 * The least-privilege IAM policy for a scan with given features, built from the declared calls
 * (registry.ts): one statement per feature, IAM service and resource, named by a Sid such as
 * CoreS3Buckets, actions sorted, so the output is stable and diffs read well.
 */
import type { DeclaredCall, Feature, ResourceScope } from '../collect/aws/declared-calls.js';
import { DECLARED_CALLS, FEATURES } from './registry.js';

export interface PolicyStatementJson {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string;
}

export interface ScannerPolicy {
  Version: '2012-10-17';
  Statement: PolicyStatementJson[];
}

/** Features `envelope iam-policy` accepts; snowflake adds no AWS action (its grants are Snowflake's). */
export const FEATURE_NAMES = ['core', 'cost', 'objects', 'prices', 'init', 'snowflake', 'organization', 'since'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
/** What a default `envelope scan` does: the cost estimate and the object sample are on. */
export const DEFAULT_FEATURES: readonly FeatureName[] = ['cost', 'objects'];

const SERVICE_LABEL: Record<string, string> = {
  s3: 'S3',
  kms: 'Kms',
  iam: 'Iam',
  cloudtrail: 'CloudTrail',
  cloudwatch: 'CloudWatch',
  tag: 'Tagging',
  pricing: 'Pricing',
  organizations: 'Organizations',
  sts: 'Sts',
};
const S3_SCOPE_LABEL: Record<ResourceScope, string> = { account: 'Account', bucket: 'Buckets', object: 'Objects', any: '' };

/** The Resource element for a scope. Keys, roles, trails: every one of its type, because the scan reads all it reaches. */
export function resourceFor(scope: ResourceScope, partition: string): string {
  if (scope === 'bucket') return `arn:${partition}:s3:::*`;
  if (scope === 'object') return `arn:${partition}:s3:::*/*`;
  return '*';
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The statement a declared call lands in. */
export function sidFor(call: Pick<DeclaredCall, 'feature' | 'action' | 'resource'>): string {
  const prefix = call.action!.split(':')[0]!;
  return `${capital(call.feature)}${SERVICE_LABEL[prefix] ?? capital(prefix)}${prefix === 's3' ? S3_SCOPE_LABEL[call.resource] : ''}`;
}

export function buildScannerPolicy(features: readonly FeatureName[] = DEFAULT_FEATURES, options: { partition?: string; calls?: readonly DeclaredCall[] } = {}): ScannerPolicy {
  const partition = options.partition ?? 'aws';
  const wanted = new Set<string>(['core', ...features]);
  const statements = new Map<string, { feature: Feature; resource: string; actions: Set<string> }>();
  const granted = new Set<string>();
  const calls = [...(options.calls ?? DECLARED_CALLS)].sort((a, b) => FEATURES.indexOf(a.feature) - FEATURES.indexOf(b.feature));
  for (const call of calls) {
    if (!wanted.has(call.feature) || call.action === null) continue;
    const resource = resourceFor(call.resource, partition);
    // An action an earlier feature already grants on the same resource is not repeated.
    if (granted.has(`${call.action}|${resource}`)) continue;
    granted.add(`${call.action}|${resource}`);
    const sid = sidFor(call);
    const s = statements.get(sid) ?? { feature: call.feature, resource, actions: new Set<string>() };
    if (s.resource !== resource) throw new Error(`statement ${sid} would grant on both ${s.resource} and ${resource}`);
    s.actions.add(call.action);
    statements.set(sid, s);
  }
  const ordered = [...statements].sort(([a, x], [b, y]) => FEATURES.indexOf(x.feature) - FEATURES.indexOf(y.feature) || a.localeCompare(b));
  return {
    Version: '2012-10-17',
    Statement: ordered.map(([Sid, s]) => ({ Sid, Effect: 'Allow', Action: [...s.actions].sort(), Resource: s.resource })),
  };
}

/** The policy as `envelope iam-policy` prints it and docs/scanner-policy.json holds it. */
export const renderScannerPolicy = (policy: ScannerPolicy): string => `${JSON.stringify(policy, null, 2)}\n`;

/** Parses `--features a,b`: names checked, `all` for every feature. Throws with the bad name. */
export function parseFeatures(value: string): FeatureName[] {
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.includes('all')) return [...FEATURE_NAMES];
  for (const n of names)
    if (!(FEATURE_NAMES as readonly string[]).includes(n)) throw new RangeError(`--features: unknown feature ${JSON.stringify(n)}; expected a comma-separated list of ${FEATURE_NAMES.join(', ')}, or all`);
  return [...new Set(names)] as FeatureName[];
}
