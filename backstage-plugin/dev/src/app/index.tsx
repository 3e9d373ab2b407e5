/**
 * A minimal legacy Backstage app (createApp from @backstage/app-defaults): guest sign-in, the
 * envelope team page at /envelope, and a team page for each Group with the entity card and tab.
 */
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import { Content, Header, Page, Progress, SignInPage } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityEnvelopeCard, EntityEnvelopeContent, EnvelopePage, envelopePlugin } from '@envelope/plugin-envelope';
import { Grid } from '@material-ui/core';
import { createRoot } from 'react-dom/client';
import { Navigate, Route, useParams } from 'react-router-dom';
import { useEffect, useState } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { CatalogClient } from '@backstage/catalog-client';
import { createApiFactory, discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';

/** A Group's page: the "Encrypted storage" card and the team's table, as an entity page would show them. */
function GroupPage() {
  const { name = '' } = useParams();
  const catalog = useApi(catalogApiRef);
  const [entity, setEntity] = useState<Entity | null | undefined>();
  useEffect(() => {
    catalog.getEntityByRef({ kind: 'Group', namespace: 'default', name }).then((e) => setEntity(e ?? null), () => setEntity(null));
  }, [catalog, name]);
  return (
    <Page themeId="home">
      <Header title={`Group ${name}`} subtitle="entity card and tab of the envelope plugin" />
      <Content>
        {entity === undefined ? <Progress /> : null}
        {entity === null ? <p>No Group {name} in the catalog.</p> : null}
        {entity ? (
          <EntityProvider entity={entity}>
            <Grid container spacing={3}>
              <Grid item xs={12} md={4}>
                <EntityEnvelopeCard />
              </Grid>
              <Grid item xs={12} md={8}>
                <EntityEnvelopeContent />
              </Grid>
            </Grid>
          </EntityProvider>
        ) : null}
      </Content>
    </Page>
  );
}

const app = createApp({
  plugins: [envelopePlugin],
  apis: [createApiFactory({ api: catalogApiRef, deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef }, factory: ({ discoveryApi, fetchApi }) => new CatalogClient({ discoveryApi, fetchApi }) })],
  components: {
    SignInPage: (props) => <SignInPage {...props} providers={['guest']} title="envelope dev harness" />,
  },
});

const routes = (
  <FlatRoutes>
    <Route path="/" element={<Navigate to="envelope" />} />
    <Route path="/envelope" element={<EnvelopePage />} />
    <Route path="/groups/:name" element={<GroupPage />} />
  </FlatRoutes>
);

const App = app.createRoot(
  <AppRouter>
    {routes}
  </AppRouter>,
);

createRoot(document.getElementById('root')!).render(<App />);
