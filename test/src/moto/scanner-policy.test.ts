/**
 * `envelope iam-policy` proven on moto: a user holding exactly docs/scanner-policy.json (the
 * default features: core, cost, objects) scans the moto architecture with no AccessDenied and the
 * same verdicts as an administrator; without any one statement, the calls it grants are denied and
 * the findings that depend on them turn unknown, never pass.
 *
 * A moto server of its own, with IAM enforcement switched on after the account is built
 * (POST /moto-api/reset-auth 0: the runtime form of INITIAL_NO_AUTH_ACTION_COUNT=0). moto then
 * authorises every request against the caller's IAM policies (moto/core/authorization.py), but
 * under its own idea of the action name (moto/iam/access_control.py: the SigV4 scope's service,
 * ":", and moto's action): right for KMS, IAM, CloudTrail and most S3 reads, wrong for CloudWatch
 * ("monitoring:…"), tagging ("tagging:GetResources", IAM's prefix is "tag"), S3 Control's
 * GetPublicAccessBlock ("s3:GetPublicAccessBlock", IAM's is s3:GetAccountPublicAccessBlock) and
 * four S3 bucket reads moto files under s3:ListBucket (s3/responses.py ACTION_MAP), which takes
 * ListObjectsV2 (truly s3:ListBucket) with them, as moto cannot tell them apart. Those calls are
 * authorised here by the project's own evaluator (evaluateRequest with the policy as the user's
 * identity policy, on the call's action and resource), in an SDK middleware in front of moto; moto
 * is handed its own names for them in a second policy, so it lets them through to that check.
 * STS GetCallerIdentity needs no permission (moto, like AWS, always allows it).
 */
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketOwnershipControlsCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AwsClients,
  buildScannerPolicy,
  callKey,
  collectAwsInventory,
  DECLARED_CALLS,
  estimateCost,
  evaluateRequest,
  OFFLINE_UNKNOWABLE,
  principalFromArn,
  type AwsClientOptions,
  type CostLine,
  type DeclaredCall,
  type Inventory,
  type PolicyDocument,
  type ScannerPolicy,
} from '@envelope/core';
import { setupServer } from 'msw/node';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, buildArchitecture, REGION, SNOWFLAKE_ROLE, STAGE_BUCKET, testClients } from './architecture.js';
import { fidelityShims } from './fidelity-shims.js';
import { startMoto, type MotoServer } from './moto-server.js';
import { findingsFor, motoProfile, type StatusMap } from './scan-moto.js';

const SHIPPED: ScannerPolicy = JSON.parse(readFileSync(new URL('../../../docs/scanner-policy.json', import.meta.url), 'utf8'));
const SCANNER = 'envelope-scanner';
const SCANNER_ARN = `arn:aws:iam::${ACCOUNT}:user/${SCANNER}`;
const TRAIL_BUCKET = 'acme-trail-logs';

/** The action moto checks for a call (see the header); null: moto never refuses it. */
function motoAction(c: DeclaredCall): string | null {
  if (c.service === 'sts') return null;
  if (c.service === 'cloudwatch') return `monitoring:${c.operation}`;
  if (c.service === 'tagging') return `tagging:${c.operation}`;
  if (c.service === 's3control') return `s3:${c.operation}`;
  const s3: Record<string, string> = {
    GetBucketOwnershipControls: 's3:ListBucket',
    GetBucketEncryption: 's3:ListBucket',
    GetBucketReplication: 's3:ListBucket',
    GetPublicAccessBlock: 's3:ListBucket',
  };
  return (c.service === 's3' ? s3[c.operation] : undefined) ?? c.action;
}

const misnamed = DECLARED_CALLS.filter((c) => motoAction(c) !== null && motoAction(c) !== c.action);
/** moto's names for the misnamed calls: granting them would let moto pass any call it files under the same name. */
const MOTO_NAMES = [...new Set(misnamed.map((c) => motoAction(c)!))].sort();

