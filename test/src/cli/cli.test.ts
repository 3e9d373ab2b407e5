/** The built `envelope` CLI, run as a process: against moto, on the demo, and on bad input. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateReport as validate } from './report-schema.js';
import { stringify } from 'yaml';
import { defaultPriceTable } from '@envelope/core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildArchitecture, testClients } from '../moto/architecture.js';
import { resetMoto } from '../moto/moto-server.js';
import { motoProfileInput } from '../moto/scan-moto.js';
import { runCli } from './run-cli.js';

const endpoint = inject('motoEndpoint');
const dir = mkdtempSync(join(tmpdir(), 'envelope-cli-'));
const profileFile = join(dir, 'profile.yaml');
// The spawned CLI talks to moto without the fidelity shims, so these scans use no replication.
writeFileSync(profileFile, stringify({ ...motoProfileInput, replication: { expected: false } }));


const scan = (...args: string[]) => runCli(['scan', '--profile', profileFile, '--endpoint-url', endpoint, '--region', 'eu-west-1', 'eu-west-2', ...args]);

describe('envelope scan against moto', () => {
  beforeAll(async () => {
    await resetMoto(endpoint);
    await buildArchitecture(testClients(endpoint), ['no-bucket-key', 'no-replication']);
  });

  it('--format json: valid against the shipped schema, with API call stats, on a clean stdout', async () => {
    const r = await scan('--format', 'json');
    const report = JSON.parse(r.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.schemaVersion).toBe(1);
    expect(report.source).toMatchObject({ kind: 'aws', accounts: ['123456789012'] });
    expect(report.stats.apiCalls.s3).toBeGreaterThan(0);
    expect(report.stats.apiCalls.kms).toBeGreaterThan(0);
    expect(report.stats.apiCallsTotal).toBe(Object.values(report.stats.apiCalls as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(report.findings.find((f: { ruleId: string; resource: { name: string } }) => f.ruleId === 's3-bucket-key-enabled' && f.resource.name === 'acme-stage').status).toBe('fail');
  });

  it('--fail-on: exit 1 at or above the threshold, 0 below it', async () => {
    expect((await scan('--format', 'json', '--fail-on', 'medium')).code).toBe(1);
    // This account has no CloudTrail trail (high) and no Bucket Key (medium), and nothing critical.
    expect((await scan('--format', 'json', '--fail-on', 'high')).code).toBe(1);
    expect((await scan('--format', 'json', '--fail-on', 'critical')).code).toBe(0);
  });

  it('--format sarif and markdown render the same findings', async () => {
    const sarif = JSON.parse((await scan('--format', 'sarif')).stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.some((x: { ruleId: string }) => x.ruleId === 's3-bucket-key-enabled')).toBe(true);
    const md = (await scan('--format', 'markdown')).stdout;
    expect(md.split('\n')[0]).toBe('<!-- envelope-report -->');
    expect(md).toContain('s3-bucket-key-enabled');
  });

  it('the JSON report carries the cost section; --no-cost drops it and reads no CloudWatch', async () => {
    const withCost = JSON.parse((await scan('--format', 'json')).stdout);
    expect(withCost.cost.priceTableDate).toBe(defaultPriceTable.priceTableDate);
    expect(withCost.cost.priceSources).toContainEqual({ region: 'eu-west-1', source: `built-in table dated ${defaultPriceTable.priceTableDate}` });
    expect(withCost.cost.lines.length).toBeGreaterThan(0);
    expect(withCost.stats.apiCallsByOperation['cloudwatch:GetMetricData']).toBeGreaterThan(0);
    const noCost = JSON.parse((await scan('--format', 'json', '--no-cost')).stdout);
    expect(validate(noCost)).toBe(true);
    expect(noCost.cost).toBeNull();
    expect(Object.keys(noCost.stats.apiCallsByOperation).filter((op: string) => op.startsWith('cloudwatch:'))).toEqual([]);
    const ruleStatus = (r: { findings: { ruleId: string; status: string }[] }) => r.findings.find((f) => f.ruleId === 'cost-bucket-key-disabled')?.status;
    expect(ruleStatus(withCost)).toBe('fail');
    expect(ruleStatus(noCost)).toBe('not_applicable');
  });

  it('--price-table overrides a price; a bad one names the file, path and value', async () => {
    const cheap = join(dir, 'prices.yaml');
    writeFileSync(cheap, 'regions:\n  eu-west-1:\n    kms:\n      keyMonth: 0.5\n');
    const r = JSON.parse((await scan('--format', 'json', '--price-table', cheap)).stdout);
    expect(r.cost.lines.find((l: { component: string; region?: string }) => l.component.startsWith('kms-key') && l.region === 'eu-west-1').unitPrice).toBe(0.5);
    expect(r.cost.priceSources).toContainEqual({ region: 'eu-west-1', source: `built-in table dated ${defaultPriceTable.priceTableDate}, with overrides from ${cheap}` });
    const bad = join(dir, 'bad-prices.json');
    writeFileSync(bad, JSON.stringify({ regions: { 'eu-west-1': { kms: { keyMonth: -1 } } } }));
    const e = await scan('--price-table', bad);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain(`${bad}: regions.eu-west-1.kms.keyMonth`);
    expect(e.stderr).toContain('(got -1)');
  });

  it('--prices aws where the endpoint has no Price List (moto): the scan ends normally on the built-in table, and says so', async () => {
    const r = await scan('--format', 'json', '--prices', 'aws');
    expect(r.code).toBe(1); // the account's findings, as without --prices aws; not 2 or 3
    const report = JSON.parse(r.stdout);
    expect(validate(report)).toBe(true);
    // The Pricing client went to the endpoint override like every other client, and was counted.
    expect(report.stats.apiCallsByOperation['pricing:GetProducts']).toBeGreaterThan(0);
    expect(report.gaps.some((g: { resource: string }) => g.resource === 'AWS Price List (AmazonS3, eu-west-1)')).toBe(true);
    expect(report.cost.priceSources.find((p: { region: string }) => p.region === 'eu-west-1').source).toMatch(/^built-in table dated \S+: the AWS Price List gave no price for eu-west-1/);
    expect(r.stderr).toContain('AWS Price List (AmazonS3, eu-west-1)');
    expect((await scan('--prices', 'azure')).code).toBe(2);
  });

  it('--output writes the report atomically and keeps stdout free of it', async () => {
    const out = join(dir, 'nested', 'report.json');
    const r = await scan('--format', 'json', '--output', out);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`json report written to ${out}`);
    expect(validate(JSON.parse(readFileSync(out, 'utf8')))).toBe(true);
  });

  it('table format names the failing bucket and rule for people', async () => {
    const r = await scan();
    expect(r.stdout).toContain('acme-stage');
    expect(r.stdout).toMatch(/✗\s+medium\s+s3-bucket-key-enabled/);
    expect(r.stdout).toMatch(/✗\s+medium\s+cost-bucket-key-disabled/);
    expect(r.stdout).toMatch(/✗\s+high\s+trail-multi-region-logging\s+The account has no CloudTrail trail/);
    // Bucket Key twice (rule + cost), and the missing trail: account, KMS events, two buckets' data events.
    expect(r.stdout).toMatch(/6 failed \(1 high, 5 medium\)/);
    // moto denies the object sample (see architecture.test.ts): the table says what it could not see.
    expect(r.stdout).toMatch(/Could not see \(1\)\n\s+arn:aws:s3:::acme-stage\s+object sample\s+access denied to s3:HeadObject/);
  });

  it('machine formats say on stderr what could not be seen, keeping stdout a clean report', async () => {
    const r = await scan('--format', 'json');
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).toContain('envelope: could not see 1 thing(s); affected rules are "unknown":');
    expect(r.stderr).toContain('arn:aws:s3:::acme-stage: object sample: access denied to s3:HeadObject');
  });
});

describe('envelope demo', () => {
  it('prints the human report of the demo account with no credentials', async () => {
    const r = await runCli(['demo'], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('demo account (no cloud)');
    expect(r.stdout).toMatch(/acme-events-raw[\s\S]*s3-bucket-key-enabled/);
    expect(r.stdout).toMatch(/kms-rotation-enabled\s+Automatic rotation is off/);
    // The demo account has a trail (acme-org-audit): no "no trail" findings, and the data-event gap
    // of the buckets its selector leaves out is explained.
    expect(r.stdout).not.toContain('The account has no CloudTrail trail');
    expect(r.stdout).toMatch(/acme-ml-features[^\n]*\n(?: {2}[^\n]*\n)*? {2}✗\s+medium\s+trail-s3-data-events\s+No logging trail records both read and write data events for this bucket: acme-org-audit: data events for the bucket: neither read nor write\./);
    expect(r.stdout).toMatch(/trail acme-org-audit {2}eu-west-1[^\n]*\n {2}✓ 3 rules passed/);
    expect(r.stdout).toContain('support bucket (CloudTrail log bucket of acme-org-audit)');
  });

  it('honours --format json and validates', async () => {
    const r = await runCli(['demo', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.source.kind).toBe('demo');
    expect(report.gaps).toEqual([]);
    const trailFindings = (report.findings as { ruleId: string; status: string; resource: { name: string } }[])
      .filter((f) => f.ruleId.startsWith('trail-') && f.status !== 'not_applicable')
      .map((f) => [f.ruleId, f.resource.name, f.status])
      .sort();
    expect(trailFindings).toEqual([
      ['trail-bucket-secured', 'acme-org-audit', 'pass'],
      ['trail-kms-cmk', 'acme-org-audit', 'pass'],
      ['trail-kms-events-logged', '210987654321', 'pass'],
      ['trail-log-file-validation', 'acme-org-audit', 'pass'],
      ['trail-multi-region-logging', '210987654321', 'pass'],
      ['trail-s3-data-events', 'acme-events-raw', 'fail'],
      ['trail-s3-data-events', 'acme-ml-features', 'fail'],
      ['trail-s3-data-events', 'acme-snowflake-stage', 'pass'],
      ['trail-s3-data-events', 'acme-snowflake-stage-replica', 'pass'],
    ]);
  });
});

describe('bad input: a clear error naming the field and value, exit 2, no stack trace', () => {
  const noStack = (s: string) => expect(s).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

  it('an invalid profile value', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: broken\nkms:\n  rotationMaxDays: yearly\n');
    const r = await runCli(['scan', '--profile', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toContain('kms.rotationMaxDays');
    expect(r.stderr).toContain('"yearly"');
    noStack(r.stderr);
  });

  it('an unknown profile field', async () => {
    const bad = join(dir, 'typo.json');
    writeFileSync(bad, JSON.stringify({ name: 'x', s3: { lifecyle: {} } }));
    const r = await runCli(['scan', '--profile', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s3: Unrecognized key: "lifecyle"/);
    noStack(r.stderr);
  });

  it('a profile that is not YAML', async () => {
    const bad = join(dir, 'broken.yaml');
    writeFileSync(bad, 'name: [unclosed\n');
    const r = await runCli(['scan', '--profile', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid YAML at line \d/);
    noStack(r.stderr);
  });

  it('a missing profile file', async () => {
    const r = await runCli(['scan', '--profile', join(dir, 'nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/neither a built-in profile \(snowflake-s3-kms\) nor a readable file \(ENOENT\)/);
  });

  it('an unknown --format and --fail-on', async () => {
    const f = await runCli(['demo', '--format', 'xml']);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/--format.*'xml' is invalid/);
    const s = await runCli(['demo', '--fail-on', 'severe']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/'severe' is invalid/);
  });

  it('a bad --timeout names the flag and the value', async () => {
    for (const v of ['0', 'soon']) {
      const r = await runCli(['scan', '--timeout', v]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--timeout: expected a number of seconds above 0 and at most 3600, got ${JSON.stringify(v)}`);
      noStack(r.stderr);
    }
  });

  it('an endpoint that never answers: --timeout bounds the wait, exit 2 with the reason', async () => {
    // Accepts every request and answers none (the first call, sts:GetCallerIdentity, ends the scan).
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const started = Date.now();
      const r = await runCli(['scan', '--endpoint-url', `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, '--timeout', '0.5']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('could not identify the AWS account: sts:GetCallerIdentity timed out after 0.5s (3 attempts)');
      // 3 × 0.5 s and the backoff, plus Node's start; never the server's hold (forever).
      expect(Date.now() - started).toBeLessThan(1_800 + 8_000);
      noStack(r.stderr);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('no reachable credentials or endpoint: exit 2 with the reason', async () => {
    const r = await runCli(['scan', '--endpoint-url', 'http://127.0.0.1:9'], { AWS_MAX_ATTEMPTS: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not identify the AWS account: sts:GetCallerIdentity/);
    noStack(r.stderr);
  });

  it('credentials STS rejects (InvalidClientTokenId): exit 2 with the reason, and no other call is made', async () => {
    // A loopback endpoint that answers every request as STS answers an unknown access key.
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(403, { 'content-type': 'text/xml' });
        res.end(
          '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>' +
            '<Message>The security token included in the request is invalid.</Message></Error><RequestId>4c1d8f0e-0000-4000-8000-000000000001</RequestId></ErrorResponse>',
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const r = await runCli(['scan', '--endpoint-url', `http://127.0.0.1:${port}`, '--format', 'json'], { AWS_ACCESS_KEY_ID: 'testing-rejected-key', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'envelope: could not identify the AWS account: sts:GetCallerIdentity rejected the credentials (InvalidClientTokenId: The security token included in the request is invalid.)',
      );
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toContain('not-a-real-secret');
      noStack(r.stderr);
      // The scan ends at the identity: no bucket, key or role was asked for.
      expect(bodies.length).toBeGreaterThan(0);
      expect(bodies.every((b) => b.includes('Action=GetCallerIdentity'))).toBe(true);
    } finally {
      server.close();
    }
  });
});
