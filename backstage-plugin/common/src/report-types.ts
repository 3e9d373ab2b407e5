/**
 * The report's types, re-exported from @envelope/core: one source of truth for what a scan says.
 * Type-only: the frontend bundle never pulls the core's runtime (AWS SDK, node:*).
 */
import type { CostLine, Report, Severity, Status } from '@envelope/core';

export type { CostLine, Report, Severity, Status };
export type ReportFinding = Report['findings'][number];
export type ReportResource = Report['resources'][number];
export type ReportResourceRef = ReportFinding['resource'];

/**
 * The core's STATUSES and SEVERITIES, most significant first. Repeated here as values because the
 * frontend must not import the core at runtime; a parity test holds them equal to the core's.
 */
export const STATUSES = ['fail', 'unknown', 'suppressed', 'pass', 'not_applicable'] as const satisfies readonly Status[];
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const satisfies readonly Severity[];
