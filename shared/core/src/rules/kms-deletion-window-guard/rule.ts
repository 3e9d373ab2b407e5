import type { PolicyStatement } from '../../model/policy-document.js';
import { conditionKeys, conditionValues, coversAction, describeStatement, principalsOf } from '../../policy/statements.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { probeKey, probeRole, runProbe, type ProbeKey, type ProbeResult } from '../kms-policy-probes.js';
import { principalText, readCustomerKeyPolicy } from '../kms-policy-shared.js';

const WINDOW_KEY = 'kms:ScheduleKeyDeletionPendingWindowInDays';
/** Operator → how many days the shortest window it still allows is above the condition value. */
const OPERATORS: Record<string, number> = { NumericLessThan: 0, NumericLessThanIfExists: 0, NumericLessThanEquals: 1, NumericLessThanEqualsIfExists: 1 };

interface Guard {
  label: string;
  index: number;
  /** Condition keys besides the window: they narrow when the Deny applies (a break-glass exemption …). */
  otherConditions: string[];
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
    // Several values are OR'ed: the Deny fires below the largest.
    if (windows.length > 0) {
      const everyone = s.NotPrincipal === undefined && principalsOf(s.Principal).everyone;
      const otherConditions = conditionKeys(s.Condition).filter((k) => k !== WINDOW_KEY.toLowerCase());
      guards.push({ label, index, minWindow: Math.max(...windows), everyone, principals: principalText(s), otherConditions });
    }
  });
  return { guards, malformed };
}

/** AWS accepts waiting periods of 7 to 30 days. */
const WINDOWS = Array.from({ length: 24 }, (_, i) => i + 7);

/**
 * ScheduleKeyDeletion with each waiting period, by an administrator of the account (a role whose
 * IAM policy allows everything, through the root statement's delegation). The guard holds for a
 * window when the request is explicitly denied: anything else lets an administrator pick it.
 */
function probeWindows(pk: ProbeKey): ProbeResult[] {
  const admin = probeRole(pk.partition, pk.account, 'envelope-probe-admin');
  const iam = { name: 'IAM policy of an administrator (Allow * on *)', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] } };
  return WINDOWS.map((days) => runProbe(pk, { principal: admin, action: 'kms:ScheduleKeyDeletion', path: { kind: 'direct' }, identityPolicies: [iam], keys: { [WINDOW_KEY]: days } }));
}

