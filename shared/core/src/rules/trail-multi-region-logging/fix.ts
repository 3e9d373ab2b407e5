import type { AdvancedEventSelector, Inventory } from '../../model/inventory.js';
import { defineFix, remediationJson } from '../documented-fix.js';
import rule from './rule.js';

interface ApiSelector {
  Name: string;
  FieldSelectors: { Field: string; Equals: string[] }[];
}

/** Each trail made multi-Region with global events and logging, and the remediation's management selector put beside its other advanced selectors. */
export default defineFix({
  ruleId: rule.id,
  follows: [
    'aws cloudtrail update-trail --name TRAIL --is-multi-region-trail --include-global-service-events',
    'aws cloudtrail start-logging --name TRAIL',
    "with the trail's other selectors kept in that list",
  ],
  apply(inventory): Inventory {
    const [selectors] = remediationJson(rule.remediation) as [ApiSelector[]];
    const management: AdvancedEventSelector[] = selectors.map((s) => ({ name: s.Name, fieldSelectors: s.FieldSelectors.map((f) => ({ field: f.Field, equals: f.Equals })) }));
    return {
      ...inventory,
      trails: inventory.trails.map((t) => {
        const sel = t.selectors.state === 'present' ? t.selectors.value : {};
        const others = (sel.advanced ?? []).filter((a) => !a.fieldSelectors.some((f) => f.field === 'eventCategory' && f.equals?.includes('Management')));
        // A trail on classic selectors keeps them (AWS accepts one kind per trail), with management events read and written.
        const selectors = sel.classic?.length
          ? { classic: sel.classic.map((c) => ({ ...c, includeManagementEvents: true, readWriteType: 'All', excludeManagementEventSources: [] })) }
          : { advanced: [...management, ...others] };
        return {
          ...t,
          isMultiRegion: true,
          includeGlobalServiceEvents: true,
          status: { state: 'present', value: { ...(t.status.state === 'present' ? t.status.value : {}), isLogging: true } },
          selectors: { state: 'present', value: selectors },
        };
      }),
    };
  },
});
