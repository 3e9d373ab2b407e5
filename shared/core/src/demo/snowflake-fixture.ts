/**
 * The demo account's Snowflake side (the seeds' names): DEMO_KMS_V3.DEMO_SCHEMA.S3_STAGE_KMS on
 * S3_INTEGRATION_KMS, whose role trusts it — the compliant chain; INGEST.RAW.EVENTS_STAGE on
 * S3_INTEGRATION_EVENTS, re-created with CREATE OR REPLACE after the trust policy was written, so
 * its external id no longer matches (the seeds' phase-3 break); and a legacy stage with embedded
 * credentials that predates the integrations.
 */
import type { FakeIntegration, FakeStage } from './snowflake-sql-api.js';
import { s3IntegrationRows } from './snowflake-sql-api.js';
import { SNOWFLAKE_EXTERNAL_ID, SNOWFLAKE_ROLE_ARN, SNOWFLAKE_USER_ARN } from './fixture-policies.js';

export interface DemoSnowflake {
  /** Account identifier (also the JWT's ACCOUNT). */
  account: string;
  user: string;
  role: string;
  integrations: FakeIntegration[];
  stages: FakeStage[];
}

/** What CREATE OR REPLACE generated for S3_INTEGRATION_EVENTS; the role's trust still names SNOWFLAKE_EXTERNAL_ID. */
export const RECREATED_EXTERNAL_ID = 'DEMO12345_SFCRole=5_Frad7Yx2LmQ0vTn3KcW9pB1sHe8=';

export const demoSnowflake: DemoSnowflake = {
  account: 'DEMO12345',
  user: 'ENVELOPE_SCANNER',
  role: 'ENVELOPE_AUDIT',
  integrations: [
    {
      name: 'S3_INTEGRATION_KMS',
      properties: s3IntegrationRows({ roleArn: SNOWFLAKE_ROLE_ARN, userArn: SNOWFLAKE_USER_ARN, externalId: SNOWFLAKE_EXTERNAL_ID, allowed: ['s3://acme-snowflake-stage/data/'] }),
    },
    {
      name: 'S3_INTEGRATION_EVENTS',
      comment: 're-created by CREATE OR REPLACE; trust policy not updated',
      // What Snowflake answers when it cannot assume the role (research/snowflake.md §3.5).
      validation: {
        status: 'failure',
        actions: Object.fromEntries(
          ['READ', 'WRITE', 'LIST', 'DELETE'].map((a) => [a, { status: 'failure', message: 'Error assuming AWS_ROLE. Please verify the role and externalId are configured correctly in your AWS policy.' }]),
        ),
        message: 'Failed to access the storage location.',
      },
      properties: s3IntegrationRows({
        roleArn: SNOWFLAKE_ROLE_ARN,
        userArn: SNOWFLAKE_USER_ARN,
        externalId: RECREATED_EXTERNAL_ID,
        allowed: ['s3://acme-events-raw/events/'],
        comment: 're-created by CREATE OR REPLACE; trust policy not updated',
      }),
    },
  ],
  stages: [
    { database: 'DEMO_KMS_V3', schema: 'DEMO_SCHEMA', name: 'S3_STAGE_KMS', url: 's3://acme-snowflake-stage/data/', storageIntegration: 'S3_INTEGRATION_KMS', hasEncryptionKey: true, owner: 'DATA_PLATFORM_ADMIN' },
    { database: 'INGEST', schema: 'RAW', name: 'EVENTS_STAGE', url: 's3://acme-events-raw/events/', storageIntegration: 'S3_INTEGRATION_EVENTS', owner: 'INGESTION_ADMIN' },
    { database: 'ML', schema: 'FEATURES', name: 'FEATURES_EXPORT', url: 's3://acme-ml-features/exports/', hasCredentials: true, owner: 'ML_ENGINEER' },
  ],
};
