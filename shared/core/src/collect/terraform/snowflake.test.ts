import { describe, expect, it } from 'vitest';
import { planContextOf, planOf, refTo, type PlannedRes } from '../../testing/terraform-plan.js';
import { PlanIndex } from './plan-index.js';
import { snowflakeFromPlan } from './snowflake.js';

const ROLE: PlannedRes = { type: 'aws_iam_role', name: 'snowflake', values: { name: 'snowflake-s3', path: '/' }, unknown: { arn: true, id: true } };
const KEY: PlannedRes = { type: 'aws_kms_key', name: 'stage', values: {}, unknown: { arn: true, key_id: true, id: true } };

const integration = (values: Record<string, unknown> = {}, unknownAlso: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}): PlannedRes => ({
  type: 'snowflake_storage_integration_aws',
  name: 's3',
  values: { name: 'S3_INT', enabled: true, storage_provider: 'S3', storage_allowed_locations: ['s3://a/x/', 's3://b/'], storage_blocked_locations: null, storage_aws_external_id: null, storage_aws_object_acl: null, use_privatelink_endpoint: 'default', comment: null, ...values },
  unknown: { describe_output: true, show_output: true, fully_qualified_name: true, id: true, storage_aws_role_arn: true, ...unknownAlso },
  expressions: { storage_aws_role_arn: refTo('aws_iam_role.snowflake.arn', 'aws_iam_role.snowflake'), ...expressions },
});

const stage = (encryption: unknown, unknownAlso: Record<string, unknown> = {}, sensitive: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}): PlannedRes => ({
  type: 'snowflake_stage_external_s3',
  name: 'st',
  values: { database: 'DB', schema: 'S', name: 'ST', url: 's3://a/x/', storage_integration: 'S3_INT', aws_access_point_arn: null, use_privatelink_endpoint: 'true', credentials: [], encryption },
  unknown: { describe_output: true, show_output: true, fully_qualified_name: true, id: true, ...unknownAlso },
  sensitive,
  expressions,
});

const EMPTY = { aws_cse: [], aws_sse_kms: [], aws_sse_s3: [], none: [] };

