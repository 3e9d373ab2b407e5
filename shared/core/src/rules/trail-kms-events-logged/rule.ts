import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { keyReferencesGap } from '../membership.js';
import { anyTrail, describeCoverage, full, judgeLogging, managementCoverage, selectorsFor, trailsOf, type TrailVerdict } from '../trail-shared.js';

const KMS = 'kms.amazonaws.com';

export default defineRule({
  id: 'trail-kms-events-logged',
  title: 'KMS management events are logged (reads included)',
  severity: 'medium',
  resourceType: 'account',
  packs: ['snowflake-s3-kms'],
  description:
    'KMS Decrypt, GenerateDataKey (read events) and ScheduleKeyDeletion, DisableKey (write events) are management events. Some logging trail covering the Regions of the referenced keys must record management events for both reads and writes without excluding kms.amazonaws.com — not in classic ExcludeManagementEventSources, and not by an advanced eventSource NotEquals kms.amazonaws.com (or an eventSource allow-list without it). A write-only trail misses every Decrypt.',
  messages: {
    ok: 'Trail {{trail}} records KMS management events, reads and writes.',
    none: 'The account has no CloudTrail trail: KMS key use is not recorded.',
    noneQualifies: 'No logging trail records KMS management events for reads and writes: {{details}}.',
  },
  remediation:
    'Remove kms.amazonaws.com from ExcludeManagementEventSources (aws cloudtrail put-event-selectors --trail-name TRAIL --event-selectors \'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\' with each selector\'s DataResources kept, since the command replaces the selectors and their data events with them), or drop the eventSource NotEquals kms.amazonaws.com field from the advanced Management selector. Terraform: aws_cloudtrail event_selector { read_write_type = "All", include_management_events = true, exclude_management_event_sources = [] }.',
  check(_account, { inventory }) {
    const listed = trailsOf(inventory);
    if ('reason' in listed) return unknown(listed.reason);
    if (listed.trails.length === 0) return fail('none');
    const keyRegions = [...new Set(inventory.keys.filter((k) => k.referencedBy.length > 0).map((k) => k.region))].sort();
    // Keys the scan could not see may sit in other Regions: then no single-Region trail is known to cover them.
    const unseenKeys = keyReferencesGap(inventory);
    const r = anyTrail(listed.trails, (t) => {
      const v: TrailVerdict = { missing: [] };
      const outside = keyRegions.filter((region) => region !== t.homeRegion);
      if (!t.isMultiRegion && outside.length) v.missing.push(`single-Region trail in ${t.homeRegion}, keys also in ${outside.join(', ')}`);
      else if (!t.isMultiRegion && unseenKeys) v.unsure ??= `single-Region trail in ${t.homeRegion}, and keys in other Regions may be unseen: ${unseenKeys}`;
      judgeLogging(t, v);
      const sel = selectorsFor(t, v);
      if (sel) {
        const c = managementCoverage(sel, KMS);
        if (!full(c)) v.missing.push(`KMS management events: ${describeCoverage(c)}`);
      }
      return v;
    });
    if (r.state === 'pass') return pass('ok', { trail: r.trail.name }, { trail: r.trail.arn });
    if (r.state === 'unknown') return unknown(r.reason);
    return fail('noneQualifies', { details: r.details });
  },
});
