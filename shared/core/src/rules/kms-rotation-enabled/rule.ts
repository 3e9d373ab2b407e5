import { defineRule, fail, notApplicable, pass, unknown } from '../define-rule.js';

export default defineRule({
  id: 'kms-rotation-enabled',
  title: 'Automatic key rotation is on, within the profile period',
  severity: 'high',
  resourceType: 'key',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['KMS.4'], cis: ['v3.0.0/3.6'], prowler: ['kms_cmk_rotation_enabled'], checkov: ['CKV_AWS_7'] },
  description:
    'Customer-managed keys rotate their key material automatically when rotation is enabled; the period must not exceed the profile maximum (365 days by default). Multi-Region replicas share the primary’s rotation setting.',
  messages: {
    rotating: 'Automatic rotation is on (every {{period}} days).',
    off: 'Automatic rotation is off.',
    tooSlow: 'Rotation is on but every {{period}} days, more than the profile maximum of {{max}}.',
  },
  remediation:
    'aws kms enable-key-rotation --key-id KEY_ARN --rotation-period-in-days 365 (Terraform: enable_key_rotation = true, rotation_period_in_days = 365). For a multi-Region key, change it on the primary.',
  check(key, ctx) {
    const { profile } = ctx;
    const md = key.metadata;
    if (md.state === 'unknown') return unknown(md.reason);
    if (md.state === 'absent') return unknown('the key does not exist (kms-key-enabled reports it)');
    if (md.value.keyManager !== 'CUSTOMER') return notApplicable('AWS-managed keys rotate on AWS’s schedule');
    if (md.value.multiRegionKeyType === 'REPLICA') {
      // Rotation is shared with the primary: evaluated there, provided the scan read it.
      const primary = md.value.primaryKeyArn ? ctx.lookups.key(md.value.primaryKeyArn, md.value.primaryKeyArn.split(':')[3] ?? key.region) : undefined;
      return primary
        ? notApplicable('rotation of a multi-Region replica follows its primary; evaluated there')
        : unknown(`rotation of this multi-Region replica follows its primary ${md.value.primaryKeyArn ?? '(unknown)'}, which this scan did not read`);
    }
    const rot = key.rotation;
    if (rot.state === 'absent') return notApplicable(rot.note ?? 'rotation does not apply to this key');
    if (rot.state === 'unknown') return unknown(rot.reason);
    if (!rot.value.enabled) return fail('off', {}, { keyRotationEnabled: false });
    // Without a period in the response, AWS's default of 365 days applies.
    const period = rot.value.periodDays ?? 365;
    const max = profile.kms.rotationMaxDays;
    return period <= max ? pass('rotating', { period }) : fail('tooSlow', { period, max }, { rotationPeriodInDays: period });
  },
});
