import { collectAwsInventory, type AwsClientOptions, type AwsClients, type Finding, type Inventory, type Profile } from '@envelope/core';
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { buildArchitecture, testClients, type ArchitectureNames, type Built, type Deviation } from './architecture.js';
import { fidelityShims } from './fidelity-shims.js';
import { resetMoto } from './moto-server.js';
import { findingsFor, motoProfile, scannerClients, statusMap, type StatusMap } from './scan-moto.js';

export interface ScenarioResult {
  built: Built;
  profile: Profile;
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
  /** Build the architecture under these names instead of the seed's. */
  names?: ArchitectureNames;
  /** The profile to scan with (default: the moto profile), or how to make it from the built account (e.g. `envelope init`). */
  profile?: Profile | ((clients: AwsClients) => Promise<Profile>);
}

/** Fresh moto, the architecture with `deviations`, one scan with the real collectors. */
export async function runScenario(endpoint: string, deviations: Deviation[] = [], options: ScenarioOptions = {}): Promise<ScenarioResult> {
  await resetMoto(endpoint);
  const built = await buildArchitecture(testClients(endpoint), deviations, options.names);
  await options.beforeScan?.(built);
  const shims = setupServer(...(options.handlers ?? []), ...fidelityShims(endpoint, { sseKmsEncryptedObjects: built.sseKmsEncryptedObjects }));
  shims.listen({ onUnhandledRequest: 'bypass' });
  const clients = scannerClients(endpoint, options.clientOptions);
  try {
    const profile = typeof options.profile === 'function' ? await withClients(endpoint, options.profile) : (options.profile ?? motoProfile);
    const inventory = await collectAwsInventory({ clients, profile, cost: options.cost ?? true });
    const findings = findingsFor(inventory, profile);
    return {
      built,
      profile,
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

/** Runs `fn` with scanner clients of its own (their own call counts), destroyed after. */
async function withClients<T>(endpoint: string, fn: (clients: AwsClients) => Promise<T>): Promise<T> {
  const clients = scannerClients(endpoint);
  try {
    return await fn(clients);
  } finally {
    clients.destroy();
  }
}
