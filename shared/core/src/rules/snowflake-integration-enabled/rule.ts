import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { readProperties, stagesOf } from '../snowflake-shared.js';

const S3_PROVIDERS = new Set(['S3', 'S3GOV', 'S3CHINA']);

export default defineRule({
  id: 'snowflake-integration-enabled',
  title: 'Storage integration is enabled and points at S3',
  severity: 'high',
  resourceType: 'snowflake-integration',
  packs: ['snowflake-s3-kms'],
  description:
    'DESC STORAGE INTEGRATION shows ENABLED and STORAGE_PROVIDER. A disabled integration refuses every load and unload of the stages that name it; the architecture’s integration is an S3 one (S3, or S3GOV / S3CHINA in those partitions).',
  messages: {
    enabled: 'ENABLED is true and STORAGE_PROVIDER is {{provider}}.',
    disabled: 'ENABLED is false: stages on {{integration}} ({{stages}}) cannot load or unload.',
    notS3: 'STORAGE_PROVIDER is {{provider}}, not S3: this integration is not part of the S3 architecture.',
  },
  remediation: 'ALTER STORAGE INTEGRATION <name> SET ENABLED = TRUE (Terraform: enabled = true on snowflake_storage_integration_aws). An integration for another cloud does not belong in this profile’s scope.',
  check(integration, ctx) {
    const props = readProperties(integration);
    if (!props.ok) return props.outcome;
    const provider = props.get('STORAGE_PROVIDER');
    const enabled = props.get('ENABLED');
    if (provider.ok && !S3_PROVIDERS.has(provider.value.toUpperCase())) return fail('notS3', { provider: provider.value });
    if (!enabled.ok) return unknown(enabled.reason);
    if (enabled.value.toLowerCase() !== 'true') return fail('disabled', { integration: integration.name, stages: stagesOf(integration, ctx).map((s) => s.name).join(', ') || 'none in this scan' });
    if (!provider.ok) return unknown(provider.reason);
    return pass('enabled', { provider: provider.value });
  },
});