/** How a call is proven: by moto's own enforcement, or by the project's evaluator in front of moto. */
function provenBy(c: DeclaredCall): 'moto' | 'evaluator' | 'no permission needed' {
  if (c.action === null) return 'no permission needed';
  return motoAction(c) === c.action && !MOTO_NAMES.includes(c.action) ? 'moto' : 'evaluator';
}

const gated = new Map(DECLARED_CALLS.filter((c) => provenBy(c) === 'evaluator').map((c) => [callKey(c), c]));

interface GateLog {
  call: string;
  action: string;
  resource: string;
  result: string;
}

function resourceOf(c: DeclaredCall, input: { Bucket?: string; Key?: string }): string {
  if (c.service === 's3' && input.Bucket) return `arn:aws:s3:::${input.Bucket}${c.resource === 'object' && input.Key !== undefined ? `/${input.Key}` : ''}`;
  return '*';
}

/** Scanner clients whose evaluator-proven calls are first authorised by evaluateRequest against `policy`. */
class GatedClients extends AwsClients {
  readonly gateLog: GateLog[] = [];
  private readonly gatedClients = new WeakSet<object>();

  constructor(
    private readonly policy: PolicyDocument,
    options: AwsClientOptions,
  ) {
    super(options);
  }

  override s3(region: string) {
    return this.gate(super.s3(region), 's3');
  }
  override s3control(region: string) {
    return this.gate(super.s3control(region), 's3control');
  }
  override cloudwatch(region: string) {
    return this.gate(super.cloudwatch(region), 'cloudwatch');
  }
  override tagging(region: string) {
    return this.gate(super.tagging(region), 'tagging');
  }

  private gate<C extends { middlewareStack: unknown }>(client: C, service: string): C {
    if (this.gatedClients.has(client)) return client;
    this.gatedClients.add(client);
    const stack = client.middlewareStack as { add(mw: unknown, opts: Record<string, unknown>): void };
    stack.add(
      (next: (a: { input: Record<string, string> }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: Record<string, string> }) => {
        const call = gated.get(`${service}:${(context.commandName ?? '').replace(/Command$/, '')}`);
        if (!call) return next(args);
        const resource = resourceOf(call, args.input);
        const decision = evaluateRequest({
          identityPolicies: [{ name: SCANNER, policy: this.policy }],
          context: { principal: principalFromArn(SCANNER_ARN), action: call.action!, resource, resourceAccount: ACCOUNT, keys: {}, unknowable: OFFLINE_UNKNOWABLE },
        });
        this.gateLog.push({ call: callKey(call), action: call.action!, resource, result: decision.result });
        if (decision.result !== 'allowed')
          throw Object.assign(new Error(`User: ${SCANNER_ARN} is not authorized to perform: ${call.action} on resource: ${resource} (the project's evaluator)`), {
            name: 'AccessDenied',
            $fault: 'client',
            $metadata: { httpStatusCode: 403 },
          });
        return next(args);
      },
      { step: 'initialize', name: 'evaluatorGate', priority: 'low' },
    );
    return client;
  }
}

interface Run {
  inventory: Inventory;
  /** ruleId@resource id (ARNs: a key reached another way keeps its id, not always its name). */
  statuses: StatusMap;
  /** The cost estimate's S3 storage lines. */
  storage: CostLine[];
  calls: Record<string, number>;
  gateLog: GateLog[];
  /** The calls a gap says were denied, as service:operation. */
  denied: string[];
}

let moto: MotoServer;
let endpoint: string;
let admin: IAMClient;
let adminKeys: { accessKeyId: string; secretAccessKey: string };
let scannerKeys: { accessKeyId: string; secretAccessKey: string };

