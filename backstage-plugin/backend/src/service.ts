/**
 * What the routes call: running a target's scan and storing it, and the read models of the team
 * page. No verdicts here — rows carry what the report said; this groups, counts and pages.
 */
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  chainAround,
  LISTED_TYPES,
  parseChainMermaid,
  SEVERITIES,
  STATUSES,
  type Chain,
  type ListedType,
  type ResourceDetail,
  type ResourceRow,
  type ResourcesResponse,
  type ScansResponse,
  type Severity,
  type Status,
  type TeamSummary,
  type TeamsResponse,
} from '@envelope/plugin-envelope-common';
import type { EnvelopeConfig, ScanTarget } from './config.js';
import { indexGroups, OWNERS_ANNOTATION, resolveOwner, type GroupIndex } from './ownership.js';
import { projectReport } from './projection.js';
import { describeFailure, type ScanFn } from './scan-runner.js';
import { emptyByStatus, type RowFilter, type ScanStore } from './store.js';

export interface EnvelopeServiceOptions {
  store: ScanStore;
  config: EnvelopeConfig;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  scan: ScanFn;
}

const MAX_GAPS_SHOWN = 3;

/** How long the catalog's Groups are reused before the owners are checked against them again. */
const OWNERSHIP_TTL_MS = 15_000;

export class EnvelopeService {
  private ownership?: { at: number; index: GroupIndex; key: string };
  /** Per served scan: the Group index its owner_ref columns were last resolved with. */
  private readonly resolvedWith = new Map<number, string>();

  constructor(private readonly o: EnvelopeServiceOptions) {}

  get targets(): ScanTarget[] {
    return this.o.config.targets;
  }

  target(id: string): ScanTarget | undefined {
    return this.o.config.targets.find((t) => t.id === id);
  }

  /** One scan of one target, stored whatever its outcome. Never throws for a failed scan: it records it. */
  async requestRescan(target: ScanTarget): Promise<void> {
    await this.o.store.requestRescan(target.id);
  }

  async runScan(target: ScanTarget, scheduled: 'schedule' | 'manual', signal: AbortSignal = new AbortController().signal): Promise<number> {
    const { store, logger } = this.o;
    const timeoutMs = durationMs(this.o.config.schedule.timeout);
    await store.expireRunning(target.id, new Date(Date.now() - timeoutMs));
    const trigger = (await store.takeRescanRequest(target.id)) ? 'manual' : scheduled;
    const id = await store.startScan(target.id, trigger);
    const log = logger.child({ target: target.id, scan: String(id) });
    log.info(`envelope scan #${id} of ${target.id} started (${trigger})`);
    try {
      const { report, chain } = await this.o.scan(target, signal);
      const index = (await this.groupIndex(log, true))?.index ?? indexGroups([], this.o.config.ownership);
      const rows = projectReport(report).map(({ row, findings, costLines }) => ({
        row: { ...row, ownerRef: resolveOwner(row, index, this.o.config.ownership), target: target.id, scanId: id } satisfies ResourceRow,
        findings,
        costLines,
      }));
      const partial = report.gaps.length > 0;
      const gapText = report.gaps
        .slice(0, MAX_GAPS_SHOWN)
        .map((g) => `${g.resource}: ${g.what} (${g.reason})`)
        .join('; ');
      if (signal.aborted) throw new Error('aborted: the scheduler cancelled the task (timeout or shutdown)');
      await store.finishScan(id, {
        status: partial ? 'partial' : 'ok',
        error: partial ? `${gapText}${report.gaps.length > MAX_GAPS_SHOWN ? `; and ${report.gaps.length - MAX_GAPS_SHOWN} more` : ''}` : null,
        gaps: report.gaps.length,
        byStatus: { ...emptyByStatus(), ...report.summary.byStatus },
        monthlyTotal: report.cost ? report.cost.monthlyTotal : null,
        reportJson: JSON.stringify(report),
        chain,
        rows,
      });
      if (!partial) await store.dropRowsBefore(target.id, id);
      log.info(`envelope scan #${id} of ${target.id} ${partial ? `partial (${report.gaps.length} gaps)` : 'ok'}: ${rows.length} buckets and stages`);
    } catch (error) {
      const reason = describeFailure(error, target);
      await store.failScan(id, reason);
      log.warn(`envelope scan #${id} of ${target.id} failed: ${reason}`);
    }
    await store.prune(target.id, this.o.config.keepScans);
    return id;
  }

