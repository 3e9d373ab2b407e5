import type { PolicyStatement } from '../../model/policy-document.js';
import { conditionKeys, conditionValues, coversAction, describeStatement, principalsOf } from '../../policy/statements.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { principalText, readCustomerKeyPolicy } from '../kms-policy-shared.js';

const WINDOW_KEY = 'kms:ScheduleKeyDeletionPendingWindowInDays';
/** Operator → how many days the shortest window it still allows is above the condition value. */
const OPERATORS: Record<string, number> = { NumericLessThan: 0, NumericLessThanIfExists: 0, NumericLessThanEquals: 1, NumericLessThanEqualsIfExists: 1 };

interface Guard {
  label: string;
  /** The shortest pending window the Deny still lets through. */
  minWindow: number;
  everyone: boolean;
  principals: string;
}

/** Deny statements on kms:ScheduleKeyDeletion with a numeric window condition; `malformed` when a value is no number. */
function guardsOf(statements: PolicyStatement[]): { guards: Guard[]; malformed: string[] } {
  const guards: Guard[] = [];
  const malformed: string[] = [];
  statements.forEach((s, index) => {
    if (s.Effect !== 'Deny' || !coversAction(s, 'kms:ScheduleKeyDeletion')) return;
    const label = describeStatement(s, index);
    const windows: number[] = [];
    for (const [op, plus] of Object.entries(OPERATORS)) {
      for (const v of conditionValues(s.Condition, op, WINDOW_KEY) ?? []) {
        const n = Number(v);
        if (v.trim() === '' || !Number.isFinite(n)) malformed.push(`${label}: ${op} ${WINDOW_KEY} "${v}" is not a number`);
        else windows.push(n + plus);
      }
    }
    // Any other condition narrows when the Deny applies, so the statement is no guard.
    const narrowed = conditionKeys(s.Condition).some((k) => k !== WINDOW_KEY.toLowerCase());
    // Several values are OR'ed: the Deny fires below the largest.
    if (windows.length > 0 && !narrowed) {
      const everyone = s.NotPrincipal === undefined && principalsOf(s.Principal).everyone;
      guards.push({ label, minWindow: Math.max(...windows), everyone, principals: principalText(s) });
    }
  });
  return { guards, malformed };
}

/** Whole days from the moment the inventory was collected until `iso`: rules read no clock. */
function daysUntil(iso: string, collectedAt: string): number | string {
  const ms = Date.parse(iso) - Date.parse(collectedAt);
  return Number.isFinite(ms) ? Math.ceil(ms / 86_400_000) : 'an unknown number of';
}

export default defineRule({
  id: 'kms-deletion-window-guard',
  title: 'The key policy denies scheduling deletion with a short waiting period',
  severity: 'medium',
  resourceType: 'key',
  description:
    'A Deny on kms:ScheduleKeyDeletion when kms:ScheduleKeyDeletionPendingWindowInDays is below the profile minimum (10 days by default) leaves time to notice and cancel a deletion. The waiting period is not a key property: no API returns it before deletion is scheduled, so the key policy is the only place to enforce it.',
  messages: {
    guarded: '{{statement}} denies kms:ScheduleKeyDeletion with a waiting period under {{guard}} days (profile minimum {{min}}).',
    missing: 'No Deny on kms:ScheduleKeyDeletion with a kms:ScheduleKeyDeletionPendingWindowInDays condition: anyone allowed to schedule deletion can choose the 7-day minimum (profile minimum {{min}}).',
    belowMinimum: '{{statement}} lets deletion be scheduled with a {{guard}}-day waiting period, below the profile minimum of {{min}} days.',
    notEveryone: '{{statement}} guards the waiting period only for {{principals}}; other principals can schedule deletion with a window under {{min}} days.',
    pendingDeletion: 'The key is already scheduled for deletion on {{deletionDate}} ({{days}} days after this scan); cancel it if that is not intended.',
    pendingReplicaDeletion: 'The multi-Region primary is already scheduled for deletion: {{window}} days after its last replica is deleted.',
  },
  remediation:
    'Add to the key policy: {"Sid":"GuardDeletionWindow","Effect":"Deny","Principal":{"AWS":"*"},"Action":"kms:ScheduleKeyDeletion","Resource":"*","Condition":{"NumericLessThan":{"kms:ScheduleKeyDeletionPendingWindowInDays":"10"}}} (use the profile minimum). In Terraform also set deletion_window_in_days ≥ the minimum. A key already pending deletion: aws kms cancel-key-deletion --key-id KEY_ARN.',
  check(key, { profile, inventory }) {
    const read = readCustomerKeyPolicy(key);
    const min = profile.kms.minDeletionWindowDays;
    // Deletion already scheduled outranks a missing guard, and needs no policy to report.
    const md = key.metadata.state === 'present' ? key.metadata.value : undefined;
    if (md?.keyManager === 'CUSTOMER' && md.keyState === 'PendingDeletion') {
      const days = md.deletionDate ? daysUntil(md.deletionDate, inventory.collectedAt) : 'an unknown number of';
      return fail('pendingDeletion', { deletionDate: md.deletionDate ?? 'an unreported date', days }, { keyState: md.keyState, deletionDate: md.deletionDate });
    }
    if (md?.keyManager === 'CUSTOMER' && md.keyState === 'PendingReplicaDeletion') {
      return fail('pendingReplicaDeletion', { window: md.pendingDeletionWindowInDays ?? 'the scheduled number of' }, { keyState: md.keyState });
    }
    if (!read.ok) return read.outcome;
    const { guards, malformed } = guardsOf(read.doc.Statement);
    const best = guards.filter((g) => g.everyone).sort((a, b) => b.minWindow - a.minWindow)[0];
    const evidence = { guards, minimum: min };
    if (best && best.minWindow >= min) return pass('guarded', { statement: best.label, guard: best.minWindow, min }, evidence);
    if (malformed.length > 0) return unknown(malformed.join('; '), evidence);
    if (best) return fail('belowMinimum', { statement: best.label, guard: best.minWindow, min }, evidence);
    const scoped = guards[0];
    if (scoped) return fail('notEveryone', { statement: scoped.label, principals: scoped.principals, min }, evidence);
    return fail('missing', { min }, evidence);
  },
});
