import { principalsOf, toArray } from '../../policy/statements.js';
import { defineFix, editKeyPolicy, withKey } from '../documented-fix.js';
import rule from './rule.js';

/** Removes the Snowflake IAM user (and its account root) from every key-policy Allow; a statement left without principals goes. */
export default defineFix({
  ruleId: rule.id,
  follows: ['Remove direct grants to the Snowflake IAM user'],
  apply(inventory, keyArn, { profile }) {
    const user = profile.snowflake.iamUserArn;
    if (!user) return inventory;
    const root = `arn:aws:iam::${user.split(':')[4]}:root`;
    return withKey(inventory, keyArn, (k) =>
      editKeyPolicy(k, (statements) =>
        statements.flatMap((s) => {
          if (s.Effect !== 'Allow' || s.Principal === undefined || s.Principal === '*') return [s];
          const aws = principalsOf(s.Principal).aws.filter((p) => p !== user && p !== root);
          if (aws.length === toArray(s.Principal.AWS).length) return [s];
          const rest = { ...s.Principal, AWS: aws };
          if (aws.length === 0) delete (rest as { AWS?: unknown }).AWS;
          return Object.keys(rest).length === 0 ? [] : [{ ...s, Principal: rest }];
        }),
      ),
    );
  },
});
