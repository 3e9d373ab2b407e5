import { afterAll, inject, it } from 'vitest';
import { collectAwsInventory } from '@envelope/core';
import { resetMoto } from './moto-server.js';
import { buildArchitecture, testClients, type Deviation } from './architecture.js';
import { findingsFor, motoProfile, scannerClients, statusMap, diff } from './scan-moto.js';
import { startFidelityShims } from './fidelity-shims.js';

const all = ['account-pab-missing','bucket-pab-partial','public-policy','acls-enabled','aws-managed-key','no-bucket-key','versioning-suspended','no-tls-deny','no-wrong-key-deny','external-grant','lifecycle-no-glacier','no-logging','replication-no-sse-kms','replication-role-wildcard','key-external-origin','key-disabled','no-deletion-guard','rotation-off','no-alias','replica-not-mrk','key-policy-no-root','key-policy-public','key-policy-no-via-service','key-policy-encrypt','key-policy-direct-snowflake-grant','replica-policy-missing-role'];
it('probe', async () => {
  const endpoint = inject('motoEndpoint');
  const run = async (devs: string[]) => {
    await resetMoto(endpoint);
    const built = await buildArchitecture(testClients(endpoint), devs as Deviation[]);
    const shims = startFidelityShims(endpoint, { sseKmsEncryptedObjects: built.sseKmsEncryptedObjects });
    try {
      const inv = await collectAwsInventory({ clients: scannerClients(endpoint), profile: motoProfile });
      const f = findingsFor(inv);
      const m = statusMap(f, { [built.keyArn]: 'KEY', [built.replicaKeyArn]: 'REPLICA' });
      return { m, f };
    } finally { shims.close(); }
  };
  const base = await run([]);
  for (const [k, v] of base.m) if (v !== 'pass' && v !== 'not_applicable') console.log('BASE', k, v);
  for (const d of all) {
    const r = await run([d]);
    const dd = diff(base.m, r.m);
    console.log(d, JSON.stringify(dd));
  }
}, 600_000);
