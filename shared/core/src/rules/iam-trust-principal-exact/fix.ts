import { principalsOf } from '../../policy/statements.js';
import { defineFix, editTrustPolicy, withRole } from '../documented-fix.js';
import { defaultStack, stackOfRole } from '../../profile/stacks.js';
import rule from './rule.js';

/** Every Allow for sts:AssumeRole that names an outside principal names exactly the Snowflake IAM user of the profile (STORAGE_AWS_IAM_USER_ARN) instead. */
export default defineFix({
  ruleId: rule.id,
  follows: ['Set the trust principal to the one ARN from DESC INTEGRATION (STORAGE_AWS_IAM_USER_ARN)', 'and remove account roots, "*", NotPrincipal and extra principals'],
  apply(inventory, roleArn, { profile, lookups }) {
    const user = (stackOfRole(profile, roleArn) ?? defaultStack(profile)).snowflake.iamUserArn;
    if (!user) return inventory;
    const outside = (p: string) => p === '*' || !p.includes(`::${lookups.accountId}:`);
    return withRole(inventory, roleArn, (r) =>
      editTrustPolicy(r, (ss) =>
        ss.map((s) => {
          if (s.Effect !== 'Allow') return s;
          const p = principalsOf(s.Principal);
          if (s.NotPrincipal === undefined && !p.aws.some(outside) && p.federated.length === 0) return s;
          const { NotPrincipal: _n, ...rest } = s;
          return { ...rest, Principal: { AWS: user } };
        }),
      ),
    );
  },
});
