/**
 * An msw emulation of the Snowflake SQL API v2 for one account (research/snowflake.md §4.1 and
 * Appendix A), for the demo and for tests: POST /api/v2/statements, GET /api/v2/statements/{handle}
 * [?partition=N], POST …/cancel. It speaks the real wire format — resultSetMetaData.rowType,
 * `data` as arrays of strings (or null), partitionInfo with later partitions fetched apart, a 202
 * QueryStatus for statements still running, the 422 QueryFailureStatus — and it VERIFIES each
 * request's key-pair JWT (RS256 signature against the account's public key, iss/sub with the
 * key's SHA-256 fingerprint, expiry), answering 401 as Snowflake does otherwise.
 *
 * It serves the statements the collector sends: SHOW STORAGE INTEGRATIONS, DESC STORAGE
 * INTEGRATION "<name>", SHOW STAGES IN ACCOUNT | DATABASE "<db>" | SCHEMA "<db>"."<schema>" (at most
 * 10,000 rows, as SHOW does), SHOW DATABASES, SHOW SCHEMAS IN DATABASE "<db>". Anything else is a 422.
 */
import { createHash, createPublicKey, randomUUID, verify, type KeyObject } from 'node:crypto';
import { http, HttpResponse, type HttpHandler } from 'msw';

export interface FakeIntegration {
  name: string;
  /** DESC rows by property: [property_type, property_value, property_default]. */
  properties: Record<string, [string, string, string]>;
  comment?: string;
  /** What SYSTEM$VALIDATE_STORAGE_INTEGRATION answers for it (the JSON Snowflake returns); every action succeeds when unset. */
  validation?: { status: string; actions: Record<string, { status: string; message?: string }>; message?: string };
}

export interface FakeStage {
  database: string;
  schema: string;
  name: string;
  url: string;
  storageIntegration?: string;
  hasCredentials?: boolean;
  hasEncryptionKey?: boolean;
  owner?: string;
  type?: string;
}

export interface FakeSnowflakeAccount {
  /** The account as the JWT names it (upper case, e.g. DEMO12345). */
  account: string;
  /** The user as the JWT names it (upper case). */
  user: string;
  /** The user's RSA_PUBLIC_KEY. */
  publicKey: KeyObject;
  integrations: FakeIntegration[];
  stages: FakeStage[];
  /** Integrations the scanning role holds USAGE on; every one when undefined. */
  usage?: string[];
  /** Rows per result partition (Snowflake sizes them by bytes; a small number here exercises the fetches). */
  partitionRows?: number;
  /** Statements that answer 202 first and complete after `pendingPolls` polls. */
  asyncStatements?: RegExp;
  pendingPolls?: number;
  /** The clock JWTs are checked against (ms). */
  now?: () => number;
}

export interface FakeRequestLog {
  method: string;
  path: string;
  statement?: string;
  status: number;
  authorization?: string;
}

export const SHOW_LIMIT = 10_000;

const STAGE_COLUMNS = [
  'created_on', 'name', 'database_name', 'schema_name', 'url', 'has_credentials', 'has_encryption_key', 'owner', 'comment', 'region',
  'type', 'cloud', 'notification_channel', 'storage_integration', 'endpoint', 'owner_role_type', 'directory_enabled',
];
const INTEGRATION_COLUMNS = ['name', 'type', 'category', 'enabled', 'comment', 'created_on'];
const DESC_COLUMNS = ['property', 'property_type', 'property_value', 'property_default'];
const DATABASE_COLUMNS = ['created_on', 'name', 'is_default', 'is_current', 'origin', 'owner', 'comment', 'options', 'retention_time', 'kind'];
const SCHEMA_COLUMNS = ['created_on', 'name', 'is_default', 'is_current', 'database_name', 'owner', 'comment', 'options', 'retention_time'];
const CREATED = '1717243200.000000000';

type Cell = string | null;
interface Result {
  columns: string[];
  rows: Cell[][];
}
interface Pending {
  result: Result;
  pollsLeft: number;
}

