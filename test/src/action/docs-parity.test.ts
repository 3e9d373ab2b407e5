/**
 * The Action's metadata, code and docs agree: every input action.yml declares is read (and nothing
 * else), every output the code sets is declared, and docs/action.md lists every input and output and
 * shows the example workflows exactly as docs/workflows holds them (those files are what actionlint
 * checks in CI).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readInputs } from '../../../action/src/inputs.js';
import { ROOT } from './run-action.js';

const yml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown>; runs: { using: string; main: string } };

describe('action.yml, the code and docs/action.md agree', () => {
  it('runs the committed bundle on node24', () => {
    expect(yml.runs).toEqual({ using: 'node24', main: 'action/dist/index.js' });
    expect(JSON.parse(readFileSync(join(ROOT, 'action/package.json'), 'utf8')).type).toBe('module');
  });

  it('every declared input is read, and only those', () => {
    const asked = new Set<string>();
    readInputs((name) => (asked.add(name), name === 'plan-json' ? 'plan.json' : ''), 'pull_request');
    expect([...asked].sort()).toEqual(Object.keys(yml.inputs).sort());
  });

  it('every output the code sets is declared', () => {
    const src = ['main.ts', 'channels.ts'].map((f) => readFileSync(join(ROOT, 'action/src', f), 'utf8')).join('\n');
    const set = new Set([...src.matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]!));
    for (const sev of ['critical', 'high', 'medium', 'low', 'info']) set.add(`${sev}-count`);
    expect([...set].sort()).toEqual(Object.keys(yml.outputs).sort());
  });

  const page = readFileSync(join(ROOT, 'docs/action.md'), 'utf8');

  it('docs/action.md, or the page a workflow belongs to, shows each example workflow verbatim', () => {
    const files = readdirSync(join(ROOT, 'docs/workflows')).filter((f) => f.endsWith('.yml'));
    const shownIn: Record<string, string> = { 'audit.yml': 'docs/action.md', 'fork-safe.yml': 'docs/action.md', 'pr-check.yml': 'docs/action.md', 'org-audit.yml': 'docs/multi-account.md' };
    expect(files.sort()).toEqual(Object.keys(shownIn).sort());
    for (const f of files) expect(readFileSync(join(ROOT, shownIn[f]!), 'utf8')).toContain(`\`\`\`yaml\n${readFileSync(join(ROOT, 'docs/workflows', f), 'utf8')}\`\`\``);
  });

  it('docs/action.md has a table row for every input and output', () => {
    const rows = (heading: string) => {
      const part = page.slice(page.indexOf(`## ${heading}\n`), page.indexOf('\n## ', page.indexOf(`## ${heading}\n`) + 1));
      return [...part.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]!).sort();
    };
    expect(rows('Inputs')).toEqual(Object.keys(yml.inputs).sort());
    expect(rows('Outputs')).toEqual(Object.keys(yml.outputs).sort());
  });
});
