/** Names the AWS operation a request to the emulator is, the way the scanner's stats do. */
const S3_SUBRESOURCES: Record<string, string> = {
  encryption: 'GetBucketEncryption',
  versioning: 'GetBucketVersioning',
  publicAccessBlock: 'GetPublicAccessBlock',
  policyStatus: 'GetBucketPolicyStatus',
  policy: 'GetBucketPolicy',
  ownershipControls: 'GetBucketOwnershipControls',
  acl: 'GetBucketAcl',
  lifecycle: 'GetBucketLifecycleConfiguration',
  logging: 'GetBucketLogging',
  replication: 'GetBucketReplication',
  location: 'GetBucketLocation',
  tagging: 'GetBucketTagging',
};

export async function operationOf(request: Request): Promise<string> {
  const url = new URL(request.url);
  const target = request.headers.get('x-amz-target');
  if (target?.startsWith('TrentService.')) return `kms:${target.slice('TrentService.'.length)}`;
  if (target?.startsWith('GraniteServiceVersion20100801.')) return `cloudwatch:${target.split('.')[1]}`;
  if (target?.startsWith('ResourceGroupsTaggingAPI_20170126.')) return `tagging:${target.split('.')[1]}`;
  if (target?.includes('CloudTrail_20131101.')) return `cloudtrail:${target.split('.').pop()}`;
  if (url.pathname.startsWith('/v20180820/configuration/publicAccessBlock')) return 's3control:GetPublicAccessBlock';
  if (request.method === 'POST' && url.pathname === '/') {
    const form = new URLSearchParams(await request.clone().text());
    const action = form.get('Action') ?? 'Unknown';
    return action === 'GetCallerIdentity' ? `sts:${action}` : `iam:${action}`;
  }
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.length === 0) return 's3:ListBuckets';
  if (segments.length > 1) return request.method === 'HEAD' ? 's3:HeadObject' : `s3:${request.method}Object`;
  if (request.method !== 'GET') return `s3:${request.method}Bucket`;
  if (url.searchParams.get('list-type') === '2') return 's3:ListObjectsV2';
  for (const [param, op] of Object.entries(S3_SUBRESOURCES)) if (url.searchParams.has(param)) return `s3:${op}`;
  return 's3:ListObjects';
}
