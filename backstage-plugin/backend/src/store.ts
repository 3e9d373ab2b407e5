/**
 * The plugin's database: every scan (running, ok, partial, failed) and the rows of each finished
 * scan. The rows served are those of each target's last good scan, so a failed or partial scan
 * never replaces what the page shows; it is stored, and the page says the result is stale and why.
 */
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { STATUSES, type CostLine, type ReportFinding, type ResourceRow, type ScanInfo, type ScanStatus, type Status, type TargetFreshness } from '@envelope/plugin-envelope-common';
import type { Knex } from 'knex';
import { severityRank, statusRank } from './projection.js';

const gz = promisify(gzip);
const gunz = promisify(gunzip);

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export async function migrate(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: MIGRATIONS_DIR, loadExtensions: ['.cjs'], tableName: 'envelope_knex_migrations' });
}

interface ScanRecord {
  id: number;
  target: string;
  status: ScanStatus;
  trigger: 'schedule' | 'manual';
  started_at: string;
  finished_at: string | null;
  error: string | null;
  gaps: number;
  resources: number;
  by_status: string | null;
  monthly_total: number | null;
  chain?: string | null;
}

const SCAN_COLUMNS = ['id', 'target', 'status', 'trigger', 'started_at', 'finished_at', 'error', 'gaps', 'resources', 'by_status', 'monthly_total'];

function toScanInfo(r: ScanRecord): ScanInfo {
  return {
    id: Number(r.id),
    target: r.target,
    status: r.status,
    trigger: r.trigger,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
    gaps: Number(r.gaps),
    resources: Number(r.resources),
    byStatus: r.by_status ? (JSON.parse(r.by_status) as Record<Status, number>) : null,
    monthlyTotal: r.monthly_total === null ? null : Number(r.monthly_total),
  };
}

export interface StoredRow {
  row: ResourceRow;
  findings: ReportFinding[];
  costLines: CostLine[];
}

export interface FinishedScan {
  status: 'ok' | 'partial';
  /** For a partial scan: what it could not see, in one line. */
  error: string | null;
  gaps: number;
  byStatus: Record<Status, number>;
  monthlyTotal: number | null;
  reportJson: string;
  chain: string | null;
  rows: StoredRow[];
}

