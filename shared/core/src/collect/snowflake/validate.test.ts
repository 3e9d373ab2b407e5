import { describe, expect, it } from 'vitest';
import { unknown } from '../../model/observed.js';
import { makeIntegration, makeStage } from '../../testing/snowflake-builders.js';
import { SnowflakeApiError, type Row, type SnowflakeSqlClient } from './sql-api.js';
import { parseValidation, probeLocation, validateIntegrations } from './validate.js';

/** A client that records the statements and answers each with `answer`. */
function client(answer: (statement: string) => Row[] | Error): { client: SnowflakeSqlClient; statements: string[] } {
  const statements: string[] = [];
  const query = async (statement: string) => {
    statements.push(statement);
    const a = answer(statement);
    if (a instanceof Error) throw a;
    return a;
  };
  return { client: { query } as unknown as SnowflakeSqlClient, statements };
}

describe('--validate-integrations probe', () => {
  it('probes at the first stage on the integration inside its allowed locations, else at the first allowed location without a wildcard', () => {
    const integration = makeIntegration({ STORAGE_ALLOWED_LOCATIONS: 's3://*,s3://b/data/,s3://b/other/' });
    expect(probeLocation(integration, [makeStage({ URL: '["s3://b/data/x/"]' })])).toBe('s3://b/data/x/');
    expect(probeLocation(integration, [])).toBe('s3://b/data/');
    expect(probeLocation(makeIntegration({ STORAGE_ALLOWED_LOCATIONS: 's3://*' }), [])).toBeUndefined();
  });

  it('reads the JSON Snowflake returns; anything else is unknown, never a success', () => {
    const ok = parseValidation('{"status":"success","actions":{"READ":{"status":"success"},"write":{"status":"failure","message":"Access Denied"}},"message":""}', 's3://b/', 'f.txt');
    expect(ok).toEqual({ state: 'present', value: { location: 's3://b/', file: 'f.txt', status: 'success', actions: { READ: { status: 'success' }, WRITE: { status: 'failure', message: 'Access Denied' } } } });
    expect(parseValidation('not json', 's3://b/', 'f.txt').state).toBe('unknown');
    expect(parseValidation('{"status":"success"}', 's3://b/', 'f.txt').state).toBe('unknown');
    expect(parseValidation(undefined, 's3://b/', 'f.txt').state).toBe('unknown');
  });

  it('one statement per enabled S3 integration, names and paths quoted; a refused statement leaves the validation unknown with the reason', async () => {
    const good = makeIntegration({ STORAGE_ALLOWED_LOCATIONS: "s3://b/it's/" }, { name: 'GOOD' });
    const off = makeIntegration({ ENABLED: 'false' }, { name: 'OFF' });
    const refused = makeIntegration({}, { name: 'NO_WAREHOUSE' });
    const blind = makeIntegration({}, { name: 'BLIND', properties: unknown('422') });
    const { client: c, statements } = client((st) =>
      st.includes("'NO_WAREHOUSE'")
        ? new SnowflakeApiError('sql', 'No active warehouse selected in the current session (set snowflake.connection.warehouse)')
        : [{ result: '{"status":"success","actions":{"READ":{"status":"success"}}}' }],
    );
    await validateIntegrations(c, [good, off, refused, blind], []);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^SELECT SYSTEM\$VALIDATE_STORAGE_INTEGRATION\('GOOD', 's3:\/\/b\/it\\'s\/', 'envelope-validate-[0-9a-f-]{36}\.txt', 'all'\)$/);
    expect(good.validation?.state).toBe('present');
    expect(off.validation).toBeUndefined();
    expect(refused.validation).toEqual(unknown('SYSTEM$VALIDATE_STORAGE_INTEGRATION could not run: No active warehouse selected in the current session (set snowflake.connection.warehouse)'));
    expect(blind.validation?.state).toBe('unknown');
  });
});
