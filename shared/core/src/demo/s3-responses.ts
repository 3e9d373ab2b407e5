/**
 * S3 REST-XML bodies for the bucket reads, from the fixture. Each returns the XML root, the JSON
 * policy text, or the error AWS answers when the configuration does not exist.
 */
import type { DemoBucket, DemoFixture, DemoGrant, DemoLifecycleRule, DemoObject, DemoReplicationRule } from './fixture-model.js';
import { el, elAttrs, iso, opt, type Xml, type XmlContent } from './wire.js';

export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export interface S3Error {
  status: number;
  code: string;
  message: string;
}
export type S3Body = { xml: Xml; headers?: Record<string, string> } | { json: string } | { error: S3Error };

const root = (name: string, ...content: XmlContent[]) => elAttrs(name, { xmlns: S3_NS }, ...content);
const notFound = (code: string, message: string): S3Body => ({ error: { status: 404, code, message } });

export function listBuckets(fixture: DemoFixture, params: URLSearchParams): S3Body {
  const max = Math.min(Number(params.get('max-buckets') ?? 10000) || 10000, 10000);
  const after = decodeToken(params.get('continuation-token'));
  const prefix = params.get('prefix') ?? '';
  const region = params.get('bucket-region');
  const all = [...fixture.buckets]
    .filter((b) => b.name.startsWith(prefix) && (!region || b.region === region))
    .sort((a, b) => a.name.localeCompare(b.name));
  const rest = after ? all.filter((b) => b.name > after) : all;
  const page = rest.slice(0, max);
  const more = rest.length > page.length;
  return {
    xml: root(
      'ListAllMyBucketsResult',
      el('Owner', el('ID', fixture.canonicalOwnerId)),
      el(
        'Buckets',
        page.map((b) => el('Bucket', el('Name', b.name), el('CreationDate', iso(b.creationDate)), el('BucketRegion', b.region))),
      ),
      more && el('ContinuationToken', encodeToken(page.at(-1)!.name)),
      params.has('prefix') && el('Prefix', prefix),
    ),
  };
}

type BucketRead = (bucket: DemoBucket, fixture: DemoFixture, params: URLSearchParams) => S3Body;

/** Bucket sub-resources by query key, as the SDK sends them (`?encryption`, `?list-type=2`, …). */
export const bucketReads: Record<string, BucketRead> = {
  encryption: ({ encryption: e }) =>
    e
      ? {
          xml: root(
            'ServerSideEncryptionConfiguration',
            el(
              'Rule',
              el('ApplyServerSideEncryptionByDefault', el('SSEAlgorithm', e.sseAlgorithm), opt('KMSMasterKeyID', e.kmsMasterKeyId)),
              el('BucketKeyEnabled', e.bucketKeyEnabled),
            ),
          ),
        }
      : notFound('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found'),

  versioning: ({ versioning: v }) => ({
    xml: root('VersioningConfiguration', opt('Status', v?.status), opt('MfaDelete', v?.mfaDelete)),
  }),

  publicAccessBlock: ({ publicAccessBlock: p }) =>
    p ? { xml: publicAccessBlockXml(p, S3_NS) } : notFound('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'),

  policy: ({ policy }) => (policy ? { json: JSON.stringify(policy) } : notFound('NoSuchBucketPolicy', 'The bucket policy does not exist')),

  policyStatus: ({ policy, policyIsPublic }) =>
    policy
      ? { xml: root('PolicyStatus', el('IsPublic', policyIsPublic === true)) }
      : notFound('NoSuchBucketPolicy', 'The bucket policy does not exist'),

  ownershipControls: ({ ownership }) =>
    ownership
      ? { xml: root('OwnershipControls', el('Rule', el('ObjectOwnership', ownership))) }
      : notFound('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found'),

  acl: (bucket, fixture) => {
    const owner: DemoGrant = { grantee: { type: 'CanonicalUser', id: fixture.canonicalOwnerId }, permission: 'FULL_CONTROL' };
    return {
      xml: root(
        'AccessControlPolicy',
        el('Owner', el('ID', fixture.canonicalOwnerId)),
        el('AccessControlList', [owner, ...(bucket.extraGrants ?? [])].map(grantXml)),
      ),
    };
  },

  lifecycle: ({ lifecycle }) =>
    lifecycle
      ? {
          xml: root('LifecycleConfiguration', lifecycle.rules.map(lifecycleRuleXml)),
          ...(lifecycle.transitionDefaultMinimumObjectSize
            ? { headers: { 'x-amz-transition-default-minimum-object-size': lifecycle.transitionDefaultMinimumObjectSize } }
            : {}),
        }
      : notFound('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist'),

  logging: ({ logging }) => ({
    xml: root(
      'BucketLoggingStatus',
      logging && el('LoggingEnabled', el('TargetBucket', logging.targetBucket), el('TargetPrefix', logging.targetPrefix)),
    ),
  }),

  replication: ({ replication }) =>
    replication
      ? { xml: root('ReplicationConfiguration', el('Role', replication.role), replication.rules.map(replicationRuleXml)) }
      : notFound('ReplicationConfigurationNotFoundError', 'The replication configuration was not found'),

  tagging: ({ tags }) =>
    Object.keys(tags).length
      ? { xml: root('Tagging', el('TagSet', Object.entries(tags).map(([k, v]) => el('Tag', el('Key', k), el('Value', v))))) }
      : notFound('NoSuchTagSet', 'The TagSet does not exist'),

  location: ({ region }) => ({ xml: root('LocationConstraint', region === 'us-east-1' ? '' : region) }),

  'list-type': (bucket, _fixture, params) => {
    if (params.get('list-type') !== '2' || params.has('delimiter')) {
      return { error: { status: 501, code: 'NotImplemented', message: 'the envelope demo emulates ListObjectsV2 without a delimiter only' } };
    }
    return listObjectsV2(bucket, params);
  },
};

