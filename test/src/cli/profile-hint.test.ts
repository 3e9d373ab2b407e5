/**
 * A new user's first `envelope scan` (the built CLI, built-in profile) on an account with names of
 * its own: one line says the profile does not match and what to run — on stderr in every format,
 * and in the table report itself.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildArchitecture, OWN_NAMES, testClients } from '../moto/architecture.js';
import { resetMoto } from '../moto/moto-server.js';
import { runCli } from './run-cli.js';

const endpoint = inject('motoEndpoint');
const HINT =
  'envelope: the profile names things this account does not have (kms.alias alias/snowflake-s3-kms (eu-west-1), snowflake.roleName snowflake-s3-kms-role); run `envelope init` to write a profile from the account';
// The spawned CLI talks to moto without the fidelity shims, so the account has no replication.
const scan = (...args: string[]) => runCli(['scan', '--endpoint-url', endpoint, '--region', 'eu-west-1', ...args]);

describe('envelope scan with the built-in profile on an account with names of its own', () => {
  beforeAll(async () => {
    await resetMoto(endpoint);
    await buildArchitecture(testClients(endpoint), ['no-replication'], OWN_NAMES);
  });

  it('table: the hint is a line of the report and one line on stderr', async () => {
    const r = await scan();
    expect(r.stderr.split('\n').filter((l) => l.includes('envelope init'))).toEqual([HINT]);
    expect(r.stdout).toContain(`! ${HINT.replace('envelope: the', 'The')}`);
  });

  it('json: stdout stays the report; the hint goes to stderr', async () => {
    const r = await scan('--format', 'json');
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; status: string }[] };
    expect(report.findings.filter((f) => f.ruleId === 'profile-values-resolve').map((f) => f.status)).toEqual(['fail']);
    expect(r.stderr.split('\n').filter((l) => l.includes('envelope init'))).toEqual([HINT]);
  });

  it('no hint once the profile carries the account’s names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'envelope-hint-'));
    const file = join(dir, 'profile.yaml');
    writeFileSync(file, stringify({ name: 'own-names', kms: { alias: OWN_NAMES.alias }, snowflake: { roleName: OWN_NAMES.snowflakeRole } }));
    const r = await scan('--profile', file, '--format', 'json');
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; status: string }[] };
    expect(report.findings.filter((f) => f.ruleId === 'profile-values-resolve').map((f) => f.status)).toEqual(['pass']);
    expect(r.stderr).not.toContain('envelope init');
  });
});
