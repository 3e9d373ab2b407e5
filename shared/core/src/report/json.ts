import type { Report } from './schema.js';

/**
 * `--format json`: the report as built, 2-space indent, trailing newline. Key order is the order
 * buildReport writes, so the same scan gives byte-identical output and diffs stay readable.
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * renderJson's text in pieces: the report's arrays (resources, findings, gaps, cost lines) one
 * element at a time, so a large report is never held with its whole string. Joined, the pieces
 * are byte-identical to renderJson (json.test.ts checks it): each element is JSON.stringify'd with
 * 2-space indent and moved to its depth, which is safe because JSON text holds no raw newline
 * inside a string.
 */
export function* jsonChunks(report: Report): Generator<string> {
  yield* chunksOf(report, '', 3);
  yield '\n';
}

/** `value` at indent `indent`, descending `depth` more levels of objects and arrays before stringifying whole. */
function* chunksOf(value: unknown, indent: string, depth: number): Generator<string> {
  const v = toJsonValue(value);
  if (depth === 0 || v === null || typeof v !== 'object') {
    const s = JSON.stringify(v, null, 2);
    yield indent === '' ? s : s.replace(/\n/g, `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return yield '[]';
    yield '[';
    for (let i = 0; i < v.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      // JSON.stringify writes null for an array element it cannot represent.
      yield* isSkipped(toJsonValue(v[i])) ? ['null'] : chunksOf(v[i], inner, depth - 1);
    }
    yield `\n${indent}]`;
    return;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => !isSkipped(toJsonValue(x)));
  if (entries.length === 0) return yield '{}';
  yield '{';
  let first = true;
  for (const [k, x] of entries) {
    yield `${first ? '' : ','}\n${inner}${JSON.stringify(k)}: `;
    first = false;
    yield* chunksOf(x, inner, depth - 1);
  }
  yield `\n${indent}}`;
}

function toJsonValue(v: unknown): unknown {
  return v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(): unknown }).toJSON() : v;
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function isSkipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** Pieces gathered into blocks of about `size` characters, so a stream gets few large writes rather than many tiny ones. */
export function* batched(chunks: Iterable<string>, size = 64 * 1024): Generator<string> {
  let buf: string[] = [];
  let n = 0;
  for (const c of chunks) {
    buf.push(c);
    n += c.length;
    if (n >= size) {
      yield buf.join('');
      buf = [];
      n = 0;
    }
  }
  if (n > 0) yield buf.join('');
}