async function scan(credentials: { accessKeyId: string; secretAccessKey: string }, policy?: PolicyDocument): Promise<Run> {
  const shims = setupServer(...fidelityShims(endpoint, { sseKmsEncryptedObjects: new Map([['acme-stage', 'Enabled']]) }));
  shims.listen({ onUnhandledRequest: 'bypass' });
  const options = { defaultRegion: REGION, endpoint, credentials: async () => credentials, maxAttempts: 1 };
  const clients = policy ? new GatedClients(policy, options) : new AwsClients(options);
  try {
    const inventory = await collectAwsInventory({ clients, profile: motoProfile, cost: true });
    const denied = [...new Set(inventory.gaps.flatMap((g) => [...g.reason.matchAll(/access denied to ([a-z0-9]+:[A-Za-z0-9]+)/g)].map((m) => m[1]!)))].sort();
    return {
      inventory,
      statuses: new Map(findingsFor(inventory).map((f) => [`${f.ruleId}@${f.resource.id}`, f.status])),
      storage: estimateCost(inventory, motoProfile).lines.filter((l) => l.component.startsWith('s3-storage')),
      calls: clients.stats.byOperation(),
      gateLog: clients instanceof GatedClients ? clients.gateLog : [],
      denied,
    };
  } finally {
    shims.close();
    clients.destroy();
  }
}

/** Gives the scanner user `policy` (its only policy besides moto's names) and scans with its keys. */
async function scanAs(policy: ScannerPolicy): Promise<Run> {
  await admin.send(new PutUserPolicyCommand({ UserName: SCANNER, PolicyName: 'envelope', PolicyDocument: JSON.stringify(policy) }));
  return scan(scannerKeys, policy as unknown as PolicyDocument);
}

async function motoApi(path: string, body: string): Promise<void> {
  const r = await fetch(`${endpoint}${path}`, { method: 'POST', body });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  await r.body?.cancel();
}

/** A trail (and its bucket), so the trail reads run too. */
async function addTrail(): Promise<void> {
  const base = { endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const s3 = new S3Client({ ...base, forcePathStyle: true });
  const ct = new CloudTrailClient(base);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: TRAIL_BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: TRAIL_BUCKET, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } }));
    await s3.send(
      new PutPublicAccessBlockCommand({ Bucket: TRAIL_BUCKET, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }),
    );
    await ct.send(new CreateTrailCommand({ Name: 'acme-trail', S3BucketName: TRAIL_BUCKET, IsMultiRegionTrail: true }));
    await ct.send(new StartLoggingCommand({ Name: 'acme-trail' }));
  } finally {
    s3.destroy();
    ct.destroy();
  }
}

async function user(iam: IAMClient, name: string, policies: Record<string, object>) {
  await iam.send(new CreateUserCommand({ UserName: name }));
  for (const [policyName, doc] of Object.entries(policies)) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: policyName, PolicyDocument: JSON.stringify(doc) }));
  const k = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
}

let full: Run;
let asAdmin: Run;

beforeAll(async () => {
  moto = await startMoto();
  endpoint = moto.endpoint;
  // Without the TLS-deny statement: moto applies a bucket policy's conditional Deny unconditionally
  // (architecture.test.ts), which would deny HeadObject to any caller and hide the policy's effect.
  await buildArchitecture(testClients(endpoint), ['no-tls-deny']);
  await addTrail();
  const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  // A managed policy on the Snowflake role, so the scan reads one (iam:GetPolicy, iam:GetPolicyVersion).
  const managed = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'acme-stage-versioning-read',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetBucketVersioning', Resource: `arn:aws:s3:::${STAGE_BUCKET}` }] }),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: SNOWFLAKE_ROLE, PolicyArn: managed.Policy!.Arn! }));
  adminKeys = await user(iam, 'admin', { admin: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } });
  scannerKeys = await user(iam, SCANNER, {
    'moto-names': { Version: '2012-10-17', Statement: [{ Sid: 'MotoNamesForEvaluatorProvenCalls', Effect: 'Allow', Action: MOTO_NAMES, Resource: '*' }] },
  });
  iam.destroy();
  await motoApi('/moto-api/reset-auth', '0');
  admin = new IAMClient({ endpoint, region: 'us-east-1', credentials: adminKeys });
  asAdmin = await scan(adminKeys);
  full = await scanAs(SHIPPED);
}, 180_000);

