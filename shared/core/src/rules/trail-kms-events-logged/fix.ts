import type { ClassicEventSelector, Inventory } from '../../model/inventory.js';
import { defineFix, remediationJson } from '../documented-fix.js';
import rule from './rule.js';

interface ApiClassic {
  ReadWriteType: string;
  IncludeManagementEvents: boolean;
}

/**
 * Classic selectors: the remediation's put-event-selectors (management events read and written,
 * nothing excluded), each selector keeping its DataResources. Advanced: the eventSource NotEquals
 * kms.amazonaws.com field dropped.
 */
export default defineFix({
  ruleId: rule.id,
  follows: ['Remove kms.amazonaws.com from ExcludeManagementEventSources', "with each selector's DataResources kept", 'or drop the eventSource NotEquals kms.amazonaws.com field from the advanced Management selector'],
  apply(inventory): Inventory {
    const [classic] = remediationJson(rule.remediation) as [ApiClassic[]];
    return {
      ...inventory,
      trails: inventory.trails.map((t) => {
        if (t.selectors.state !== 'present') return t;
        const sel = t.selectors.value;
        if (sel.classic?.length) {
          const [c] = classic;
          const put: ClassicEventSelector[] = sel.classic.map((old) => ({
            readWriteType: c!.ReadWriteType,
            includeManagementEvents: c!.IncludeManagementEvents,
            excludeManagementEventSources: [],
            dataResources: old.dataResources,
          }));
          return { ...t, selectors: { state: 'present', value: { classic: put } } };
        }
        const advanced = (sel.advanced ?? []).map((a) => ({
          ...a,
          fieldSelectors: a.fieldSelectors.filter((f) => !(f.field === 'eventSource' && f.notEquals?.includes('kms.amazonaws.com'))),
        }));
        return { ...t, selectors: { state: 'present', value: { advanced } } };
      }),
    };
  },
});
