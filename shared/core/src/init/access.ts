import type { PolicyDocument } from '../model/policy-document.js';
import { conditionValues, listedActions, toArray } from '../policy/statements.js';

/** What a role's identity policies let it reach in S3 and KMS, read from Allow statements. */
export interface RoleReach {
  /** Bucket name patterns (IAM wildcards kept) that Allow statements name, in first-seen order. */
  buckets: string[];
  /**
   * Object key prefixes: from object resources (`bucket/data/*` → `data/`) and from the s3:prefix
   * condition on ListBucket (`data/*` → `data/`). One entry per place it was seen.
   */
  prefixes: { prefix: string; from: string; source: 'object' | 'condition' }[];
  /** KMS resources the role may use: key ARNs, alias ARNs, or "*". */
  keys: string[];
}

const S3_ARN = /^arn:[^:]+:s3:::([^/]+)(?:\/(.*))?$/;

/** The literal part of a key pattern before its first wildcard: `data/*` → `data/`, `*` → ``. */
export function literalPrefix(pattern: string): string {
  const cut = pattern.search(/[*?$]/);
  return cut === -1 ? pattern : pattern.slice(0, cut);
}

const grantsService = (actions: string[], service: string): boolean => actions.some((a) => a === '*' || a.toLowerCase().startsWith(`${service}:`));

export function roleReach(policies: { name: string; document: PolicyDocument }[]): RoleReach {
  const buckets: string[] = [];
  const prefixes: RoleReach['prefixes'] = [];
  const keys: string[] = [];
  const addBucket = (b: string) => {
    if (!buckets.includes(b)) buckets.push(b);
  };
  for (const { name, document } of policies) {
    for (const s of document.Statement) {
      if (s.Effect !== 'Allow' || s.Resource === undefined) continue;
      const actions = listedActions(s);
      if (grantsService(actions, 's3')) {
        for (const r of toArray(s.Resource)) {
          const m = S3_ARN.exec(r);
          if (!m) continue;
          const [, bucket, key] = m;
          // "arn:aws:s3:::*" names no bucket in particular: it is reach, not evidence.
          if (!bucket || bucket === '*') continue;
          addBucket(bucket);
          if (key !== undefined) prefixes.push({ prefix: literalPrefix(key), from: `${name}: ${r}`, source: 'object' });
        }
        for (const op of ['StringLike', 'StringEquals']) {
          for (const v of conditionValues(s.Condition, op, 's3:prefix') ?? []) prefixes.push({ prefix: literalPrefix(v), from: `${name}: s3:prefix ${v}`, source: 'condition' });
        }
      }
      if (grantsService(actions, 'kms')) {
        for (const r of toArray(s.Resource)) if (r === '*' || /^arn:[^:]+:kms:/.test(r)) keys.push(r);
      }
    }
  }
  return { buckets, prefixes, keys: [...new Set(keys)] };
}
