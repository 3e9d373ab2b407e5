/**
 * Build step after tsc: writes the committed, generated outputs from the compiled code.
 *   schema/report.schema.json  the report's JSON Schema, from the zod schema (src/report/schema.ts)
 *   schema/diff.schema.json    the JSON Schema of `envelope diff --format json`, likewise
 *   docs/rules.md              the rule table, from the registry (src/rules/registry.ts)
 * Deterministic (no dates, fixed order), so an unchanged build leaves both files byte-identical.
 * `--check` writes nothing and exits 1 when a file is out of date (for CI).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffJsonSchema, reportJsonSchema } from '../dist/report/json-schema.js';
import { renderRulesDoc } from '../dist/report/rules-doc.js';
import { rules } from '../dist/rules/registry.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');

const outputs = [
  [new URL('../schema/report.schema.json', import.meta.url), `${JSON.stringify(reportJsonSchema(), null, 2)}\n`],
  [new URL('../schema/diff.schema.json', import.meta.url), `${JSON.stringify(diffJsonSchema(), null, 2)}\n`],
  [new URL('../docs/rules.md', import.meta.url), renderRulesDoc(rules)],
];

let stale = 0;
for (const [url, text] of outputs) {
  const path = fileURLToPath(url);
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === text) continue;
  if (check) {
    stale++;
    console.error(`${relative(root, path)} is out of date; run npm run build`);
    continue;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  console.log(`wrote ${relative(root, path)}`);
}
if (stale > 0) process.exitCode = 1;
