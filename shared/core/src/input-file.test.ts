import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';
import { INPUT_LIMITS, jsonShapeProblem, readJsonInput } from './input-file.js';
import { planReport } from './plan.js';
import { loadProfile } from './profile/load.js';
import { ConfigError } from './profile/load.js';

const dir = mkdtempSync(join(tmpdir(), 'envelope-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MiB = 1024 * 1024;

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A sparse file of `bytes` (no disk used): enough for the size check, which reads nothing. */
function sparse(name: string, bytes: number): string {
  const path = join(dir, name);
  closeSync(openSync(path, 'w'));
  truncateSync(path, bytes);
  return path;
}

const readReport = (path: string) => readJsonInput({ option: '--since', path, kind: 'report' });

async function errorOf(p: Promise<unknown>): Promise<ConfigError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('user input files: empty, huge, invalid → a ConfigError naming the option and file', () => {
  const cases = [
    { kind: 'profile', read: (p: string) => loadProfile(p), option: '--profile', huge: INPUT_LIMITS.profile + 1, ext: 'yaml', invalid: 'regions: [us-east-1\nscope: {}\n', where: /not valid YAML at line \d+, column \d+/ },
    { kind: 'plan', read: (p: string) => planReport({ file: p }), option: 'plan', huge: INPUT_LIMITS.plan + 1, ext: 'json', invalid: '{"format_version": "1.2",\n  "planned_values": {\n', where: /not valid JSON at line 3, column 1 — the file looks truncated/ },
    { kind: 'report', read: readReport, option: '--since', huge: INPUT_LIMITS.report + 1, ext: 'json', invalid: '{"schemaVersion": 1,\n "findings": [}\n', where: /not valid JSON at line 2, column 15: "}" does not match the "\[" it closes/ },
  ] as const;

  for (const c of cases) {
    it(`${c.kind}: an empty file`, async () => {
      const path = file(`empty-${c.kind}.${c.ext}`, '');
      const err = await errorOf(c.read(path));
      expect(err.message).toBe(`${c.option} ${path}: the file is empty; expected a ${c.kind}`);
    });

    it(`${c.kind}: a file over its limit is refused before it is read (sparse, ${Math.round(c.huge / MiB)} MiB)`, async () => {
      const path = sparse(`huge-${c.kind}.${c.ext}`, c.huge);
      const err = await errorOf(c.read(path));
      expect(err.message).toContain(`${c.option} ${path}: the file is ${Math.round(c.huge / MiB)} MiB, over the ${Math.round(c.huge / MiB)} MiB limit`);
    });

    it(`${c.kind}: invalid content names the line and column`, async () => {
      const path = file(`invalid-${c.kind}.${c.ext}`, c.invalid);
      const err = await errorOf(c.read(path));
      expect(err.message).toContain(path);
      expect(err.message).toMatch(c.where);
      expect(err.message).not.toMatch(/\n\s+at /);
    });
  }

  it('a profile of 100 MB (over its 16 MiB limit) is refused by its size', async () => {
    const path = sparse('100mb-profile.yaml', 100 * MiB);
    expect((await errorOf(loadProfile(path))).message).toMatch(/the file is 100 MiB, over the 16 MiB limit for a profile/);
  });

  it('a directory is not a file', async () => {
    expect((await errorOf(readReport(dir))).message).toBe(`--since ${dir}: is a directory, not a report file`);
  });
});

describe('the CLI: exit 2 and one line naming the option and file, before any AWS call', () => {
  async function run(args: string[]): Promise<{ code: number; stderr: string }> {
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    try {
      process.exitCode = undefined;
      const code = await main(['node', 'envelope', ...args, '--endpoint-url', 'http://127.0.0.1:9']);
      return { code, stderr };
    } finally {
      spy.mockRestore();
      process.exitCode = undefined;
    }
  }
  it.each([
    ['an empty report', () => file('cli-empty.json', ''), /^envelope: --since \S+cli-empty\.json: the file is empty; expected a report\n$/],
    ['a huge report', () => sparse('cli-huge.json', INPUT_LIMITS.report + MiB), /^envelope: --since \S+cli-huge\.json: the file is 501 MiB, over the 500 MiB limit for a report/],
    ['a truncated report', () => file('cli-truncated.json', '{"schemaVersion": 1, "findings": ['), /^envelope: --since \S+cli-truncated\.json: not valid JSON at line 1, column 35: the file ends with 2 bracket\(s\) still open — it looks truncated\n$/],
  ])('scan --since with %s', async (_what, make, expected) => {
    const r = await run(['scan', '--since', make()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(expected);
  });
  it('scan --profile with an empty profile', async () => {
    const path = file('cli-empty-profile.yaml', '');
    expect(await run(['scan', '--profile', path])).toEqual({ code: 2, stderr: `envelope: --profile ${path}: the file is empty; expected a profile\n` });
  });
});

describe('jsonShapeProblem', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it.each([
    ['{"a": [1, {"b": "x"}]}', undefined],
    ['  \n{"a": "}"}\n', undefined],
    ['{"a": "\\"}"}', undefined],
    ['[1]', 'expected "{" to open the object, found "["'],
    ['\u0000\u0000', 'expected "{" to open the object, found byte 0x00'],
    ['{"a": [1, 2}', '"}" does not match the "[" it closes'],
    ['{"a": "b', 'the file ends inside a string — it looks truncated'],
    ['{"a": {"b": 1}', 'the file ends with 1 bracket(s) still open — it looks truncated'],
    ['{"a": 1}}', 'more text after the object ends'],
    ['{"a": 1}\n{"b": 2}', 'more text after the object ends'],
  ])('%j → %s', (text, what) => {
    expect(jsonShapeProblem(enc(text))?.what).toBe(what);
  });
});

describe('memory: a real 100 MB invalid report is refused without parsing it', () => {
  const dist = fileURLToPath(new URL('../dist/input-file.js', import.meta.url));
  it('peak RSS grows by less than 1.5× the file (the bytes and the scan, no objects)', () => {
    // A report cut off mid-write: valid JSON objects for 100 MB, then the end missing. JSON.parse
    // would build every finding before it found out; the shape pass refuses it with the bytes alone.
    const path = join(dir, 'truncated-report.json');
    const fd = openSync(path, 'w');
    const finding = `{"ruleId":"s3-versioning-enabled","status":"pass","resource":{"id":"arn:aws:s3:::bucket-0000","type":"bucket"},"message":"versioning is enabled"},\n`;
    writeSync(fd, '{"schemaVersion":1,"findings":[\n');
    const block = finding.repeat(Math.ceil(MiB / finding.length));
    for (let written = 0; written < 100 * MiB; written += block.length) writeSync(fd, block);
    closeSync(fd);
    const script = `
      import { readJsonInput } from ${JSON.stringify(dist)};
      const before = process.memoryUsage().rss;
      let peak = before;
      const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
      try { await readJsonInput({ option: '--since', path: ${JSON.stringify(path)}, kind: 'report' }); console.log(JSON.stringify({ parsed: true })); }
      catch (e) { peak = Math.max(peak, process.memoryUsage().rss); clearInterval(timer); console.log(JSON.stringify({ message: e.message, delta: peak - before })); }
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { message?: string; delta?: number };
    expect(out.message).toMatch(/bracket\(s\) still open — it looks truncated/);
    const fileBytes = 100 * MiB;
    console.log(`100 MiB truncated report: peak RSS delta ${(out.delta! / MiB).toFixed(0)} MiB`);
    expect(out.delta!).toBeLessThan(1.5 * fileBytes);
  });
});
