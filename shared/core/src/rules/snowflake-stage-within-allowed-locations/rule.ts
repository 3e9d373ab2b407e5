import { locationCovers, splitLocations } from '../../collect/snowflake/locations.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { stageOnIntegration } from '../snowflake-shared.js';

export default defineRule({
  id: 'snowflake-stage-within-allowed-locations',
  title: 'External stage URL is inside its integration’s allowed locations and outside its blocked ones',
  severity: 'high',
  resourceType: 'snowflake-stage',
  packs: ['snowflake-s3-kms'],
  description:
    'Snowflake refuses a stage whose URL is not under one of its integration’s STORAGE_ALLOWED_LOCATIONS, or is under one of its STORAGE_BLOCKED_LOCATIONS: loads and unloads fail. A stage can be left outside after the integration’s locations were narrowed, or the stage re-pointed.',
  messages: {
    inside: 'The stage URL {{url}} is inside {{location}}, an allowed location of {{integration}}.',
    outside: 'The stage URL {{url}} is not inside any allowed location of {{integration}} ({{allowed}}): Snowflake refuses it.',
    blocked: 'The stage URL {{url}} is inside {{location}}, a blocked location of {{integration}}: Snowflake refuses it.',
  },
  remediation:
    'Point the stage at an allowed location (ALTER STAGE <db>.<schema>.<stage> SET URL = \'s3://<bucket>/<prefix>/\'), or add its location to the integration (ALTER STORAGE INTEGRATION <name> SET STORAGE_ALLOWED_LOCATIONS = (…)) and out of STORAGE_BLOCKED_LOCATIONS.',
  check(stage, ctx) {
    const on = stageOnIntegration(stage, ctx, 'the stage uses no storage integration (snowflake-stage-uses-integration fails it)');
    if (!on.ok) return on.outcome;
    const { loc, ip, integration } = on;
    const allowed = ip.get('STORAGE_ALLOWED_LOCATIONS');
    if (!allowed.ok) return unknown(allowed.reason);
    const data = { url: loc.url, integration: integration.name };
    const allowedList = splitLocations(allowed.value);
    const inside = allowedList.find((l) => locationCovers(l, loc.url));
    if (!inside) return fail('outside', { ...data, allowed: allowedList.join(', ') || 'none' });
    const blocked = ip.get('STORAGE_BLOCKED_LOCATIONS');
    if (!blocked.ok) return unknown(blocked.reason);
    const hit = splitLocations(blocked.value).find((l) => locationCovers(l, loc.url));
    if (hit) return fail('blocked', { ...data, location: hit });
    return pass('inside', { ...data, location: inside });
  },
});