describe('snowflakeFromPlan: integrations', () => {
  it('a new integration: DESC property names, locations comma-joined, the role through its reference; the IAM user and external id unknown, with a gap each', () => {
    const { integrations, gaps } = snowflakeFromPlan(planContextOf(ROLE, integration()));
    expect(integrations).toEqual([
      {
        id: '"S3_INT"',
        name: 'S3_INT',
        account: '',
        address: 'snowflake_storage_integration_aws.s3',
        properties: {
          state: 'present',
          value: {
            ENABLED: 'true',
            STORAGE_PROVIDER: 'S3',
            STORAGE_ALLOWED_LOCATIONS: 's3://a/x/,s3://b/',
            STORAGE_BLOCKED_LOCATIONS: '',
            STORAGE_AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/snowflake-s3',
            USE_PRIVATELINK_ENDPOINT: 'false',
            COMMENT: '',
          },
        },
        unknownProperties: {
          STORAGE_AWS_IAM_USER_ARN: 'snowflake_storage_integration_aws.s3 describe_output.iam_user_arn is known only after apply',
          STORAGE_AWS_EXTERNAL_ID: 'snowflake_storage_integration_aws.s3 describe_output.external_id is known only after apply',
        },
      },
    ]);
    expect(gaps.map((g) => g.what).sort()).toEqual(['STORAGE_AWS_EXTERNAL_ID', 'STORAGE_AWS_IAM_USER_ARN']);
  });

  it('an existing integration: describe_output gives the IAM user and the generated external id; a fixed external id wins', () => {
    const known = integration({ storage_aws_role_arn: 'arn:aws:iam::111122223333:role/r', describe_output: [{ iam_user_arn: 'arn:aws:iam::999988887777:user/u', external_id: 'GEN=' }] }, { describe_output: false, storage_aws_role_arn: false });
    const [i] = snowflakeFromPlan(planContextOf(known)).integrations;
    expect(i!.properties.state === 'present' && [i!.properties.value.STORAGE_AWS_IAM_USER_ARN, i!.properties.value.STORAGE_AWS_EXTERNAL_ID]).toEqual(['arn:aws:iam::999988887777:user/u', 'GEN=']);
    expect(i!.unknownProperties).toEqual({});
    const fixed = integration({ storage_aws_external_id: 'MINE', storage_aws_role_arn: 'arn:aws:iam::111122223333:role/r', describe_output: [{ iam_user_arn: 'u', external_id: 'MINE' }] }, { describe_output: false, storage_aws_role_arn: false });
    const [j] = snowflakeFromPlan(planContextOf(fixed)).integrations;
    expect(j!.properties.state === 'present' && j!.properties.value.STORAGE_AWS_EXTERNAL_ID).toBe('MINE');
  });

  it('a role ARN from a variable is unknown, never guessed', () => {
    const [i] = snowflakeFromPlan(planContextOf(integration({}, {}, { storage_aws_role_arn: refTo('var.role_arn') }))).integrations;
    expect(i!.properties.state === 'present' && i!.properties.value.STORAGE_AWS_ROLE_ARN).toBeUndefined();
    expect(i!.unknownProperties.STORAGE_AWS_ROLE_ARN).toMatch(/known only after apply \(from var\.role_arn\)/);
  });

  it('a replaced integration is recreated: a new external id unless the configuration fixes one, and stages detached', () => {
    const replaced = (r: PlannedRes) => {
      const plan = planOf(ROLE, r);
      plan.resource_changes![1]!.change.actions = ['delete', 'create'];
      return snowflakeFromPlan({ ...planContextOf(ROLE, r), index: new PlanIndex(plan) });
    };
    const generated = replaced(integration());
    expect(generated.integrations[0]!.recreated).toMatch(/CREATE OR REPLACE.*new STORAGE_AWS_EXTERNAL_ID.*trust policy.*detaches every stage/);
    expect(generated.integrations[0]!.unknownProperties.STORAGE_AWS_EXTERNAL_ID).toMatch(/replaced/);
    expect(generated.gaps).toContainEqual(expect.objectContaining({ resource: 'snowflake_storage_integration_aws.s3', what: 'recreated' }));
    const fixed = replaced(integration({ storage_aws_external_id: 'MINE' }));
    expect(fixed.integrations[0]!.recreated).toMatch(/external id is fixed by the configuration.*detaches every stage/);
    expect(fixed.integrations[0]!.properties.state === 'present' && fixed.integrations[0]!.properties.value.STORAGE_AWS_EXTERNAL_ID).toBe('MINE');
  });

  it('the legacy resource: top-level IAM user, the external id from describe_output rows when the attribute is empty', () => {
    const legacy: PlannedRes = {
      type: 'snowflake_storage_integration',
      name: 'old',
      values: {
        name: 'OLD', type: 'EXTERNAL_STAGE', enabled: true, storage_provider: 'S3', storage_allowed_locations: ['s3://a/'], storage_blocked_locations: [], storage_aws_role_arn: 'arn:aws:iam::111122223333:role/r',
        storage_aws_external_id: '', storage_aws_iam_user_arn: 'arn:aws:iam::999988887777:user/u', storage_aws_object_acl: 'bucket-owner-full-control', comment: '',
        describe_output: [{ storage_aws_external_id: [{ name: 'STORAGE_AWS_EXTERNAL_ID', type: 'String', value: 'GEN=', default: '' }] }],
      },
    };
    const [i] = snowflakeFromPlan(planContextOf(legacy)).integrations;
    expect(i!.properties).toEqual({
      state: 'present',
      value: {
        ENABLED: 'true', STORAGE_PROVIDER: 'S3', STORAGE_ALLOWED_LOCATIONS: 's3://a/', STORAGE_BLOCKED_LOCATIONS: '', STORAGE_AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/r',
        STORAGE_AWS_OBJECT_ACL: 'bucket-owner-full-control', USE_PRIVATELINK_ENDPOINT: 'false', COMMENT: '', STORAGE_AWS_IAM_USER_ARN: 'arn:aws:iam::999988887777:user/u', STORAGE_AWS_EXTERNAL_ID: 'GEN=',
      },
    });
  });
});

