import { defineRule, fail, pass, unknown } from '../define-rule.js';

export default defineRule({
  id: 'trail-kms-cmk',
  title: 'CloudTrail logs are encrypted with a healthy customer managed key',
  severity: 'medium',
  resourceType: 'trail',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['CloudTrail.2'], cis: ['v3.0.0/3.5'], prowler: ['cloudtrail_kms_encryption_enabled'], checkov: ['CKV_AWS_35'] },
  description:
    'The trail must name a KmsKeyId, and that key must be a CUSTOMER key that is Enabled and has automatic rotation on. Presence of KmsKeyId alone (what other tools check) is not enough: a disabled or pending-deletion key stops log delivery. Key metadata or rotation that could not be read is unknown.',
  messages: {
    ok: 'Logs are encrypted with customer key {{key}} (Enabled, rotating).',
    noKey: 'The trail has no KmsKeyId: log files are encrypted only with SSE-S3.',
    missingKey: 'The trail key {{key}} does not exist.',
    notCustomer: 'The trail key {{key}} is managed by {{manager}}, not a customer managed key.',
    notEnabled: 'The trail key {{key}} is {{state}}: CloudTrail cannot encrypt new log files with it.',
    notRotating: 'The trail key {{key}} does not rotate automatically{{why}}.',
  },
  remediation:
    'Create a customer managed key whose policy lets cloudtrail.amazonaws.com call kms:GenerateDataKey* with aws:SourceArn set to the trail ARN, enable rotation (aws kms enable-key-rotation), then aws cloudtrail update-trail --name TRAIL --kms-key-id KEY_ARN (Terraform: aws_cloudtrail kms_key_id, aws_kms_key enable_key_rotation = true).',
  check(trail, { lookups }) {
    const ref = trail.kmsKeyId;
    if (!ref) return trail.kmsKeyIdUnknown ? unknown(`the trail key: ${trail.kmsKeyIdUnknown}`) : fail('noKey');
    const key = lookups.key(ref, trail.homeRegion);
    if (!key) return unknown(`the trail key ${ref} was not read`, { kmsKeyId: ref });
    const md = key.metadata;
    if (md.state === 'unknown') return unknown(`key metadata of ${ref}: ${md.reason}`, { kmsKeyId: ref });
    if (md.state === 'absent') return fail('missingKey', { key: ref }, { kmsKeyId: ref });
    const m = md.value;
    const evidence = { kmsKeyId: ref, keyManager: m.keyManager, keyState: m.keyState };
    if (m.keyManager !== 'CUSTOMER') return fail('notCustomer', { key: ref, manager: m.keyManager }, evidence);
    if (!m.enabled || m.keyState !== 'Enabled') return fail('notEnabled', { key: ref, state: m.keyState }, evidence);
    const rot = key.rotation;
    if (rot.state === 'unknown') return unknown(`key rotation of ${ref}: ${rot.reason}`, evidence);
    if (rot.state === 'absent') return fail('notRotating', { key: ref, why: rot.note ? ` (${rot.note})` : '' }, evidence);
    if (!rot.value.enabled) return fail('notRotating', { key: ref, why: '' }, { ...evidence, rotation: false });
    return pass('ok', { key: ref }, { ...evidence, rotation: true });
  },
});
