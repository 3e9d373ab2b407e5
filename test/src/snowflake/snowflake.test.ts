/**
 * Snowflake end to end: the SQL API fake (JWT verified) + moto. Each scenario changes one thing
 * from the compliant chain and asserts which snowflake-* findings move, and what they say.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { RECREATED } from './names.js';
import { compliantIntegration, compliantStage, INTEGRATION, makeKeyMaterial, message, runSnowflakeScenario, snowflakeStatuses, STAGE, type KeyMaterial, type SnowflakeResult } from './harness.js';
import { SNOWFLAKE_EXTERNAL_ID, SNOWFLAKE_ROLE_ARN, SNOWFLAKE_USER_ARN, STAGE_BUCKET } from '../moto/architecture.js';

const endpoint = inject('motoEndpoint');
let key: KeyMaterial;
let baseline: SnowflakeResult;

const ALL_PASS = {
  [`snowflake-chain-effective-access@${STAGE}`]: 'pass',
  [`snowflake-integration-enabled@${INTEGRATION}`]: 'pass',
  [`snowflake-integration-locations-scoped@${INTEGRATION}`]: 'pass',
  [`snowflake-integration-trust-matches@${INTEGRATION}`]: 'pass',
  [`snowflake-stage-bucket-compliant@${STAGE}`]: 'pass',
  // Snowflake shows no stage encryption: this one is decided from plans only.
  [`snowflake-stage-kms-key-matches@${STAGE}`]: 'not_applicable',
  [`snowflake-stage-uses-integration@${STAGE}`]: 'pass',
  [`snowflake-stage-within-allowed-locations@${STAGE}`]: 'pass',
};

/** What moved from the compliant chain. */
const changed = (r: SnowflakeResult): Record<string, string> => {
  const now = snowflakeStatuses(r);
  return Object.fromEntries(Object.entries(now).filter(([k, v]) => (ALL_PASS as Record<string, string>)[k] !== v));
};

describe('Snowflake scan: SQL API fake + moto', () => {
  beforeAll(async () => {
    key = makeKeyMaterial();
    baseline = await runSnowflakeScenario(endpoint, key);
  });

  it('the compliant chain passes every snowflake-* rule a live scan can decide', () => {
    expect(snowflakeStatuses(baseline)).toEqual(ALL_PASS);
    expect(message(baseline, `snowflake-chain-effective-access@${STAGE}`)).toMatch(/sts:AssumeRole allowed .* → s3:ListBucket allowed .* → s3:GetObject allowed .* → kms:Decrypt allowed/);
  });

  it('lists the integration and the stage under snowflake:// ids, with the stage’s owner from the profile', () => {
    const refs = baseline.report.findings.filter((f) => f.resource.type.startsWith('snowflake')).map((f) => f.resource);
    expect(new Set(refs.map((r) => r.id))).toEqual(new Set([`snowflake://ACME-TEST/${INTEGRATION}`, `snowflake://ACME-TEST/${STAGE}`]));
    expect(refs.find((r) => r.type === 'snowflake-stage')?.owner).toBe('data-platform');
    expect(baseline.report.gaps.filter((g) => g.resource.startsWith('snowflake'))).toEqual([]);
  });

  it('asks Snowflake three statements, each one round trip, every one with a valid JWT', () => {
    expect(baseline.log.map((l) => l.statement ?? `${l.method} ${l.path}`).sort()).toEqual([`DESC STORAGE INTEGRATION "${INTEGRATION}"`, 'SHOW STAGES IN ACCOUNT', 'SHOW STORAGE INTEGRATIONS']);
    expect(baseline.log.every((l) => l.status === 200)).toBe(true);
  });

  it('re-created integration (new external id): trust-matches and the chain fail, both values shown', async () => {
    const r = await runSnowflakeScenario(endpoint, key, { reuseAws: true, integrations: [compliantIntegration({ externalId: RECREATED })] });
    expect(changed(r)).toEqual({
      [`snowflake-chain-effective-access@${STAGE}`]: 'fail',
      [`snowflake-integration-trust-matches@${INTEGRATION}`]: 'fail',
    });
    const m = message(r, `snowflake-integration-trust-matches@${INTEGRATION}`);
    expect(m).toContain(`external id ${RECREATED}`);
    expect(m).toContain(`StringEquals sts:ExternalId "${SNOWFLAKE_EXTERNAL_ID}"`);
    expect(m).toContain(`IAM user ${SNOWFLAKE_USER_ARN}`);
    expect(m).toContain('the external id differs');
    const chain = message(r, `snowflake-chain-effective-access@${STAGE}`);
    expect(chain).toContain('denied at sts:AssumeRole (trust policy)');
    expect(chain).toContain(`(request: "${RECREATED}")`);
  });

  it('a stage with embedded credentials fails uses-integration; the chain does not apply', async () => {
    const r = await runSnowflakeScenario(endpoint, key, { reuseAws: true, stages: [compliantStage({ storageIntegration: undefined, hasCredentials: true })] });
    expect(changed(r)).toEqual({
      [`snowflake-stage-uses-integration@${STAGE}`]: 'fail',
      [`snowflake-chain-effective-access@${STAGE}`]: 'not_applicable',
      [`snowflake-stage-within-allowed-locations@${STAGE}`]: 'not_applicable',
    });
    expect(message(r, `snowflake-stage-uses-integration@${STAGE}`)).toContain('embedded credentials');
  });

  it('a stage outside the allowed locations fails within-allowed-locations (and the role’s prefix)', async () => {
    const r = await runSnowflakeScenario(endpoint, key, { reuseAws: true, stages: [compliantStage({ url: `s3://${STAGE_BUCKET}/exports/` })] });
    expect(changed(r)).toEqual({
      [`snowflake-stage-within-allowed-locations@${STAGE}`]: 'fail',
      [`snowflake-chain-effective-access@${STAGE}`]: 'fail',
    });
    expect(message(r, `snowflake-stage-within-allowed-locations@${STAGE}`)).toContain(`not inside any allowed location of ${INTEGRATION} (s3://${STAGE_BUCKET}/data/)`);
  });

  it('s3://* allowed fails locations-scoped', async () => {
    const r = await runSnowflakeScenario(endpoint, key, { reuseAws: true, integrations: [compliantIntegration({ allowed: ['s3://*'] })] });
    expect(changed(r)).toEqual({ [`snowflake-integration-locations-scoped@${INTEGRATION}`]: 'fail' });
  });

  it('the integration’s role and stage bucket join the scan even when the profile names neither', async () => {
    const r = await runSnowflakeScenario(endpoint, key, {
      reuseAws: true,
      profile: (await import('./harness.js')).snowflakeProfile(key, { roleName: 'some-other-role' }),
    });
    expect(r.statuses.get(`snowflake-integration-trust-matches@${INTEGRATION}`)).toBe('pass');
    expect(r.report.findings.some((f) => f.resource.id === SNOWFLAKE_ROLE_ARN)).toBe(true);
  });
  // Last: it rebuilds the AWS side with deviations the scenarios above must not see.
  it('a role without kms:Decrypt (key policy delegating to IAM) fails the chain naming kms:Decrypt', async () => {
    const r = await runSnowflakeScenario(endpoint, key, { deviations: ['key-policy-iam-only', 'role-kms-no-decrypt'] });
    expect(changed(r)).toMatchObject({ [`snowflake-chain-effective-access@${STAGE}`]: 'fail' });
    expect(message(r, `snowflake-chain-effective-access@${STAGE}`)).toMatch(/denied at kms:Decrypt via S3 .*kms:Decrypt/);
  });

});
