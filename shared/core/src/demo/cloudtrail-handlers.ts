/**
 * CloudTrail (CloudTrail_20131101) over awsJson1_1 on cloudtrail.<region>.amazonaws.com. The demo
 * account has no trails: DescribeTrails answers an empty list, so the trail rules report "no trail".
 */
import type { HttpHandler } from 'msw';
import type { DemoFixture } from './fixture-model.js';
import { jsonService } from './kms-handlers.js';
import { jsonResponse, type RequestIds } from './wire.js';

const HOST = /^cloudtrail\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/;

export function cloudtrailHandlers(_fixture: DemoFixture, ids: RequestIds): HttpHandler {
  return jsonService(HOST, 'CloudTrail_20131101', { DescribeTrails: (_body, _region, requestId) => jsonResponse({ trailList: [] }, requestId) }, ids);
}