  /**
   * The catalog's Groups as an owner index, read at most every OWNERSHIP_TTL_MS; undefined when
   * the catalog could not be read (owners then stay as last resolved).
   */
  private async groupIndex(log: LoggerService, fresh = false): Promise<{ index: GroupIndex; key: string } | undefined> {
    if (!fresh && this.ownership && Date.now() - this.ownership.at < OWNERSHIP_TTL_MS) return this.ownership;
    try {
      const credentials = await this.o.auth.getOwnServiceCredentials();
      const { items } = await this.o.catalog.getEntities({ filter: { kind: 'Group' }, fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.annotations'] }, { credentials });
      const key = JSON.stringify(items.map((g: Entity) => [g.metadata.namespace, g.metadata.name, g.metadata.annotations?.[OWNERS_ANNOTATION]]).sort());
      this.ownership = { at: Date.now(), index: indexGroups(items, this.o.config.ownership), key };
      return this.ownership;
    } catch (error) {
      log.warn(`envelope: catalog Groups could not be read, owners resolve from envelope.ownership only: ${(error as Error).message}`);
      return undefined;
    }
  }

  /**
   * The served scans with their owners resolved against the catalog as it is now: a Group added
   * (or a catalog not ready at scan time) takes effect without a rescan.
   */
  private async served() {
    const freshness = await this.o.store.freshness(this.targets.map((t) => t.id));
    const scanIds = freshness.flatMap((f) => (f.served ? [f.served.id] : []));
    const owners = await this.groupIndex(this.o.logger);
    if (owners) {
      for (const id of scanIds) {
        if (this.resolvedWith.get(id) === owners.key) continue;
        const moved = await this.o.store.reassignOwners(id, (row) => resolveOwner(row, owners.index, this.o.config.ownership));
        if (moved > 0) this.o.logger.info(`envelope: ${moved} resources of scan #${id} moved owner after a catalog change`);
        this.resolvedWith.set(id, owners.key);
      }
    }
    return { freshness, scanIds };
  }

  async teams(ownershipRefs: string[]): Promise<TeamsResponse> {
    const { freshness, scanIds } = await this.served();
    const rows = await this.o.store.servedRows(scanIds);
    const mine = new Set(ownershipRefs.map((r) => r.toLowerCase()));
    const teams = new Map<string | null, { summary: TeamSummary; worst: ResourceRow[] }>();
    for (const row of rows) {
      let t = teams.get(row.ownerRef);
      if (!t) {
        t = {
          summary: {
            ref: row.ownerRef,
            owners: [],
            mine: row.ownerRef !== null && mine.has(row.ownerRef),
            resources: 0,
            byType: Object.fromEntries(LISTED_TYPES.map((x) => [x, 0])) as Record<ListedType, number>,
            byStatus: emptyByStatus(),
            failBySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
            monthlyCost: null,
            worst: [],
          },
          worst: [],
        };
        teams.set(row.ownerRef, t);
      }
      const s = t.summary;
      if (row.owner && !s.owners.includes(row.owner)) s.owners.push(row.owner);
      s.resources++;
      s.byType[row.type]++;
      s.byStatus[row.status]++;
      for (const sev of SEVERITIES) s.failBySeverity[sev] += row.failBySeverity[sev];
      if (row.monthlyCost !== null) s.monthlyCost = (s.monthlyCost ?? 0) + row.monthlyCost;
      if (row.worst) t.worst.push(row);
    }
    const out = [...teams.values()].map(({ summary, worst }) => {
      summary.owners.sort();
      summary.worst = worst
        .sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : 1))
        .slice(0, 3)
        .map((r) => ({ resourceId: r.id, name: r.name, type: r.type, finding: r.worst! }));
      return summary;
    });
    out.sort((a, b) => Number(b.mine) - Number(a.mine) || (a.ref === null ? 1 : b.ref === null ? -1 : a.ref < b.ref ? -1 : 1));
    return { teams: out, freshness };
  }

