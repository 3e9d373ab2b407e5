/**
 * Where moto is less faithful than AWS, and only there, msw sits between the scanner and moto.
 * Each shim forwards the request to moto and repairs one documented gap in its answer.
 *
 * - GetBucketReplication: moto stores SourceSelectionCriteria on PutBucketReplication but leaves it
 *   out of the response, so the shim puts back what the scenario wrote.
 */
import { bypass, http, HttpResponse, type RequestHandler } from 'msw';

export interface ShimState {
  /** SseKmsEncryptedObjects status per bucket, as the scenario wrote it. */
  sseKmsEncryptedObjects: Map<string, 'Enabled' | 'Disabled'>;
}

/** Handlers that return nothing for requests they do not repair, so those go on to moto. */
export function fidelityShims(endpoint: string, state: ShimState): RequestHandler[] {
  return [
    http.get(`${endpoint}/:bucket`, async ({ request, params }) => {
      const url = new URL(request.url);
      const status = state.sseKmsEncryptedObjects.get(String(params.bucket));
      if (!url.searchParams.has('replication') || !status) return undefined;
      const upstream = await fetch(bypass(request));
      const xml = await upstream.text();
      if (!upstream.ok || xml.includes('<SourceSelectionCriteria>')) return new HttpResponse(xml, { status: upstream.status, headers: upstream.headers });
      const patched = xml.replace(
        /<\/Destination>/g,
        `</Destination><SourceSelectionCriteria><SseKmsEncryptedObjects><Status>${status}</Status></SseKmsEncryptedObjects></SourceSelectionCriteria>`,
      );
      return new HttpResponse(patched, { status: upstream.status, headers: { 'content-type': 'application/xml' } });
    }),
  ];
}
