#!/usr/bin/env python3
"""
Builds test/fixtures/terraform-own/<scenario>/plan.json from the real baseline plan
(test/fixtures/terraform/baseline/plan.json, Terraform 1.11.4, hashicorp/aws 5.100.0) by the
edits each scenario documents below. Every edit keeps the provider's attribute shapes: values are
copied from the baseline's own `after`, and what an existing resource knows that a new one does not
(arn, id, key_id, computed bucket attributes) is filled in the form AWS/the provider returns it.

What is not modelled, and why it does not change what the mappers read: in a real plan the
aws_iam_policy_document data sources whose references all become known would be read at plan time
(their `json` known); here they stay "known after apply" as in the baseline, which the policy
rebuilder resolves from the same statement blocks. Run: python3 test/scripts/terraform-own-fixtures.py
"""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'fixtures')
BASELINE = json.load(open(os.path.join(FIXTURES, 'terraform', 'baseline', 'plan.json')))

ACCOUNT = '111122223333'
KEY_ID = '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9'
KEY_ARN = f'arn:aws:kms:eu-west-1:{ACCOUNT}:key/{KEY_ID}'
STAGE = 's3-snow-kms-test-v3'


def change(p, address):
    return next(c for c in p['resource_changes'] if c['address'] == address)


def planned(p, address):
    return next((r for r in p['planned_values']['root_module']['resources'] if r['address'] == address), None)


def config(p, address):
    return next(r for r in p['configuration']['root_module']['resources'] if r['address'] == address)


def prior_add(p, address, values, sensitive):
    c = change(p, address)
    p['prior_state']['values']['root_module']['resources'].append({
        'address': address, 'mode': c['mode'], 'type': c['type'], 'name': c['name'],
        'provider_name': c['provider_name'], 'schema_version': planned(p, address)['schema_version'] if planned(p, address) else 0,
        'values': values, 'sensitive_values': sensitive,
    })


# What an existing resource's state holds beyond the baseline's `after` (AWS's and the provider's forms).
def existing_key(p):
    after = change(p, 'aws_kms_key.stage')['change']['after']
    policy = json.dumps({'Version': '2012-10-17', 'Id': 'key-default-1', 'Statement': [{'Sid': 'Enable IAM User Permissions', 'Effect': 'Allow', 'Principal': {'AWS': f'arn:aws:iam::{ACCOUNT}:root'}, 'Action': 'kms:*', 'Resource': '*'}]}, separators=(',', ':'))
    return {**after, 'arn': KEY_ARN, 'id': KEY_ID, 'key_id': KEY_ID, 'policy': policy}


