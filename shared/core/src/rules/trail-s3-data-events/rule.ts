import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { regionGap } from '../membership.js';
import { anyTrail, describeCoverage, full, judgeLogging, s3DataCoverage, selectorsFor, trailsOf, type TrailVerdict } from '../trail-shared.js';

export default defineRule({
  id: 'trail-s3-data-events',
  title: 'S3 data events are logged for the bucket (read and write)',
  severity: 'medium',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['S3.22', 'S3.23'], cis: ['v3.0.0/3.8', 'v3.0.0/3.9'], prowler: ['cloudtrail_s3_dataevents_read_enabled', 'cloudtrail_s3_dataevents_write_enabled'] },
  description:
    'Some logging trail that is multi-Region or homed in the bucket’s Region must record S3 object-level data events for every object of the bucket, for both reads and writes. Classic selectors: a DataResources entry of type AWS::S3::Object whose values include arn:aws:s3, arn:aws:s3::: or arn:aws:s3:::BUCKET/. Advanced selectors: eventCategory = Data and resources.type = AWS::S3::Object, with resources.ARN absent or StartsWith/Equals covering arn:aws:s3:::BUCKET/, no NotStartsWith/NotEquals excluding the bucket or part of it, and readOnly absent or both values present across selectors. A selector that names an unrelated bucket, or records only reads, does not count.',
  messages: {
    ok: 'Trail {{trail}} records read and write data events for every object in the bucket.',
    none: 'The account has no CloudTrail trail, so no S3 data events are recorded for this bucket.',
    noneQualifies: 'No logging trail records both read and write data events for this bucket: {{details}}.',
  },
  remediation:
    'aws cloudtrail put-event-selectors --trail-name TRAIL --advanced-event-selectors \'[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},{"Name":"Stage bucket data events","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},{"Field":"resources.ARN","StartsWith":["arn:aws:s3:::BUCKET/"]}]}]\' (Terraform: aws_cloudtrail advanced_event_selector). Per-bucket selectors keep the data-event cost to the buckets that matter.',
  check(bucket, { inventory, lookups }) {
    const listed = trailsOf(inventory);
    if ('reason' in listed) return unknown(listed.reason);
    if (listed.trails.length === 0) return fail('none');
    const r = anyTrail(listed.trails, (t) => {
      const v: TrailVerdict = { missing: [] };
      if (!t.isMultiRegion) {
        const gap = regionGap(bucket);
        if (gap) v.unsure ??= `single-Region trail in ${t.homeRegion}, and ${gap}`;
        else if (t.homeRegion !== bucket.region) v.missing.push(`single-Region trail in ${t.homeRegion}, bucket in ${bucket.region}`);
      }
      judgeLogging(t, v);
      const sel = selectorsFor(t, v);
      if (sel) {
        const c = s3DataCoverage(sel, bucket.name, lookups.partition);
        if (!full(c)) v.missing.push(`data events for the bucket: ${describeCoverage(c)}`);
      }
      return v;
    });
    if (r.state === 'pass') return pass('ok', { trail: r.trail.name }, { trail: r.trail.arn });
    if (r.state === 'unknown') return unknown(r.reason);
    return fail('noneQualifies', { details: r.details });
  },
});
