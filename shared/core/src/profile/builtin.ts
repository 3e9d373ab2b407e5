import type { ProfileInput } from './schema.js';

/** The seed architecture (seeds 000, 001, 004). Every value here is a default a profile file can override. */
export const snowflakeS3Kms: ProfileInput = {
  name: 'snowflake-s3-kms',
  description: 'Snowflake external stage on S3 with SSE-KMS under a customer-managed key (seed architecture).',
  scope: { bucketNames: ['*'] },
  ownership: { tagKey: 'team' },
  s3: {
    dataPrefix: 'data/',
    lifecycle: {
      transitions: [
        { days: 30, storageClass: 'STANDARD_IA' },
        { days: 90, storageClass: 'GLACIER' },
      ],
      noncurrentExpirationDays: 90,
    },
    requireAccessLogging: true,
  },
  kms: { alias: 'alias/snowflake-s3-kms', rotationMaxDays: 365, minDeletionWindowDays: 10 },
  snowflake: { roleName: 'snowflake-s3-kms-role' },
};

export const builtinProfiles: Record<string, ProfileInput> = {
  'snowflake-s3-kms': snowflakeS3Kms,
};
