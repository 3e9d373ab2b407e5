import type { ContextKeys, ContextValue } from './context-keys.js';

/**
 * The request an evaluation answers, and builders for the requests this architecture makes: S3
 * object/bucket calls by a role session, the KMS calls S3 makes on the caller's behalf (forward access
 * sessions, so the KMS principal is still the caller), and sts:AssumeRole against a trust policy.
 * Keys real requests always carry but an offline scan cannot know (source IP, VPC endpoint, tags…)
 * are listed as unknowable so that conditions on them give 'unknown', never a guess.
 */

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'Anonymous';

export interface RequestPrincipal {
  /** IAM/STS ARN, the service principal name (s3.amazonaws.com), or the federated provider. */
  arn: string;
  account?: string;
  type: PrincipalType;
}

export interface RequestContext extends ContextKeys {
  principal: RequestPrincipal;
  action: string;
  resource: string;
  /** Owning account of the resource; needed for S3, whose ARNs carry none. */
  resourceAccount?: string;
}

export { type ContextValue, type ContextKeys } from './context-keys.js';

/** Keys present on every real request whose value an offline scan cannot see. */
export const OFFLINE_UNKNOWABLE: readonly string[] = [
  'aws:SourceIp',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:VpcSourceIp',
  'aws:CurrentTime',
  'aws:EpochTime',
  'aws:UserAgent',
  'aws:userid',
  'aws:TokenIssueTime',
  'aws:MultiFactorAuthPresent',
  'aws:MultiFactorAuthAge',
  'aws:PrincipalTag/*',
  'aws:ResourceTag/*',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:ResourceOrgID',
  'aws:ResourceOrgPaths',
  'aws:SourceOrgID',
];

/** Parses a principal ARN or service name into a RequestPrincipal. */
export function principalFromArn(arn: string): RequestPrincipal {
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(arn)) return { arn, type: 'Service' };
  if (arn === '*' || arn === 'anonymous') return { arn: '*', type: 'Anonymous' };
  const m = /^arn:[^:]+:(iam|sts)::(\d{12}):/.exec(arn);
  if (m?.[1] === 'iam' && /:(saml-provider|oidc-provider)\//.test(arn)) return { arn, account: m[2], type: 'Federated' };
  return m ? { arn, account: m[2] as string, type: 'AWS' } : { arn, type: 'Federated' };
}

