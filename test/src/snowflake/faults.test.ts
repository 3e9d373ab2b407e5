/**
 * Snowflake faults: 401 (the fake verifies the JWT against another public key), 403, 422 (the role
 * lacks USAGE: SHOW hides the integration, or DESC refuses it), 5xx past the retries, and a
 * statement that answers 202 forever. The scan always completes; a snowflake-* finding that needed
 * the failed read is unknown (or its object is not listed at all), the others keep their verdicts;
 * the AWS findings are those of the fault-free scan; a gap names what could not be read and why.
 */
import { generateKeyPairSync } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { INTEGRATION, makeKeyMaterial, runSnowflakeScenario, SF_URL, STAGE, type KeyMaterial, type SnowflakeResult, type SnowflakeScenario } from './harness.js';

const endpoint = inject('motoEndpoint');
let key: KeyMaterial;
let baseline: SnowflakeResult;

const aws = (r: SnowflakeResult) => [...r.statuses].filter(([k]) => !k.startsWith('snowflake-'));
const snowflakeFindings = (r: SnowflakeResult) => r.report.findings.filter((f) => f.ruleId.startsWith('snowflake-'));

const FAULTS: { name: string; scenario: () => SnowflakeScenario; gap: RegExp; unknown?: string[] }[] = [
  {
    name: '401: the JWT does not verify against the user’s public key',
    scenario: () => ({ account: { publicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey } }),
    gap: /Snowflake refused the key-pair JWT \(401 code 390144: JWT token is invalid\.\); check that user ENVELOPE_SCANNER of account ACME-TEST has the public key whose fingerprint is SHA256:/,
  },
  {
    name: '403: the SQL API is refused',
    scenario: () => ({ handlers: [http.post(`${SF_URL}/api/v2/statements`, () => HttpResponse.json({ code: '390102', message: 'Forbidden.' }, { status: 403 }))] }),
    gap: /403 Forbidden: Forbidden\. .*; role ENVELOPE_AUDIT needs USAGE/,
  },
  {
    name: '422: the role lacks USAGE on the integration (SHOW does not list it)',
    scenario: () => ({ account: { usage: [] } }),
    gap: /^$/,
    unknown: [`snowflake-chain-effective-access@${STAGE}`, `snowflake-stage-within-allowed-locations@${STAGE}`],
  },
  {
    name: '422: DESC STORAGE INTEGRATION refused',
    scenario: () => ({
      handlers: [
        http.post(`${SF_URL}/api/v2/statements`, async ({ request }) => {
          const body = (await request.clone().json()) as { statement: string };
          if (!body.statement.startsWith('DESC')) return undefined;
          return HttpResponse.json({ code: '002003', sqlState: '02000', message: `SQL compilation error:\nIntegration '${INTEGRATION}' does not exist or not authorized.`, statementHandle: 'h' }, { status: 422 });
        }),
      ],
    }),
    gap: /DESC STORAGE INTEGRATION failed \(422 code 002003, SQL state 02000\): SQL compilation error: Integration 'S3_INTEGRATION_KMS' does not exist or not authorized\.; role ENVELOPE_AUDIT needs USAGE on integration S3_INTEGRATION_KMS/,
    unknown: [`snowflake-integration-trust-matches@${INTEGRATION}`, `snowflake-chain-effective-access@${STAGE}`],
  },
  {
    name: '5xx on every attempt',
    scenario: () => ({ handlers: [http.post(`${SF_URL}/api/v2/statements`, () => HttpResponse.json({ message: 'Service Unavailable' }, { status: 503 }))] }),
    gap: /Snowflake answered 503: Service Unavailable on every attempt/,
  },
];

describe('Snowflake faults: unknown with the reason, never pass', () => {
  beforeAll(async () => {
    key = makeKeyMaterial();
    baseline = await runSnowflakeScenario(endpoint, key);
  });

  it.each(FAULTS)('$name', async (f) => {
    const r = await runSnowflakeScenario(endpoint, key, { reuseAws: true, ...f.scenario() });
    expect(aws(r)).toEqual(aws(baseline));
    // What the fault did not touch keeps its verdict; what it did is unknown — never a new pass or fail.
    const moved = snowflakeFindings(r).filter((x) => x.status !== 'unknown' && baseline.statuses.get(`${x.ruleId}@${x.resource.name}`) !== x.status);
    expect(moved).toEqual([]);
    for (const k of f.unknown ?? []) expect(r.statuses.get(k), k).toBe('unknown');
    const gaps = r.report.gaps.filter((g) => g.resource.startsWith('snowflake://'));
    if (f.gap.source !== '^$') expect(gaps.map((g) => g.reason).join('\n')).toMatch(f.gap);
  });

  it('without USAGE the stage rules say which privilege to grant', async () => {
    const r = await runSnowflakeScenario(endpoint, key, { reuseAws: true, account: { usage: [] } });
    const f = r.report.findings.find((x) => x.ruleId === 'snowflake-chain-effective-access');
    expect(f?.message).toContain(`SHOW STORAGE INTEGRATIONS does not list ${INTEGRATION}: the scanning role lacks USAGE on it (GRANT USAGE ON INTEGRATION ${INTEGRATION} TO ROLE …)`);
  });

  it('a statement that answers 202 forever is cancelled within timeout × 3, and the scan stops asking', async () => {
    const timeoutMs = 300;
    const r = await runSnowflakeScenario(endpoint, key, { reuseAws: true, timeoutMs, account: { asyncStatements: /./, pendingPolls: Number.POSITIVE_INFINITY } });
    expect(snowflakeFindings(r).filter((x) => x.status === 'pass')).toEqual([]);
    expect(aws(r)).toEqual(aws(baseline));
    const reasons = r.report.gaps.filter((g) => g.resource.startsWith('snowflake://')).map((g) => g.reason);
    expect(reasons.join('\n')).toMatch(/did not complete within 0\.9s \(Snowflake kept answering 202, still running; the statement was cancelled\)/);
    expect(r.log.some((l) => l.path.endsWith('/cancel'))).toBe(true);
    // Two statements start together (SHOW INTEGRATIONS, SHOW STAGES); each is bounded by 0.9 s of polling.
    expect(r.ms).toBeLessThan(15_000);
  });

  it('a 202 that completes is polled to its result: same verdicts as the synchronous scan', async () => {
    const r = await runSnowflakeScenario(endpoint, key, { reuseAws: true, account: { asyncStatements: /^SHOW STAGES/, pendingPolls: 2 } });
    expect([...r.statuses]).toEqual([...baseline.statuses]);
    expect(r.log.filter((l) => l.status === 202)).toHaveLength(3);
  });
});
