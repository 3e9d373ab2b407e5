/**
 * The typed client the frontend uses (and tests, and the dev harness). It takes Backstage's
 * discovery and fetch APIs structurally, so this package needs no frontend dependency; the fetch
 * API attaches the signed-in user's token.
 */
import { ResponseError } from '@backstage/errors';
import type { RescanResponse, ResourceDetail, ResourcesResponse, ScansResponse, TeamsResponse } from './dto.js';
import { resourcesQueryString, UNOWNED_TEAM, type ResourcesQuery } from './query.js';

export interface DiscoveryLike {
  getBaseUrl(pluginId: string): Promise<string>;
}
export interface FetchLike {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

export interface EnvelopeApi {
  getTeams(): Promise<TeamsResponse>;
  /** team: a Group ref such as group:default/data-platform, or null for unowned resources. */
  getTeamResources(team: string | null, query?: ResourcesQuery): Promise<ResourcesResponse>;
  getResource(id: string): Promise<ResourceDetail>;
  getScans(options?: { target?: string; limit?: number }): Promise<ScansResponse>;
  rescan(target?: string): Promise<RescanResponse>;
}

export class EnvelopeClient implements EnvelopeApi {
  private readonly discoveryApi: DiscoveryLike;
  private readonly fetchApi: FetchLike;

  constructor(options: { discoveryApi: DiscoveryLike; fetchApi: FetchLike }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getTeams(): Promise<TeamsResponse> {
    return this.request('/teams');
  }

  getTeamResources(team: string | null, query: ResourcesQuery = {}): Promise<ResourcesResponse> {
    return this.request(`/teams/${encodeURIComponent(team ?? UNOWNED_TEAM)}/resources${resourcesQueryString(query)}`);
  }

  getResource(id: string): Promise<ResourceDetail> {
    return this.request(`/resource?${new URLSearchParams({ id })}`);
  }

  getScans(options: { target?: string; limit?: number } = {}): Promise<ScansResponse> {
    const p = new URLSearchParams();
    if (options.target) p.set('target', options.target);
    if (options.limit !== undefined) p.set('limit', String(options.limit));
    const s = p.toString();
    return this.request(`/scans${s ? `?${s}` : ''}`);
  }

  rescan(target?: string): Promise<RescanResponse> {
    return this.request('/scans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(target ? { target } : {}) });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('envelope');
    const res = await this.fetchApi.fetch(`${base}${path}`, init);
    if (!res.ok) {
      const error = await ResponseError.fromResponse(res);
      // The server's own message ("status: unknown value 'bogus' …") is what a person needs to see.
      error.message = `${res.status}: ${error.cause.message || res.statusText}`;
      throw error;
    }
    return (await res.json()) as T;
  }
}
