/**
 * CloudTrail in moto, on top of the compliant architecture: a multi-Region, validated,
 * CMK-encrypted, logging trail with advanced selectors (management events + the stage bucket's data
 * events) passes every trail rule; a single-Region trail without validation flips
 * trail-multi-region-logging and trail-log-file-validation, and trail-kms-events-logged (the replica
 * key is in a Region the single-Region trail does not cover).
 */
import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  type AdvancedEventSelector,
} from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketLoggingCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { evaluate, rules } from '@envelope/core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ACCOUNT, LOG_BUCKET, REGION, STAGE_BUCKET } from './architecture.js';
import { diff, motoProfile, statusMap, type StatusMap } from './scan-moto.js';
import { runScenario, type ScenarioResult } from './scenario.js';

const endpoint = inject('motoEndpoint');
const TRAIL = 'acme-audit';
const TRAIL_BUCKET = 'acme-audit-trail';
const TRAIL_RULES = rules.filter((r) => r.id.startsWith('trail-'));

interface TrailVariant {
  multiRegion: boolean;
  validation: boolean;
  /** Management events with eventSource NotEquals kms.amazonaws.com (a common "noise" filter). */
  excludeKms?: boolean;
  /** Data events for every bucket but the stage bucket (NotStartsWith). */
  excludeStage?: boolean;
}

