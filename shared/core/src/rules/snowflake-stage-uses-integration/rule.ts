import { defineRule, fail, notApplicable, pass, unknown } from '../define-rule.js';
import { readProperties } from '../snowflake-shared.js';

export default defineRule({
  id: 'snowflake-stage-uses-integration',
  title: 'External stage uses a storage integration, not embedded credentials',
  severity: 'high',
  resourceType: 'snowflake-stage',
  packs: ['snowflake-s3-kms'],
  description:
    'An external stage should reach S3 through a storage integration (the IAM role with an ExternalId). A stage with CREDENTIALS holds an access key (or the deprecated AWS_ROLE) inside Snowflake, readable to whoever owns the stage and never rotated by the architecture; a stage with neither reads a public bucket. Snowflake refuses CREDENTIALS together with STORAGE_INTEGRATION, so a stage with an integration has no embedded credentials. CIS Snowflake 4.5/4.6 stop new ones; this finds the old ones.',
  messages: {
    integration: 'The stage uses storage integration {{integration}}.',
    credentials: 'The stage has embedded credentials (has_credentials = Y) and no storage integration.',
    none: 'The stage uses no storage integration and no credentials: it reads a public location.',
    noIntegration: 'The stage uses no storage integration: it reaches S3 with embedded credentials, or reads a public location.',
  },
  remediation:
    'CREATE a storage integration for the bucket (see the reference architecture), then ALTER STAGE <db>.<schema>.<stage> SET STORAGE_INTEGRATION = <integration> (which drops CREDENTIALS), and deactivate the access key the stage held. Set the account parameters REQUIRE_STORAGE_INTEGRATION_FOR_STAGE_CREATION and REQUIRE_STORAGE_INTEGRATION_FOR_STAGE_OPERATION to TRUE.',
  check(stage) {
    const props = readProperties(stage);
    if (!props.ok) return props.outcome;
    const type = props.values.TYPE;
    if (type && /^INTERNAL/i.test(type)) return notApplicable(`an ${type.toLowerCase()} stage is not an S3 stage`);
    const integration = props.get('STORAGE_INTEGRATION');
    const credentials = props.values.HAS_CREDENTIALS;
    if (integration.ok) {
      if (credentials === 'Y') return fail('credentials', {});
      return pass('integration', { integration: integration.value });
    }
    if (stage.unknownProperties?.STORAGE_INTEGRATION) return unknown(integration.reason);
    if (credentials === 'Y') return fail('credentials', {});
    // A plan does not read the (sensitive) credentials: without an integration the stage fails either way.
    return fail(credentials === 'N' ? 'none' : 'noIntegration', {});
  },
});
