/**
 * The HTTP API under /api/envelope. Every route but /health needs a signed-in user or a service
 * token (the httpRouter's default policy, and httpAuth here); queries are validated and a bad one
 * is a 400 naming the parameter and the value. The routes only parse and delegate to the service.
 */
import type { HttpAuthService, PermissionsService, SchedulerService, UserInfoService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_PAGE_SIZE,
  envelopeRescanPermission,
  LISTED_TYPES,
  MAX_PAGE_SIZE,
  SEVERITIES,
  SORT_FIELDS,
  STATUSES,
  UNOWNED_TEAM,
  type RescanResponse,
} from '@envelope/plugin-envelope-common';
import express, { type Request } from 'express';
import Router from 'express-promise-router';
import type { EnvelopeService } from './service.js';

export interface RouterOptions {
  service: EnvelopeService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  taskId: (targetId: string) => string;
}

const GROUP_REF = /^group:[\w.-]+\/[\w.-]+$/i;
const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Query parameters as single strings; anything unexpected is a 400 naming it. */
function params(req: Request, allowed: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.query)) {
    if (!allowed.includes(key)) throw new InputError(`unknown query parameter '${key}' (allowed: ${allowed.join(', ')})`);
    if (typeof value !== 'string') throw new InputError(`query parameter '${key}' must be given once, as a string`);
    out[key] = value;
  }
  return out;
}

function list<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  return raw.split(',').map((v) => {
    if (!(allowed as readonly string[]).includes(v)) throw new InputError(`${name}: unknown value ${JSON.stringify(v)} (expected one of ${allowed.join(', ')})`);
    return v as T;
  });
}

function int(name: string, raw: string | undefined, min: number, max: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new InputError(`${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

export async function createRouter(o: RouterOptions): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  /** The caller's ownership refs (user plus groups) from their token, never from the request. */
  const caller = async (req: Request) => {
    const credentials = await o.httpAuth.credentials(req, { allow: ['user', 'service'] });
    if (credentials.principal.type === 'user') {
      const info = await o.userInfo.getUserInfo(credentials as Parameters<UserInfoService['getUserInfo']>[0]);
      return { credentials, ownership: info.ownershipEntityRefs };
    }
    return { credentials, ownership: [] as string[] };
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/teams', async (req, res) => {
    params(req, []);
    const { ownership } = await caller(req);
    res.json(await o.service.teams(ownership));
  });

  router.get('/teams/:team/resources', async (req, res) => {
    await caller(req);
    const team = req.params.team ?? '';
    if (team !== UNOWNED_TEAM && !GROUP_REF.test(team)) throw new InputError(`team: expected a Group ref such as group:default/data-platform, or '${UNOWNED_TEAM}', got ${JSON.stringify(team)}`);
    const p = params(req, ['status', 'severity', 'type', 'rule', 'q', 'sort', 'order', 'offset', 'limit']);
    if (p.rule !== undefined && !RULE_ID.test(p.rule)) throw new InputError(`rule: expected a rule id such as s3-bucket-key-enabled, got ${JSON.stringify(p.rule)}`);
    if (p.q !== undefined && p.q.length > 200) throw new InputError(`q: at most 200 characters, got ${p.q.length}`);
    const sort = p.sort ?? 'status';
    if (!(SORT_FIELDS as readonly string[]).includes(sort)) throw new InputError(`sort: unknown value ${JSON.stringify(sort)} (expected one of ${SORT_FIELDS.join(', ')})`);
    const order = p.order ?? (sort === 'cost' ? 'desc' : 'asc');
    if (order !== 'asc' && order !== 'desc') throw new InputError(`order: expected asc or desc, got ${JSON.stringify(order)}`);
    const status = list('status', p.status, STATUSES);
    const severity = list('severity', p.severity, SEVERITIES);
    const type = list('type', p.type, LISTED_TYPES);
    res.json(
      await o.service.resources(team === UNOWNED_TEAM ? null : team.toLowerCase(), {
        ...(status ? { status } : {}),
        ...(severity ? { severity } : {}),
        ...(type ? { type } : {}),
        ...(p.rule ? { rule: p.rule } : {}),
        ...(p.q ? { q: p.q } : {}),
        sort: sort as (typeof SORT_FIELDS)[number],
        order,
        offset: int('offset', p.offset, 0, 10_000_000, 0),
        limit: int('limit', p.limit, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
      }),
    );
  });

  router.get('/resource', async (req, res) => {
    await caller(req);
    const { id } = params(req, ['id']);
    if (!id) throw new InputError(`id: required (a bucket ARN or snowflake://<account>/<DB>.<SCHEMA>.<NAME>)`);
    if (id.length > 2048) throw new InputError(`id: at most 2048 characters, got ${id.length}`);
    res.json(await o.service.resource(id));
  });

  router.get('/scans', async (req, res) => {
    await caller(req);
    const p = params(req, ['target', 'limit']);
    if (p.target !== undefined && !o.service.target(p.target)) throw new InputError(`target: unknown target ${JSON.stringify(p.target)} (configured: ${o.service.targets.map((t) => t.id).join(', ') || 'none'})`);
    res.json(await o.service.scans(p.target, int('limit', p.limit, 1, 500, 50)));
  });

  router.post('/scans', async (req, res) => {
    const { credentials } = await caller(req);
    const [decision] = await o.permissions.authorize([{ permission: envelopeRescanPermission }], { credentials });
    if (decision?.result !== AuthorizeResult.ALLOW) throw new NotAllowedError('not allowed to start a scan (permission envelope.scan.trigger)');
    const body = (req.body ?? {}) as { target?: unknown };
    if (body.target !== undefined && typeof body.target !== 'string') throw new InputError(`target: expected a string, got ${JSON.stringify(body.target)}`);
    const targets = body.target === undefined ? o.service.targets : [o.service.target(body.target)];
    if (targets.some((t) => t === undefined)) throw new InputError(`target: unknown target ${JSON.stringify(body.target)} (configured: ${o.service.targets.map((t) => t.id).join(', ') || 'none'})`);
    const out: RescanResponse = { targets: [], alreadyRunning: [] };
    for (const t of targets) {
      try {
        await o.service.requestRescan(t!);
        await o.scheduler.triggerTask(o.taskId(t!.id));
        out.targets.push(t!.id);
      } catch (error) {
        if (error instanceof ConflictError || (error as Error).name === 'ConflictError') out.alreadyRunning.push(t!.id);
        else if ((error as Error).name === 'NotFoundError') throw new NotFoundError(`no scheduled scan for target ${t!.id}`);
        else throw error;
      }
    }
    res.status(202).json(out);
  });

  return router;
}
