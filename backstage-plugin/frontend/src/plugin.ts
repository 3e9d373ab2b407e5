/** The legacy (core-plugin-api) plugin: what `createApp` apps mount. */
import { createApiFactory, createComponentExtension, createPlugin, createRoutableExtension, discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EnvelopeClient } from '@envelope/plugin-envelope-common';
import { envelopeApiRef } from './api.js';
import { rootRouteRef } from './routes.js';

export const envelopePlugin = createPlugin({
  id: 'envelope',
  apis: [createApiFactory({ api: envelopeApiRef, deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef }, factory: ({ discoveryApi, fetchApi }) => new EnvelopeClient({ discoveryApi, fetchApi }) })],
  routes: { root: rootRouteRef },
});

/** The team page (mount at e.g. /envelope). */
export const EnvelopePage = envelopePlugin.provide(
  createRoutableExtension({ name: 'EnvelopePage', component: () => import('./components/EnvelopePage.js').then((m) => m.EnvelopePage), mountPoint: rootRouteRef }),
);

/** The "Encrypted storage" card for Group, System and Component pages. */
export const EntityEnvelopeCard = envelopePlugin.provide(
  createComponentExtension({ name: 'EntityEnvelopeCard', component: { lazy: () => import('./components/EnvelopeEntityCard.js').then((m) => m.EnvelopeEntityCard) } }),
);

/** The entity tab with the owning team's buckets and stages. */
export const EntityEnvelopeContent = envelopePlugin.provide(
  createComponentExtension({ name: 'EntityEnvelopeContent', component: { lazy: () => import('./components/EntityEnvelopeContent.js').then((m) => m.EntityEnvelopeContent) } }),
);
