import { defineRule, fail, pass } from '../define-rule.js';

export default defineRule({
  id: 'trail-log-file-validation',
  title: 'CloudTrail log file validation is enabled',
  severity: 'medium',
  resourceType: 'trail',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['CloudTrail.4'], cis: ['v3.0.0/3.2'], prowler: ['cloudtrail_log_file_validation_enabled'], checkov: ['CKV_AWS_36'] },
  description:
    'LogFileValidationEnabled must be true, so CloudTrail writes signed digest files and a deleted or edited log file can be detected (aws cloudtrail validate-logs).',
  messages: {
    on: 'Log file validation is enabled.',
    off: 'Log file validation is disabled: edited or deleted log files cannot be detected.',
  },
  remediation:
    'aws cloudtrail update-trail --name TRAIL --enable-log-file-validation (Terraform: aws_cloudtrail enable_log_file_validation = true).',
  check(trail) {
    return trail.logFileValidationEnabled ? pass('on', {}, { logFileValidationEnabled: true }) : fail('off', {}, { logFileValidationEnabled: false });
  },
});