  async resources(team: string | null, filter: Omit<RowFilter, 'owners'>): Promise<ResourcesResponse> {
    const { freshness, scanIds } = await this.served();
    const page = await this.o.store.queryRows(scanIds, { ...filter, owners: [team] });
    return { team, ...page, offset: filter.offset, limit: filter.limit, freshness };
  }

  async resource(id: string): Promise<ResourceDetail> {
    const { freshness, scanIds } = await this.served();
    const found = await this.o.store.findResource(scanIds, id);
    if (!found) throw new NotFoundError(`no resource ${JSON.stringify(id)} in the last good scan of any target`);
    const scan = await this.o.store.getScan(found.row.scanId);
    const fresh = freshness.find((f) => f.target === found.row.target);
    if (!scan || !fresh) throw new NotFoundError(`scan #${found.row.scanId} is gone`);
    return { resource: found.row, findings: found.findings, costLines: found.costLines, chain: await this.chainOf(found.row), scan, freshness: fresh };
  }

  /** The Snowflake chain around the resource when the scan drew one; else the bucket → key link its encryption finding names. */
  private async chainOf(row: ResourceRow): Promise<Chain | null> {
    const mermaid = await this.o.store.getChain(row.scanId);
    if (mermaid) {
      const kind = row.type === 'bucket' ? 'bucket' : row.type === 'snowflake-stage' ? 'stage' : 'integration';
      const around = chainAround(parseChainMermaid(mermaid), kind, row.name);
      if (around) return around;
    }
    if (row.type !== 'bucket') return null;
    const nodes: Chain['nodes'] = [{ id: 'b', kind: 'bucket', label: `bucket ${row.name}`, current: true }];
    const edges: Chain['edges'] = [];
    if (row.key?.arn) {
      nodes.push({ id: 'k', kind: 'key', label: `key ${row.key.arn.replace(/^arn:[^:]+:kms:[^:]*:\d*:/, '')}` });
      edges.push({ from: 'b', to: 'k', known: true });
    } else if (row.key?.algorithm) {
      nodes.push({ id: 'k', kind: 'key', label: row.key.algorithm === 'AES256' ? 'key SSE-S3 (no KMS key)' : 'key aws/s3 (AWS managed)' });
      edges.push({ from: 'b', to: 'k', known: true });
    } else {
      nodes.push({ id: 'k', kind: 'key', label: 'key ?' });
      edges.push({ from: 'b', to: 'k', known: false });
    }
    return { nodes, edges, source: 'bucket-encryption' };
  }

  async scans(target: string | undefined, limit: number): Promise<ScansResponse> {
    const [items, { freshness }] = await Promise.all([this.o.store.listScans({ ...(target ? { target } : {}), limit }), this.served()]);
    return { items, freshness };
  }
}

const rank = (r: ResourceRow): number => {
  const w = r.worst!;
  return (w.status === 'fail' ? 0 : 10) + SEVERITIES.indexOf(w.severity);
};

type Duration = { milliseconds?: number; seconds?: number; minutes?: number; hours?: number; days?: number } | string | object;

/** A scheduler duration ({ minutes: 30 } or ISO PT30M) in ms; 30 minutes when unreadable. */
export function durationMs(d: Duration): number {
  if (typeof d === 'string') {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(d);
    if (!m) return 30 * 60_000;
    return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000 + Number(m[4] ?? 0) * 1000;
  }
  if ('toMillis' in d && typeof (d as { toMillis: unknown }).toMillis === 'function') return (d as { toMillis(): number }).toMillis();
  const h = d as { milliseconds?: number; seconds?: number; minutes?: number; hours?: number; days?: number };
  const ms = (h.milliseconds ?? 0) + (h.seconds ?? 0) * 1000 + (h.minutes ?? 0) * 60_000 + (h.hours ?? 0) * 3_600_000 + (h.days ?? 0) * 86_400_000;
  return ms > 0 ? ms : 30 * 60_000;
}

export const isStatus = (s: string): s is Status => (STATUSES as readonly string[]).includes(s);
