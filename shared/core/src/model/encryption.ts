/** The S3 encryption algorithms that use KMS, and which of them can use an S3 Bucket Key. */
export const SSE_KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'] as const;

export const isSseKms = (algorithm: string | undefined): boolean => algorithm !== undefined && (SSE_KMS_ALGORITHMS as readonly string[]).includes(algorithm);

/** DSSE-KMS does not support S3 Bucket Keys. */
export const supportsBucketKey = (algorithm: string | undefined): boolean => algorithm === 'aws:kms';

/** The bucket name in an S3 bucket ARN (arn:aws:s3:::name), or the input when it is already a name. */
export const bucketNameOf = (arnOrName: string): string => arnOrName.replace(/^arn:[^:]+:s3:::/, '');
