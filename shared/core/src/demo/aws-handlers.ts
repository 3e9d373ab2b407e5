/**
 * A small in-process emulator of the AWS read APIs envelope's collectors call, as msw request
 * handlers serving a DemoFixture. Default AWS hostnames in any Region; every request it does not
 * recognise is answered with the service's own error shape, never passed to the network.
 */
import { cloudtrailHandlers } from './cloudtrail-handlers.js';
import type { HttpHandler } from 'msw';
import type { DemoFixture } from './fixture-model.js';
import { cloudwatchHandlers } from './cloudwatch-handlers.js';
import { iamStsHandlers } from './iam-sts-handlers.js';
import { kmsHandlers } from './kms-handlers.js';
import { s3Handlers } from './s3-handlers.js';
import { RequestIds } from './wire.js';

export function createDemoHandlers(fixture: DemoFixture): HttpHandler[] {
  const ids = new RequestIds();
  return [...s3Handlers(fixture, ids), ...kmsHandlers(fixture, ids), ...iamStsHandlers(fixture, ids), cloudwatchHandlers(fixture, ids), cloudtrailHandlers(fixture, ids)];
}
