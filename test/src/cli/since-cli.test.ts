/**
 * `envelope scan --since` as a user runs it, against moto. moto records no CloudTrail event
 * for the calls it serves, and its LookupEvents with a ReadOnly lookup attribute fails with HTTP
 * 500: exactly the case where events cannot be read, so the scan falls back to a full one.
 * src/moto/since.test.ts makes real changes on moto and serves their events from msw.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateReport as validate } from './report-schema.js';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildArchitecture, testClients } from '../moto/architecture.js';
import { resetMoto } from '../moto/moto-server.js';
import { motoProfileInput } from '../moto/scan-moto.js';
import { runCli } from './run-cli.js';

const endpoint = inject('motoEndpoint');
const dir = mkdtempSync(join(tmpdir(), 'envelope-since-cli-'));
const profileFile = join(dir, 'profile.yaml');
// The spawned CLI talks to moto without the fidelity shims, so these scans use no replication.
writeFileSync(profileFile, stringify({ ...motoProfileInput, replication: { expected: false } }));

const scan = (...args: string[]) => runCli(['scan', '--profile', profileFile, '--endpoint-url', endpoint, '--format', 'json', '--fail-on', 'none', ...args]);

interface JsonReport {
  scannedAt: string;
  findings: { ruleId: string; status: string; observedAt?: string; resource: { id: string; type: string } }[];
  incremental?: { mode: string; reason?: string; since?: { scannedAt: string } };
  stats: { apiCallsByOperation: Record<string, number> };
}

describe('envelope scan --since (CLI, moto)', () => {
  const first = join(dir, 'first.json');
  beforeAll(async () => {
    await resetMoto(endpoint);
    await buildArchitecture(testClients(endpoint), ['no-replication']);
    const r = await scan('-o', first);
    expect(r.code, r.stderr).toBe(0);
  });

  it('moto cannot answer LookupEvents (HTTP 500): a full scan, with the notice, valid against the schema', async () => {
    const second = join(dir, 'second.json');
    const r = await scan('--since', first, '-o', second);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^envelope: --since ${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: a full scan instead: CloudTrail events could not be read: cloudtrail:LookupEvents failed with HTTP 500`));
    const before = JSON.parse(readFileSync(first, 'utf8')) as JsonReport;
    const after = JSON.parse(readFileSync(second, 'utf8')) as JsonReport;
    expect(validate(after), JSON.stringify(validate.errors)).toBe(true);
    expect(after.incremental).toMatchObject({ mode: 'full', since: { scannedAt: before.scannedAt } });
    expect(after.incremental?.reason).toMatch(/^CloudTrail events could not be read/);
    expect(after.stats.apiCallsByOperation['s3:GetBucketEncryption']).toBe(before.stats.apiCallsByOperation['s3:GetBucketEncryption']);
    expect(after.findings.some((f) => f.observedAt !== undefined)).toBe(false);
    const status = (r: JsonReport) => r.findings.map((f) => `${f.ruleId}@${f.resource.id}=${f.status}`).sort();
    expect(status(after)).toEqual(status(before));
  });

  it('another --region filter than the previous report: a full scan, with the notice on stderr', async () => {
    const r = await scan('--since', first, '--region', 'eu-west-1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`envelope: --since ${first}: a full scan instead: the previous report was made with a different profile, --region filter, --no-cost or Snowflake setting`);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.incremental?.mode).toBe('full');
    expect(report.stats.apiCallsByOperation['s3:GetBucketEncryption']).toBeGreaterThan(0);
  });
});
