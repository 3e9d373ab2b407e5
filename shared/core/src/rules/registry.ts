/**
 * Every rule, sorted by id. Explicit imports, no registration by side effect: the parity test
 * checks this list against the rule folders.
 */
import type { Rule } from './define-rule.js';
import kmsRotationEnabled from './kms-rotation-enabled/rule.js';
import s3BucketKeyEnabled from './s3-bucket-key-enabled/rule.js';

export const rules: readonly Rule[] = [
  kmsRotationEnabled,
  s3BucketKeyEnabled,
] as Rule[];
