/**
 * The harness's backend: Backstage's own catalog and auth (guest) plugins, the real envelope
 * backend plugin, and a small `app` plugin serving the bundled frontend at / (the root router
 * forwards unmatched paths to /api/app). Config: app-config.yaml, then any --config given.
 */
import { createBackend } from '@backstage/backend-defaults';
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import express from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('../dist-app', import.meta.url));
const harnessDir = fileURLToPath(new URL('..', import.meta.url));

// Relative paths in app-config.yaml (catalog file, SQLite directory) are the harness folder's.
process.chdir(harnessDir);
if (!process.argv.includes('--config')) process.argv.push('--config', `${harnessDir}app-config.yaml`);

const appPlugin = createBackendPlugin({
  pluginId: 'app',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter, config: coreServices.rootConfig, logger: coreServices.logger },
      async init({ httpRouter, config, logger }) {
        if (!existsSync(`${appDir}/index.html`)) throw new Error(`no frontend bundle in ${appDir}: run npm run build in backstage-plugin/dev`);
        const frontendConfig = [
          {
            context: 'envelope-dev',
            data: { app: { title: config.getString('app.title'), baseUrl: config.getString('app.baseUrl') }, backend: { baseUrl: config.getString('backend.baseUrl') } },
          },
        ];
        const html = readFileSync(`${appDir}/index.html`, 'utf8').replace(
          '<!--config-->',
          // JSON inside a script element: escape "<" so no value can end the element.
          `<script type="backstage.io/config">${JSON.stringify(frontendConfig).replace(/</g, '\\u003c')}</script>`,
        );
        const router = express.Router();
        router.use(express.static(appDir, { index: false }));
        router.get('*', (_req, res) => {
          res.type('html').send(html);
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        logger.info(`envelope dev harness: open ${config.getString('app.baseUrl')} and sign in as guest (alice, data-platform)`);
      },
    });
  },
});

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@envelope/plugin-envelope-backend'));
backend.add(appPlugin);
await backend.start();
