/**
 * Every AWS call the scanner makes, gathered from the collectors' own declarations
 * (collect/aws/declared-calls.ts), in a fixed order. `envelope iam-policy` builds its policy from
 * this list alone; registry.test.ts holds it to the call sites and to the calls a scan records.
 */
import { CLOUDTRAIL_CALLS } from '../collect/aws/cloudtrail.js';
import { CLOUDWATCH_CALLS } from '../collect/aws/cloudwatch.js';
import type { DeclaredCall, Feature } from '../collect/aws/declared-calls.js';
import { IAM_CALLS } from '../collect/aws/iam.js';
import { KMS_CALLS } from '../collect/aws/kms.js';
import { PRICE_LIST_CALLS } from '../collect/aws/price-list.js';
import { S3_CALLS } from '../collect/aws/s3.js';
import { STS_CALLS } from '../collect/aws/sts.js';
import { TAGGING_CALLS } from '../collect/aws/tagging.js';
import { INIT_CALLS } from '../init/discover.js';
import { ORGANIZATION_CALLS } from '../org/accounts.js';
import { CLOUDTRAIL_EVENT_CALLS } from '../collect/aws/cloudtrail-events.js';

export type { DeclaredCall, Feature } from '../collect/aws/declared-calls.js';

/** Source file (under shared/core/src) → the calls it declares; the parity test reads each file. */
export const CALLS_BY_FILE: Readonly<Record<string, readonly DeclaredCall[]>> = {
  'collect/aws/sts.ts': STS_CALLS,
  'collect/aws/s3.ts': S3_CALLS,
  'collect/aws/kms.ts': KMS_CALLS,
  'collect/aws/iam.ts': IAM_CALLS,
  'collect/aws/cloudtrail.ts': CLOUDTRAIL_CALLS,
  'collect/aws/tagging.ts': TAGGING_CALLS,
  'collect/aws/cloudwatch.ts': CLOUDWATCH_CALLS,
  'collect/aws/price-list.ts': PRICE_LIST_CALLS,
  'init/discover.ts': INIT_CALLS,
  'org/accounts.ts': ORGANIZATION_CALLS,
  'collect/aws/cloudtrail-events.ts': CLOUDTRAIL_EVENT_CALLS,
};

export const DECLARED_CALLS: readonly DeclaredCall[] = Object.values(CALLS_BY_FILE).flat();

/** In the order statements are written; `core` is always in. */
export const FEATURES: readonly Feature[] = ['core', 'cost', 'objects', 'prices', 'init', 'organization', 'since'];

/** The key ApiCallStats.byOperation() uses for a call. */
export const callKey = (c: Pick<DeclaredCall, 'service' | 'operation'>): string => `${c.service}:${c.operation}`;
