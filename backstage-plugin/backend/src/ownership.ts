/**
 * The report names owners as the account does (an ownership tag's value, the profile's ownership
 * table, a stack name); the catalog names teams as Group entities. Resolution, first match wins:
 *   1. config envelope.ownership.groups[owner]
 *   2. a Group whose annotation envelope.dev/owners lists the owner (comma-separated)
 *   3. a Group named like the owner (case-insensitive) in the configured namespace
 *   4. Snowflake stages and integrations with no owner: envelope.ownership.snowflake by
 *      DATABASE.SCHEMA, then DATABASE, from the id snowflake://<account>/<DB>.<SCHEMA>.<NAME>
 * Unresolved owners keep their name on the row and list under "unowned".
 */
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { OwnershipConfig } from './config.js';

export const OWNERS_ANNOTATION = 'envelope.dev/owners';

export interface GroupIndex {
  byOwner: Map<string, string>;
}

export function indexGroups(groups: Entity[], config: OwnershipConfig): GroupIndex {
  const byOwner = new Map<string, string>();
  const add = (owner: string, ref: string) => {
    const key = owner.trim().toLowerCase();
    if (key && !byOwner.has(key)) byOwner.set(key, ref);
  };
  for (const [owner, ref] of Object.entries(config.groups)) add(owner, ref.toLowerCase());
  for (const g of groups) {
    const ref = stringifyEntityRef(g);
    for (const owner of (g.metadata.annotations?.[OWNERS_ANNOTATION] ?? '').split(',')) add(owner, ref);
  }
  for (const g of groups) if ((g.metadata.namespace ?? 'default') === config.namespace) add(g.metadata.name, stringifyEntityRef(g));
  return { byOwner };
}

export function snowflakeOwnerRef(resourceId: string, config: OwnershipConfig): string | undefined {
  const path = /^snowflake:\/\/[^/]+\/(.+)$/.exec(resourceId)?.[1];
  if (!path) return undefined;
  const [db, schema] = path.split('.');
  const mapped = (key: string | undefined) => (key ? Object.entries(config.snowflake).find(([k]) => k.toUpperCase() === key.toUpperCase())?.[1] : undefined);
  return mapped(db && schema ? `${db}.${schema}` : undefined) ?? mapped(db);
}

export function resolveOwner(row: { id: string; owner?: string }, index: GroupIndex, config: OwnershipConfig): string | null {
  if (row.owner) {
    const ref = index.byOwner.get(row.owner.trim().toLowerCase());
    if (ref) return ref;
  }
  return snowflakeOwnerRef(row.id, config)?.toLowerCase() ?? null;
}
