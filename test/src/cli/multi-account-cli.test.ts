/**
 * The built CLI over several accounts on moto: `scan --assume-role --accounts … --shard i/n` as
 * matrix jobs run it, `envelope merge` of the shard files equal to one run, and bad input to the
 * new options and to merge → exit 2 with the option (or file) and the value named.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { validateReport as validate } from './report-schema.js';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { resetMoto } from '../moto/moto-server.js';
import { runCli } from './run-cli.js';

const endpoint = inject('motoEndpoint');
const REGION = 'eu-west-1';
// Chosen so the two shards both hold accounts: 111… and 666… hash to 1/2, 444… to 2/2.
const ACCOUNTS = ['111111111111', '444444444444', '666666666666'];
const dir = mkdtempSync(join(tmpdir(), 'envelope-multi-'));
const profileFile = join(dir, 'profile.yaml');
writeFileSync(profileFile, stringify({ name: 'org-audit', regions: [REGION] }));


const scan = (...args: string[]) =>
  runCli(['scan', '--profile', profileFile, '--endpoint-url', endpoint, '--region', REGION, '--assume-role', 'envelope-audit', '--accounts', ACCOUNTS.join(','), ...args]);

/** The report without what "identical" leaves out: when it ran and the calls it made. */
const comparable = (file: string) => {
  const { scannedAt: _t, stats: _s, ...rest } = JSON.parse(readFileSync(file, 'utf8'));
  return rest;
};

describe('envelope scan --assume-role / --shard and envelope merge (CLI, moto)', () => {
  beforeAll(async () => {
    await resetMoto(endpoint);
    const testing = { accessKeyId: 'testing', secretAccessKey: 'testing' };
    for (const account of ACCOUNTS) {
      const sts = new STSClient({ endpoint, region: REGION, credentials: testing });
      const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/fixture`, RoleSessionName: 'fixture' }))).Credentials!;
      sts.destroy();
      const s3 = new S3Client({ endpoint, region: REGION, forcePathStyle: true, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
      for (const b of ['stage', 'raw']) await s3.send(new CreateBucketCommand({ Bucket: `cli-${account}-${b}`, CreateBucketConfiguration: { LocationConstraint: REGION } }));
      await s3.send(new PutBucketVersioningCommand({ Bucket: `cli-${account}-stage`, VersioningConfiguration: { Status: 'Enabled' } }));
      s3.destroy();
    }
  });

  it('two shard files merged equal one run over the three accounts, in JSON; merge renders markdown too', async () => {
    const single = join(dir, 'single.json');
    const shards = [join(dir, 'shard-1.json'), join(dir, 'shard-2.json')];
    const all = await scan('--format', 'json', '--output', single);
    expect(all.code, all.stderr).toBe(1);
    for (const [i, file] of shards.entries()) {
      const r = await scan('--shard', `${i + 1}/2`, '--format', 'json', '--output', file, '--fail-on', 'none');
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(file, 'utf8'));
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      expect(report.shard).toEqual({ index: i + 1, count: 2, by: 'account' });
      expect(report.source.accounts).toEqual(i === 0 ? ['111111111111', '666666666666'] : ['444444444444']);
    }
    const merged = join(dir, 'merged.json');
    const m = await runCli(['merge', ...[...shards].reverse(), '--format', 'json', '--output', merged]);
    expect(m.code, m.stderr).toBe(1);
    expect(validate(JSON.parse(readFileSync(merged, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    expect(comparable(merged)).toEqual(comparable(single));
    expect(comparable(merged).source.accounts).toEqual(ACCOUNTS);
    expect(readFileSync(merged, 'utf8')).toContain('"id": "arn:aws:s3:::cli-444444444444-raw"');

    const md = await runCli(['merge', ...shards, '--format', 'markdown', '--fail-on', 'none']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('cli-666666666666-stage');

    const missing = await runCli(['merge', shards[0]!, '--format', 'json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('merge: shard 2/2 missing');
    const twice = await runCli(['merge', single, single]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(`merge: account ${ACCOUNTS[0]} is in both ${single} and ${single}`);
  });

  it.each([
    [['--shard', '3/2'], '--shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/3), got "3/2"'],
    [['--shard', 'x'], '--shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/3), got "x"'],
    [['--shard', '0/2'], 'got "0/2"'],
    [['--accounts', '12'], '--accounts: "12" is not a 12-digit AWS account id (in "12")'],
    [['--accounts', '111111111111,abc'], '--accounts: "abc" is not a 12-digit AWS account id'],
  ])('scan %j → exit 2: %s', async (args, message) => {
    const r = await runCli(['scan', '--endpoint-url', endpoint, '--assume-role', 'envelope-audit', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['--accounts', '111111111111'], '--accounts needs --assume-role <role-name>'],
    [['--organization'], '--organization needs --assume-role <role-name>'],
    [['--assume-role', 'r'], '--assume-role: name the accounts with --accounts <ids> or --organization'],
    [['--assume-role', 'arn:aws:iam::111111111111:role/r', '--organization'], '--assume-role: expected a role name'],
    [['--assume-role', 'r', '--organization', '--accounts', '111111111111'], '--accounts and --organization: give one of them, not both'],
  ])('scan %j → exit 2: %s', async (args, message) => {
    const r = await runCli(['scan', '--endpoint-url', endpoint, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('--organization where the caller is in no organisation (moto lists no account) → exit 2, not an empty report that passes', async () => {
    const r = await runCli(['scan', '--profile', profileFile, '--endpoint-url', endpoint, '--region', REGION, '--assume-role', 'envelope-audit', '--organization']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('envelope: --organization: the organisation lists no ACTIVE account');
    expect(r.stdout).toBe('');
  });

  it('merge: a missing file, a file that is not JSON, and JSON that is no envelope report → exit 2 naming the file', async () => {
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{"schemaVersion": 1,');
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ schemaVersion: 1, tool: { name: 'prowler' } }));
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    for (const [file, message] of [
      [join(dir, 'absent.json'), 'cannot read the report (ENOENT)'],
      [notJson, 'not valid JSON at line 1, column'],
      [other, 'not an envelope JSON report (tool.name'],
      [empty, 'the file is empty'],
    ] as const) {
      const r = await runCli(['merge', file]);
      expect(r.code, file).toBe(2);
      expect(r.stderr).toContain(`envelope: merge ${file}: ${message}`);
    }
  });
});
