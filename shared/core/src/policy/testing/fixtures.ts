import type { PolicyDocument, PolicyStatement } from '../../model/policy-document.js';
import type { NamedPolicy } from '../statement-match.js';

/** Accounts, principals and resources shared by the evaluator tests. */
export const ACCOUNT = '111122223333';
export const OTHER = '444455556666';
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
export const OTHER_ROOT = `arn:aws:iam::${OTHER}:root`;
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/snowflake-role`;
export const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/snowflake-role/snowflake`;
export const OTHER_ROLE = `arn:aws:iam::${OTHER}:role/reader`;
export const OTHER_SESSION = `arn:aws:sts::${OTHER}:assumed-role/reader/s1`;
export const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
export const SNOWFLAKE_USER = 'arn:aws:iam::999988887777:user/abc1-s-v2st0000';
export const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const OTHER_KEY = `arn:aws:kms:us-east-1:${OTHER}:key/9999abcd-12ab-34cd-56ef-1234567890ab`;
export const BUCKET = 'data-bucket';
export const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
export const OBJECT_ARN = `${BUCKET_ARN}/stage/file.csv`;

export const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
export const named = (name: string, ...statements: PolicyStatement[]): NamedPolicy => ({ name, policy: doc(...statements) });
export const allow = (s: Omit<PolicyStatement, 'Effect'>): PolicyStatement => ({ Effect: 'Allow', ...s });
export const deny = (s: Omit<PolicyStatement, 'Effect'>): PolicyStatement => ({ Effect: 'Deny', ...s });

/** The default key policy of an API-created key: the account root may do everything (delegation to IAM). */
export const rootDelegation = (account = ACCOUNT): PolicyStatement =>
  allow({ Sid: 'Enable IAM User Permissions', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' });
