import { parseEntityRef, RELATION_OWNED_BY, stringifyEntityRef, type Entity } from '@backstage/catalog-model';

/** The team an entity page is about: the Group itself, or the Group that owns the System/Component. */
export function teamOfEntity(entity: Entity): string | null {
  if (entity.kind.toLowerCase() === 'group') return stringifyEntityRef(entity).toLowerCase();
  const owner = entity.relations?.find((r) => r.type === RELATION_OWNED_BY)?.targetRef ?? (typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined);
  if (!owner) return null;
  const ref = parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: entity.metadata.namespace ?? 'default' });
  return ref.kind.toLowerCase() === 'group' ? stringifyEntityRef(ref).toLowerCase() : null;
}
