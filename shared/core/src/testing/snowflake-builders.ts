/** Snowflake objects for rule tests: the compliant architecture plus its integration and stage. */
import type { Inventory, SnowflakeIntegrationInventory, SnowflakeStageInventory } from '../model/inventory.js';
import { present, type Observed } from '../model/observed.js';
import { compliantArchitecture } from './architecture-inventory.js';
import { BUCKET, SNOWFLAKE_EXTERNAL_ID, SNOWFLAKE_ROLE_ARN, SNOWFLAKE_USER_ARN } from './inventory-builders.js';

export const SF_ACCOUNT = 'ACME-PROD';
export const INTEGRATION = 'S3_INTEGRATION_KMS';
export const STAGE = 'DEMO_KMS_V3.DEMO_SCHEMA.S3_STAGE_KMS';

export const integrationProperties = (): Record<string, string> => ({
  ENABLED: 'true',
  STORAGE_PROVIDER: 'S3',
  STORAGE_ALLOWED_LOCATIONS: `s3://${BUCKET}/data/`,
  STORAGE_BLOCKED_LOCATIONS: '',
  STORAGE_AWS_IAM_USER_ARN: SNOWFLAKE_USER_ARN,
  STORAGE_AWS_ROLE_ARN: SNOWFLAKE_ROLE_ARN,
  STORAGE_AWS_EXTERNAL_ID: SNOWFLAKE_EXTERNAL_ID,
  USE_PRIVATELINK_ENDPOINT: 'false',
  COMMENT: '',
});

export function makeIntegration(changes: Record<string, string | undefined> = {}, overrides: Partial<SnowflakeIntegrationInventory> = {}): SnowflakeIntegrationInventory {
  const props: Record<string, string> = integrationProperties();
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete props[k];
  else props[k] = v;
  return { id: `snowflake://${SF_ACCOUNT}/${INTEGRATION}`, name: INTEGRATION, account: SF_ACCOUNT, properties: present(props), ...overrides };
}

export function makeStage(changes: Record<string, string | undefined> = {}, overrides: Partial<SnowflakeStageInventory> = {}): SnowflakeStageInventory {
  const props: Record<string, string> = {
    URL: JSON.stringify([`s3://${BUCKET}/data/`]),
    STORAGE_INTEGRATION: INTEGRATION,
    HAS_CREDENTIALS: 'N',
    HAS_ENCRYPTION_KEY: 'N',
    OWNER: 'SYSADMIN',
    DATABASE_NAME: 'DEMO_KMS_V3',
    SCHEMA_NAME: 'DEMO_SCHEMA',
    TYPE: 'EXTERNAL',
    CLOUD: 'AWS',
  };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete props[k];
  else props[k] = v;
  return { id: `snowflake://${SF_ACCOUNT}/${STAGE}`, name: STAGE, account: SF_ACCOUNT, properties: present(props), ...overrides };
}

export const withProperties = <T extends { properties: Observed<Record<string, string>> }>(o: T, properties: Observed<Record<string, string>>): T => ({ ...o, properties });

/** The compliant architecture with its Snowflake side, as a live scan lists it. */
export function snowflakeArchitecture(
  parts: { integrations?: SnowflakeIntegrationInventory[]; stages?: SnowflakeStageInventory[] } = {},
  base: Inventory = compliantArchitecture(),
): Inventory {
  const integrations = parts.integrations ?? [makeIntegration()];
  const stages = parts.stages ?? [makeStage()];
  return {
    ...base,
    snowflake: {
      integrations,
      stages,
      listing: { account: SF_ACCOUNT, integrations: present(integrations.map((i) => i.name)), stages: present(stages.length) },
    },
  };
}
