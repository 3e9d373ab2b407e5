/**
 * S3 and S3 Control over REST-XML, on the default AWS hostnames: path style
 * (s3.<region>.amazonaws.com/<bucket>/<key>) and virtual-host style (<bucket>.s3.<region>.amazonaws.com/<key>),
 * and <account>.s3-control.<region>.amazonaws.com. Read-only: any write is AccessDenied.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { DemoBucket, DemoFixture } from './fixture-model.js';
import { bucketReads, listBuckets, objectHeaders, publicAccessBlockXml, type S3Body, type S3Error } from './s3-responses.js';
import { DEMO_READ_ONLY, el, type RequestIds, xmlDocument, xmlResponse, type XmlContent } from './wire.js';

const S3_HOST = /^(?:(?<bucket>.+)\.)?s3(?:\.(?<region>[a-z]{2}(?:-[a-z]+)+-\d))?\.amazonaws\.com$/;
const S3_CONTROL_HOST = /^(?<account>\d{12})\.s3-control\.(?<region>[a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/;
const S3_CONTROL_NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';

interface S3Target {
  region: string;
  bucket?: string;
  key?: string;
}

export function s3Target(url: URL): S3Target | undefined {
  const m = S3_HOST.exec(url.hostname);
  if (!m) return undefined;
  const region = m.groups?.region ?? 'us-east-1';
  const path = url.pathname.replace(/^\//, '');
  let bucket = m.groups?.bucket;
  let keyPath = path;
  if (!bucket) {
    const slash = path.indexOf('/');
    bucket = (slash < 0 ? path : path.slice(0, slash)) || undefined;
    keyPath = slash < 0 ? '' : path.slice(slash + 1);
  }
  return {
    region,
    ...(bucket ? { bucket: decodeURIComponent(bucket) } : {}),
    ...(keyPath ? { key: decodeURIComponent(keyPath) } : {}),
  };
}

const hostId = (requestId: string) => Buffer.from(`envelope-demo/${requestId}`).toString('base64');

export function s3Handlers(fixture: DemoFixture, ids: RequestIds): HttpHandler[] {
  const s3 = http.all(
    ({ request }) => S3_HOST.test(new URL(request.url).hostname),
    ({ request }) => {
      const url = new URL(request.url);
      const target = s3Target(url)!;
      const requestId = ids.next();
      const headers = { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId(requestId) };
      const head = request.method === 'HEAD';
      const fail = (e: S3Error, extra: XmlContent = [], extraHeaders: Record<string, string> = {}) =>
        head
          ? new HttpResponse(null, { status: e.status, headers: { ...headers, ...extraHeaders } })
          : xmlResponse(
              xmlDocument(el('Error', el('Code', e.code), el('Message', e.message), extra, el('RequestId', requestId), el('HostId', hostId(requestId)))),
              e.status,
              { ...headers, ...extraHeaders },
            );
      const send = (body: S3Body) => {
        if ('error' in body) return fail(body.error, target.bucket ? el('BucketName', target.bucket) : undefined);
        if ('json' in body) return new HttpResponse(body.json, { status: 200, headers: { ...headers, 'content-type': 'application/json' } });
        return xmlResponse(xmlDocument(body.xml), 200, { ...headers, ...body.headers });
      };

      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return fail({ status: 403, code: 'AccessDenied', message: `Access Denied (${DEMO_READ_ONLY})` });
      }
      if (!target.bucket) {
        return head ? fail({ status: 405, code: 'MethodNotAllowed', message: 'The specified method is not allowed' }) : send(listBuckets(fixture, url.searchParams));
      }

      const bucket = fixture.buckets.find((b) => b.name === target.bucket);
      if (!bucket) return fail({ status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist' }, el('BucketName', target.bucket));
      if (bucket.region !== target.region) {
        return fail(
          {
            status: 301,
            code: 'PermanentRedirect',
            message: 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
          },
          [el('Endpoint', `${bucket.name}.s3.${bucket.region}.amazonaws.com`), el('Bucket', bucket.name)],
          { 'x-amz-bucket-region': bucket.region },
        );
      }

      if (target.key !== undefined) return objectRead(bucket, target.key, head, headers, fail);
      if (head) return new HttpResponse(null, { status: 200, headers: { ...headers, 'x-amz-bucket-region': bucket.region } });

      const sub = Object.keys(bucketReads).find((k) => url.searchParams.has(k));
      if (!sub) return fail({ status: 501, code: 'NotImplemented', message: `the envelope demo does not emulate GET ${url.pathname}${url.search}` });
      return send(bucketReads[sub]!(bucket, fixture, url.searchParams));
    },
  );

  const s3control = http.all(
    ({ request }) => S3_CONTROL_HOST.test(new URL(request.url).hostname),
    ({ request }) => {
      const url = new URL(request.url);
      const account = S3_CONTROL_HOST.exec(url.hostname)!.groups!.account!;
      const requestId = ids.next();
      const headers = { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId(requestId) };
      const fail = (status: number, code: string, message: string) =>
        xmlResponse(
          xmlDocument(el('ErrorResponse', el('Error', el('Code', code), el('Message', message)), el('RequestId', requestId), el('HostId', hostId(requestId)))),
          status,
          headers,
        );
      if (request.method !== 'GET') return fail(403, 'AccessDenied', `Access Denied (${DEMO_READ_ONLY})`);
      if (url.pathname !== '/v20180820/configuration/publicAccessBlock') {
        return fail(501, 'NotImplemented', `the envelope demo does not emulate s3-control ${request.method} ${url.pathname}`);
      }
      if (account !== fixture.account || request.headers.get('x-amz-account-id') !== fixture.account) {
        return fail(403, 'AccessDenied', 'Access Denied');
      }
      const pab = fixture.accountPublicAccessBlock;
      if (!pab) return fail(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found');
      return xmlResponse(xmlDocument(publicAccessBlockXml(pab, S3_CONTROL_NS)), 200, headers);
    },
  );

  return [s3control, s3];
}

function objectRead(
  bucket: DemoBucket,
  key: string,
  head: boolean,
  headers: Record<string, string>,
  fail: (e: S3Error, extra?: XmlContent) => Response,
) {
  if (!head) return fail({ status: 501, code: 'NotImplemented', message: 'the envelope demo serves object metadata (HeadObject) only' });
  const object = bucket.objects.find((o) => o.key === key);
  if (!object) return fail({ status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' });
  return new HttpResponse(null, { status: 200, headers: { ...headers, ...objectHeaders(object) } });
}
