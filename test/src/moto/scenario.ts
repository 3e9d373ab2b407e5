import { collectAwsInventory, type Finding, type Inventory } from '@envelope/core';
import { buildArchitecture, testClients, type Built, type Deviation } from './architecture.js';
import { startFidelityShims } from './fidelity-shims.js';
import { resetMoto } from './moto-server.js';
import { findingsFor, motoProfile, scannerClients, statusMap, type StatusMap } from './scan-moto.js';

export interface ScenarioResult {
  built: Built;
  inventory: Inventory;
  findings: Finding[];
  statuses: StatusMap;
  apiCalls: Record<string, number>;
}

/** Fresh moto, the architecture with `deviations`, one scan with the real collectors. */
export async function runScenario(endpoint: string, deviations: Deviation[] = []): Promise<ScenarioResult> {
  await resetMoto(endpoint);
  const built = await buildArchitecture(testClients(endpoint), deviations);
  const shims = startFidelityShims(endpoint, { sseKmsEncryptedObjects: built.sseKmsEncryptedObjects });
  const clients = scannerClients(endpoint);
  try {
    const inventory = await collectAwsInventory({ clients, profile: motoProfile });
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
