/**
 * The hidden first line of every body the GitHub Action writes (PR comment, tracking issue), so it
 * finds its own comment or issue again, even in a truncated body. An HTML comment with a small JSON
 * payload (dflook/tfcmt style): the kind, the target (one comment per stack), and a fingerprint
 * of the findings for the tracking issue. The payload is escaped so that no value can close the
 * HTML comment (`-->`) or open a tag.
 */

export type MarkerKind = 'pr-comment' | 'audit-issue';

export interface Marker {
  kind: MarkerKind;
  target: string;
  /** audit-issue: a hash of the failing and unknown findings, to tell whether they changed. */
  fingerprint?: string;
}

const PREFIX = '<!-- envelope:';
const LINE = /^<!-- envelope:(pr-comment|audit-issue) (\{.*\}) -->$/;

/** `<!-- envelope:pr-comment {"target":"prod"} -->` */
export function renderMarker(marker: Marker): string {
  const payload = JSON.stringify({ target: marker.target, ...(marker.fingerprint ? { fingerprint: marker.fingerprint } : {}) }).replace(
    /[<>&@-]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${PREFIX}${marker.kind} ${payload} -->`;
}

/** The marker on a body's first line, or undefined when there is none or it does not parse. */
export function parseMarker(body: string | null | undefined): Marker | undefined {
  if (!body?.startsWith(PREFIX)) return undefined;
  const first = body.split(/\r?\n/, 1)[0] ?? '';
  const m = LINE.exec(first);
  if (!m) return undefined;
  try {
    const payload = JSON.parse(m[2] as string) as unknown;
    if (typeof payload !== 'object' || payload === null) return undefined;
    const { target, fingerprint } = payload as Record<string, unknown>;
    if (typeof target !== 'string') return undefined;
    return { kind: m[1] as MarkerKind, target, ...(typeof fingerprint === 'string' ? { fingerprint } : {}) };
  } catch {
    return undefined;
  }
}
