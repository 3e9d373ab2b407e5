/**
 * One reader for every file a user hands the CLI or the Action (profile YAML/JSON, Terraform plan
 * JSON, a previous report for --since or --baseline, price tables): it stats the file first and
 * refuses what cannot be right before reading a byte of it, so a wrong path to a 20 GB file costs
 * nothing and an empty one says so, and every failure is a ConfigError naming the option and file.
 *
 * The limits. V8 cannot hold a string longer than 2^29 − 24 characters (≈ 512 MiB), so no JSON
 * file above that can be parsed at all; a 10,000-bucket scan report is about 340 MB today and a
 * Terraform plan JSON of 10,000 buckets (bucket, encryption, versioning, public access block and
 * policy resources, each in planned_values, resource_changes and prior_state) is of the same order:
 * both fit under 500 MiB with room to grow, so that is their limit. A profile or a price table is
 * written by hand or by `envelope init`: even one naming 10,000 buckets is about 1 MB, so 16 MiB is
 * generous and still stops a mistaken path to a log or a dump at once.
 */
import { open, stat } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from './profile/load.js';

const MiB = 1024 * 1024;

export const INPUT_LIMITS = {
  profile: 16 * MiB,
  priceTable: 16 * MiB,
  plan: 500 * MiB,
  report: 500 * MiB,
} as const;

export type InputKind = keyof typeof INPUT_LIMITS;

export interface InputFile {
  /** The option or argument the file came from, as the user typed it: '--profile', '--since', '<plan.json>'. */
  option: string;
  path: string;
  kind: InputKind;
  /** Override the kind's limit (tests). */
  maxBytes?: number;
}

const WHAT: Record<InputKind, string> = { profile: 'profile', priceTable: 'price table', plan: 'plan', report: 'report' };

function size(n: number): string {
  return n >= MiB ? `${(n / MiB).toFixed(n >= 10 * MiB ? 0 : 1)} MiB` : `${n} bytes`;
}