export interface RowFilter {
  owners: Array<string | null>;
  status?: Status[];
  severity?: string[];
  type?: string[];
  rule?: string;
  q?: string;
  sort: 'status' | 'name' | 'type' | 'severity' | 'cost' | 'key';
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

const SORT_COLUMN: Record<RowFilter['sort'], string> = {
  status: 'status_rank',
  name: 'name_lower',
  type: 'type',
  severity: 'severity_rank',
  cost: 'monthly_cost',
  key: 'key_status',
};

const formatWhen = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export class ScanStore {
  constructor(private readonly knex: Knex) {}

  private scanQuery(): Knex.QueryBuilder<ScanRecord, ScanRecord[]> {
    return this.knex<ScanRecord, ScanRecord[]>('scans').select(SCAN_COLUMNS) as unknown as Knex.QueryBuilder<ScanRecord, ScanRecord[]>;
  }

  async startScan(target: string, trigger: 'schedule' | 'manual', now = new Date()): Promise<number> {
    const [row] = await this.knex('scans').insert({ target, status: 'running', trigger, started_at: now.toISOString() }).returning('id');
    return Number(typeof row === 'object' ? (row as { id: number }).id : row);
  }

  /** Marks the next run of the target's task as manual (the API's rescan), whichever replica runs it. */
  async requestRescan(target: string, now = new Date()): Promise<void> {
    await this.knex.transaction(async (tx) => {
      await tx('rescan_requests').where({ target }).delete();
      await tx('rescan_requests').insert({ target, requested_at: now.toISOString() });
    });
  }

  /** True when a rescan was asked for since the last run; clears the request. */
  async takeRescanRequest(target: string): Promise<boolean> {
    return (await this.knex('rescan_requests').where({ target }).delete()) > 0;
  }

  /** Scans left running by a replica that died: failed once they are older than the task timeout. */
  async expireRunning(target: string, olderThan: Date): Promise<void> {
    await this.knex('scans')
      .where({ target, status: 'running' })
      .andWhere('started_at', '<', olderThan.toISOString())
      .update({ status: 'failed', finished_at: new Date().toISOString(), error: 'interrupted: the scan did not finish within the task timeout (backend restarted or stopped?)' });
  }

  async failScan(id: number, error: string, now = new Date()): Promise<void> {
    await this.knex('scans').where({ id }).update({ status: 'failed', finished_at: now.toISOString(), error });
  }

  async finishScan(id: number, scan: FinishedScan, now = new Date()): Promise<void> {
    const reportGz = await gz(scan.reportJson);
    const rows = await Promise.all(
      scan.rows.map(async ({ row, findings, costLines }) => ({
        scan_id: id,
        resource_id: row.id,
        type: row.type,
        name_lower: row.name.toLowerCase(),
        id_lower: row.id.toLowerCase(),
        owner: row.owner ?? null,
        owner_ref: row.ownerRef,
        status: row.status,
        status_rank: statusRank(row.status),
        severity_rank: severityRank(row.worstSeverity),
        monthly_cost: row.monthlyCost,
        key_status: row.key?.status ?? null,
        problem_rules: `,${row.problemRules.join(',')},`,
        fail_severities: `,${Object.entries(row.failBySeverity)
          .filter(([, n]) => n > 0)
          .map(([sev]) => sev)
          .join(',')},`,
        row: JSON.stringify(row),
        detail_gz: await gz(JSON.stringify({ findings, costLines })),
      })),
    );
    await this.knex.transaction(async (tx) => {
      // SQLite caps bound parameters per statement; 14 columns × 60 rows stays well under it.
      for (let i = 0; i < rows.length; i += 60) await tx('resources').insert(rows.slice(i, i + 60));
      await tx('scans')
        .where({ id })
        .update({
          status: scan.status,
          finished_at: now.toISOString(),
          error: scan.error,
          gaps: scan.gaps,
          resources: rows.length,
          by_status: JSON.stringify(scan.byStatus),
          monthly_total: scan.monthlyTotal,
          report_gz: reportGz,
          chain: scan.chain,
        });
    });
  }

  /**
   * Once a scan is good, the rows of the target's older scans are never served again: delete them
   * (their scans stay in the history with summary and gzip report). Keeps one 1,000-bucket scan's
   * rows (~8 MB) instead of one per history entry.
   */
  async dropRowsBefore(target: string, scanId: number): Promise<void> {
    const older = this.knex('scans').where({ target }).andWhere('id', '<', scanId).select('id');
    await this.knex('resources').whereIn('scan_id', older).delete();
  }

  /** Keeps the newest `keep` scans of a target (rows go with them). */
  async prune(target: string, keep: number): Promise<void> {
    const old = await this.knex('scans').where({ target }).orderBy('id', 'desc').offset(keep).limit(100_000).select('id');
    const ids = old.map((r: { id: number }) => r.id);
    if (ids.length === 0) return;
    await this.knex('resources').whereIn('scan_id', ids).delete();
    await this.knex('scans').whereIn('id', ids).delete();
  }

  async listScans(options: { target?: string; limit: number }): Promise<ScanInfo[]> {
    const q = this.scanQuery().orderBy('id', 'desc').limit(options.limit);
    if (options.target) q.where({ target: options.target });
    return (await q).map(toScanInfo);
  }

  async getScan(id: number): Promise<ScanInfo | undefined> {
    const r = await this.scanQuery().where({ id }).first();
    return r ? toScanInfo(r) : undefined;
  }

  async getChain(id: number): Promise<string | null> {
    const r = await this.knex('scans').select('chain').where({ id }).first();
    return (r?.chain as string | null | undefined) ?? null;
  }

  async getReportJson(id: number): Promise<string | undefined> {
    const r = await this.knex('scans').select('report_gz').where({ id }).first();
    return r?.report_gz ? (await gunz(r.report_gz as Buffer)).toString('utf8') : undefined;
  }

  /**
   * Per target: the scan served (newest ok; newest partial only if no ok scan exists) and whether
   * anything newer went wrong.
   */
  async freshness(targets: string[]): Promise<TargetFreshness[]> {
    return Promise.all(
      targets.map(async (target) => {
        const latestRec = await this.scanQuery().where({ target }).orderBy('id', 'desc').first();
        const okRec = await this.scanQuery().where({ target, status: 'ok' }).orderBy('id', 'desc').first();
        const servedRec = okRec ?? (await this.scanQuery().where({ target, status: 'partial' }).orderBy('id', 'desc').first());
        const latest = latestRec ? toScanInfo(latestRec) : null;
        const served = servedRec ? toScanInfo(servedRec) : null;
        // The newest finished scan that is not the one served: failed or partial.
        const newerBad = await this.scanQuery()
          .where({ target })
          .whereIn('status', ['failed', 'partial'])
          .andWhere('id', '>', served?.id ?? 0)
          .orderBy('id', 'desc')
          .first();
        let staleReason: string | null = null;
        if (newerBad) {
          const bad = toScanInfo(newerBad);
          const when = formatWhen(bad.finishedAt ?? bad.startedAt);
          staleReason =
            bad.status === 'failed'
              ? `scan #${bad.id} at ${when} failed: ${bad.error ?? 'no reason recorded'}`
              : `scan #${bad.id} at ${when} was partial (${bad.gaps} thing(s) it could not see): ${bad.error ?? ''}`.trim();
        } else if (served && served.status === 'partial') {
          staleReason = `no complete scan yet; scan #${served.id} was partial: ${served.error ?? ''}`.trim();
        }
        return { target, served, latest, stale: staleReason !== null, staleReason };
      }),
    );
  }

  /** Rows of the served scans, lightweight columns only (the teams summary). */
  async servedRows(scanIds: number[]): Promise<ResourceRow[]> {
    if (scanIds.length === 0) return [];
    const rows = await this.knex('resources').whereIn('scan_id', scanIds).select('row', 'owner_ref');
    return rows.map(readRow);
  }

  async queryRows(scanIds: number[], f: RowFilter): Promise<{ items: ResourceRow[]; total: number; monthlyCost: number | null }> {
    if (scanIds.length === 0) return { items: [], total: 0, monthlyCost: null };
    const base = this.knex('resources').whereIn('scan_id', scanIds);
    const owned = f.owners.filter((o): o is string => o !== null);
    base.where((w) => {
      if (owned.length) w.whereIn('owner_ref', owned);
      if (f.owners.includes(null)) w.orWhereNull('owner_ref');
    });
    if (f.status?.length) base.whereIn('status', f.status);
    if (f.type?.length) base.whereIn('type', f.type);
    if (f.severity?.length) {
      // Resources with a failing finding of one of these severities.
      const wanted = f.severity;
      base.where((w) => {
        for (const sev of wanted) w.orWhereRaw(`fail_severities like ?`, [`%,${sev},%`]);
      });
    }
    if (f.rule) base.whereRaw(`problem_rules like ? escape '\\'`, [`%,${escapeLike(f.rule)},%`]);
    if (f.q) {
      const needle = `%${escapeLike(f.q.toLowerCase())}%`;
      base.where((w) => w.whereRaw(`name_lower like ? escape '\\'`, [needle]).orWhereRaw(`id_lower like ? escape '\\'`, [needle]));
    }
    const [agg] = (await base.clone().count({ n: '*' }).sum({ cost: 'monthly_cost' })) as Array<{ n: number | string; cost: number | string | null }>;
    const total = Number(agg?.n ?? 0);
    const anyCost = await base.clone().whereNotNull('monthly_cost').first('scan_id');
    const column = SORT_COLUMN[f.sort];
    const rows = await base
      .clone()
      .select('row', 'owner_ref')
      .orderByRaw(`${column === 'monthly_cost' || column === 'key_status' ? `${column} is null, ` : ''}${column} ${f.order}, name_lower asc, resource_id asc`)
      .offset(f.offset)
      .limit(f.limit);
    return {
      items: rows.map(readRow),
      total,
      monthlyCost: anyCost ? Number(agg?.cost ?? 0) : null,
    };
  }

  async findResource(scanIds: number[], resourceId: string): Promise<StoredRow | undefined> {
    if (scanIds.length === 0) return undefined;
    const r = await this.knex('resources').whereIn('scan_id', scanIds).andWhere({ resource_id: resourceId }).orderBy('scan_id', 'desc').first('row', 'owner_ref', 'detail_gz');
    if (!r) return undefined;
    const detail = JSON.parse((await gunz(r.detail_gz as Buffer)).toString('utf8')) as { findings: ReportFinding[]; costLines: CostLine[] };
    return { row: readRow(r as { row: string; owner_ref: string | null }), ...detail };
  }

  /**
   * Re-resolves the owners of a scan's rows (the catalog's Groups changed, or were not ready at
   * scan time): updates owner_ref where the resolution differs. Returns how many rows changed.
   */
  async reassignOwners(scanId: number, resolve: (row: { id: string; owner?: string }) => string | null): Promise<number> {
    const rows = (await this.knex('resources').where({ scan_id: scanId }).select('resource_id', 'owner', 'owner_ref')) as Array<{ resource_id: string; owner: string | null; owner_ref: string | null }>;
    const moves = new Map<string | null, string[]>();
    for (const r of rows) {
      const ref = resolve({ id: r.resource_id, ...(r.owner ? { owner: r.owner } : {}) });
      if (ref !== r.owner_ref) moves.set(ref, [...(moves.get(ref) ?? []), r.resource_id]);
    }
    for (const [ref, ids] of moves) {
      for (let i = 0; i < ids.length; i += 500) await this.knex('resources').where({ scan_id: scanId }).whereIn('resource_id', ids.slice(i, i + 500)).update({ owner_ref: ref });
    }
    return [...moves.values()].reduce((n, ids) => n + ids.length, 0);
  }

  /** Bytes a scan takes: its report and rows (the bench's stored size). */
  async scanBytes(id: number): Promise<{ report: number; rows: number; rowCount: number }> {
    const scan = await this.knex('scans').select('report_gz').where({ id }).first();
    const rows = await this.knex('resources').where({ scan_id: id }).select('row', 'detail_gz', 'resource_id', 'id_lower', 'name_lower', 'problem_rules');
    let bytes = 0;
    for (const r of rows) bytes += Buffer.byteLength(r.row) + (r.detail_gz as Buffer).length + Buffer.byteLength(r.resource_id) * 2 + Buffer.byteLength(r.name_lower) + Buffer.byteLength(r.problem_rules) + 48;
    return { report: (scan?.report_gz as Buffer | undefined)?.length ?? 0, rows: bytes, rowCount: rows.length };
  }
}

/** The row's JSON with the owner as resolved now (the column follows catalog changes; the JSON keeps the scan-time one). */
function readRow(r: { row: string; owner_ref: string | null }): ResourceRow {
  return { ...(JSON.parse(r.row) as ResourceRow), ownerRef: r.owner_ref };
}

export const emptyByStatus = (): Record<Status, number> => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