const rowType = (name: string) => ({ name, database: '', schema: '', table: '', nullable: true, type: 'text', byteLength: 16777216, length: 16777216, scale: null, precision: null, collation: null });

function sqlError(message: string, code = '002003', sqlState = '02000') {
  return HttpResponse.json({ code, message, sqlState, statementHandle: randomUUID() }, { status: 422 });
}

const unquote = (s: string) => s.replace(/^"|"$/g, '').replace(/""/g, '"');

export function fingerprintOf(publicKey: KeyObject): string {
  return `SHA256:${createHash('sha256').update((publicKey.type === 'public' ? publicKey : createPublicKey(publicKey)).export({ type: 'spki', format: 'der' })).digest('base64')}`;
}

/** Why a bearer token is refused, or undefined when it is a valid key-pair JWT of the account's user. */
export function jwtProblem(authorization: string | null, account: FakeSnowflakeAccount): string | undefined {
  if (!authorization?.startsWith('Bearer ')) return 'no bearer token';
  const parts = authorization.slice(7).split('.');
  if (parts.length !== 3) return 'not a JWT';
  const [h, p, s] = parts as [string, string, string];
  let header: { alg?: string };
  let payload: { iss?: string; sub?: string; iat?: number; exp?: number };
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    return 'JWT not decodable';
  }
  if (header.alg !== 'RS256') return 'alg is not RS256';
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), account.publicKey, Buffer.from(s, 'base64url'))) return 'signature does not verify against RSA_PUBLIC_KEY';
  const qualified = `${account.account}.${account.user}`;
  if (payload.sub !== qualified) return `sub is not ${qualified}`;
  if (payload.iss !== `${qualified}.${fingerprintOf(account.publicKey)}`) return 'iss does not name the public key fingerprint';
  const now = Math.floor((account.now?.() ?? Date.now()) / 1000);
  if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number') return 'iat/exp missing';
  if (payload.exp <= now) return 'JWT expired';
  if (payload.iat > now + 60 || payload.exp - payload.iat > 3600) return 'JWT lifetime above one hour';
  return undefined;
}

