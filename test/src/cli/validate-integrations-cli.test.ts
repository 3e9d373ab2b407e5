/** `--validate-integrations`: Snowflake's own probe, opt-in, on the demo's Snowflake side; refused where Snowflake is not configured. */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface Finding {
  ruleId: string;
  status: string;
  message: string;
  resource: { name: string };
  evidence?: { probe?: { location: string; status: string; actions: Record<string, { status: string; message?: string }> } };
}

const chain = async (...args: string[]) => {
  const r = await runCli(['demo', '--format', 'json', ...args]);
  const report = JSON.parse(r.stdout) as { findings: Finding[] };
  return new Map(report.findings.filter((f) => f.ruleId === 'snowflake-chain-effective-access').map((f) => [f.resource.name, f]));
};

describe('--validate-integrations', () => {
  it('off by default: no probe; on: each stage’s chain finding carries what Snowflake observed, and the two agree on the demo', async () => {
    const plain = await chain();
    expect([...plain.values()].every((f) => f.evidence?.probe === undefined)).toBe(true);
    const probed = await chain('--validate-integrations');
    const kms = probed.get('DEMO_KMS_V3.DEMO_SCHEMA.S3_STAGE_KMS')!;
    expect(kms.status).toBe('pass');
    expect(kms.evidence?.probe).toMatchObject({ location: 's3://acme-snowflake-stage/data/', status: 'success' });
    const events = probed.get('INGEST.RAW.EVENTS_STAGE')!;
    expect(events.status).toBe('fail');
    expect(events.message).toContain('denied at sts:AssumeRole');
    expect(events.evidence?.probe?.actions.READ).toEqual({ status: 'failure', message: 'Error assuming AWS_ROLE. Please verify the role and externalId are configured correctly in your AWS policy.' });
  });

  it('scan --validate-integrations without Snowflake configured: a clear error, exit 2, nothing scanned', async () => {
    const r = await runCli(['scan', '--validate-integrations', '--endpoint-url', 'http://127.0.0.1:9'], { SNOWFLAKE_ACCOUNT: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--validate-integrations: Snowflake is not configured');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