/** The file's bytes, after checking it is a regular, non-empty file within the kind's limit. */
export async function readInputFile(input: InputFile): Promise<Buffer> {
  const { option, path, kind } = input;
  const max = input.maxBytes ?? INPUT_LIMITS[kind];
  const prefix = `${option} ${path}`;
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    throw new ConfigError(`${prefix}: cannot read the ${WHAT[kind]} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, path, option);
  }
  if (st.isDirectory()) throw new ConfigError(`${prefix}: is a directory, not a ${WHAT[kind]} file`, path, option);
  // FIFOs and process substitution (<(…)) have no size to check: read them up to the limit.
  if (st.isFile()) {
    if (st.size === 0) throw new ConfigError(`${prefix}: the file is empty; expected a ${WHAT[kind]}`, path, option);
    if (st.size > max) throw new ConfigError(`${prefix}: the file is ${size(st.size)}, over the ${size(max)} limit for a ${WHAT[kind]} (see docs/incremental-scans.md, "Input files")`, path, option);
  }
  const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new ConfigError(`${prefix}: cannot read the ${WHAT[kind]} (${err.code ?? err.message})`, path, option);
  });
  try {
    // A regular file is read into one buffer of its size (no second copy to join chunks); a
    // stream in chunks, up to the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(st.isFile() && chunks.length === 0 ? st.size + 1 : 8 * MiB, max + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > max) throw new ConfigError(`${prefix}: more than the ${size(max)} limit for a ${WHAT[kind]}`, path, option);
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    }
    if (total === 0) throw new ConfigError(`${prefix}: the file is empty; expected a ${WHAT[kind]}`, path, option);
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** Where in `text` a character offset falls, 1-based. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * JSON.parse with an error that names the option, the file and the line and column. A file whose
 * first character cannot start the expected object is refused before it is parsed: a binary or a
 * log file of hundreds of MB then costs no parse at all.
 */
export function parseJsonInput(text: string, input: Pick<InputFile, 'option' | 'path'> & { expect?: 'object' }): unknown {
  const { option, path } = input;
  const start = text.search(/\S/);
  if (start === -1) throw new ConfigError(`${option} ${path}: the file holds only whitespace`, path, option);
  if (input.expect === 'object' && text[start] !== '{') {
    const { line, column } = lineAndColumn(text, start);
    throw new ConfigError(`${option} ${path}: not valid JSON at line ${line}, column ${column}: expected "{", found ${JSON.stringify(text.slice(start, start + 12))}`, path, option);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message.split('\n')[0] ?? '';
    const at = /at position (\d+)/.exec(message);
    const pos = at ? Number(at[1]) : /Unexpected end of JSON input|Unterminated/.test(message) ? text.length : undefined;
    const where = pos === undefined ? '' : ((lc) => ` at line ${lc.line}, column ${lc.column}`)(lineAndColumn(text, pos));
    const truncated = pos !== undefined && pos >= text.trimEnd().length ? ' — the file looks truncated' : '';
    // V8's message quotes the text around the error: keep it short, it may be anything.
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/, "(.{0,40}).*$/, ', "$1…"').slice(0, 120);
    throw new ConfigError(`${option} ${path}: not valid JSON${where}${truncated} (${reason})`, path, option);
  }
}

/** YAML (or JSON, which YAML reads) with an error naming the option, the file and the line. */
export function parseYamlInput(text: string, input: Pick<InputFile, 'option' | 'path'>): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
    throw new ConfigError(`${input.option} ${input.path}: not valid YAML${where}: ${((err as Error).message.split('\n')[0] ?? '').slice(0, 160)}`, input.path, input.option);
  }
}

/**
 * Reads a JSON object file within the kind's limit and parses it. Before anything is decoded or
 * parsed, one pass over the bytes checks the first character opens an object and that every string
 * is closed and every bracket matched: a truncated or binary file of hundreds of MB is then refused
 * for the cost of reading it, without JSON.parse building the objects up to the point it breaks.
 */
export async function readJsonInput(input: InputFile): Promise<unknown> {
  const bytes = await readInputFile(input);
  const problem = jsonShapeProblem(bytes);
  if (problem) {
    const { line, column } = problem;
    throw new ConfigError(`${input.option} ${input.path}: not valid JSON at line ${line}, column ${column}: ${problem.what}`, input.path, input.option);
  }
  return parseJsonInput(inputText(bytes), { ...input, expect: 'object' });
}

/** The first structural fault of JSON bytes (unopened object, unclosed string or bracket, mismatched bracket), by line and column; undefined when none. */
export function jsonShapeProblem(bytes: Uint8Array): { line: number; column: number; what: string } | undefined {
  const stack: number[] = [];
  let line = 1;
  let lineStart = 0;
  let inString = false;
  let started = false;
  const at = (i: number, what: string) => ({ line, column: i - lineStart + 1, what });
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x0a) {
      if (inString) return at(i, 'a line break inside a string');
      line++;
      lineStart = i + 1;
      continue;
    }
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x20 || c === 0x09 || c === 0x0d) continue;
    if (!started) {
      started = true;
      if (c === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf) return at(i, 'the file starts with a byte-order mark');
      if (c !== 0x7b) return at(i, `expected "{" to open the object, found ${c >= 0x20 && c < 0x7f ? JSON.stringify(String.fromCharCode(c)) : `byte 0x${c.toString(16).padStart(2, '0')}`}`);
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) stack.push(c);
    else if (c === 0x7d || c === 0x5d) {
      const open = stack.pop();
      if (open === undefined) return at(i, `"${String.fromCharCode(c)}" closes nothing`);
      if ((open === 0x7b) !== (c === 0x7d)) return at(i, `"${String.fromCharCode(c)}" does not match the "${String.fromCharCode(open)}" it closes`);
      if (stack.length === 0) {
        for (let j = i + 1; j < bytes.length; j++) {
          const d = bytes[j]!;
          if (d === 0x0a) {
            line++;
            lineStart = j + 1;
          } else if (d !== 0x20 && d !== 0x09 && d !== 0x0d) return at(j, 'more text after the object ends');
        }
        return undefined;
      }
    }
  }
  const end = bytes.length;
  if (inString) return at(end, 'the file ends inside a string — it looks truncated');
  return at(end, `the file ends with ${stack.length} bracket(s) still open — it looks truncated`);
}

/** UTF-8 text of a file read with readInputFile. */
export function inputText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}