function execute(statement: string, a: FakeSnowflakeAccount): Result | Response {
  const s = statement.trim().replace(/;$/, '');
  const visible = (name: string) => a.usage === undefined || a.usage.some((u) => u.toUpperCase() === name.toUpperCase());
  if (/^SHOW\s+(STORAGE\s+)?INTEGRATIONS$/i.test(s))
    return { columns: INTEGRATION_COLUMNS, rows: a.integrations.filter((i) => visible(i.name)).map((i) => [i.name, 'EXTERNAL_STAGE', 'STORAGE', i.properties.ENABLED?.[1] ?? 'true', i.comment ?? '', CREATED]) };
  let m = /^DESC(?:RIBE)?\s+(?:STORAGE\s+)?INTEGRATION\s+("(?:[^"]|"")+"|\w+)$/i.exec(s);
  if (m) {
    const name = unquote(m[1]!);
    const i = a.integrations.find((x) => x.name === name);
    if (!i || !visible(name)) return sqlError(`SQL compilation error:\nIntegration '${name}' does not exist or not authorized.`);
    return { columns: DESC_COLUMNS, rows: Object.entries(i.properties).map(([k, [type, value, def]]) => [k, type, value, def]) };
  }
  m = /^SHOW\s+STAGES\s+IN\s+(ACCOUNT|DATABASE\s+("(?:[^"]|"")+")|SCHEMA\s+("(?:[^"]|"")+")\.("(?:[^"]|"")+"))$/i.exec(s);
  if (m) {
    const db = m[2] ? unquote(m[2]) : m[3] ? unquote(m[3]) : undefined;
    const schema = m[4] ? unquote(m[4]) : undefined;
    const rows = a.stages
      .filter((st) => (db === undefined || st.database === db) && (schema === undefined || st.schema === schema))
      .slice(0, SHOW_LIMIT)
      .map((st): Cell[] => [
        CREATED, st.name, st.database, st.schema, st.url, st.hasCredentials ? 'Y' : 'N', st.hasEncryptionKey ? 'Y' : 'N', st.owner ?? 'SYSADMIN', '', null,
        st.type ?? 'EXTERNAL', 'AWS', null, st.storageIntegration ?? null, null, 'ROLE', 'N',
      ]);
    return { columns: STAGE_COLUMNS, rows };
  }
  m = /^SELECT\s+SYSTEM\$VALIDATE_STORAGE_INTEGRATION\(\s*'((?:[^'\\]|\\.)*)'\s*,\s*'((?:[^'\\]|\\.)*)'\s*,\s*'((?:[^'\\]|\\.)*)'\s*,\s*'(\w+)'\s*\)$/i.exec(s);
  if (m) {
    const [name, location] = [m[1]!, m[2]!];
    const i = a.integrations.find((x) => x.name === name);
    if (!i || !visible(name)) return sqlError(`SQL compilation error:\nIntegration '${name}' does not exist or not authorized.`);
    const allowed = (i.properties.STORAGE_ALLOWED_LOCATIONS?.[1] ?? '').split(',').map((l) => l.trim());
    if (!allowed.some((l) => l === '*' || location.startsWith(l)))
      return sqlError(`SQL execution error: Location '${location}' is not allowed by integration '${name}'.`, '003001', '42501');
    const ok = { status: 'success' };
    const answer = i.validation ?? { status: 'success', actions: { READ: ok, WRITE: ok, LIST: ok, DELETE: ok }, message: '' };
    return { columns: [`SYSTEM$VALIDATE_STORAGE_INTEGRATION('${name}', '${location}', '${m[3]}', '${m[4]}')`], rows: [[JSON.stringify(answer)]] };
  }
  if (/^SHOW\s+DATABASES$/i.test(s)) {
    const dbs = [...new Set(a.stages.map((st) => st.database))].sort();
    return {
      columns: DATABASE_COLUMNS,
      rows: [...dbs.map((d): Cell[] => [CREATED, d, 'N', 'N', '', 'SYSADMIN', '', '', '1', 'STANDARD']), [CREATED, 'SNOWFLAKE', 'N', 'N', 'SNOWFLAKE.ACCOUNT_USAGE', '', '', '', '1', 'STANDARD']],
    };
  }
  m = /^SHOW\s+SCHEMAS\s+IN\s+DATABASE\s+("(?:[^"]|"")+")$/i.exec(s);
  if (m) {
    const db = unquote(m[1]!);
    const schemas = [...new Set(a.stages.filter((st) => st.database === db).map((st) => st.schema))].sort();
    return { columns: SCHEMA_COLUMNS, rows: schemas.map((sc): Cell[] => [CREATED, sc, 'N', 'N', db, 'SYSADMIN', '', '', '1']) };
  }
  return sqlError(`SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${s.split(/\s+/)[0] ?? ''}'.`, '001003', '42000');
}

