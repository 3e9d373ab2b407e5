import { defineFix } from '../documented-fix.js';
import { enableBucketKey } from '../s3-bucket-key-enabled/fix.js';
import rule from './rule.js';

/** The same change as s3-bucket-key-enabled's fix: a Bucket Key, and kms:Decrypt for the replication role on a destination's replica key. */
export default defineFix({
  ruleId: rule.id,
  follows: ['Set BucketKeyEnabled: true on the SSE-KMS default encryption rule', 'On a replication destination, first let the replica key policy allow the replication role kms:Decrypt beside kms:Encrypt'],
  apply: enableBucketKey,
});
