/**
 * Fault injection in front of moto: msw answers one operation with a fault and passes every other
 * request through to the emulator. What an emulator cannot do: deny, throttle, fail, stall, or
 * return a malformed document on demand.
 */
import { bypass, delay, http, HttpResponse, passthrough, type HttpResponseResolver, type RequestHandler } from 'msw';
import { operationOf } from './aws-operation.js';

export type Fault =
  | { kind: 'access-denied' }
  | { kind: 'throttled' }
  | { kind: 'http-500' }
  | { kind: 'stall'; ms: number }
  | { kind: 'malformed-policy' }
  /** S3's answer to a throttled HEAD: 503 with no body, so no SlowDown code. The first `times` requests, or every one. */
  | { kind: 'bare-503'; times?: number };

const xml = (status: number, code: string, message: string) =>
  new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>FAULT</RequestId></Error>`, {
    status,
    headers: { 'content-type': 'application/xml' },
  });
const queryXml = (status: number, code: string, message: string) =>
  new HttpResponse(
    `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>FAULT</RequestId></ErrorResponse>`,
    { status, headers: { 'content-type': 'text/xml' } },
  );
const json = (status: number, type: string, message: string) =>
  HttpResponse.json({ __type: type, message }, { status, headers: { 'content-type': 'application/x-amz-json-1.1' } });

function faultResponse(op: string, fault: Fault): Response | undefined {
  const service = op.split(':')[0];
  const jsonProtocol = service === 'kms' || service === 'tagging' || service === 'cloudwatch' || service === 'cloudtrail';
  const query = service === 'iam' || service === 'sts';
  switch (fault.kind) {
    case 'access-denied':
      if (jsonProtocol) return json(400, 'AccessDeniedException', `User is not authorized to perform: ${op}`);
      if (query) return queryXml(403, 'AccessDenied', `User is not authorized to perform: ${op}`);
      return xml(403, 'AccessDenied', 'Access Denied');
    case 'throttled':
      if (jsonProtocol) return json(400, 'ThrottlingException', 'Rate exceeded');
      if (query) return queryXml(400, 'Throttling', 'Rate exceeded');
      return xml(503, 'SlowDown', 'Please reduce your request rate.');
    case 'http-500':
      if (jsonProtocol) return json(500, 'KMSInternalException', 'internal error');
      if (query) return queryXml(500, 'ServiceFailure', 'internal error');
      return xml(500, 'InternalError', 'We encountered an internal error. Please try again.');
    default:
      return undefined;
  }
}

export interface FaultInjector {
  handlers: RequestHandler[];
  /** How many requests the fault answered (retries included). */
  hits(): number;
}

/** Injects `fault` into every request for `operation` (e.g. "s3:GetBucketPolicy"). */
export function injectFault(endpoint: string, operation: string, fault: Fault): FaultInjector {
  let hits = 0;
  const resolver: HttpResponseResolver = async ({ request }) => {
    const op = await operationOf(request);
    if (op !== operation) return undefined;
    hits++;
    if (fault.kind === 'bare-503') return fault.times === undefined || hits <= fault.times ? new HttpResponse(null, { status: 503 }) : passthrough();
    if (fault.kind === 'stall') {
      await delay(fault.ms);
      return passthrough();
    }
    if (fault.kind === 'malformed-policy') {
      const upstream = await fetch(bypass(request));
      const body = await upstream.text();
      if (op === 's3:GetBucketPolicy' && upstream.ok) return new HttpResponse('{"Version":"2012-10-17","Statement":[{"Effect":"Allow",', { status: 200 });
      if (op === 'kms:GetKeyPolicy' && upstream.ok)
        return HttpResponse.json({ ...JSON.parse(body), Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Perhaps","Action":"kms:*"}]}' });
      if (op === 'iam:GetRole' && upstream.ok)
        return new HttpResponse(
          body.replace(/<AssumeRolePolicyDocument>[^<]*<\/AssumeRolePolicyDocument>/, `<AssumeRolePolicyDocument>${encodeURIComponent('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"}')}</AssumeRolePolicyDocument>`),
          { status: 200, headers: { 'content-type': 'text/xml' } },
        );
      return new HttpResponse(body, { status: upstream.status, headers: upstream.headers });
    }
    return faultResponse(op, fault) ?? passthrough();
  };
  return { handlers: [http.all(`${endpoint}/*`, resolver)], hits: () => hits };
}