afterAll(async () => {
  admin?.destroy();
  await moto?.stop();
});

describe('moto with IAM enforcement: docs/scanner-policy.json', () => {
  it('is what envelope iam-policy prints for the default features', () => {
    expect(SHIPPED).toEqual(buildScannerPolicy());
  });

  it('moto enforces: a user without the policy is denied, and says so in the gaps', async () => {
    const none = await scanAs({ Version: '2012-10-17', Statement: [{ Sid: 'Nothing', Effect: 'Allow', Action: ['sts:GetCallerIdentity'], Resource: '*' }] });
    expect(none.denied).toContain('s3:ListBuckets');
    expect(none.denied).toContain('s3control:GetPublicAccessBlock');
    expect([...none.statuses.values()]).not.toContain('pass');
  });

  it('which calls each side proves: moto for KMS, IAM, CloudTrail and nine S3 reads; the evaluator for CloudWatch, tagging, S3 Control and five S3 reads', () => {
    const by = (p: string) => DECLARED_CALLS.filter((c) => (c.feature === 'core' || c.feature === 'cost' || c.feature === 'objects') && provenBy(c) === p).map(callKey);
    expect(by('evaluator')).toEqual([
      's3control:GetPublicAccessBlock',
      's3:GetBucketOwnershipControls',
      's3:GetPublicAccessBlock',
      's3:GetBucketEncryption',
      's3:GetBucketReplication',
      's3:ListObjectsV2',
      'tagging:GetResources',
      'cloudwatch:ListMetrics',
      'cloudwatch:GetMetricData',
    ]);
    expect(by('no permission needed')).toEqual(['sts:GetCallerIdentity']);
    expect(new Set(by('moto').map((k) => k.split(':')[0]))).toEqual(new Set(['s3', 'kms', 'iam', 'cloudtrail']));
    expect(by('moto').filter((k) => k.startsWith('s3:'))).toEqual([
      's3:ListBuckets',
      's3:GetBucketLocation',
      's3:GetBucketPolicy',
      's3:GetBucketPolicyStatus',
      's3:GetBucketAcl',
      's3:GetBucketVersioning',
      's3:GetBucketLifecycleConfiguration',
      's3:GetBucketLogging',
      's3:HeadObject',
    ]);
  });

  it('a user holding exactly the policy: no AccessDenied, no gap, the same verdicts as an administrator', () => {
    expect(full.inventory.gaps).toEqual([]);
    expect(asAdmin.inventory.gaps).toEqual([]);
    expect(full.statuses).toEqual(asAdmin.statuses);
    expect(full.calls).toEqual(asAdmin.calls);
    // The scan reached trails, metrics and objects: the statements below are all exercised.
    // Of the calls these features declare, the moto scan makes all but one: this account's few
    // roles are read one by one. (moto's ListBuckets gives no BucketRegion, so GetBucketLocation runs.)
    const unmade = DECLARED_CALLS.filter((c) => ['core', 'cost', 'objects'].includes(c.feature) && !(callKey(c) in full.calls)).map(callKey);
    expect(unmade).toEqual(['iam:GetAccountAuthorizationDetails']);
    for (const k of ['cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors', 'cloudwatch:GetMetricData', 's3:HeadObject', 'kms:ListKeys', 'tagging:GetResources', 'iam:GetRolePolicy', 'iam:GetPolicy', 'iam:GetPolicyVersion', 's3:GetBucketLocation', 's3:GetBucketAcl'])
      expect(full.calls[k], k).toBeGreaterThan(0);
  });

  it('the project\'s evaluator allowed every call moto cannot judge, on its own resource', () => {
    const gatedCalls = Object.entries(full.calls).filter(([k]) => gated.has(k));
    expect(gatedCalls.length).toBeGreaterThan(0);
    for (const [k, n] of gatedCalls) expect(full.gateLog.filter((g) => g.call === k && g.result === 'allowed').length, k).toBe(n);
    expect(full.gateLog.filter((g) => g.result !== 'allowed')).toEqual([]);
    expect(full.gateLog.find((g) => g.call === 's3:GetBucketEncryption')?.resource).toMatch(/^arn:aws:s3:::acme-/);
  });
});

