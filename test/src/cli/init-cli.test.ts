/** `envelope init` run as a process: on the demo account, into a file, and refusing to overwrite one. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfile } from '@envelope/core';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'envelope-init-cli-'));

describe('envelope init', () => {
  it("--demo prints a profile that scan accepts, with the demo account's names and the calls it made", async () => {
    const init = await runCli(['init', '--demo']);
    expect(init.code).toBe(0);
    const file = join(dir, 'demo.yaml');
    writeFileSync(file, init.stdout);
    const profile = await loadProfile(file);
    expect(profile.snowflake.roleName).toBe('snowflake-s3-kms-role');
    expect(profile.kms.alias).toBe('alias/snowflake-s3-kms');
    expect(init.stdout).toMatch(/^# from account 210987654321, read as arn:aws:sts::210987654321:assumed-role\/envelope-auditor\/envelope-demo, with \d+ read-only API calls/m);
  });

  it('--demo reads the demo Snowflake account: the storage integrations name the role and the user, and their stage buckets join the scope', async () => {
    const init = await runCli(['init', '--demo']);
    expect(init.stdout).toMatch(/snowflake:SHOW STORAGE INTEGRATIONS 1, /);
    expect(init.stdout).toContain('# STORAGE_AWS_ROLE_ARN of storage integration S3_INTEGRATION_EVENTS, S3_INTEGRATION_KMS (DESC STORAGE INTEGRATION)');
    expect(init.stdout).toContain('# STORAGE_AWS_IAM_USER_ARN of storage integration S3_INTEGRATION_EVENTS, S3_INTEGRATION_KMS (DESC STORAGE INTEGRATION)');
    const file = join(dir, 'demo-sf.yaml');
    writeFileSync(file, init.stdout);
    const profile = await loadProfile(file);
    // acme-events-raw is where S3_INTEGRATION_EVENTS's stage points; its odd key is named as the drift, not taken as the profile key.
    expect(profile.scope.bucketNames).toContain('acme-events-raw');
    expect(profile.kms.alias).toBe('alias/snowflake-s3-kms');
    expect(init.stdout).toMatch(/^# - acme-events-raw encrypts with arn:aws:kms:eu-west-1:210987654321:key\/7d3b9e41-[0-9a-f-]+, not the main key: scan will say so$/m);

    const off = await runCli(['init', '--demo', '--no-snowflake']);
    expect(off.stdout).not.toContain('snowflake:SHOW');
    expect(off.stdout).toContain('with an sts:ExternalId condition; its policies reach');
  });

  it('--output writes the file and says where; an existing file is kept unless --force', async () => {
    const file = join(dir, 'out.yaml');
    const first = await runCli(['init', '--demo', '--output', file]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(/envelope: profile written to .*out\.yaml \(\d+ API calls\)/);
    expect(readFileSync(file, 'utf8')).toContain('roleName: "snowflake-s3-kms-role"');

    writeFileSync(file, '# my hand-edited profile\n');
    const again = await runCli(['init', '--demo', '--output', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`--output: ${file} already exists; pass --force to overwrite it`);
    expect(readFileSync(file, 'utf8')).toBe('# my hand-edited profile\n');

    const forced = await runCli(['init', '--demo', '--output', file, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('roleName: "snowflake-s3-kms-role"');
  });
});
