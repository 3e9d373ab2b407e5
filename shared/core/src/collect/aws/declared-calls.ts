/**
 * What each AWS call site needs from IAM: one declaration per operation a collector sends, kept
 * beside the code that sends it and gathered in scanner-policy/registry.ts, from which
 * `envelope iam-policy` builds the least-privilege policy. A test checks the declarations against
 * the `new …Command(` call sites of each file, and against the calls a scan actually records.
 *
 * IAM action names are not operation names: GetBucketEncryption needs s3:GetEncryptionConfiguration,
 * HeadObject s3:GetObject, ListObjectsV2 s3:ListBucket (AWS Service Authorization Reference; each
 * SDK command's documentation names the permission it needs).
 */

/**
 * What a call is for, as `envelope iam-policy --features` selects it. `core` is every scan;
 * `cost` the usage and unreferenced-key reads (off with --no-cost); `objects` the object sample
 * (profile s3.objectSampleSize > 0); `prices` --prices aws; `init` what `envelope init` adds; `organization` what the principal that
 * runs `scan --assume-role` needs itself (the roles it assumes need the others).
 */
export type Feature = 'core' | 'cost' | 'objects' | 'prices' | 'init' | 'organization' | 'since';

/** The service as ApiCallStats records it (AwsClients' client names). */
export type CallService = 's3' | 's3control' | 'kms' | 'iam' | 'sts' | 'cloudtrail' | 'cloudwatch' | 'tagging' | 'pricing' | 'organizations';

/** The resource an action is granted on, as the policy writes it. */
export type ResourceScope =
  /** Account-level calls and actions without resource-level permissions. */
  | 'account'
  | 'bucket'
  | 'object'
  /** Keys, roles, policies and trails: the scanner reads every one in reach, so all of their type. */
  | 'any';

export interface DeclaredCall {
  service: CallService;
  /** The SDK command without "Command", as ApiCallStats records it. */
  operation: string;
  /** The IAM action it needs; null when AWS authorises it without a policy (sts:GetCallerIdentity). */
  action: string | null;
  resource: ResourceScope;
  feature: Feature;
  /** Set when a scan may not make the call: the condition under which it does. */
  when?: string;
}

/** Typed helper so each collector's table is checked where it is written. */
export const declareCalls = (calls: DeclaredCall[]): readonly DeclaredCall[] => calls;
