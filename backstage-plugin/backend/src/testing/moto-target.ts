/**
 * The moto account the backend tests scan: the repository's moto architecture (test/src/moto) —
 * a compliant stage bucket with its log, replica and KMS keys, owned by data-platform and platform.
 */
import { buildArchitecture, testClients } from '../../../../test/src/moto/architecture.js';
import { startMoto, type MotoServer } from '../../../../test/src/moto/moto-server.js';
import { motoProfileInput } from '../../../../test/src/moto/scan-moto.js';

export { motoProfileInput };

export async function startMotoAccount(): Promise<MotoServer> {
  const moto = await startMoto();
  await buildArchitecture(testClients(moto.endpoint));
  return moto;
}