def existing_bucket(p, bucket_key_enabled=True):
    after = change(p, 'aws_s3_bucket.stage')['change']['after']
    return {
        **after,
        'acceleration_status': '', 'acl': None, 'arn': f'arn:aws:s3:::{STAGE}', 'bucket_domain_name': f'{STAGE}.s3.amazonaws.com',
        'bucket_prefix': '', 'bucket_regional_domain_name': f'{STAGE}.s3.eu-west-1.amazonaws.com', 'cors_rule': [],
        'grant': [{'id': 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90', 'permissions': ['FULL_CONTROL'], 'type': 'CanonicalUser', 'uri': ''}],
        'hosted_zone_id': 'Z1BKCTXD74EZPE', 'id': STAGE, 'lifecycle_rule': [], 'logging': [{'target_bucket': f'{STAGE}-logs', 'target_prefix': 'access/'}],
        'object_lock_configuration': [], 'object_lock_enabled': False, 'policy': '', 'region': 'eu-west-1', 'replication_configuration': [],
        'request_payer': 'BucketOwner',
        'server_side_encryption_configuration': [{'rule': [{'apply_server_side_encryption_by_default': [{'kms_master_key_id': KEY_ARN, 'sse_algorithm': 'aws:kms'}], 'bucket_key_enabled': bucket_key_enabled}]}],
        'versioning': [{'enabled': True, 'mfa_delete': False}], 'website': [], 'website_domain': None, 'website_endpoint': None,
    }


BUCKET_SENSITIVE = {'cors_rule': [], 'grant': [{'permissions': [False]}], 'lifecycle_rule': [], 'logging': [{}], 'object_lock_configuration': [], 'replication_configuration': [],
                    'server_side_encryption_configuration': [{'rule': [{'apply_server_side_encryption_by_default': [{}]}]}], 'tags': {}, 'tags_all': {}, 'versioning': [{}], 'website': []}


def set_existing(p, address, values, sensitive, actions=('no-op',), after=None):
    """The resource exists (prior_state) and the plan leaves it `values` (no-op) or `after` (update/replace)."""
    prior_add(p, address, values, sensitive)
    c = change(p, address)['change']
    c['actions'] = list(actions)
    c['before'] = copy.deepcopy(values)
    c['before_sensitive'] = copy.deepcopy(sensitive)
    if after is None:
        c['after'] = copy.deepcopy(values)
        c['after_unknown'] = {}
        c['after_sensitive'] = copy.deepcopy(sensitive)
        planned(p, address)['values'] = copy.deepcopy(values)
        planned(p, address)['sensitive_values'] = copy.deepcopy(sensitive)
    else:
        c['after'] = after


def propagate(p, address, values):
    """Leaves of other resources whose expression is exactly `<address>.<attr>` become that known value (as Terraform plans them)."""
    for c in p['resource_changes']:
        if c['address'] == address or c['mode'] != 'managed' or c['change']['actions'] == ['delete']:
            continue
        conf = config(p, c['address'])['expressions']

        def walk(unk, expr, after, pv):
            if not isinstance(unk, dict) or not isinstance(expr, dict):
                return
            for k, u in list(unk.items()):
                e = expr.get(k)
                if u is True and isinstance(e, dict) and e.get('references') == [f'{address}.{a}' for a in [e['references'][0].split('.')[-1]]] + [address]:
                    attr = e['references'][0].split('.')[-1]
                    if attr in values:
                        after[k] = values[attr]
                        if pv is not None:
                            pv[k] = values[attr]
                        del unk[k]
                elif isinstance(u, list) and isinstance(e, list):
                    for i, ui in enumerate(u):
                        if i < len(e) and i < len(after.get(k) or []):
                            sub = pv.get(k) if isinstance(pv, dict) else None
                            walk(ui, e[i], after[k][i], sub[i] if isinstance(sub, list) and i < len(sub) else None)
        pr = planned(p, c['address'])
        # Terraform omits `values` from planned_values when every value is unknown.
        values_now = pr.setdefault('values', {}) if pr else None
        walk(c['change']['after_unknown'], conf, c['change']['after'], values_now)
        if pr is not None and pr['values'] == {}:
            del pr['values']


def delete(p, address, prior_values, sensitive, resource_type, name):
    """A resource the configuration no longer declares: in prior_state, a delete change, gone from planned_values and configuration."""
    p['prior_state']['values']['root_module']['resources'].append({'address': address, 'mode': 'managed', 'type': resource_type, 'name': name,
                                                                   'provider_name': 'registry.terraform.io/hashicorp/aws', 'schema_version': 0,
                                                                   'values': prior_values, 'sensitive_values': sensitive})
    rc = next((c for c in p['resource_changes'] if c['address'] == address), None)
    if rc is None:
        rc = {'address': address, 'mode': 'managed', 'type': resource_type, 'name': name, 'provider_name': 'registry.terraform.io/hashicorp/aws', 'change': {}}
        p['resource_changes'].append(rc)
        p['resource_changes'].sort(key=lambda c: c['address'])
    rc['action_reason'] = 'delete_because_no_resource_config'
    rc['change'] = {'actions': ['delete'], 'before': prior_values, 'after': None, 'after_unknown': {}, 'before_sensitive': sensitive, 'after_sensitive': False}
    mod = p['planned_values']['root_module']
    mod['resources'] = [r for r in mod['resources'] if r['address'] != address]
    cm = p['configuration']['root_module']
    cm['resources'] = [r for r in cm['resources'] if r['address'] != address]


def existing_stage_core(p, bucket_key_enabled=True):
    """Key, stage bucket and its encryption already exist (applied from the baseline configuration)."""
    key = existing_key(p)
    set_existing(p, 'aws_kms_key.stage', key, {'tags': {}, 'tags_all': {}})
    propagate(p, 'aws_kms_key.stage', key)
    bucket = existing_bucket(p, bucket_key_enabled)
    set_existing(p, 'aws_s3_bucket.stage', bucket, BUCKET_SENSITIVE)
    propagate(p, 'aws_s3_bucket.stage', bucket)
    return key, bucket


def sse_values(bucket_key_enabled):
    return {'bucket': STAGE, 'expected_bucket_owner': '', 'id': STAGE,
            'rule': [{'apply_server_side_encryption_by_default': [{'kms_master_key_id': KEY_ARN, 'sse_algorithm': 'aws:kms'}], 'bucket_key_enabled': bucket_key_enabled}]}


SSE_SENSITIVE = {'rule': [{'apply_server_side_encryption_by_default': [{}]}]}


def update_bucket_key_off():
    """Update in place: the stage bucket, its key and encryption exist with Bucket Key on; the change turns it off."""
    p = copy.deepcopy(BASELINE)
    existing_stage_core(p)
    before = sse_values(True)
    after = sse_values(False)
    set_existing(p, 'aws_s3_bucket_server_side_encryption_configuration.stage', before, SSE_SENSITIVE, actions=('update',), after=after)
    c = change(p, 'aws_s3_bucket_server_side_encryption_configuration.stage')['change']
    c['after_unknown'] = {'rule': [{'apply_server_side_encryption_by_default': [{}]}]}
    c['after_sensitive'] = SSE_SENSITIVE
    planned(p, 'aws_s3_bucket_server_side_encryption_configuration.stage')['values'] = copy.deepcopy(after)
    config(p, 'aws_s3_bucket_server_side_encryption_configuration.stage')['expressions']['rule'][0]['bucket_key_enabled'] = {'constant_value': False}
    return p, ('main.tf: bucket_key_enabled = false in aws_s3_bucket_server_side_encryption_configuration.stage',
               'FAIL: s3-bucket-key-enabled, cost-bucket-key-disabled — the existing stage encryption is updated in place (actions ["update"], prior_state present) to bucket_key_enabled = false.')


def replace_kms_key():
    """Replace: the existing stage key is destroyed and created again (terraform apply -replace); its new ARN is known only after apply."""
    p = copy.deepcopy(BASELINE)
    key = existing_key(p)
    bucket = existing_bucket(p)
    set_existing(p, 'aws_s3_bucket.stage', bucket, BUCKET_SENSITIVE)
    propagate(p, 'aws_s3_bucket.stage', bucket)
    rc = change(p, 'aws_kms_key.stage')
    set_existing(p, 'aws_kms_key.stage', key, {'tags': {}, 'tags_all': {}}, actions=('delete', 'create'), after=rc['change']['after'])
    rc['action_reason'] = 'replace_by_request'
    # The encryption exists with the old key's ARN; after apply it names the new key (known only after apply).
    before = sse_values(True)
    set_existing(p, 'aws_s3_bucket_server_side_encryption_configuration.stage', before, SSE_SENSITIVE, actions=('update',), after={**before, 'rule': [{'apply_server_side_encryption_by_default': [{'sse_algorithm': 'aws:kms'}], 'bucket_key_enabled': True}]})
    c = change(p, 'aws_s3_bucket_server_side_encryption_configuration.stage')['change']
    c['after_unknown'] = {'rule': [{'apply_server_side_encryption_by_default': [{'kms_master_key_id': True}]}]}
    c['after_sensitive'] = SSE_SENSITIVE
    planned(p, 'aws_s3_bucket_server_side_encryption_configuration.stage')['values'] = copy.deepcopy(c['after'])
    return p, ('terraform plan -replace=aws_kms_key.stage on the applied baseline',
               'FAIL: none — the replaced key is in the inventory as the key the plan creates (its stand-in ARN), and the bucket still names it.')


def delete_versioning():
    """Delete: the stage bucket's aws_s3_bucket_versioning is removed from the configuration (the provider then suspends versioning)."""
    p = copy.deepcopy(BASELINE)
    bucket = existing_bucket(p)
    set_existing(p, 'aws_s3_bucket.stage', bucket, BUCKET_SENSITIVE)
    propagate(p, 'aws_s3_bucket.stage', bucket)
    delete(p, 'aws_s3_bucket_versioning.stage', {'bucket': STAGE, 'expected_bucket_owner': '', 'id': STAGE, 'mfa': None,
                                                 'versioning_configuration': [{'mfa_delete': '', 'status': 'Enabled'}]},
           {'versioning_configuration': [{}]}, 'aws_s3_bucket_versioning', 'stage')
    return p, ('main.tf: resource "aws_s3_bucket_versioning" "stage" removed',
               'FAIL: s3-versioning-enabled — the stage bucket exists and its versioning resource is deleted: versioning is not Enabled after apply (the bucket’s own computed `versioning` still says enabled: it is the state before apply).')


def delete_bucket():
    """Delete: an old bucket the configuration no longer declares (with its versioning) is destroyed; it leaves the inventory."""
    p = copy.deepcopy(BASELINE)
    old = 's3-snow-kms-test-v2'
    values = {**existing_bucket(p), 'bucket': old, 'id': old, 'arn': f'arn:aws:s3:::{old}', 'bucket_domain_name': f'{old}.s3.amazonaws.com',
              'bucket_regional_domain_name': f'{old}.s3.eu-west-1.amazonaws.com', 'logging': [], 'server_side_encryption_configuration': [{'rule': [{'apply_server_side_encryption_by_default': [{'kms_master_key_id': '', 'sse_algorithm': 'AES256'}], 'bucket_key_enabled': False}]}],
              'tags': {'Name': old}, 'tags_all': {'Name': old}}
    delete(p, 'aws_s3_bucket.old', values, BUCKET_SENSITIVE, 'aws_s3_bucket', 'old')
    delete(p, 'aws_s3_bucket_versioning.old', {'bucket': old, 'expected_bucket_owner': '', 'id': old, 'mfa': None, 'versioning_configuration': [{'mfa_delete': '', 'status': 'Enabled'}]},
           {'versioning_configuration': [{}]}, 'aws_s3_bucket_versioning', 'old')
    return p, ('main.tf: the baseline; resources "aws_s3_bucket" "old" and "aws_s3_bucket_versioning" "old" (bucket s3-snow-kms-test-v2, SSE-S3) removed',
               'FAIL: none — the deleted bucket s3-snow-kms-test-v2 (SSE-S3, no Bucket Key) leaves the inventory and is judged by no rule.')


def key_from_local():
    """Unknown after apply that the index cannot resolve: kms_master_key_id = local.stage_key_arn (a local holding aws_kms_key.stage.arn)."""
    p = copy.deepcopy(BASELINE)
    e = config(p, 'aws_s3_bucket_server_side_encryption_configuration.stage')['expressions']['rule'][0]['apply_server_side_encryption_by_default'][0]
    e['kms_master_key_id'] = {'references': ['local.stage_key_arn']}
    return p, ('main.tf: locals { stage_key_arn = aws_kms_key.stage.arn }; kms_master_key_id = local.stage_key_arn',
               'FAIL: none — UNKNOWN: s3-default-encryption-cmk, s3-bucket-key-enabled, cost-bucket-key-disabled, kms-alias-present — the key comes from a local, whose expression plan JSON does not hold: the bucket’s encryption is known only after apply, so every rule reading it is unknown, never a pass.')


SF_PROVIDER = 'registry.terraform.io/snowflakedb/snowflake'
SF_USER = 'arn:aws:iam::999988887777:user/abc1-s-exmp0000'
ROLE_ARN = f'arn:aws:iam::{ACCOUNT}:role/snowflake-s3-kms-role'
CANARY = 'CANARY-SF-SECRET-7f3a9c'


def snowflake_plan():
    """
    Written by hand in the snowflakedb/snowflake v2.x attribute shapes (research/snowflake.md §6):
    - snowflake_storage_integration_aws.s3 replaced (terraform apply -replace: actions delete+create),
      its describe_output known before, unknown after; storage_aws_role_arn from the existing role;
    - snowflake_stage_external_s3.stage created: encryption aws_sse_kms with kms_key_id = the new
      aws_kms_key.stage.arn (known only after apply, resolved through the reference);
    - legacy snowflake_storage_integration.legacy and snowflake_stage.legacy, unchanged (no-op), the
      stage's `credentials` string sensitive and holding a canary that must reach no output.
    """
    p = copy.deepcopy(BASELINE)
    key_rc = copy.deepcopy(change(p, 'aws_kms_key.stage'))
    key_pv = copy.deepcopy(planned(p, 'aws_kms_key.stage'))
    key_cf = copy.deepcopy(config(p, 'aws_kms_key.stage'))
    role_after = {**change(p, 'aws_iam_role.snowflake')['change']['after'], 'arn': ROLE_ARN, 'create_date': '2026-11-02T09:14:05Z', 'id': 'snowflake-s3-kms-role',
                  'inline_policy': [], 'managed_policy_arns': [], 'name_prefix': '', 'unique_id': 'AROAEXAMPLE0FIXTURE00'}
    role_sensitive = {'inline_policy': [], 'managed_policy_arns': [], 'tags': {}, 'tags_all': {}}

    describe_before = [{'id': 'S3_STAGE_INT', 'enabled': 'true', 'provider': 'S3', 'allowed_locations': [f's3://{STAGE}/data/'], 'blocked_locations': [],
                        'comment': '', 'role_arn': ROLE_ARN, 'iam_user_arn': SF_USER, 'external_id': 'XY12345_SFCRole=2_fixtureexternalid=',
                        'object_acl': '', 'use_privatelink_endpoint': 'false'}]
    show_before = [{'name': 'S3_STAGE_INT', 'storage_type': 'EXTERNAL_STAGE', 'category': 'STORAGE', 'enabled': True, 'comment': '', 'created_on': '2026-11-02 09:20:11.123 -0800 PST'}]
    int_config = {'comment': '', 'enabled': True, 'name': 'S3_STAGE_INT', 'storage_allowed_locations': [f's3://{STAGE}/data/'], 'storage_aws_external_id': None,
                  'storage_aws_object_acl': None, 'storage_aws_role_arn': ROLE_ARN, 'storage_blocked_locations': None, 'storage_provider': 'S3',
                  'use_privatelink_endpoint': 'default'}
    int_before = {**int_config, 'describe_output': describe_before, 'fully_qualified_name': '"S3_STAGE_INT"', 'id': '"S3_STAGE_INT"', 'show_output': show_before}
    int_unknown = {'describe_output': True, 'fully_qualified_name': True, 'id': True, 'show_output': True, 'storage_allowed_locations': [False]}
    stage_after = {'aws_access_point_arn': None, 'comment': None, 'credentials': [], 'database': 'ANALYTICS', 'directory': [],
                   'encryption': [{'aws_cse': [], 'aws_sse_kms': [{}], 'aws_sse_s3': [], 'none': []}], 'file_format': [], 'name': 'S3_STAGE', 'schema': 'RAW',
                   'storage_integration': 'S3_STAGE_INT', 'url': f's3://{STAGE}/data/', 'use_privatelink_endpoint': 'default'}
    stage_unknown = {'cloud': True, 'credentials': [], 'describe_output': True, 'directory': True, 'encryption': [{'aws_cse': [], 'aws_sse_kms': [{'kms_key_id': True}], 'aws_sse_s3': [], 'none': []}],
                     'file_format': True, 'fully_qualified_name': True, 'id': True, 'show_output': True, 'stage_type': True}
    stage_sensitive = {'credentials': [], 'directory': [], 'encryption': [{'aws_cse': [], 'aws_sse_kms': [{}], 'aws_sse_s3': [], 'none': []}], 'file_format': []}
    row = lambda name, typ, value, default='': [{'name': name, 'type': typ, 'value': value, 'default': default}]
    legacy_int = {'azure_consent_url': '', 'azure_multi_tenant_app_name': '', 'azure_tenant_id': None, 'comment': '', 'created_on': '2024-03-01 08:00:00.000 -0800 PST',
                  'describe_output': [{'enabled': row('ENABLED', 'Boolean', 'true', 'false'), 'storage_provider': row('STORAGE_PROVIDER', 'String', 'S3'),
                                       'storage_allowed_locations': row('STORAGE_ALLOWED_LOCATIONS', 'List', 's3://legacy-bucket/in/', '[]'),
                                       'storage_blocked_locations': row('STORAGE_BLOCKED_LOCATIONS', 'List', '', '[]'),
                                       'storage_aws_iam_user_arn': row('STORAGE_AWS_IAM_USER_ARN', 'String', SF_USER),
                                       'storage_aws_role_arn': row('STORAGE_AWS_ROLE_ARN', 'String', f'arn:aws:iam::{ACCOUNT}:role/legacy-snowflake'),
                                       'storage_aws_external_id': row('STORAGE_AWS_EXTERNAL_ID', 'String', 'XY12345_SFCRole=3_legacyexternalid='),
                                       'comment': row('COMMENT', 'String', '')}],
                  'enabled': True, 'id': 'LEGACY_INT', 'name': 'LEGACY_INT', 'storage_allowed_locations': ['s3://legacy-bucket/in/'], 'storage_aws_external_id': '',
                  'storage_aws_iam_user_arn': SF_USER, 'storage_aws_object_acl': '', 'storage_aws_role_arn': f'arn:aws:iam::{ACCOUNT}:role/legacy-snowflake',
                  'storage_blocked_locations': [], 'storage_gcp_service_account': '', 'storage_provider': 'S3', 'type': 'EXTERNAL_STAGE'}
    legacy_stage = {'aws_external_id': '', 'comment': '', 'copy_options': '', 'credentials': f"AWS_KEY_ID='AKIAFIXTURE{CANARY}' AWS_SECRET_KEY='{CANARY}'",
                    'database': 'ANALYTICS', 'directory': '', 'encryption': f"TYPE='AWS_SSE_KMS' KMS_KEY_ID='arn:aws:kms:eu-west-1:{ACCOUNT}:key/1111aaaa-22bb-33cc-44dd-555555eeeeee'",
                    'file_format': '', 'fully_qualified_name': '"ANALYTICS"."RAW"."LEGACY_STAGE"', 'id': '"ANALYTICS"|"RAW"|"LEGACY_STAGE"', 'name': 'LEGACY_STAGE',
                    'schema': 'RAW', 'snowflake_iam_user': '', 'storage_integration': 'LEGACY_INT', 'tag': [], 'url': 's3://legacy-bucket/in/'}

    def res(address, rtype, name, provider, values, sensitive):
        return {'address': address, 'mode': 'managed', 'type': rtype, 'name': name, 'provider_name': provider, 'schema_version': 0, 'values': values, 'sensitive_values': sensitive}

    def rc(address, rtype, name, provider, actions, before, after, after_unknown, before_sensitive, after_sensitive, reason=None):
        c = {'address': address, 'mode': 'managed', 'type': rtype, 'name': name, 'provider_name': provider,
             'change': {'actions': actions, 'before': before, 'after': after, 'after_unknown': after_unknown, 'before_sensitive': before_sensitive, 'after_sensitive': after_sensitive}}
        if reason:
            c['action_reason'] = reason
        return c

    ref = lambda *r: {'references': list(r)}
    const = lambda v: {'constant_value': v}
    SF = 'snowflake'
    planned_resources = [
        res('aws_iam_role.snowflake', 'aws_iam_role', 'snowflake', 'registry.terraform.io/hashicorp/aws', role_after, role_sensitive),
        key_pv,
        res('snowflake_stage.legacy', 'snowflake_stage', 'legacy', SF_PROVIDER, legacy_stage, {'credentials': True, 'tag': []}),
        res('snowflake_stage_external_s3.stage', 'snowflake_stage_external_s3', 'stage', SF_PROVIDER, stage_after, stage_sensitive),
        res('snowflake_storage_integration.legacy', 'snowflake_storage_integration', 'legacy', SF_PROVIDER, legacy_int, {'describe_output': [{}], 'storage_allowed_locations': [False], 'storage_blocked_locations': []}),
        res('snowflake_storage_integration_aws.s3', 'snowflake_storage_integration_aws', 's3', SF_PROVIDER, int_config, {'storage_allowed_locations': [False]}),
    ]
    changes = [
        rc('aws_iam_role.snowflake', 'aws_iam_role', 'snowflake', 'registry.terraform.io/hashicorp/aws', ['no-op'], role_after, role_after, {}, role_sensitive, role_sensitive),
        key_rc,
        rc('snowflake_stage.legacy', 'snowflake_stage', 'legacy', SF_PROVIDER, ['no-op'], legacy_stage, legacy_stage, {}, {'credentials': True, 'tag': []}, {'credentials': True, 'tag': []}),
        rc('snowflake_stage_external_s3.stage', 'snowflake_stage_external_s3', 'stage', SF_PROVIDER, ['create'], None, stage_after, stage_unknown, False, stage_sensitive),
        rc('snowflake_storage_integration.legacy', 'snowflake_storage_integration', 'legacy', SF_PROVIDER, ['no-op'], legacy_int, legacy_int, {},
           {'describe_output': [{}], 'storage_allowed_locations': [False], 'storage_blocked_locations': []}, {'describe_output': [{}], 'storage_allowed_locations': [False], 'storage_blocked_locations': []}),
        rc('snowflake_storage_integration_aws.s3', 'snowflake_storage_integration_aws', 's3', SF_PROVIDER, ['delete', 'create'], int_before, int_config, int_unknown,
           {'describe_output': [{'allowed_locations': [False], 'blocked_locations': []}], 'show_output': [{}], 'storage_allowed_locations': [False]}, {'storage_allowed_locations': [False]}, 'replace_by_request'),
    ]
    config_resources = [
        {'address': 'aws_iam_role.snowflake', 'mode': 'managed', 'type': 'aws_iam_role', 'name': 'snowflake', 'provider_config_key': 'aws',
         'expressions': {'assume_role_policy': ref('data.aws_iam_policy_document.snowflake_trust.json', 'data.aws_iam_policy_document.snowflake_trust'), 'name': const('snowflake-s3-kms-role')}, 'schema_version': 0},
        key_cf,
        {'address': 'snowflake_stage.legacy', 'mode': 'managed', 'type': 'snowflake_stage', 'name': 'legacy', 'provider_config_key': SF,
         'expressions': {'credentials': ref('var.legacy_stage_credentials'), 'database': const('ANALYTICS'), 'encryption': const(legacy_stage['encryption']), 'name': const('LEGACY_STAGE'),
                         'schema': const('RAW'), 'storage_integration': ref('snowflake_storage_integration.legacy.name', 'snowflake_storage_integration.legacy'), 'url': const('s3://legacy-bucket/in/')}, 'schema_version': 3},
        {'address': 'snowflake_stage_external_s3.stage', 'mode': 'managed', 'type': 'snowflake_stage_external_s3', 'name': 'stage', 'provider_config_key': SF,
         'expressions': {'database': const('ANALYTICS'), 'encryption': [{'aws_sse_kms': [{'kms_key_id': ref('aws_kms_key.stage.arn', 'aws_kms_key.stage')}]}], 'name': const('S3_STAGE'),
                         'schema': const('RAW'), 'storage_integration': ref('snowflake_storage_integration_aws.s3.name', 'snowflake_storage_integration_aws.s3'), 'url': const(f's3://{STAGE}/data/')}, 'schema_version': 0},
        {'address': 'snowflake_storage_integration.legacy', 'mode': 'managed', 'type': 'snowflake_storage_integration', 'name': 'legacy', 'provider_config_key': SF,
         'expressions': {'name': const('LEGACY_INT'), 'storage_allowed_locations': const(['s3://legacy-bucket/in/']), 'storage_aws_role_arn': const(f'arn:aws:iam::{ACCOUNT}:role/legacy-snowflake'),
                         'storage_provider': const('S3'), 'type': const('EXTERNAL_STAGE')}, 'schema_version': 1},
        {'address': 'snowflake_storage_integration_aws.s3', 'mode': 'managed', 'type': 'snowflake_storage_integration_aws', 'name': 's3', 'provider_config_key': SF,
         'expressions': {'enabled': const(True), 'name': const('S3_STAGE_INT'), 'storage_allowed_locations': const([f's3://{STAGE}/data/']),
                         'storage_aws_role_arn': ref('aws_iam_role.snowflake.arn', 'aws_iam_role.snowflake'), 'storage_provider': const('S3')}, 'schema_version': 0},
    ]
    prior = [r for r in planned_resources if r['address'] in ('aws_iam_role.snowflake', 'snowflake_stage.legacy', 'snowflake_storage_integration.legacy')]
    prior.append(res('snowflake_storage_integration_aws.s3', 'snowflake_storage_integration_aws', 's3', SF_PROVIDER, int_before, {'describe_output': [{'allowed_locations': [False], 'blocked_locations': []}], 'show_output': [{}], 'storage_allowed_locations': [False]}))
    plan = {
        'format_version': '1.2', 'terraform_version': '1.11.4',
        'variables': {'legacy_stage_credentials': {'value': f"AWS_KEY_ID='AKIAFIXTURE{CANARY}' AWS_SECRET_KEY='{CANARY}'"}},
        'planned_values': {'root_module': {'resources': planned_resources}},
        'resource_changes': changes,
        'prior_state': {'format_version': '1.0', 'terraform_version': '1.11.4', 'values': {'root_module': {'resources': prior}}},
        'configuration': {'provider_config': {
            'aws': p['configuration']['provider_config']['aws'],
            'snowflake': {'name': 'snowflake', 'full_name': SF_PROVIDER, 'version_constraint': '>= 2.18.0',
                          'expressions': {'organization_name': const('FIXTUREORG'), 'account_name': const('FIXTUREACCT'), 'user': const('TERRAFORM'),
                                          'authenticator': const('SNOWFLAKE_JWT'), 'private_key': ref('var.snowflake_private_key')}}},
            'root_module': {'resources': config_resources, 'variables': {'legacy_stage_credentials': {'sensitive': True}, 'snowflake_private_key': {'sensitive': True}}}},
        'timestamp': '2026-12-01T10:00:00Z', 'applyable': True, 'complete': True, 'errored': False,
    }
    return plan, ('hand-written (see snowflake_plan in the script)',
                  'INVENTORY: no Snowflake rule exists yet (issue 20); own-fixtures.test.ts asserts the integrations and stages the inventory holds, the replaced integration marked recreated, and that no canary reaches it.')


BASE_TF = open(os.path.join(FIXTURES, 'terraform', 'baseline', 'main.tf')).read()


def edited_tf(*pairs):
    def build():
        tf = BASE_TF
        for old, new in zip(pairs[::2], pairs[1::2]):
            assert tf.count(old) == 1, old
            tf = tf.replace(old, new)
        return tf
    return build


# The baseline main.tf with each scenario's edit (the policy templates are rebuilt from it).
MAIN_TF = {
    'update-bucket-key-off': edited_tf('      kms_master_key_id = aws_kms_key.stage.arn\n    }\n    bucket_key_enabled = true', '      kms_master_key_id = aws_kms_key.stage.arn\n    }\n    bucket_key_enabled = false'),
    'replace-kms-key': lambda: BASE_TF,
    'delete-versioning': edited_tf('resource "aws_s3_bucket_versioning" "stage" {\n  bucket = aws_s3_bucket.stage.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n\n', ''),
    'delete-bucket': lambda: BASE_TF,
    'key-from-local': edited_tf('      kms_master_key_id = aws_kms_key.stage.arn\n', '      kms_master_key_id = local.stage_key_arn\n',
                                'locals {\n', 'locals {\n  stage_key_arn     = aws_kms_key.stage.arn\n'),
}


SCENARIOS = {
    'snowflake': snowflake_plan,
    'update-bucket-key-off': update_bucket_key_off,
    'replace-kms-key': replace_kms_key,
    'delete-versioning': delete_versioning,
    'delete-bucket': delete_bucket,
    'key-from-local': key_from_local,
}

if __name__ == '__main__':
    for name, build in SCENARIOS.items():
        plan, (edit, expected) = build()
        out = os.path.join(FIXTURES, 'terraform-own', name)
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, 'plan.json'), 'w') as f:
            json.dump(plan, f, indent=4, ensure_ascii=False)
            f.write('\n')
        tf = MAIN_TF.get(name)
        if tf is not None:
            with open(os.path.join(out, 'main.tf'), 'w') as f:
                f.write(tf())
        with open(os.path.join(out, 'EXPECTED.md'), 'w') as f:
            f.write(expected + '\n')
        with open(os.path.join(out, 'EDIT.md'), 'w') as f:
            f.write(f'Derived from ../../terraform/baseline/plan.json by test/scripts/terraform-own-fixtures.py ({name}): {edit}.\n')
        print(name)
