import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateConditions, parseOperator } from './conditions.js';
import type { ContextKeys, ContextValue } from './context-keys.js';
import type { Tri } from './three-valued.js';

type Row = [name: string, operator: string, key: string, values: string | string[], keys: Record<string, ContextValue>, expected: Tri, unknowable?: string[]];

const VIA = 'kms:ViaService';
const S3_EAST = 's3.us-east-1.amazonaws.com';
const SSE = 's3:x-amz-server-side-encryption';
const EC = 'kms:EncryptionContext:aws:s3:arn';

const rows: Row[] = [
  // String operators
  ['StringEquals matches', 'StringEquals', VIA, S3_EAST, { [VIA]: S3_EAST }, true],
  ['StringEquals other value', 'StringEquals', VIA, S3_EAST, { [VIA]: 's3.eu-west-1.amazonaws.com' }, false],
  ['StringEquals any of several values', 'StringEquals', VIA, ['s3.eu-west-1.amazonaws.com', S3_EAST], { [VIA]: S3_EAST }, true],
  ['StringEquals is case-sensitive on values', 'StringEquals', VIA, 'S3.US-EAST-1.AMAZONAWS.COM', { [VIA]: S3_EAST }, false],
  ['condition keys are case-insensitive', 'StringEquals', 'KMS:VIASERVICE', S3_EAST, { 'kms:viaservice': S3_EAST }, true],
  ['StringEquals absent key is false', 'StringEquals', VIA, S3_EAST, {}, false],
  ['StringEquals treats * literally', 'StringEquals', 'sts:ExternalId', '*', { 'sts:ExternalId': 'abc' }, false],
  ['StringNotEquals different value', 'StringNotEquals', SSE, 'aws:kms', { [SSE]: 'AES256' }, true],
  ['StringNotEquals same value', 'StringNotEquals', SSE, 'aws:kms', { [SSE]: 'aws:kms' }, false],
  ['StringNotEquals absent key is true', 'StringNotEquals', SSE, 'aws:kms', {}, true],
  ['StringNotEquals none of several values', 'StringNotEquals', SSE, ['aws:kms', 'aws:kms:dsse'], { [SSE]: 'aws:kms:dsse' }, false],
  ['StringEqualsIgnoreCase', 'StringEqualsIgnoreCase', 'aws:username', 'ALICE', { 'aws:username': 'alice' }, true],
  ['StringEqualsIgnoreCase different', 'StringEqualsIgnoreCase', 'aws:username', 'bob', { 'aws:username': 'alice' }, false],
  ['StringNotEqualsIgnoreCase same', 'StringNotEqualsIgnoreCase', 'aws:username', 'ALICE', { 'aws:username': 'alice' }, false],
  ['StringNotEqualsIgnoreCase absent', 'StringNotEqualsIgnoreCase', 'aws:username', 'ALICE', {}, true],
  ['StringLike prefix wildcard', 'StringLike', 's3:prefix', 'stage/*', { 's3:prefix': 'stage/2026/' }, true],
  ['StringLike prefix miss', 'StringLike', 's3:prefix', 'stage/*', { 's3:prefix': 'other/' }, false],
  ['StringLike ? is one character', 'StringLike', 's3:prefix', 'stage-?', { 's3:prefix': 'stage-1' }, true],
  ['StringLike ? is not two characters', 'StringLike', 's3:prefix', 'stage-?', { 's3:prefix': 'stage-12' }, false],
  ['StringLike dot is literal', 'StringLike', 's3:prefix', 'a.b', { 's3:prefix': 'axb' }, false],
  ['StringLike * accepts any ExternalId', 'StringLike', 'sts:ExternalId', '*', { 'sts:ExternalId': 'anything' }, true],
  ['StringLike * on absent ExternalId is false', 'StringLike', 'sts:ExternalId', '*', {}, false],
  ['StringLike * matches the empty string', 'StringLike', 's3:prefix', '*', { 's3:prefix': '' }, true],
  ['StringNotLike match', 'StringNotLike', 's3:prefix', 'stage/*', { 's3:prefix': 'stage/x' }, false],
  ['StringNotLike miss', 'StringNotLike', 's3:prefix', 'stage/*', { 's3:prefix': 'tmp/x' }, true],
  ['StringNotLike absent', 'StringNotLike', 's3:prefix', 'stage/*', {}, true],
  // ARN operators
  ['ArnLike bucket objects', 'ArnLike', EC, 'arn:aws:s3:::data-bucket/*', { [EC]: 'arn:aws:s3:::data-bucket/stage/f.csv' }, true],
  ['ArnLike object pattern misses the bucket ARN (Bucket Key)', 'ArnLike', EC, 'arn:aws:s3:::data-bucket/*', { [EC]: 'arn:aws:s3:::data-bucket' }, false],
  ['ArnLike both forms cover the bucket ARN', 'ArnLike', EC, ['arn:aws:s3:::data-bucket', 'arn:aws:s3:::data-bucket/*'], { [EC]: 'arn:aws:s3:::data-bucket' }, true],
  ['ArnLike account wildcard field', 'ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/snowflake-*', { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/snowflake-role' }, true],
  ['ArnLike * does not cross ARN fields', 'ArnLike', 'aws:SourceArn', 'arn:aws:iam::1111*:role/x', { 'aws:SourceArn': 'arn:aws:iam::111122223333:extra:role/x' }, false],
  ['ArnLike * spans the resource field', 'ArnLike', 'aws:SourceArn', 'arn:aws:logs:us-east-1:111122223333:*', { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111122223333:log-group:a:*' }, true],
  ['ArnLike case-sensitive', 'ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/Snowflake-Role', { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/snowflake-role' }, false],
  ['ArnEquals exact', 'ArnEquals', 'aws:SourceArn', 'arn:aws:s3:::bucket', { 'aws:SourceArn': 'arn:aws:s3:::bucket' }, true],
  ['ArnEquals non-ARN context value', 'ArnEquals', 'aws:SourceArn', 'arn:aws:s3:::bucket', { 'aws:SourceArn': 'bucket' }, false],
  ['ArnNotEquals other role', 'ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/admin', { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/snowflake-role' }, true],
  ['ArnNotEquals same role', 'ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/admin', { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/admin' }, false],
  ['ArnNotLike absent key', 'ArnNotLike', 'aws:SourceArn', 'arn:aws:s3:::bucket', {}, true],
  ['ArnNotLike match', 'ArnNotLike', 'aws:SourceArn', 'arn:aws:s3:::buck*', { 'aws:SourceArn': 'arn:aws:s3:::bucket' }, false],
  // Bool
  ['Bool false matches false', 'Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': false }, true],
  ['Bool false on TLS request', 'Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': true }, false],
  ['Bool absent key is false', 'Bool', 'aws:SecureTransport', 'false', {}, false],
  ['BoolIfExists absent key is true', 'BoolIfExists', 'aws:SecureTransport', 'false', {}, true],
  ['BoolIfExists present true', 'BoolIfExists', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': true }, false],
  ['Bool policy value case-insensitive', 'Bool', 'aws:SecureTransport', 'TRUE', { 'aws:SecureTransport': 'true' }, true],
  // Numeric
  ['NumericLessThan', 'NumericLessThan', 's3:max-keys', '10', { 's3:max-keys': 5 }, true],
  ['NumericLessThan equal is false', 'NumericLessThan', 's3:max-keys', '10', { 's3:max-keys': 10 }, false],
  ['NumericLessThanEquals equal', 'NumericLessThanEquals', 's3:max-keys', '10', { 's3:max-keys': '10' }, true],
  ['NumericGreaterThan', 'NumericGreaterThan', 'aws:MultiFactorAuthAge', '3600', { 'aws:MultiFactorAuthAge': 7200 }, true],
  ['NumericGreaterThan smaller', 'NumericGreaterThan', 'aws:MultiFactorAuthAge', '3600', { 'aws:MultiFactorAuthAge': 60 }, false],
  ['NumericGreaterThanEquals', 'NumericGreaterThanEquals', 'kms:RecipientAttestation:PCR0', '7', { 'kms:RecipientAttestation:PCR0': 7 }, true],
  ['NumericEquals', 'NumericEquals', 's3:max-keys', '10', { 's3:max-keys': 10 }, true],
  ['NumericNotEquals', 'NumericNotEquals', 's3:max-keys', '10', { 's3:max-keys': 11 }, true],
  ['Numeric non-number never matches', 'NumericEquals', 's3:max-keys', '10', { 's3:max-keys': 'ten' }, false],
  ['NumericLessThanIfExists absent', 'NumericLessThanIfExists', 's3:max-keys', '10', {}, true],
  // A policy value that is no number: AWS would reject the policy, so its meaning is unknown, not false.
  ['NumericLessThan with a non-numeric policy value', 'NumericLessThan', 'kms:ScheduleKeyDeletionPendingWindowInDays', 'ten', { 'kms:ScheduleKeyDeletionPendingWindowInDays': 7 }, 'unknown'],
  ['NumericLessThan with a non-numeric request value', 'NumericLessThan', 's3:max-keys', '10', { 's3:max-keys': 'many' }, false],
  ['DateLessThan with an unparseable policy date', 'DateLessThan', 'aws:CurrentTime', 'soon', { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, 'unknown'],
  // Date
  ['DateLessThan', 'DateLessThan', 'aws:CurrentTime', '2027-01-01T00:00:00Z', { 'aws:CurrentTime': '2026-11-22T10:00:00Z' }, true],
  ['DateGreaterThan', 'DateGreaterThan', 'aws:CurrentTime', '2027-01-01T00:00:00Z', { 'aws:CurrentTime': '2026-11-22T10:00:00Z' }, false],
  ['Date epoch seconds', 'DateGreaterThanEquals', 'aws:EpochTime', '1700000000', { 'aws:EpochTime': 1800000000 }, true],
  ['DateNotEquals', 'DateNotEquals', 'aws:CurrentTime', '2027-01-01T00:00:00Z', { 'aws:CurrentTime': '2027-01-01T00:00:00Z' }, false],
  // IP
  ['IpAddress in range', 'IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.7' }, true],
  ['IpAddress out of range', 'IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '198.51.100.7' }, false],
  ['NotIpAddress out of range', 'NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '198.51.100.7' }, true],
  ['IpAddress IPv6 is not modelled', 'IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '2001:db8::1' }, 'unknown'],
  // Null
  ['Null true on absent key', 'Null', SSE, 'true', {}, true],
  ['Null true on present key', 'Null', SSE, 'true', { [SSE]: 'aws:kms' }, false],
  ['Null false on present key', 'Null', SSE, 'false', { [SSE]: 'aws:kms' }, true],
  ['Null false on absent key', 'Null', SSE, 'false', {}, false],
  // IfExists on the other operators
  ['StringEqualsIfExists absent', 'StringEqualsIfExists', SSE, 'aws:kms', {}, true],
  ['StringEqualsIfExists present wrong', 'StringEqualsIfExists', SSE, 'aws:kms', { [SSE]: 'AES256' }, false],
  ['StringNotEqualsIfExists absent', 'StringNotEqualsIfExists', 's3:x-amz-server-side-encryption-aws-kms-key-id', 'arn:k', {}, true],
  ['StringNotEqualsIfExists right key', 'StringNotEqualsIfExists', 's3:x-amz-server-side-encryption-aws-kms-key-id', 'arn:k', { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:k' }, false],
  ['ArnLikeIfExists absent', 'ArnLikeIfExists', 'aws:SourceArn', 'arn:aws:s3:::b', {}, true],
  ['StringLikeIfExists present miss', 'StringLikeIfExists', 's3:prefix', 'stage/*', { 's3:prefix': 'x/' }, false],
  // Set qualifiers
  ['ForAnyValue one element matches', 'ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', 'aws:s3:arn', { 'kms:EncryptionContextKeys': ['aws:s3:arn', 'x'] }, true],
  ['ForAnyValue none match', 'ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', 'aws:s3:arn', { 'kms:EncryptionContextKeys': ['x'] }, false],
  ['ForAnyValue absent key is false', 'ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', 'aws:s3:arn', {}, false],
  ['ForAnyValue empty set is false', 'ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', 'aws:s3:arn', { 'kms:EncryptionContextKeys': [] }, false],
  ['ForAllValues all in list', 'ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'team'] }, true],
  ['ForAllValues one outside list', 'ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'cost'] }, false],
  ['ForAllValues absent key is true', 'ForAllValues:StringEquals', 'aws:TagKeys', ['env'], {}, true],
  ['ForAllValues empty set is true', 'ForAllValues:StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': [] }, true],
  ['ForAllValues StringLike', 'ForAllValues:StringLike', 'aws:TagKeys', 'team-*', { 'aws:TagKeys': ['team-a', 'team-b'] }, true],
  ['ForAnyValue StringNotEquals', 'ForAnyValue:StringNotEquals', 'aws:TagKeys', 'env', { 'aws:TagKeys': ['env', 'x'] }, true],
  ['ForAllValues StringNotEquals', 'ForAllValues:StringNotEquals', 'aws:TagKeys', 'env', { 'aws:TagKeys': ['env', 'x'] }, false],
  ['qualifier is case-insensitive', 'forallvalues:StringEquals', 'aws:TagKeys', 'env', { 'aws:TagKeys': ['env'] }, true],
  ['ForAnyValue StringEqualsIfExists absent', 'ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', 'env', {}, true],
  ['single-valued operator on multivalued key never matches', 'StringEquals', 'kms:EncryptionContextKeys', 'aws:s3:arn', { 'kms:EncryptionContextKeys': ['aws:s3:arn'] }, false],
  ['negated single-valued operator on multivalued key is undefined', 'StringNotEquals', 'kms:EncryptionContextKeys', 'aws:s3:arn', { 'kms:EncryptionContextKeys': ['x'] }, 'unknown'],
  // Policy variables
  ['variable resolved', 'StringLike', 's3:prefix', 'home/${aws:username}/*', { 's3:prefix': 'home/alice/docs', 'aws:username': 'alice' }, true],
  ['variable resolved to another user', 'StringLike', 's3:prefix', 'home/${aws:username}/*', { 's3:prefix': 'home/bob/docs', 'aws:username': 'alice' }, false],
  ['variable absent never matches', 'StringLike', 's3:prefix', 'home/${aws:username}/*', { 's3:prefix': 'home/alice/docs' }, false],
  ['variable default value', 'StringEquals', 's3:prefix', "${aws:username, 'shared'}", { 's3:prefix': 'shared' }, true],
  ['${*} is a literal star', 'StringLike', 's3:prefix', 'a${*}b', { 's3:prefix': 'a*b' }, true],
  ['${*} does not act as a wildcard', 'StringLike', 's3:prefix', 'a${*}b', { 's3:prefix': 'axxb' }, false],
  ['variable value * stays literal', 'StringLike', 's3:prefix', '${aws:username}', { 's3:prefix': 'anything', 'aws:username': '*' }, false],
  ['unknowable variable', 'StringEquals', 's3:prefix', '${aws:PrincipalTag/team}', { 's3:prefix': 'data' }, 'unknown', ['aws:PrincipalTag/*']],
  // Unknowable keys and unsupported operators
  ['unknowable key is unknown', 'StringEquals', 'aws:SourceVpce', 'vpce-1', {}, 'unknown', ['aws:SourceVpce']],
  ['unknowable key under IfExists is unknown', 'StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1', {}, 'unknown', ['aws:SourceVpce']],
  ['unknowable key under negated operator is unknown', 'StringNotEquals', 'aws:SourceVpce', 'vpce-1', {}, 'unknown', ['aws:SourceVpce']],
  ['unknowable key under Null is unknown', 'Null', 'aws:SourceVpce', 'true', {}, 'unknown', ['aws:SourceVpce']],
  ['unknowable key under ForAllValues is unknown', 'ForAllValues:StringEquals', 'aws:PrincipalTag/team', 'data', {}, 'unknown', ['aws:PrincipalTag/*']],
  ['explicit key wins over unknowable', 'StringEquals', 'aws:SourceVpce', 'vpce-1', { 'aws:SourceVpce': 'vpce-1' }, true, ['aws:SourceVpce']],
  ['unsupported operator is unknown', 'StringEqualz', VIA, S3_EAST, { [VIA]: S3_EAST }, 'unknown'],
];

describe('evaluateCondition', () => {
  it.each(rows)('%s', (_name, operator, key, values, keys, expected, unknowable) => {
    const ctx: ContextKeys = { keys, ...(unknowable ? { unknowable } : {}) };
    expect(evaluateCondition(operator, key, values, ctx).result).toBe(expected);
  });
});

describe('evaluateConditions (AND across operators and keys)', () => {
  const ctx: ContextKeys = { keys: { [VIA]: S3_EAST, 'kms:CallerAccount': '111122223333' }, unknowable: ['aws:SourceIp'] };
  it.each<[string, Record<string, Record<string, string>>, Tri]>([
    ['both keys hold', { StringEquals: { [VIA]: S3_EAST, 'kms:CallerAccount': '111122223333' } }, true],
    ['one key fails', { StringEquals: { [VIA]: S3_EAST, 'kms:CallerAccount': '444455556666' } }, false],
    ['false beats unknown', { StringEquals: { [VIA]: 'x' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, false],
    ['true and unknown is unknown', { StringEquals: { [VIA]: S3_EAST }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, 'unknown'],
    ['empty block holds', {}, true],
  ])('%s', (_name, block, expected) => {
    expect(evaluateConditions(block, ctx).result).toBe(expected);
  });
});

describe('parseOperator', () => {
  it.each<[string, ReturnType<typeof parseOperator>]>([
    ['StringEquals', { base: 'stringequals', ifExists: false }],
    ['StringNotEqualsIfExists', { base: 'stringnotequals', ifExists: true }],
    ['ForAllValues:StringLike', { qualifier: 'ForAllValues', base: 'stringlike', ifExists: false }],
    ['ForAnyValue:ArnLikeIfExists', { qualifier: 'ForAnyValue', base: 'arnlike', ifExists: true }],
  ])('%s', (operator, expected) => {
    expect(parseOperator(operator)).toEqual(expected);
  });
});
