import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { envelopePermissions } from '@envelope/plugin-envelope-common';
import { readEnvelopeConfig } from './config.js';
import { createRouter } from './router.js';
import { scanTarget, type ScanFn } from './scan-runner.js';
import { EnvelopeService } from './service.js';
import { migrate, ScanStore } from './store.js';

export const scanTaskId = (targetId: string): string => `envelope-scan:${targetId}`;

/** The plugin with another scan function (tests: a scan that fails on demand). */
export function createEnvelopePlugin(options: { scan?: ScanFn } = {}) {
  return createBackendPlugin({
    pluginId: 'envelope',
    register(env) {
      env.registerInit({
        deps: {
          logger: coreServices.logger,
          config: coreServices.rootConfig,
          database: coreServices.database,
          scheduler: coreServices.scheduler,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          userInfo: coreServices.userInfo,
          auth: coreServices.auth,
          permissions: coreServices.permissions,
          permissionsRegistry: coreServices.permissionsRegistry,
          catalog: catalogServiceRef,
        },
        async init({ logger, config, database, scheduler, httpRouter, httpAuth, userInfo, auth, permissions, permissionsRegistry, catalog }) {
          const envelopeConfig = readEnvelopeConfig(config);
          const knex = await database.getClient();
          if (!database.migrations?.skip) await migrate(knex);
          const store = new ScanStore(knex);
          const service = new EnvelopeService({ store, config: envelopeConfig, catalog, auth, logger, scan: options.scan ?? scanTarget });
          permissionsRegistry.addPermissions(envelopePermissions);

          if (envelopeConfig.targets.length === 0) logger.warn('envelope: no envelope.targets configured; nothing will be scanned');
          for (const target of envelopeConfig.targets) {
            // Global scope: the scheduler keeps the task in this plugin's database and runs it on
            // one replica at a time — the database is the lock.
            await scheduler.scheduleTask({
              id: scanTaskId(target.id),
              ...envelopeConfig.schedule,
              scope: 'global',
              fn: async (signal) => {
                await service.runScan(target, 'schedule', signal);
              },
            });
          }

          httpRouter.use(await createRouter({ service, httpAuth, userInfo, permissions, scheduler, taskId: scanTaskId }));
          httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        },
      });
    },
  });
}

export const envelopePlugin = createEnvelopePlugin();