describe('snowflakeFromPlan: stages', () => {
  const props = (...r: PlannedRes[]) => {
    const s = snowflakeFromPlan(planContextOf(...r)).stages[0]!;
    return { props: s.properties.state === 'present' ? s.properties.value : undefined, unknown: s.unknownProperties, id: s.id };
  };

  it.each([
    ['no encryption block: Snowflake’s default NONE', [], { 'ENCRYPTION.TYPE': 'NONE' }],
    ['none {}', [{ ...EMPTY, none: [{}] }], { 'ENCRYPTION.TYPE': 'NONE' }],
    ['aws_sse_s3 {}', [{ ...EMPTY, aws_sse_s3: [{}] }], { 'ENCRYPTION.TYPE': 'AWS_SSE_S3' }],
    ['aws_sse_kms with a literal key', [{ ...EMPTY, aws_sse_kms: [{ kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/k' }] }], { 'ENCRYPTION.TYPE': 'AWS_SSE_KMS', 'ENCRYPTION.KMS_KEY_ID': 'arn:aws:kms:eu-west-1:111122223333:key/k' }],
  ])('%s', (_, encryption, expected) => {
    const { props: p, id } = props(stage(encryption));
    expect(id).toBe('"DB"."S"."ST"');
    expect(p).toEqual({ URL: '["s3://a/x/"]', STORAGE_INTEGRATION: 'S3_INT', USE_PRIVATELINK_ENDPOINT: 'true', ...expected });
  });

  it('aws_sse_kms with the key this plan creates: the key’s stand-in ARN through the reference', () => {
    const st = stage([{ ...EMPTY, aws_sse_kms: [{}] }], { encryption: [{ aws_sse_kms: [{ kms_key_id: true }] }] }, {}, { encryption: [{ aws_sse_kms: [{ kms_key_id: refTo('aws_kms_key.stage.arn', 'aws_kms_key.stage') }] }] });
    expect(props(KEY, st).props?.['ENCRYPTION.KMS_KEY_ID']).toBe('arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.stage');
  });

  it('aws_sse_kms with a key from a module output: unknown, not absent', () => {
    const st = stage([{ ...EMPTY, aws_sse_kms: [{}] }], { encryption: [{ aws_sse_kms: [{ kms_key_id: true }] }] }, {}, { encryption: [{ aws_sse_kms: [{ kms_key_id: refTo('module.keys.arn', 'module.keys') }] }] });
    const { props: p, unknown } = props(st);
    expect(p?.['ENCRYPTION.TYPE']).toBe('AWS_SSE_KMS');
    expect(p?.['ENCRYPTION.KMS_KEY_ID']).toBeUndefined();
    expect(unknown['ENCRYPTION.KMS_KEY_ID']).toMatch(/known only after apply \(from module\.keys\.arn, module\.keys\)/);
  });

  it('a sensitive encryption block (a CSE master key) is not read: its type is unknown, its value nowhere', () => {
    const st = stage([{ ...EMPTY, aws_cse: [{ master_key: 'CANARY-MASTER' }] }], {}, { encryption: true });
    const out = snowflakeFromPlan(planContextOf(st));
    expect(JSON.stringify(out)).not.toContain('CANARY-MASTER');
    expect(out.stages[0]!.unknownProperties['ENCRYPTION.TYPE']).toMatch(/sensitive/);
  });

  it('the legacy stage: its ENCRYPTION string parsed; sensitive credentials not read', () => {
    const legacy: PlannedRes = {
      type: 'snowflake_stage',
      name: 'old',
      values: { database: 'DB', schema: 'S', name: 'OLD', url: 's3://a/', storage_integration: 'I', credentials: "AWS_SECRET_KEY='CANARY-LEGACY'", encryption: "TYPE='AWS_SSE_KMS' KMS_KEY_ID='arn:aws:kms:eu-west-1:111122223333:key/k'", aws_external_id: '', snowflake_iam_user: '' },
      sensitive: { credentials: true },
    };
    const out = snowflakeFromPlan(planContextOf(legacy));
    expect(out.stages[0]!.properties).toEqual({ state: 'present', value: { URL: '["s3://a/"]', STORAGE_INTEGRATION: 'I', 'ENCRYPTION.TYPE': 'AWS_SSE_KMS', 'ENCRYPTION.KMS_KEY_ID': 'arn:aws:kms:eu-west-1:111122223333:key/k' } });
    expect(JSON.stringify(out)).not.toContain('CANARY-LEGACY');
  });
});
