import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { missingProfileKey } from '../profile-values.js';

export default defineRule({
  id: 'kms-key-enabled',
  title: 'The key exists, is Enabled and is not scheduled for deletion',
  severity: 'critical',
  resourceType: 'key',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['KMS.3'], prowler: ['kms_cmk_not_deleted_unintentionally'], checkov: ['CKV_AWS_227'] },
  description:
    'A key that is disabled, pending deletion, pending import or unavailable cannot decrypt: every read of an object encrypted under it fails, and after deletion the data is lost for good. PendingReplicaDeletion (a multi-Region primary scheduled for deletion while replicas exist) is a deletion too.',
  messages: {
    enabled: 'The key is Enabled.',
    missing: 'The key does not exist, but {{referencedBy}} references it: objects encrypted under it cannot be read and writes under it fail.',
    pendingDeletion: 'The key is scheduled for deletion on {{deletionDate}}: after that, data encrypted under it is unrecoverable.',
    pendingReplicaDeletion:
      'The multi-Region primary is scheduled for deletion (PendingReplicaDeletion): it is deleted {{window}} days after its last replica is deleted.',
    notEnabled: 'The key state is {{state}}, not Enabled: S3 cannot encrypt or decrypt with it.',
  },
  remediation:
    'Pending deletion: aws kms cancel-key-deletion --key-id KEY_ARN, then aws kms enable-key --key-id KEY_ARN. Disabled: aws kms enable-key --key-id KEY_ARN. PendingImport: import the key material (aws kms import-key-material). Unavailable: reconnect the custom key store. Missing: point the referencing bucket at an existing customer-managed key (objects under the deleted key are lost).',
  check(key, ctx) {
    const md = key.metadata;
    if (md.state === 'unknown') return unknown(md.reason);
    // A key only the profile names is a profile value that does not resolve, not a broken key.
    const profileOnly = missingProfileKey(key, ctx.profile);
    if (profileOnly) return unknown(profileOnly);
    if (md.state === 'absent') return fail('missing', { referencedBy: key.referencedBy.join(', ') || 'the profile' }, { keyState: 'NotFound' });
    const { keyState: state, deletionDate, pendingDeletionWindowInDays: window } = md.value;
    const evidence = { keyState: state, ...(deletionDate ? { deletionDate } : {}), ...(window !== undefined ? { pendingDeletionWindowInDays: window } : {}) };
    switch (state) {
      case 'Enabled':
        return pass('enabled');
      case 'PendingDeletion':
        return fail('pendingDeletion', { deletionDate: deletionDate ?? 'an unreported date' }, evidence);
      case 'PendingReplicaDeletion':
        return fail('pendingReplicaDeletion', { window: window ?? 'the scheduled number of' }, evidence);
      default:
        // Disabled, PendingImport, Unavailable, Creating, Updating: none of them serves S3 requests.
        return fail('notEnabled', { state }, evidence);
    }
  },
});
