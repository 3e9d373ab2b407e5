import { LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { present, unknown, type Observed } from '../../model/observed.js';
import type { AwsClients } from './clients.js';
import { describeFailure } from './errors.js';
import type { Limit } from './limit.js';
import { declareCalls } from './declared-calls.js';

/** IAM needs of this file's calls (declared-calls.ts). */
export const CLOUDTRAIL_EVENT_CALLS = declareCalls([
  { service: 'cloudtrail', operation: 'LookupEvents', action: 'cloudtrail:LookupEvents', resource: 'any', feature: 'since', when: 'scan --since' },
]);

/**
 * What an incremental scan (--since) learns from CloudTrail's event history: the write management
 * events since the previous scan that can change a finding. LookupEvents keeps 90 days of
 * management events per Region, answers 2 calls a second per Region and 50 events a page; S3 bucket
 * configuration and KMS events are recorded in the resource's Region, IAM's in us-east-1.
 */
export interface ChangeEvent {
  time: string;
  region: string;
  source: string;
  name: string;
  /** Bucket names, key ARNs or ids, role names or ARNs, alias names the event names. */
  buckets: string[];
  keys: string[];
  roles: string[];
}

/** How far back LookupEvents reaches. */
export const EVENT_HISTORY_DAYS = 90;
/** Pages read per Region before the history is judged too busy to be worth it (a full scan is then as cheap). */
export const MAX_EVENT_PAGES = 200;

/**
 * Every write management event (LookupAttributes ReadOnly=false: one filtered stream per Region,
 * which leaves out the reads, KMS's Decrypt and GenerateDataKey among them) since `start`, in each
 * Region. Unknown with the reason when any page cannot be read: an incremental scan must not guess
 * that nothing changed.
 */
export async function readChangeEvents(clients: AwsClients, limit: Limit, regions: readonly string[], start: Date, end: Date): Promise<Observed<ChangeEvent[]>> {
  const out: ChangeEvent[] = [];
  for (const region of regions) {
    let token: string | undefined;
    let pages = 0;
    do {
      if (++pages > MAX_EVENT_PAGES) return unknown(`more than ${MAX_EVENT_PAGES * 50} write events in ${region} since the previous scan`);
      let page;
      try {
        page = await limit(() =>
          clients.cloudtrail(region).send(
            new LookupEventsCommand({
              LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
              StartTime: start,
              EndTime: end,
              MaxResults: 50,
              ...(token ? { NextToken: token } : {}),
            }),
          ),
        );
      } catch (err) {
        return unknown(`${describeFailure(err, 'cloudtrail:LookupEvents')} (in ${region})`);
      }
      for (const e of page.Events ?? []) out.push(changeEventOf(e, region));
      token = page.NextToken;
    } while (token);
  }
  return present(out);
}

function changeEventOf(e: Event, region: string): ChangeEvent {
  let detail: { eventSource?: string; requestParameters?: Record<string, unknown> | null; responseElements?: Record<string, unknown> | null } = {};
  try {
    detail = e.CloudTrailEvent ? (JSON.parse(e.CloudTrailEvent) as typeof detail) : {};
  } catch {
    // The Resources list still names what changed.
  }
  const buckets = new Set<string>();
  const keys = new Set<string>();
  const roles = new Set<string>();
  for (const r of e.Resources ?? []) {
    if (!r.ResourceName) continue;
    if (r.ResourceType === 'AWS::S3::Bucket') buckets.add(r.ResourceName);
    else if (r.ResourceType === 'AWS::KMS::Key') keys.add(r.ResourceName);
    else if (r.ResourceType === 'AWS::IAM::Role') roles.add(r.ResourceName);
  }
  const p = detail.requestParameters ?? {};
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const bucket = str(p['bucketName']);
  if (bucket) buckets.add(bucket);
  for (const k of [str(p['keyId']), str(p['targetKeyId'])]) if (k) keys.add(k);
  const role = str(p['roleName']);
  if (role) roles.add(role);
  return {
    time: (e.EventTime ?? new Date(0)).toISOString(),
    region,
    source: e.EventSource ?? detail.eventSource ?? '',
    name: e.EventName ?? '',
    buckets: [...buckets],
    keys: [...keys],
    roles: [...roles],
  };
}

/** What the events change, for the incremental scan to re-read; or why only a full scan will do. */
export interface ChangeSet {
  buckets: Set<string>;
  /** Key ARNs, or `<region>:<key id>` where the event named the key by id. */
  keys: Set<string>;
  /** Role names or ARNs. */
  roles: Set<string>;
  /** Set when an event changes something every bucket's findings may rest on. */
  fullScan?: string;
  /** How many events counted. */
  relevant: number;
}

const KEY_EVENTS = new Set([
  'PutKeyPolicy',
  'EnableKeyRotation',
  'DisableKeyRotation',
  'RotateKeyOnDemand',
  'ScheduleKeyDeletion',
  'CancelKeyDeletion',
  'DisableKey',
  'EnableKey',
  'UpdateKeyDescription',
  'ReplicateKey',
  'UpdatePrimaryRegion',
  'ImportKeyMaterial',
  'DeleteImportedKeyMaterial',
  'TagResource',
  'UntagResource',
]);
const ROLE_EVENTS = new Set(['UpdateAssumeRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'DeleteRole', 'CreateRole', 'TagRole', 'UntagRole', 'UpdateRole']);

/**
 * Events that can change the findings of buckets no event names, and so call for a full scan: an
 * alias moving (the profile's key is found through its alias), a new key (the unused-key finding
 * lists keys nothing references), a managed policy's new version (any role it is attached to), a
 * trail's configuration (trail-s3-data-events judges every bucket by it), the account's Block Public
 * Access.
 */
const ACCOUNT_WIDE: Record<string, Set<string>> = {
  'kms.amazonaws.com': new Set(['CreateAlias', 'DeleteAlias', 'UpdateAlias', 'CreateKey']),
  'iam.amazonaws.com': new Set(['CreatePolicyVersion', 'SetDefaultPolicyVersion', 'DeletePolicyVersion']),
  'cloudtrail.amazonaws.com': new Set(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors']),
  's3.amazonaws.com': new Set(['PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock']),
  's3-control.amazonaws.com': new Set(['PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock']),
};

/** Sorts events into the buckets, keys and roles they change. */
export function changeSetOf(events: readonly ChangeEvent[]): ChangeSet {
  const set: ChangeSet = { buckets: new Set(), keys: new Set(), roles: new Set(), relevant: 0 };
  for (const e of events) {
    if (ACCOUNT_WIDE[e.source]?.has(e.name)) {
      set.fullScan ??= `${e.source.split('.')[0]}:${e.name} at ${e.time} (in ${e.region}) can change findings of every bucket`;
      set.relevant++;
    } else if (e.source === 's3.amazonaws.com' && /^(PutBucket|DeleteBucket|CreateBucket)/.test(e.name)) {
      for (const b of e.buckets) set.buckets.add(b);
      set.relevant++;
    } else if (e.source === 'kms.amazonaws.com' && KEY_EVENTS.has(e.name)) {
      // A key id is unique only within its Region (a multi-Region key's replicas share it).
      for (const k of e.keys) set.keys.add(k.startsWith('arn:') || k.startsWith('alias/') ? k : `${e.region}:${k}`);
      set.relevant++;
    } else if (e.source === 'iam.amazonaws.com' && ROLE_EVENTS.has(e.name)) {
      for (const r of e.roles) set.roles.add(r);
      set.relevant++;
    }
  }
  return set;
}