/** The IAM role ARN behind an assumed-role session ARN (without any role path, which the session ARN drops). */
export function roleArnOfSession(arn: string): string | undefined {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

export const bucketArn = (bucket: string, partition = 'aws'): string => `arn:${partition}:s3:::${bucket}`;
export const objectArn = (bucket: string, key: string, partition = 'aws'): string => `arn:${partition}:s3:::${bucket}/${key}`;

function principalKeys(p: RequestPrincipal, principalArn?: string): Record<string, ContextValue> {
  if (p.type === 'Service') return { 'aws:PrincipalServiceName': p.arn, 'aws:PrincipalIsAWSService': true };
  if (p.type !== 'AWS') return {};
  const keys: Record<string, ContextValue> = { 'aws:PrincipalArn': principalArn ?? roleArnOfSession(p.arn) ?? p.arn, 'aws:PrincipalIsAWSService': false };
  if (p.account) keys['aws:PrincipalAccount'] = p.account;
  const user = /:user\/(?:.*\/)?([^/]+)$/.exec(p.arn);
  if (user?.[1]) keys['aws:username'] = user[1];
  return keys;
}

/** Builds the context; explicit keys override defaults and remove themselves from the unknowable list. */
function finish(base: Omit<RequestContext, 'unknowable'>, extraKeys: Record<string, ContextValue> | undefined, unknowable: readonly string[]): RequestContext {
  const keys = { ...base.keys, ...(extraKeys ?? {}) };
  const known = new Set(Object.keys(keys).map((k) => k.toLowerCase()));
  return { ...base, keys, unknowable: unknowable.filter((k) => !known.has(k.toLowerCase())) };
}

export interface S3RequestContextInput {
  principal: RequestPrincipal | string;
  /** Role ARN (with path) when the principal is a session; defaults to the role derived from the session ARN. */
  principalArn?: string;
  action: string;
  bucket: string;
  /** Object key; omit for bucket-level actions such as s3:ListBucket. */
  key?: string;
  bucketAccount: string;
  region?: string;
  secureTransport?: boolean;
  /** Encryption headers the client sends on PutObject; omit when it relies on bucket default encryption. */
  sse?: { algorithm: 'aws:kms' | 'aws:kms:dsse' | 'AES256'; kmsKeyId?: string };
  /** s3:prefix for ListBucket. */
  prefix?: string;
  keys?: Record<string, ContextValue>;
  unknowable?: readonly string[];
}

/** An S3 request by `principal` on a bucket or object. */
export function s3RequestContext(input: S3RequestContextInput): RequestContext {
  const principal = typeof input.principal === 'string' ? principalFromArn(input.principal) : input.principal;
  const keys: Record<string, ContextValue> = {
    ...principalKeys(principal, input.principalArn),
    'aws:SecureTransport': input.secureTransport ?? true,
    'aws:ViaAWSService': false,
  };
  if (input.region) keys['aws:RequestedRegion'] = input.region;
  if (input.sse) {
    keys['s3:x-amz-server-side-encryption'] = input.sse.algorithm;
    if (input.sse.kmsKeyId) keys['s3:x-amz-server-side-encryption-aws-kms-key-id'] = input.sse.kmsKeyId;
  }
  if (input.prefix !== undefined) keys['s3:prefix'] = input.prefix;
  const resource = input.key === undefined ? bucketArn(input.bucket) : objectArn(input.bucket, input.key);
  return finish({ principal, action: input.action, resource, resourceAccount: input.bucketAccount, keys }, input.keys, [...OFFLINE_UNKNOWABLE, ...(input.unknowable ?? [])]);
}

export interface KmsViaS3ContextInput {
  principal: RequestPrincipal | string;
  principalArn?: string;
  /** kms:Decrypt for reads (and multipart parts), kms:GenerateDataKey for writes. */
  action: string;
  keyArn: string;
  bucket: string;
  key?: string;
  /** The bucket's region: S3 calls KMS as s3.<region>.amazonaws.com. */
  region: string;
  /** With an S3 Bucket Key the encryption context is the bucket ARN, otherwise the object ARN. */
  bucketKeyEnabled: boolean;
  keys?: Record<string, ContextValue>;
  unknowable?: readonly string[];
}

/** The KMS request S3 makes for an SSE-KMS object, as the calling principal. */
export function kmsViaS3Context(input: KmsViaS3ContextInput): RequestContext {
  const principal = typeof input.principal === 'string' ? principalFromArn(input.principal) : input.principal;
  const contextArn = input.bucketKeyEnabled || input.key === undefined ? bucketArn(input.bucket) : objectArn(input.bucket, input.key);
  const keys: Record<string, ContextValue> = {
    ...principalKeys(principal, input.principalArn),
    'kms:ViaService': `s3.${input.region}.amazonaws.com`,
    'kms:EncryptionContext:aws:s3:arn': contextArn,
    'kms:EncryptionContextKeys': ['aws:s3:arn'],
    'aws:ViaAWSService': true,
    'aws:RequestedRegion': input.region,
  };
  if (principal.account) keys['kms:CallerAccount'] = principal.account;
  const account = /^arn:[^:]+:kms:[^:]*:(\d{12}):/.exec(input.keyArn)?.[1];
  // Whether the forwarded call carries aws:SecureTransport, and which aws:CalledVia values, is not documented.
  const unknowable = [...OFFLINE_UNKNOWABLE, 'aws:SecureTransport', 'aws:CalledVia', 'aws:CalledViaFirst', 'aws:CalledViaLast', ...(input.unknowable ?? [])];
  return finish({ principal, action: input.action, resource: input.keyArn, ...(account ? { resourceAccount: account } : {}), keys }, input.keys, unknowable);
}

export interface AssumeRoleContextInput {
  /** The caller: an IAM user/role ARN, or a service principal name. */
  caller: RequestPrincipal | string;
  roleArn: string;
  action?: 'sts:AssumeRole' | 'sts:AssumeRoleWithWebIdentity' | 'sts:AssumeRoleWithSAML' | 'sts:TagSession';
  externalId?: string;
  /** For service principals: the resource and account on whose behalf the service acts. */
  sourceAccount?: string;
  sourceArn?: string;
  keys?: Record<string, ContextValue>;
  unknowable?: readonly string[];
}

/** sts:AssumeRole against the role's trust policy (the trust policy is the resource policy). */
export function assumeRoleContext(input: AssumeRoleContextInput): RequestContext {
  const principal = typeof input.caller === 'string' ? principalFromArn(input.caller) : input.caller;
  const keys: Record<string, ContextValue> = { ...principalKeys(principal), 'aws:SecureTransport': true };
  if (input.externalId !== undefined) keys['sts:ExternalId'] = input.externalId;
  if (input.sourceAccount) keys['aws:SourceAccount'] = input.sourceAccount;
  if (input.sourceArn) keys['aws:SourceArn'] = input.sourceArn;
  // A service always sends its source; when the caller did not say which, it is unknowable, not absent.
  const serviceSource = principal.type === 'Service' ? ['aws:SourceAccount', 'aws:SourceArn'] : [];
  const account = /^arn:[^:]+:iam::(\d{12}):role\//.exec(input.roleArn)?.[1];
  return finish(
    { principal, action: input.action ?? 'sts:AssumeRole', resource: input.roleArn, ...(account ? { resourceAccount: account } : {}), keys },
    input.keys,
    [...OFFLINE_UNKNOWABLE, ...serviceSource, ...(input.unknowable ?? [])],
  );
}