/** The handlers of one account at `baseUrl` (e.g. https://demo12345.snowflakecomputing.com). */
export function snowflakeSqlApiHandlers(baseUrl: string, account: FakeSnowflakeAccount, log?: FakeRequestLog[]): HttpHandler[] {
  const results = new Map<string, Pending>();
  const per = account.partitionRows ?? 1000;
  const partitionsOf = (r: Result) => Math.max(1, Math.ceil(r.rows.length / per));
  const answer = (handle: string, r: Result) =>
    HttpResponse.json({
      resultSetMetaData: {
        numRows: r.rows.length,
        format: 'jsonv2',
        rowType: r.columns.map(rowType),
        partitionInfo: Array.from({ length: partitionsOf(r) }, (_, i) => {
          const rows = r.rows.slice(i * per, (i + 1) * per);
          return { rowCount: rows.length, uncompressedSize: JSON.stringify(rows).length };
        }),
      },
      data: r.rows.slice(0, per),
      code: '090001',
      statementStatusUrl: `/api/v2/statements/${handle}`,
      requestId: randomUUID(),
      sqlState: '00000',
      statementHandle: handle,
      message: 'Statement executed successfully.',
      createdOn: account.now?.() ?? Date.now(),
    });
  const running = (handle: string) =>
    HttpResponse.json({ code: '333334', message: 'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.', statementHandle: handle, statementStatusUrl: `/api/v2/statements/${handle}` }, { status: 202 });
  const refuse = (request: Request) => {
    const problem = jwtProblem(request.headers.get('authorization'), account);
    return problem ? HttpResponse.json({ code: '390144', message: 'JWT token is invalid.', data: { nextAction: 'RETRY_LOGIN' } }, { status: 401 }) : undefined;
  };
  const record = (request: Request, status: number, statement?: string) =>
    log?.push({ method: request.method, path: new URL(request.url).pathname + new URL(request.url).search, status, ...(statement !== undefined ? { statement } : {}), authorization: request.headers.get('authorization') ?? '' });

  return [
    http.post(`${baseUrl}/api/v2/statements`, async ({ request }) => {
      const denied = refuse(request);
      if (denied) return (record(request, 401), denied);
      const body = (await request.json()) as { statement?: string };
      const out = execute(body.statement ?? '', account);
      if (out instanceof Response) return (record(request, out.status, body.statement), out);
      const handle = randomUUID();
      if (account.asyncStatements?.test(body.statement ?? '')) {
        results.set(handle, { result: out, pollsLeft: account.pendingPolls ?? 1 });
        record(request, 202, body.statement);
        return running(handle);
      }
      results.set(handle, { result: out, pollsLeft: 0 });
      record(request, 200, body.statement);
      return answer(handle, out);
    }),
    http.get(`${baseUrl}/api/v2/statements/:handle`, ({ request, params }) => {
      const denied = refuse(request);
      if (denied) return (record(request, 401), denied);
      const pending = results.get(String(params.handle));
      if (!pending) return (record(request, 404), HttpResponse.json({ code: '000709', message: 'Statement not found.' }, { status: 404 }));
      if (pending.pollsLeft > 0) {
        pending.pollsLeft -= 1;
        record(request, 202);
        return running(String(params.handle));
      }
      const partition = Number(new URL(request.url).searchParams.get('partition') ?? '0');
      record(request, 200);
      if (partition === 0) return answer(String(params.handle), pending.result);
      return HttpResponse.json({ data: pending.result.rows.slice(partition * per, (partition + 1) * per) });
    }),
    http.post(`${baseUrl}/api/v2/statements/:handle/cancel`, ({ request, params }) => {
      record(request, 200);
      results.delete(String(params.handle));
      return HttpResponse.json({ code: '000604', message: 'Statement canceled.', statementHandle: params.handle });
    }),
  ];
}

/** DESC rows of an S3 integration as the Terraform provider's live test asserts them (research §1.3). */
export function s3IntegrationRows(p: { roleArn: string; userArn: string; externalId: string; allowed: string[]; blocked?: string[]; enabled?: boolean; comment?: string }): Record<string, [string, string, string]> {
  return {
    ENABLED: ['Boolean', String(p.enabled ?? true), 'true'],
    STORAGE_PROVIDER: ['String', 'S3', ''],
    STORAGE_ALLOWED_LOCATIONS: ['List', p.allowed.join(','), '[]'],
    STORAGE_BLOCKED_LOCATIONS: ['List', (p.blocked ?? []).join(','), '[]'],
    STORAGE_AWS_IAM_USER_ARN: ['String', p.userArn, ''],
    STORAGE_AWS_ROLE_ARN: ['String', p.roleArn, ''],
    STORAGE_AWS_EXTERNAL_ID: ['String', p.externalId, ''],
    USE_PRIVATELINK_ENDPOINT: ['Boolean', 'false', 'false'],
    COMMENT: ['String', p.comment ?? '', ''],
  };
}