/** Statements no verdict depends on in this account: how their loss shows instead, and why. */
const LOSS_SHOWS: Record<string, { why: string; check: (r: Run) => boolean }> = {
  CoreTagging: {
    why: 'the profile reads tags only for owners (ownership.tagKey): no verdict depends on them; every bucket has a tags gap',
    check: (r) => r.inventory.buckets.every((b) => b.tags.state === 'unknown') && r.inventory.gaps.some((g) => g.what === 'tags'),
  },
  CostCloudWatch: {
    why: 'usage feeds the cost estimate, not a verdict: the storage lines measured with the whole policy are gone (the estimate does not guess), and every bucket\'s usage is unknown with the denial as its reason',
    check: (r) =>
      full.storage.some((l) => l.basis === 'measured') &&
      r.storage.length === 0 &&
      r.inventory.buckets.every((b) => b.usage.state === 'unknown' && /access denied to cloudwatch:ListMetrics/.test(b.usage.reason)),
  },
  CostKms: {
    why: 'kms:ListKeys only finds keys nothing references (cost-unused-kms-key); this account has none, so the loss is the "unreferenced keys" gap',
    check: (r) => r.inventory.gaps.some((g) => g.what === 'unreferenced keys' && /access denied to kms:ListKeys/.test(g.reason)),
  },
};

describe('moto with IAM enforcement: without one statement', () => {
  const statements = SHIPPED.Statement.map((s) => {
    const calls = DECLARED_CALLS.filter((c) => c.action !== null && s.Action.includes(c.action));
    const ways = [...new Set(calls.map(provenBy))].sort().join(' + ');
    return [s.Sid, ways, s] as const;
  });

  it.each(statements)('%s (proven by %s): its calls are denied, findings that need them turn unknown, none turns pass', async (sid, _ways, statement) => {
    const reduced = await scanAs({ ...SHIPPED, Statement: SHIPPED.Statement.filter((s) => s.Sid !== sid) });
    const ops = new Set(DECLARED_CALLS.filter((c) => c.action !== null && statement.Action.includes(c.action)).map(callKey));

    // Denied: only calls of this statement, and every one of them the scan still made.
    expect(reduced.denied.length).toBeGreaterThan(0);
    expect(reduced.denied.filter((k) => !ops.has(k))).toEqual([]);
    const madeOfStatement = Object.keys(reduced.calls).filter((k) => ops.has(k));
    expect(madeOfStatement.filter((k) => !reduced.denied.includes(k))).toEqual([]);

    // Never a false pass: nothing passes that did not pass with the whole policy.
    const newPasses = [...reduced.statuses].filter(([k, v]) => v === 'pass' && full.statuses.get(k) !== 'pass');
    expect(newPasses).toEqual([]);
    // And what depended on the statement is unknown now, or where no verdict depends on it, the loss is said.
    const nowUnknown = [...reduced.statuses].filter(([k, v]) => v === 'unknown' && full.statuses.get(k) !== 'unknown').map(([k]) => k);
    const shows = LOSS_SHOWS[sid];
    if (shows === undefined) expect(nowUnknown.length).toBeGreaterThan(0);
    else expect(shows.check(reduced), shows.why).toBe(true);
  });
});
