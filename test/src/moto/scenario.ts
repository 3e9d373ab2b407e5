import { collectAwsInventory, type AwsClientOptions, type Finding, type Inventory } from '@envelope/core';
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { buildArchitecture, testClients, type Built, type Deviation } from './architecture.js';
import { fidelityShims } from './fidelity-shims.js';
import { resetMoto } from './moto-server.js';
import { findingsFor, motoProfile, scannerClients, statusMap, type StatusMap } from './scan-moto.js';

export interface ScenarioResult {
  built: Built;
  inventory: Inventory;
  findings: Finding[];
  statuses: StatusMap;
  apiCalls: Record<string, number>;
}

export interface ScenarioOptions {
  /** msw handlers in front of moto during the scan (fault injection); they win over the shims. */
  handlers?: RequestHandler[];
  clientOptions?: Partial<AwsClientOptions>;
  /** Runs after provisioning, before the scan (e.g. to publish CloudWatch metrics). */
  beforeScan?: (built: Built) => Promise<void>;
  /** Collect what cost needs (CloudWatch, unreferenced keys); default true. */
  cost?: boolean;
}

/** Fresh moto, the architecture with `deviations`, one scan with the real collectors. */
export async function runScenario(endpoint: string, deviations: Deviation[] = [], options: ScenarioOptions = {}): Promise<ScenarioResult> {
  await resetMoto(endpoint);
  const built = await buildArchitecture(testClients(endpoint), deviations);
  await options.beforeScan?.(built);
  const shims = setupServer(...(options.handlers ?? []), ...fidelityShims(endpoint, { sseKmsEncryptedObjects: built.sseKmsEncryptedObjects }));
  shims.listen({ onUnhandledRequest: 'bypass' });
  const clients = scannerClients(endpoint, options.clientOptions);
  try {
    const inventory = await collectAwsInventory({ clients, profile: motoProfile, cost: options.cost ?? true });
    const findings = findingsFor(inventory);
    return {
      built,
      inventory,
      findings,
      statuses: statusMap(findings, { [built.keyArn]: 'stage-key', [built.replicaKeyArn]: 'replica-key' }),
      apiCalls: clients.stats.byOperation(),
    };
  } finally {
    shims.close();
    clients.destroy();
  }
}
