import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from './registry.js';

const here = dirname(fileURLToPath(import.meta.url));
const folders = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('rule registry parity', () => {
  it('lists every rule folder exactly once, sorted by id', () => {
    const ids = rules.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(folders);
  });

  it.each(folders)('%s has rule.ts, rule.test.ts and a README with what, why, fix and examples', (id) => {
    for (const f of ['rule.ts', 'rule.test.ts', 'README.md']) expect(existsSync(join(here, id, f)), `${id}/${f}`).toBe(true);
    const readme = readFileSync(join(here, id, 'README.md'), 'utf8');
    expect(readme.startsWith(`# ${id}\n`)).toBe(true);
    for (const section of ['## What it checks', '## Why', '## How to fix', '## Examples']) expect(readme, `${id} README: ${section}`).toContain(section);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s has complete metadata', (id, rule) => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.remediation.length).toBeGreaterThan(10);
    expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
    expect(rule.docs).toContain(`/rules/${id}/README.md`);
  });
});

describe('generated docs/rules.md', () => {
  it('is up to date with the registry (run npm run build to regenerate)', async () => {
    const { renderRulesDoc } = await import('../report/rules-doc.js');
    const committed = readFileSync(join(here, '../../docs/rules.md'), 'utf8');
    expect(committed.trimEnd()).toBe(renderRulesDoc(rules).trimEnd());
  });
});
