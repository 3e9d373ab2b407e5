/** Microsoft's SARIF validator (@microsoft/sarif-multitool; its Linux binary comes in the npm package, runs offline). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './run-action.js';

export interface SarifProblem {
  ruleId: string;
  level?: string;
  message: string;
}

/** Schema errors and SARIF rule violations the validator reports (none for a valid log). */
export function validateSarif(file: string): SarifProblem[] {
  const out = join(mkdtempSync(join(tmpdir(), 'sarif-validate-')), 'out.sarif');
  const r = spawnSync(join(ROOT, 'node_modules/.bin/sarif-multitool'), ['validate', file, '--output', out], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`sarif-multitool exited ${r.status}: ${r.stdout}${r.stderr}`);
  const log = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results?: { ruleId: string; level?: string; message: { text?: string; arguments?: string[] } }[] }[] };
  return log.runs.flatMap((run) => run.results ?? []).map((x) => ({ ruleId: x.ruleId, ...(x.level ? { level: x.level } : {}), message: x.message.text ?? (x.message.arguments ?? []).join(' ') }));
}
