import { createApiRef } from '@backstage/core-plugin-api';
import type { EnvelopeApi } from '@envelope/plugin-envelope-common';

export { EnvelopeClient, type EnvelopeApi } from '@envelope/plugin-envelope-common';

/** Shared by both frontend systems: core-plugin-api re-exports frontend-plugin-api's refs. */
export const envelopeApiRef = createApiRef<EnvelopeApi>({ id: 'plugin.envelope.api' });