const explicitlyDenied = (r: ProbeResult) => r.decision.result === 'denied' && r.decision.kind === 'explicit';

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
  packs: ['snowflake-s3-kms'],
  description:
    'A Deny on kms:ScheduleKeyDeletion when kms:ScheduleKeyDeletionPendingWindowInDays is below the profile minimum (10 days by default) leaves time to notice and cancel a deletion. The key policy is evaluated for an administrator of the account scheduling deletion with each waiting period from 7 days: every one below the minimum must be explicitly denied, so exemptions the administrator is not part of keep the guard. The waiting period is not a key property: no API returns it before deletion is scheduled, so the key policy is the only place to enforce it on a live key. In a Terraform plan the key’s deletion_window_in_days (unset: AWS’s default of 30) is the waiting period destroying it will use, and is judged against the minimum instead of the policy.',
  messages: {
    guarded: '{{statement}} denies kms:ScheduleKeyDeletion with a waiting period under {{guard}} days (profile minimum {{min}}).',
    neverAllowed: '{{statement}} denies kms:ScheduleKeyDeletion to administrators of the account whatever the waiting period (profile minimum {{min}}).',
    missing: 'No Deny on kms:ScheduleKeyDeletion with a kms:ScheduleKeyDeletionPendingWindowInDays condition: anyone allowed to schedule deletion can choose the 7-day minimum (profile minimum {{min}}).',
    belowMinimum: '{{statement}} lets deletion be scheduled with a {{guard}}-day waiting period, below the profile minimum of {{min}} days.',
    notEveryone: '{{statement}} guards the waiting period only for {{principals}}; other principals can schedule deletion with a window under {{min}} days.',
    pendingDeletion: 'The key is already scheduled for deletion on {{deletionDate}} ({{days}} days after this scan); cancel it if that is not intended.',
    pendingReplicaDeletion: 'The multi-Region primary is already scheduled for deletion: {{window}} days after its last replica is deleted.',
    configured: 'deletion_window_in_days is {{days}}: a deletion of the key waits at least the profile minimum of {{min}} days.',
    configuredBelowMinimum: 'deletion_window_in_days is {{days}}, below the profile minimum of {{min}} days: destroying the key schedules its deletion with a {{days}}-day waiting period.',
  },
  remediation:
    'Add to the key policy: {"Sid":"GuardDeletionWindow","Effect":"Deny","Principal":{"AWS":"*"},"Action":"kms:ScheduleKeyDeletion","Resource":"*","Condition":{"NumericLessThan":{"kms:ScheduleKeyDeletionPendingWindowInDays":"10"}}} (use the profile minimum). In Terraform also set deletion_window_in_days ≥ the minimum. A key already pending deletion: aws kms cancel-key-deletion --key-id KEY_ARN.',
  check(key, ctx) {
    const { profile, inventory } = ctx;
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
    // A plan configures the waiting period itself (Terraform's deletion_window_in_days): that is
    // what destroying the key uses, so it is judged instead of the policy.
    const configured = md?.keyManager === 'CUSTOMER' ? md.deletionWindowInDays : undefined;
    if (configured?.state === 'unknown') return unknown(`deletion_window_in_days: ${configured.reason}`, { minimum: min });
    if (configured?.state === 'present') {
      const days = configured.value;
      const data = { days, min };
      return days < min ? fail('configuredBelowMinimum', data, { deletionWindowInDays: days, minimum: min }) : pass('configured', data, { deletionWindowInDays: days, minimum: min });
    }
    if (!read.ok) return read.outcome;
    const { guards, malformed } = guardsOf(read.doc.Statement);
    // A non-numeric window value is no policy AWS accepts: say unknown rather than evaluate it.
    if (malformed.length > 0) return unknown(malformed.join('; '), { guards, minimum: min });
    const results = probeWindows(probeKey(key, read.doc, ctx));
    const open = results.find((r) => !explicitlyDenied(r));
    // The shortest waiting period an administrator can still choose (31: none up to AWS's maximum).
    const guard = open ? (open.probe.keys?.[WINDOW_KEY] as number) : 31;
    const denier = results.map((r) => (r.decision.result === 'denied' && r.decision.kind === 'explicit' ? r.decision.statement : undefined)).find((s) => s);
    const label = denier ? (guards.find((g) => g.index === denier.index)?.label ?? denier.ref.replace(/^key policy /, '')) : undefined;
    const evidence = { guards, minimum: min, shortestAllowedWindow: guard };
    if (guard >= min && label) {
      const g = guards.find((x) => x.index === denier!.index);
      const exempt = g && g.otherConditions.length > 0 ? ` (its other conditions, on ${g.otherConditions.join(', ')}, still hold for an administrator of the account)` : '';
      return pass(guard > 30 ? 'neverAllowed' : 'guarded', { statement: `${label}${exempt}`, guard, min }, evidence);
    }
    // A window guard whose other conditions the scan cannot know (a tag-based exemption …): it may or may not hold.
    const d = open?.decision;
    if (d?.result === 'unknown' && d.statements.some((st) => st.effect === 'Deny' && guards.some((g) => g.index === st.index))) {
      return unknown(`whether an administrator can schedule deletion with a ${guard}-day waiting period depends on context the scan cannot know: ${d.reason}`, evidence);
    }
    // Guards that cover the administrator (by principal) but let the shortest open window through.
    const covering = guards.filter((g) => open?.matched.find((m) => m.index === g.index)?.principalMatch !== undefined);
    const below = label ?? covering[0]?.label;
    if (below) return fail('belowMinimum', { statement: below, guard, min }, evidence);
    const scoped = guards[0];
    if (scoped) return fail('notEveryone', { statement: scoped.label, principals: scoped.principals, min }, evidence);
    return fail('missing', { min }, evidence);
  },
});
