import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { anyTrail, describeCoverage, full, judgeLogging, managementCoverage, selectorsFor, trailsOf, type TrailVerdict } from '../trail-shared.js';

export default defineRule({
  id: 'trail-multi-region-logging',
  title: 'A multi-Region trail logs all management events',
  severity: 'high',
  resourceType: 'account',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['CloudTrail.1', 'CloudTrail.3'], cis: ['v3.0.0/3.1'], prowler: ['cloudtrail_multi_region_enabled', 'cloudtrail_multi_region_enabled_logging_management_events'], checkov: ['CKV_AWS_67', 'CKV_AWS_251'] },
  description:
    'Some trail must be multi-Region, include global service events, be logging with no delivery error, and record management events for both reads and writes (classic ReadWriteType All, or advanced eventCategory = Management selectors without a readOnly filter, or with both values). A single-Region trail, a stopped trail or a write-only trail fails; an unreadable trail list or trail status is unknown.',
  messages: {
    ok: 'Trail {{trail}} is multi-Region, includes global service events, is logging and records all management events.',
    none: 'The account has no CloudTrail trail: API activity (including KMS key use and S3 configuration changes) is not recorded.',
    noneQualifies: 'No trail is multi-Region, logging and recording all management events: {{details}}.',
  },
  remediation:
    'aws cloudtrail update-trail --name TRAIL --is-multi-region-trail --include-global-service-events; aws cloudtrail start-logging --name TRAIL; aws cloudtrail put-event-selectors --trail-name TRAIL --advanced-event-selectors \'[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]\' with the trail\'s other selectors kept in that list, since put-event-selectors replaces them all (the S3 data-event selectors of trail-s3-data-events included) (Terraform: aws_cloudtrail with is_multi_region_trail = true, include_global_service_events = true, enable_logging = true).',
  check(_account, { inventory }) {
    const listed = trailsOf(inventory);
    if ('reason' in listed) return unknown(listed.reason);
    if (listed.trails.length === 0) return fail('none');
    const r = anyTrail(listed.trails, (t) => {
      const v: TrailVerdict = { missing: [] };
      if (!t.isMultiRegion) v.missing.push(`single-Region (${t.homeRegion})`);
      if (!t.includeGlobalServiceEvents) v.missing.push('global service events excluded');
      judgeLogging(t, v);
      const sel = selectorsFor(t, v);
      if (sel) {
        const c = managementCoverage(sel);
        if (!full(c)) v.missing.push(`management events: ${describeCoverage(c)}`);
      }
      return v;
    });
    if (r.state === 'pass') return pass('ok', { trail: r.trail.name }, { trail: r.trail.arn });
    if (r.state === 'unknown') return unknown(r.reason);
    return fail('noneQualifies', { details: r.details });
  },
});