function listObjectsV2(bucket: DemoBucket, params: URLSearchParams): S3Body {
  const prefix = params.get('prefix') ?? '';
  const max = Math.min(Number(params.get('max-keys') ?? 1000), 1000);
  const after = decodeToken(params.get('continuation-token')) ?? params.get('start-after') ?? '';
  const matching = bucket.objects
    .filter((o) => o.key.startsWith(prefix) && o.key > after)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = matching.slice(0, max);
  const truncated = matching.length > page.length;
  return {
    xml: root(
      'ListBucketResult',
      el('Name', bucket.name),
      el('Prefix', prefix),
      el('KeyCount', page.length),
      el('MaxKeys', max),
      el('IsTruncated', truncated),
      opt('ContinuationToken', params.get('continuation-token') ?? undefined),
      truncated && el('NextContinuationToken', encodeToken(page.at(-1)!.key)),
      opt('StartAfter', params.get('start-after') ?? undefined),
      page.map((o) =>
        el(
          'Contents',
          el('Key', o.key),
          el('LastModified', iso(o.lastModified)),
          el('ETag', o.etag),
          el('Size', o.size),
          el('StorageClass', o.storageClass ?? 'STANDARD'),
        ),
      ),
    ),
  };
}

/** HeadObject answers in headers only. */
export function objectHeaders(o: DemoObject): Record<string, string> {
  return {
    'content-type': o.contentType ?? 'binary/octet-stream',
    'content-length': String(o.size),
    etag: o.etag,
    'last-modified': new Date(o.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': o.sse,
    ...(o.kmsKeyId ? { 'x-amz-server-side-encryption-aws-kms-key-id': o.kmsKeyId } : {}),
    ...(o.bucketKeyEnabled ? { 'x-amz-server-side-encryption-bucket-key-enabled': 'true' } : {}),
    ...(o.versionId ? { 'x-amz-version-id': o.versionId } : {}),
    ...(o.replicationStatus ? { 'x-amz-replication-status': o.replicationStatus } : {}),
    ...(o.storageClass && o.storageClass !== 'STANDARD' ? { 'x-amz-storage-class': o.storageClass } : {}),
  };
}

export function publicAccessBlockXml(
  p: { blockPublicAcls: boolean; ignorePublicAcls: boolean; blockPublicPolicy: boolean; restrictPublicBuckets: boolean },
  namespace: string,
): Xml {
  return elAttrs(
    'PublicAccessBlockConfiguration',
    { xmlns: namespace },
    el('BlockPublicAcls', p.blockPublicAcls),
    el('IgnorePublicAcls', p.ignorePublicAcls),
    el('BlockPublicPolicy', p.blockPublicPolicy),
    el('RestrictPublicBuckets', p.restrictPublicBuckets),
  );
}

function grantXml(g: DemoGrant): Xml {
  const grantee =
    g.grantee.type === 'CanonicalUser'
      ? elAttrs('Grantee', { 'xmlns:xsi': XSI_NS, 'xsi:type': 'CanonicalUser' }, el('ID', g.grantee.id))
      : elAttrs('Grantee', { 'xmlns:xsi': XSI_NS, 'xsi:type': 'Group' }, el('URI', g.grantee.uri));
  return el('Grant', grantee, el('Permission', g.permission));
}

function lifecycleRuleXml(r: DemoLifecycleRule): Xml {
  return el(
    'Rule',
    el('ID', r.id),
    el('Filter', opt('Prefix', r.prefix)),
    el('Status', r.status),
    (r.transitions ?? []).map((t) => el('Transition', el('Days', t.days), el('StorageClass', t.storageClass))),
    (r.noncurrentTransitions ?? []).map((t) =>
      el('NoncurrentVersionTransition', el('NoncurrentDays', t.noncurrentDays), el('StorageClass', t.storageClass)),
    ),
    r.expirationDays !== undefined && el('Expiration', el('Days', r.expirationDays)),
    r.noncurrentExpirationDays !== undefined && el('NoncurrentVersionExpiration', el('NoncurrentDays', r.noncurrentExpirationDays)),
    r.abortIncompleteMultipartDays !== undefined &&
      el('AbortIncompleteMultipartUpload', el('DaysAfterInitiation', r.abortIncompleteMultipartDays)),
  );
}

function replicationRuleXml(r: DemoReplicationRule): Xml {
  return el(
    'Rule',
    el('ID', r.id),
    el('Priority', r.priority),
    el('Filter', opt('Prefix', r.prefix)),
    el('Status', r.status),
    r.sseKmsEncryptedObjects && el('SourceSelectionCriteria', el('SseKmsEncryptedObjects', el('Status', r.sseKmsEncryptedObjects))),
    el(
      'Destination',
      el('Bucket', r.destinationBucket),
      opt('Account', r.destinationAccount),
      opt('StorageClass', r.storageClass),
      r.replicaKmsKeyId && el('EncryptionConfiguration', el('ReplicaKmsKeyID', r.replicaKmsKeyId)),
    ),
    el('DeleteMarkerReplication', el('Status', r.deleteMarkerReplication)),
  );
}

/** Continuation tokens are opaque to clients; here they carry the last name returned. */
const encodeToken = (last: string) => Buffer.from(last, 'utf8').toString('base64url');
const decodeToken = (token: string | null) => (token ? Buffer.from(token, 'base64url').toString('utf8') : undefined);