function selectors(v: TrailVariant): AdvancedEventSelector[] {
  return [
    {
      Name: 'Management events',
      FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...(v.excludeKms ? [{ Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }] : [])],
    },
    {
      Name: 'S3 data events',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        v.excludeStage ? { Field: 'resources.ARN', NotStartsWith: [`arn:aws:s3:::${STAGE_BUCKET}/`] } : { Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::${STAGE_BUCKET}/`] },
      ],
    },
  ];
}

const ALL_PAB = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

async function createTrail(variant: TrailVariant): Promise<void> {
  const base = { endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const s3 = new S3Client({ ...base, forcePathStyle: true });
  const kms = new KMSClient(base);
  const ct = new CloudTrailClient(base);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: TRAIL_BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await s3.send(new PutBucketTaggingCommand({ Bucket: TRAIL_BUCKET, Tagging: { TagSet: [{ Key: 'team', Value: 'security' }] } }));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: TRAIL_BUCKET, PublicAccessBlockConfiguration: ALL_PAB }));
    await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: TRAIL_BUCKET, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: TRAIL_BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(new PutBucketLoggingCommand({ Bucket: TRAIL_BUCKET, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: LOG_BUCKET, TargetPrefix: 'trail/' } } }));
    const trailArn = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${TRAIL}`;
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: TRAIL_BUCKET,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Sid: 'AclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${TRAIL_BUCKET}`, Condition: { StringEquals: { 'aws:SourceArn': trailArn } } },
            {
              Sid: 'Write',
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/*`,
              Condition: { StringEquals: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
            },
          ],
        }),
      }),
    );
    const key = await kms.send(
      new CreateKeyCommand({
        Description: 'CloudTrail logs',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
            {
              Sid: 'CloudTrailEncrypt',
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 'kms:GenerateDataKey*',
              Resource: '*',
              Condition: { StringEquals: { 'aws:SourceArn': trailArn }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` } },
            },
          ],
        }),
      }),
    );
    const keyArn = key.KeyMetadata!.Arn!;
    await kms.send(new EnableKeyRotationCommand({ KeyId: keyArn }));
    await ct.send(
      new CreateTrailCommand({
        Name: TRAIL,
        S3BucketName: TRAIL_BUCKET,
        IsMultiRegionTrail: variant.multiRegion,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: variant.validation,
        KmsKeyId: keyArn,
      }),
    );
    await ct.send(new StartLoggingCommand({ Name: TRAIL }));
    await ct.send(new PutEventSelectorsCommand({ TrailName: TRAIL, AdvancedEventSelectors: selectors(variant) }));
  } finally {
    s3.destroy();
    kms.destroy();
    ct.destroy();
  }
}

const trailStatuses = (r: ScenarioResult): StatusMap =>
  statusMap(evaluate(TRAIL_RULES, r.inventory, motoProfile).filter((f) => f.resource.type !== 'bucket' || f.resource.name === STAGE_BUCKET || f.resource.name === TRAIL_BUCKET));

describe('CloudTrail in moto', () => {
  let baseline: ScenarioResult;
  let base: StatusMap;
  beforeAll(async () => {
    baseline = await runScenario(endpoint, [], { cost: false, beforeScan: () => createTrail({ multiRegion: true, validation: true }) });
    base = trailStatuses(baseline);
  });

  it('collects the trail: DescribeTrails once per bucket Region, then GetTrailStatus and GetEventSelectors per trail', () => {
    const [trail] = baseline.inventory.trails;
    expect(baseline.inventory.trails).toHaveLength(1);
    expect(baseline.inventory.trailList?.state).toBe('present');
    expect(trail).toMatchObject({ name: TRAIL, homeRegion: REGION, isMultiRegion: true, includeGlobalServiceEvents: true, logFileValidationEnabled: true, s3BucketName: TRAIL_BUCKET });
    expect(trail!.status).toMatchObject({ state: 'present', value: { isLogging: true } });
    expect(trail!.selectors.state).toBe('present');
    // eu-west-1 (the stage bucket) and eu-west-2 (the replica): a single-Region trail is listed only at home.
    expect(baseline.apiCalls).toMatchObject({ 'cloudtrail:DescribeTrails': 2, 'cloudtrail:GetTrailStatus': 1, 'cloudtrail:GetEventSelectors': 1 });
  });

  it('marks the trail bucket as a support bucket and reads the trail key', () => {
    expect(baseline.inventory.buckets.find((b) => b.name === TRAIL_BUCKET)?.role).toEqual({ kind: 'support', why: `CloudTrail log bucket of ${TRAIL}` });
    const keyArn = baseline.inventory.trails[0]!.kmsKeyId!;
    expect(baseline.inventory.keys.find((k) => k.arn === keyArn)?.referencedBy).toContain(baseline.inventory.trails[0]!.arn);
  });

  it('passes every trail rule on the compliant trail', () => {
    expect(Object.fromEntries(base)).toEqual({
      [`trail-multi-region-logging@${ACCOUNT}`]: 'pass',
      [`trail-kms-events-logged@${ACCOUNT}`]: 'pass',
      [`trail-log-file-validation@${TRAIL}`]: 'pass',
      [`trail-kms-cmk@${TRAIL}`]: 'pass',
      [`trail-bucket-secured@${TRAIL}`]: 'pass',
      [`trail-s3-data-events@${STAGE_BUCKET}`]: 'pass',
      [`trail-s3-data-events@${TRAIL_BUCKET}`]: 'not_applicable',
    });
  });

  it('reads the trail bucket even when the profile scope leaves it out: it is a support bucket by what it holds, and the trail is judged', async () => {
    const scoped = { ...motoProfile, scope: { ...motoProfile.scope, bucketNames: [`${STAGE_BUCKET}*`] } };
    const r = await runScenario(endpoint, [], { cost: false, profile: scoped, beforeScan: () => createTrail({ multiRegion: true, validation: true }) });
    expect(r.inventory.buckets.find((b) => b.name === TRAIL_BUCKET)?.role).toEqual({ kind: 'support', why: `CloudTrail log bucket of ${TRAIL}` });
    expect(r.findings.find((f) => f.ruleId === 'trail-bucket-secured')?.status).toBe('pass');
    // Only the trail bucket joins: other buckets outside the scope stay out.
    expect(r.inventory.buckets.every((b) => b.name.startsWith(STAGE_BUCKET) || b.name === TRAIL_BUCKET)).toBe(true);
  });

  const variants: [string, TrailVariant, Record<string, string>][] = [
    [
      'a single-Region trail',
      { multiRegion: false, validation: true },
      {
        [`trail-multi-region-logging@${ACCOUNT}`]: 'fail',
        // The architecture's replica key lives in eu-west-2, which a trail homed in eu-west-1 does
        // not see: its Decrypt calls go unrecorded, so this rule fails too, and rightly.
        [`trail-kms-events-logged@${ACCOUNT}`]: 'fail',
      },
    ],
    ['log file validation off', { multiRegion: true, validation: false }, { [`trail-log-file-validation@${TRAIL}`]: 'fail' }],
    ['management events excluding kms.amazonaws.com', { multiRegion: true, validation: true, excludeKms: true }, { [`trail-kms-events-logged@${ACCOUNT}`]: 'fail' }],
    ['advanced selectors whose NotStartsWith excludes the stage bucket', { multiRegion: true, validation: true, excludeStage: true }, { [`trail-s3-data-events@${STAGE_BUCKET}`]: 'fail' }],
  ];

  it.each(variants)('%s flips exactly its rules', async (_name, variant, expected) => {
    const r = await runScenario(endpoint, [], { cost: false, beforeScan: () => createTrail(variant) });
    expect(diff(base, trailStatuses(r))).toEqual(expected);
  });
});
