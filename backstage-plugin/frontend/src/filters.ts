import type { Entity } from '@backstage/catalog-model';

/** The kinds the card and tab make sense on (legacy apps: EntitySwitch.Case if={isEnvelopeAvailable}). */
export function isEnvelopeAvailable(entity: Entity): boolean {
  return ['group', 'system', 'component'].includes(entity.kind.toLowerCase());
}
