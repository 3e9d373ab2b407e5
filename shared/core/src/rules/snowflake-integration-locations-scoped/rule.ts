import picomatch from 'picomatch';
import { isWildcardLocation, locationBucket, splitLocations } from '../../collect/snowflake/locations.js';
import { defineRule, fail, notApplicable, pass, unknown } from '../define-rule.js';
import { readProperties } from '../snowflake-shared.js';

export default defineRule({
  id: 'snowflake-integration-locations-scoped',
  title: 'Storage integration allows only named locations in the profile’s buckets',
  severity: 'high',
  resourceType: 'snowflake-integration',
  packs: ['snowflake-s3-kms'],
  description:
    'STORAGE_ALLOWED_LOCATIONS bounds where any stage on the integration may point. `*` (or `s3://*`) lets a stage owner point Snowflake at any bucket the role can reach, and a wildcard in a bucket name at any bucket matching it; every allowed location should be a bucket (and prefix) of the profile’s scope. STORAGE_BLOCKED_LOCATIONS must be readable for the stage rules to respect it.',
  messages: {
    scoped: 'STORAGE_ALLOWED_LOCATIONS names only buckets in scope: {{locations}}.',
    wildcard: 'STORAGE_ALLOWED_LOCATIONS allows {{wildcards}}: any stage on {{integration}} may point at any bucket the role can reach.',
    outOfScope: 'STORAGE_ALLOWED_LOCATIONS names bucket(s) outside the profile’s scope (scope.bucketNames): {{buckets}}.',
    empty: 'STORAGE_ALLOWED_LOCATIONS is empty: no stage can use {{integration}}.',
  },
  remediation:
    'ALTER STORAGE INTEGRATION <name> SET STORAGE_ALLOWED_LOCATIONS = (\'s3://<bucket>/<prefix>/\') with exactly the stage locations, and block the rest with STORAGE_BLOCKED_LOCATIONS (Terraform: storage_allowed_locations / storage_blocked_locations). Add a bucket that is meant to be used to the profile’s scope.bucketNames.',
  check(integration, ctx) {
    const props = readProperties(integration);
    if (!props.ok) return props.outcome;
    const allowed = props.get('STORAGE_ALLOWED_LOCATIONS');
    if (!allowed.ok) return unknown(allowed.reason);
    const locations = splitLocations(allowed.value);
    const wildcards = locations.filter((l) => isWildcardLocation(l) || /[*?]/.test(locationBucket(l) ?? ''));
    if (wildcards.length > 0) return fail('wildcard', { wildcards: wildcards.map((w) => JSON.stringify(w)).join(', '), integration: integration.name });
    if (locations.length === 0) return notApplicable(`STORAGE_ALLOWED_LOCATIONS is empty: no stage can use ${integration.name}`);
    const include = picomatch(ctx.profile.scope.bucketNames);
    const exclude = ctx.profile.scope.excludeBucketNames.length ? picomatch(ctx.profile.scope.excludeBucketNames) : () => false;
    const outside = [...new Set(locations.map((l) => locationBucket(l) ?? l).filter((b) => !include(b) || exclude(b)))];
    if (outside.length > 0) return fail('outOfScope', { buckets: outside.join(', ') }, { locations });
    const blocked = props.get('STORAGE_BLOCKED_LOCATIONS');
    if (!blocked.ok) return unknown(blocked.reason);
    return pass('scoped', { locations: locations.join(', ') }, { locations, blocked: splitLocations(blocked.value) });
  },
});
