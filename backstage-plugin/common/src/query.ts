/** The team page's query parameters: the client builds them, the backend validates them. */
import type { ListedType } from './dto.js';
import type { Severity, Status } from './report-types.js';

export const SORT_FIELDS = ['status', 'name', 'type', 'severity', 'cost', 'key'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

export interface ResourcesQuery {
  status?: Status[];
  severity?: Severity[];
  rule?: string;
  type?: ListedType[];
  /** Case-insensitive substring of the name or id. */
  q?: string;
  sort?: SortField;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export function resourcesQueryString(query: ResourcesQuery): string {
  const p = new URLSearchParams();
  if (query.status?.length) p.set('status', query.status.join(','));
  if (query.severity?.length) p.set('severity', query.severity.join(','));
  if (query.type?.length) p.set('type', query.type.join(','));
  if (query.rule) p.set('rule', query.rule);
  if (query.q) p.set('q', query.q);
  if (query.sort) p.set('sort', query.sort);
  if (query.order) p.set('order', query.order);
  if (query.offset !== undefined) p.set('offset', String(query.offset));
  if (query.limit !== undefined) p.set('limit', String(query.limit));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The id used in URLs for "resources owned by no Group". */
export const UNOWNED_TEAM = 'unowned';
