/**
 * Compliance mappings: which control of another framework a rule overlaps, as data on the rule.
 * "Overlaps" means the control looks at the same setting and a pass of the rule on a resource
 * means the resource meets the control too; the converse rarely holds (docs/compliance-mappings.md
 * says where they differ, and which overlaps are left off because a pass would overstate). The ids come from the
 * project's research, research/checks-catalog.md (Security Hub, Prowler, Checkov columns) and, for CIS,
 * from Prowler's own CIS AWS Foundations v3.0.0 mapping (prowler/compliance/aws/cis_3.0_aws.json at
 * the catalog's commit 3e000faa) through the Prowler check the catalog names.
 */

/** Packs a rule can belong to. Every rule is in the architecture's own pack. */
export const PACKS = ['snowflake-s3-kms', 'cost'] as const;
export type Pack = (typeof PACKS)[number];

export interface RuleMappings {
  /** AWS Security Hub CSPM control ids, e.g. S3.8, CloudTrail.2. */
  securityHub?: readonly string[];
  /** CIS AWS Foundations Benchmark items with the benchmark version, e.g. v3.0.0/2.1.4. */
  cis?: readonly string[];
  /** Prowler check ids, e.g. s3_bucket_level_public_access_block. */
  prowler?: readonly string[];
  /** Checkov check ids, e.g. CKV_AWS_21. */
  checkov?: readonly string[];
}

export const FRAMEWORKS = ['security-hub', 'cis', 'prowler', 'checkov'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export interface FrameworkInfo {
  name: Framework;
  key: keyof RuleMappings;
  label: string;
  /** What a well-formed id of this framework looks like; the registry test holds every mapping to it. */
  idPattern: RegExp;
}

export const FRAMEWORK_INFO: Record<Framework, FrameworkInfo> = {
  'security-hub': { name: 'security-hub', key: 'securityHub', label: 'AWS Security Hub control', idPattern: /^(S3|KMS|CloudTrail|IAM)\.[1-9][0-9]*$/ },
  cis: { name: 'cis', key: 'cis', label: 'CIS AWS Foundations Benchmark item', idPattern: /^v[0-9]+\.[0-9]+\.[0-9]+\/[1-9][0-9]*(\.[1-9][0-9]*){0,2}$/ },
  prowler: { name: 'prowler', key: 'prowler', label: 'Prowler check', idPattern: /^(s3|kms|cloudtrail|iam)_[a-z0-9]+(_[a-z0-9]+)*$/ },
  checkov: { name: 'checkov', key: 'checkov', label: 'Checkov check', idPattern: /^CKV2?_AWS_[1-9][0-9]*$/ },
};

/** The ids a rule maps to in one framework, in the rule's own order; [] when unmapped. */
export function mappedIds(mappings: RuleMappings | undefined, framework: Framework): readonly string[] {
  return mappings?.[FRAMEWORK_INFO[framework].key] ?? [];
}

/**
 * Control order for people: S3.2 before S3.10, v3.0.0/2.1.4 before v3.0.0/3.1; numeric runs
 * compare as numbers, the rest in code-unit order (no locale: goldens stay machine-independent).
 */
export function compareControlIds(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    const numeric = i % 2 === 1;
    if (numeric) return Number(x) - Number(y) || (x < y ? -1 : 1);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
