import { describe, expect, it } from 'vitest';
import { present, unknown } from '../../model/observed.js';
import { planContextOf, refTo, type PlannedRes } from '../../testing/terraform-plan.js';
import { trailsFromPlan } from './cloudtrail.js';

const EMPTY_OPS = { equals: [], starts_with: [], ends_with: [], not_equals: [], not_starts_with: [], not_ends_with: [] };
const KEY: PlannedRes = { type: 'aws_kms_key', name: 'trail', values: {}, unknown: { arn: true, key_id: true, id: true } };
const BUCKET: PlannedRes = { type: 'aws_s3_bucket', name: 'trail', values: { bucket: 'org-audit-trail' }, unknown: { arn: true, id: true } };

const trail = (values: Record<string, unknown> = {}, unknownAlso: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}): PlannedRes => ({
  type: 'aws_cloudtrail',
  name: 'audit',
  values: {
    name: 'org-audit',
    is_multi_region_trail: true,
    include_global_service_events: true,
    is_organization_trail: false,
    enable_log_file_validation: true,
    enable_logging: true,
    s3_key_prefix: null,
    event_selector: [],
    advanced_event_selector: [],
    ...values,
  },
  unknown: { arn: true, id: true, home_region: true, kms_key_id: true, s3_bucket_name: true, ...unknownAlso },
  expressions: {
    kms_key_id: refTo('aws_kms_key.trail.arn', 'aws_kms_key.trail'),
    s3_bucket_name: refTo('aws_s3_bucket.trail.id', 'aws_s3_bucket.trail'),
    ...expressions,
  },
});
const trails = (...r: PlannedRes[]) => trailsFromPlan(planContextOf(...r));

describe('trailsFromPlan', () => {
  it('a new trail: ARN from its Region and name, the key and bucket resolved through their references', () => {
    const [t] = trails(KEY, BUCKET, trail());
    expect(t).toEqual({
      arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-audit',
      name: 'org-audit',
      homeRegion: 'eu-west-1',
      account: '111122223333',
      isMultiRegion: true,
      includeGlobalServiceEvents: true,
      isOrganizationTrail: false,
      s3BucketName: 'org-audit-trail',
      kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.trail',
      logFileValidationEnabled: true,
      status: present({ isLogging: true }),
      // No selector configured: AWS logs all management events.
      selectors: present({ classic: [{ readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: [], dataResources: [] }] }),
    });
  });

  it('the home Region is the resource’s; logging off is not logging', () => {
    const [t] = trails(KEY, BUCKET, trail({ region: 'us-east-1', enable_logging: false }));
    expect(t!.homeRegion).toBe('us-east-1');
    expect(t!.arn).toBe('arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit');
    expect(t!.status).toEqual(present({ isLogging: false }));
  });

  it('a key or bucket only apply will tell is said so, never read as SSE-S3 or no bucket', () => {
    const [t] = trails(trail({}, {}, { kms_key_id: refTo('var.key_arn'), s3_bucket_name: refTo('module.logs.bucket') }));
    expect(t!.kmsKeyId).toBeUndefined();
    expect(t!.kmsKeyIdUnknown).toBe('aws_cloudtrail.audit kms_key_id is known only after apply (from var.key_arn)');
    expect(t!.s3BucketNameUnknown).toBe('aws_cloudtrail.audit s3_bucket_name is known only after apply (from module.logs.bucket)');
  });

  it('no kms_key_id at all: SSE-S3, as DescribeTrails would say', () => {
    const [t] = trails(BUCKET, trail({ kms_key_id: null }, { kms_key_id: false }, { kms_key_id: undefined }));
    expect(t!.kmsKeyId).toBeUndefined();
    expect(t!.kmsKeyIdUnknown).toBeUndefined();
  });

  it('advanced selectors: field_selector is a set, read by content; unused operators (empty lists) dropped', () => {
    const advanced = [
      { name: 'mgmt', field_selector: [{ ...EMPTY_OPS, field: 'eventCategory', equals: ['Management'] }] },
      {
        name: 'stage data',
        field_selector: [
          { ...EMPTY_OPS, field: 'resources.type', equals: ['AWS::S3::Object'] },
          { ...EMPTY_OPS, field: 'eventCategory', equals: ['Data'] },
          { ...EMPTY_OPS, field: 'resources.ARN', starts_with: ['arn:aws:s3:::stage/'], not_ends_with: ['.tmp'] },
        ],
      },
    ];
    const [t] = trails(KEY, BUCKET, trail({ advanced_event_selector: advanced }));
    expect(t!.selectors).toEqual(
      present({
        advanced: [
          { name: 'mgmt', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
          {
            name: 'stage data',
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Data'] },
              { field: 'resources.ARN', startsWith: ['arn:aws:s3:::stage/'], notEndsWith: ['.tmp'] },
              { field: 'resources.type', equals: ['AWS::S3::Object'] },
            ],
          },
        ],
      }),
    );
  });

  it('classic event selectors with data resources', () => {
    const classic = [{ read_write_type: 'WriteOnly', include_management_events: false, exclude_management_event_sources: [], data_resource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::stage/'] }] }];
    const [t] = trails(KEY, BUCKET, trail({ event_selector: classic }));
    expect(t!.selectors).toEqual(
      present({ classic: [{ readWriteType: 'WriteOnly', includeManagementEvents: false, excludeManagementEventSources: [], dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::stage/'] }] }] }),
    );
  });

  it('a selector value only apply will tell (a new bucket’s ARN) leaves the selectors unknown', () => {
    const advanced = [{ name: 'data', field_selector: [{ ...EMPTY_OPS, field: 'resources.ARN' }] }];
    const [t] = trails(KEY, BUCKET, trail({ advanced_event_selector: advanced }, { advanced_event_selector: [{ field_selector: [{ starts_with: true }] }] }));
    expect(t!.selectors).toEqual(unknown('aws_cloudtrail.audit advanced_event_selector[0].field_selector[0].starts_with is known only after apply'));
  });

  it('sensitive values (a key ARN, a selector value) are unknown and never reach the inventory', () => {
    const advanced = [{ name: 'data', field_selector: [{ ...EMPTY_OPS, field: 'resources.ARN', starts_with: ['arn:aws:s3:::canary-77aa/'] }] }];
    const secret: PlannedRes = {
      ...trail({ kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/canary-77aa', advanced_event_selector: advanced }, { kms_key_id: false }),
      sensitive: { kms_key_id: true, advanced_event_selector: [{ field_selector: [{ starts_with: [true] }] }] },
    };
    const [t] = trails(BUCKET, secret);
    expect(t!.kmsKeyIdUnknown).toBe('aws_cloudtrail.audit kms_key_id is marked sensitive in the plan; envelope does not read sensitive values');
    expect(t!.selectors).toEqual(unknown('aws_cloudtrail.audit advanced_event_selector[0].field_selector[0].starts_with[0] is marked sensitive in the plan; envelope does not read sensitive values'));
    expect(JSON.stringify(t)).not.toContain('canary-77aa');
  });

  it('enable_logging from a variable is unknown', () => {
    const [t] = trails(KEY, BUCKET, trail({ enable_logging: undefined }, { enable_logging: true }, { enable_logging: refTo('var.logging') }));
    expect(t!.status).toEqual(unknown('aws_cloudtrail.audit enable_logging is known only after apply (from var.logging)'));
  });
});
