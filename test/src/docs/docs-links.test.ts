/**
 * The docs hold together: the README's two commands are where the newcomer test looks for them,
 * every relative link in README.md and docs/*.md leads to a file (and an anchor to a heading of
 * it), and docs/cli.md documents every subcommand and option the CLI's --help lists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readmeCommands } from '../../scripts/readme-commands.mjs';
import { CLI } from '../cli/run-cli.js';
import { headingAnchors, markdownLinks } from './markdown-links.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const pending = new Set(
  readFileSync(new URL('pending-links.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#')),
);
const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe("the README's two commands", () => {
  it('are the two sh blocks under "## Two commands": the demo, then the tests', () => {
    const { demo, test } = readmeCommands(read('README.md'));
    expect(demo).toMatch(/\bnpm run demo\b/);
    expect(test).toMatch(/\bnpm test\b/);
  });

  const section = (...blocks: string[]) => ['# x', '', '## Two commands', '', ...blocks, '', '## Next', '', '```sh', 'echo later', '```'].join('\n');
  const sh = (body: string) => ['```sh', body, '```'].join('\n');

  it('skip blocks of other languages and stop at the next section', () => {
    expect(readmeCommands(section('```yaml', 'a: 1', '```', sh('npm run demo'), 'text', sh('npm test')))).toEqual({ demo: 'npm run demo', test: 'npm test' });
  });

  it('are refused when there are not exactly two, or the heading is missing', () => {
    expect(() => readmeCommands(section(sh('npm run demo')))).toThrow(/exactly two .* found 1/);
    expect(() => readmeCommands(section(sh('a'), sh('b'), sh('c')))).toThrow(/found 3/);
    expect(() => readmeCommands('# x\n\n## Two things\n\n' + sh('a'))).toThrow(/no "## Two commands" heading/);
    expect(() => readmeCommands('## Two commands\n\n' + sh('npm run demo') + '\n\n```sh\nnpm test\n')).toThrow(/never closed/);
  });
});

describe('relative links in README.md and docs/*.md', () => {
  it.each(pages)('%s: every link leads to a file, every anchor to a heading', (page) => {
    const broken: string[] = [];
    for (const { target, line } of markdownLinks(read(page))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [path = '', anchor] = target.split('#', 2);
      const file = path === '' ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), decodeURIComponent(path));
      const rel = relative(ROOT, file);
      if (!existsSync(file)) {
        if (!pending.has(rel)) broken.push(`${page}:${line}: ${target} (no ${rel})`);
        continue;
      }
      if (anchor !== undefined && file.endsWith('.md') && statSync(file).isFile() && !headingAnchors(readFileSync(file, 'utf8')).has(anchor)) {
        broken.push(`${page}:${line}: ${target} (${rel} has no heading #${anchor})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the pending pages do not exist yet (remove a page from test/src/docs/pending-links.txt once it is merged)', () => {
    expect([...pending].filter((p) => existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('the anchor maker gives GitHub\'s anchors', () => {
    const anchors = headingAnchors('# The envelope CLI\n## `envelope scan`\n## A call that never answers: `--timeout`\n```\n## not a heading\n```\n## Profiles\n## Profiles\n');
    expect([...anchors]).toEqual(['the-envelope-cli', 'envelope-scan', 'a-call-that-never-answers---timeout', 'profiles', 'profiles-1']);
  });
});

describe('docs/cli.md documents the CLI', () => {
  const helps = new Map<string, string>();
  const help = (...args: string[]) => {
    const known = helps.get(args.join(' '));
    if (known !== undefined) return known;
    expect(existsSync(CLI), `${CLI} is missing: run "npm run build" first`).toBe(true);
    const r = spawnSync(process.execPath, [CLI, ...args, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    helps.set(args.join(' '), r.stdout);
    return r.stdout;
  };
  const commands = () => {
    const text = help();
    const block = text.slice(text.indexOf('Commands:'));
    return [...block.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  };
  const doc = read('docs/cli.md');
  /** The `## \`envelope <command>\`` section of docs/cli.md, up to the next level-2 heading. */
  const section = (command: string) => {
    const start = doc.search(new RegExp(`^## \`envelope ${command}\\b`, 'm'));
    if (start < 0) return null;
    const next = doc.slice(start + 3).search(/^## /m);
    return next < 0 ? doc.slice(start) : doc.slice(start, start + 3 + next);
  };

  it('has a section per subcommand', () => {
    const found = commands();
    expect(found).toEqual(expect.arrayContaining(['scan', 'plan', 'demo', 'init', 'explain', 'diff']));
    expect(found.filter((c) => section(c) === null).map((c) => `no "## \`envelope ${c}\`" section`)).toEqual([]);
  });

  it("names each subcommand's options in its section", () => {
    const missing: string[] = [];
    for (const command of commands()) {
      const text = section(command) ?? '';
      const options = help(command)
        .split('\n')
        .filter((l) => /^ {2}-/.test(l))
        .flatMap((l) => [...l.matchAll(/--[a-z][a-z0-9-]*/g)].slice(0, 1).map((m) => m[0]))
        .filter((o) => o !== '--help');
      for (const option of options) {
        if (!new RegExp(`${option}(?![a-z0-9-])`).test(text)) missing.push(`envelope ${command} ${option}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
