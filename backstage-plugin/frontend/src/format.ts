/** Display formats only: numbers and times the backend sent, never a verdict. */
import type { KeyState, Severity, Status, SuppressedBrief } from '@envelope/plugin-envelope-common';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatUsd(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  if (amount > 0 && amount < 0.005) return '<$0.01';
  return usd.format(amount);
}

export const STATUS_LABEL: Record<Status, string> = { fail: 'Failing', unknown: 'Unknown', suppressed: 'Suppressed', pass: 'Passing', not_applicable: 'Not applicable' };

/** "accepted until 2027-03-31 by alice: reason" / "accepted by resource tag (no expiry): reason"; a suppressed unknown says it was not seen. */
export function suppressionText(s: SuppressedBrief): string {
  const terms = s.source === 'tag' ? 'by resource tag envelope:ignore (no expiry)' : `until ${s.expires ?? '?'}${s.approvedBy ? ` by ${s.approvedBy}` : ''}`;
  return `${s.ruleId}${s.verdict === 'unknown' ? ' (not seen: unknown)' : ''} — accepted ${terms}: ${s.reason}`;
}
export const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };
export const TYPE_LABEL = { bucket: 'S3 bucket', 'snowflake-stage': 'Snowflake stage', 'snowflake-integration': 'Storage integration' } as const;

/** "just now", "4 min ago", "3 h ago", "2 days ago". */
export function formatAge(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}

export function formatWhen(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—';
}

/** What the bucket's default encryption names: a key, the AWS managed aws/s3 key, or SSE-S3. */
export function keyLabel(key: KeyState): string {
  if (key.arn) return shortKey(key.arn);
  if (key.algorithm === 'AES256') return 'SSE-S3 (no KMS key)';
  if (key.algorithm) return `${key.algorithm} with the AWS managed key aws/s3`;
  return 'no default encryption read';
}

/** arn:aws:kms:eu-west-1:123:key/abcd → key/abcd (eu-west-1). */
export function shortKey(arn: string): string {
  const m = /^arn:[^:]+:kms:([^:]*):\d*:(.+)$/.exec(arn);
  return m ? `${m[2]} (${m[1]})` : arn;
}
