/** The new frontend system's plugin: `import envelopePlugin from '@envelope/plugin-envelope/alpha'`. */
import { compatWrapper, convertLegacyRouteRefs } from '@backstage/core-compat-api';
import { ApiBlueprint, createFrontendPlugin, discoveryApiRef, fetchApiRef, PageBlueprint } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint, EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { EnvelopeClient } from '@envelope/plugin-envelope-common';
import { envelopeApiRef } from './api.js';
import { rootRouteRef } from './routes.js';

const envelopeApi = ApiBlueprint.make({
  params: (defineParams) =>
    defineParams({ api: envelopeApiRef, deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef }, factory: ({ discoveryApi, fetchApi }) => new EnvelopeClient({ discoveryApi, fetchApi }) }),
});

const envelopePage = PageBlueprint.make({
  params: {
    path: '/envelope',
    title: 'Encrypted storage',
    routeRef: convertLegacyRouteRefs({ root: rootRouteRef }).root,
    loader: () => import('./components/EnvelopePage.js').then((m) => compatWrapper(<m.EnvelopePage />)),
  },
});

const entityCard = EntityCardBlueprint.make({
  name: 'encrypted-storage',
  params: {
    filter: { kind: { $in: ['group', 'system', 'component'] } },
    loader: () => import('./components/EnvelopeEntityCard.js').then((m) => compatWrapper(<m.EnvelopeEntityCard />)),
  },
});

const entityContent = EntityContentBlueprint.make({
  name: 'encrypted-storage',
  params: {
    path: 'encrypted-storage',
    title: 'Encrypted storage',
    filter: { kind: { $in: ['group', 'system', 'component'] } },
    loader: () => import('./components/EntityEnvelopeContent.js').then((m) => compatWrapper(<m.EntityEnvelopeContent />)),
  },
});

export default createFrontendPlugin({
  pluginId: 'envelope',
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
  extensions: [envelopeApi, envelopePage, entityCard, entityContent],
});
