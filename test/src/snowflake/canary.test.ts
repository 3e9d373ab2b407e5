/**
 * Canary: the private key (its PEM body, encrypted or not), its passphrase and every JWT the scan
 * sent never appear in any output — each report format, the gaps, the error messages of a refused
 * JWT and of bad key input, and the CLI's stdout and stderr.
 */
import { createPrivateKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { FORMATS, renderReport, rules, resolveConnection } from '@envelope/core';
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { makeKeyMaterial, PASSPHRASE, runSnowflakeScenario, SF_URL, snowflakeProfile, type KeyMaterial, type SnowflakeResult } from './harness.js';

const endpoint = inject('motoEndpoint');
let key: KeyMaterial;
let secrets: string[];
let scans: SnowflakeResult[];

/** The base64 lines of a PEM: any one of them in an output is a leak. */
const pemLines = (pem: string) => pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));

function expectClean(text: string, where: string) {
  for (const s of secrets) expect(text.includes(s), `${where} contains a secret (${s.slice(0, 12)}…)`).toBe(false);
}

describe('canary: no key, passphrase or JWT in any output', () => {
  beforeAll(async () => {
    key = makeKeyMaterial();
    const plain = createPrivateKey({ key: key.pem, format: 'pem', passphrase: PASSPHRASE }).export({ type: 'pkcs8', format: 'pem' }) as string;
    const ok = await runSnowflakeScenario(endpoint, key);
    // A refused JWT: the 401 path, whose message must not quote the token it refused.
    const refused = await runSnowflakeScenario(endpoint, key, { reuseAws: true, account: { publicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey } });
    scans = [ok, refused];
    const jwts = scans.flatMap((s) => s.log.map((l) => (l.authorization ?? '').replace(/^Bearer /, ''))).filter((t) => t.length > 0);
    expect(jwts.length).toBeGreaterThan(3);
    // Each JWT whole, and its signature alone.
    secrets = [PASSPHRASE, ...pemLines(key.pem), ...pemLines(plain), ...jwts, ...jwts.map((j) => j.split('.')[2]!)];
  });

  it.each(FORMATS)('the %s report', (format) => {
    for (const s of scans) expectClean(renderReport(s.report, format, rules, { color: false, verbose: true }), `${format} report`);
  });

  it('the gaps and findings as JSON, evidence included', () => {
    for (const s of scans) expectClean(JSON.stringify(s.report), 'report JSON');
    expect(JSON.stringify(scans[1]!.report.gaps)).toContain('Snowflake refused the key-pair JWT (401');
  });

  it('bad key input names the field, never the key or the passphrase', async () => {
    const wrong = { ...process.env };
    process.env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE = 'not-the-passphrase';
    try {
      await expect(resolveConnection(snowflakeProfile(key))).rejects.toThrow(/snowflake\.connection\.privateKeyPath \(".*rsa_key\.p8"\): the private key cannot be decrypted with the passphrase in SNOWFLAKE_PRIVATE_KEY_PASSPHRASE/);
      delete process.env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE;
      await expect(resolveConnection(snowflakeProfile(key))).rejects.toThrow(/the private key is encrypted; set its passphrase in SNOWFLAKE_PRIVATE_KEY_PASSPHRASE/);
      process.env.SNOWFLAKE_PRIVATE_KEY = key.pem.replace('MII', 'XXX');
      process.env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE = PASSPHRASE;
      const err = await resolveConnection(snowflakeProfile(key)).catch((e: Error) => e);
      expect(String(err)).toMatch(/SNOWFLAKE_PRIVATE_KEY: the private key cannot be decrypted/);
      expectClean(String(err), 'error message');
    } finally {
      for (const k of ['SNOWFLAKE_PRIVATE_KEY', 'SNOWFLAKE_PRIVATE_KEY_PASSPHRASE']) if (wrong[k] === undefined) delete process.env[k];
      else process.env[k] = wrong[k];
    }
  });

  it('the CLI: a wrong passphrase exits 2 with one line naming the variable, the key and passphrase nowhere', async () => {
    const profileFile = join(dirname(key.path), 'profile.json');
    writeFileSync(profileFile, JSON.stringify({ name: 'canary', snowflake: { connection: { account: 'ACME-TEST', user: 'SCANNER', privateKeyPath: key.path, url: SF_URL } } }));
    const r = await runCli(['scan', '--profile', profileFile, '--endpoint-url', endpoint, '--no-cost'], { SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: `${PASSPHRASE}-wrong` });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the private key cannot be decrypted with the passphrase in SNOWFLAKE_PRIVATE_KEY_PASSPHRASE');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expectClean(r.stdout + r.stderr, 'CLI output');
    expect(r.stdout + r.stderr).not.toContain(`${PASSPHRASE}-wrong`);
  });

  it('the CLI: a profile with a malformed account names the field and the value', async () => {
    const profileFile = join(dirname(key.path), 'bad-account.json');
    writeFileSync(profileFile, JSON.stringify({ name: 'bad', snowflake: { connection: { account: 'acme test!', user: 'SCANNER', privateKeyPath: key.path } } }));
    const r = await runCli(['scan', '--profile', profileFile, '--endpoint-url', endpoint, '--no-cost']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/snowflake\.connection\.account.*"acme test!"/);
  });
});
