/**
 * Probe requests for the kms-* key-policy rules: the evaluator is the judge, structure explains.
 * A rule turns its question ("can a caller of an unrelated account decrypt?", "can the Snowflake
 * role call KMS directly?") into the concrete requests that question stands for, evaluates each
 * against the key policy with evaluateRequest, and only then reads the statements (kms-policy-
 * shared.ts) to say why. Deny statements, NotPrincipal, condition operators (ForAnyValue, IfExists,
 * StringLike…) and the KMS delegation rule are therefore weighed as AWS weighs them.
 *
 * Modelling choices, each on the side of never passing falsely:
 * - direct calls carry aws:SecureTransport true (KMS endpoints accept only TLS) and whatever
 *   encryption context the caller chooses: none, or the aws:s3:arn of a bucket the key protects;
 * - the forwarded S3 call is evaluated both with aws:SecureTransport true and without it (AWS does
 *   not document which); when the two disagree the probe is unknown;
 * - keys the scan cannot know (source IP, VPC endpoint, tags…) stay unknowable, so a condition on
 *   them gives 'unknown', never a guess.
 */
import type { KeyInventory } from '../model/inventory.js';
import type { PolicyDocument } from '../model/policy-document.js';
import { evaluateRequest, type Decision } from '../policy/evaluate.js';
import { kmsViaS3Context, principalFromArn, type ContextValue, type RequestContext, type RequestPrincipal } from '../policy/context.js';
import { matchPolicy, type MatchedStatement, type NamedPolicy } from '../policy/statement-match.js';
import type { RuleContext } from './define-rule.js';
import { isAccountRoot, principalAccount, principalsOf } from '../policy/statements.js';
import { DATA_PLANE_ACTIONS, principalText, type IndexedStatement } from './kms-policy-shared.js';
import { foundValue } from './membership.js';

/** Every KMS action that takes a key as its resource, i.e. everything a key policy can grant. */
export const KEY_ACTIONS: readonly string[] = [
  'kms:CancelKeyDeletion', 'kms:CreateAlias', 'kms:CreateGrant', 'kms:Decrypt', 'kms:DeleteAlias', 'kms:DeleteImportedKeyMaterial',
  'kms:DeriveSharedSecret', 'kms:DescribeKey', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:EnableKey', 'kms:EnableKeyRotation',
  'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext', 'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GenerateMac', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:GetParametersForImport', 'kms:GetPublicKey', 'kms:ImportKeyMaterial',
  'kms:ListGrants', 'kms:ListKeyPolicies', 'kms:ListKeyRotations', 'kms:ListResourceTags', 'kms:PutKeyPolicy', 'kms:ReEncryptFrom', 'kms:ReEncryptTo',
  'kms:ReplicateKey', 'kms:RetireGrant', 'kms:RevokeGrant', 'kms:RotateKeyOnDemand', 'kms:ScheduleKeyDeletion', 'kms:Sign',
  'kms:SynchronizeMultiRegionKey', 'kms:TagResource', 'kms:UntagResource', 'kms:UpdateAlias', 'kms:UpdateKeyDescription', 'kms:UpdatePrimaryRegion',
  'kms:Verify', 'kms:VerifyMac',
];

/** The KMS calls S3 makes for SSE-KMS: Decrypt on reads, GenerateDataKey on writes, Encrypt for replicas. */
export const S3_ACTIONS: readonly string[] = ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt'];

/** Actions that take over, destroy or share the key. */
export const ADMIN_ACTIONS: readonly string[] = ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:CreateGrant', 'kms:DisableKey'];

export const isDataPlane = (action: string): boolean => DATA_PLANE_ACTIONS.includes(action);

/** The key as the probes see it. */
export interface ProbeKey {
  arn: string;
  region: string;
  account: string;
  partition: string;
  policy: NamedPolicy;
  /** Buckets whose objects the key protects, with their Bucket Key setting when known. */
  buckets: { name: string; bucketKey?: boolean }[];
  /** Key-property condition keys (kms:KeySpec, kms:MultiRegion …) from DescribeKey. */
  keyFacts: Record<string, ContextValue>;
  /** The policy text, to pick probe accounts and org ids the policy does not mention. */
  text: string;
}

export function probeKey(key: KeyInventory, doc: PolicyDocument, ctx: RuleContext): ProbeKey {
  const md = key.metadata.state === 'present' ? key.metadata.value : undefined;
  const arn = md?.arn ?? key.arn;
  const names = new Set<string>();
  for (const ref of key.referencedBy) {
    const m = /^arn:[^:]+:s3:::([^/\s]+)/.exec(ref);
    if (m?.[1]) names.add(m[1]);
  }
  const buckets = [...names].map((name) => {
    const enc = foundValue(ctx.lookups.bucketByName(name))?.encryption;
    const rule = enc?.state === 'present' ? enc.value.find((r) => r.kmsMasterKeyId && ctx.lookups.key(r.kmsMasterKeyId, key.region) === key) : undefined;
    return rule ? { name, bucketKey: rule.bucketKeyEnabled } : { name };
  });
  const keyFacts: Record<string, ContextValue> = {};
  if (md) {
    keyFacts['kms:KeySpec'] = md.keySpec;
    keyFacts['kms:KeyUsage'] = md.keyUsage;
    keyFacts['kms:KeyOrigin'] = md.origin;
    keyFacts['kms:MultiRegion'] = md.multiRegion;
    if (md.multiRegionKeyType) keyFacts['kms:MultiRegionKeyType'] = md.multiRegionKeyType;
  }
  return {
    arn,
    region: key.region,
    account: arn.split(':')[4] || ctx.lookups.accountId,
    partition: ctx.lookups.partition,
    policy: { name: 'key policy', policy: doc },
    buckets,
    keyFacts,
    text: JSON.stringify(doc),
  };
}

/** How the request reaches KMS. */
export type ProbePath =
  | { kind: 'direct' }
  | { kind: 'via-s3'; region?: string }
  | { kind: 'via-service'; service: string };

export interface Probe {
  principal: string | RequestPrincipal;
  action: string;
  path: ProbePath;
  /** Keys to set on top of the defaults (aws:PrincipalOrgID of an outsider, the deletion window …). */
  keys?: Record<string, ContextValue>;
  /** Keys that are absent on this request rather than unknowable. */
  absent?: readonly string[];
  /** The caller's identity policies live in another account: assume they allow. */
  assumeIdentityAllows?: boolean;
  identityPolicies?: NamedPolicy[];
  /** Through S3: this bucket only (default: the caller's own bucket and every bucket the key protects). */
  bucket?: { name: string; bucketKey: boolean };
}

export interface ProbeResult {
  probe: Probe;
  decision: Decision;
  /** The key-policy statements evaluated for the deciding request variant. */
  matched: MatchedStatement[];
}

const PROBE_BUCKET = 'envelope-probe-bucket';

/**
 * Whether the key policy reads the encryption context (kms:EncryptionContext:…, EncryptionContextKeys):
 * only then do the buckets the key protects need a request variant each. A key that protects
 * hundreds of buckets would otherwise multiply every probe by them.
 */
const contextMatters = (key: ProbeKey): boolean => /encryptioncontext/i.test(key.text);

const EC_KEYS = ['kms:EncryptionContext:aws:s3:arn', 'kms:EncryptionContextKeys'];
const FORWARDED_ONLY = ['aws:CalledVia', 'aws:CalledViaFirst', 'aws:CalledViaLast'];

function withKeys(base: RequestContext, set: Record<string, ContextValue>, remove: readonly string[], absent: readonly string[]): RequestContext {
  const drop = new Set([...remove, ...Object.keys(set)].map((k) => k.toLowerCase()));
  const keys: Record<string, ContextValue> = {};
  for (const [k, v] of Object.entries(base.keys)) if (!drop.has(k.toLowerCase())) keys[k] = v;
  Object.assign(keys, set);
  const gone = new Set([...Object.keys(set), ...absent].map((k) => k.toLowerCase()));
  return { ...base, keys, unknowable: (base.unknowable ?? []).filter((k) => !gone.has(k.toLowerCase())) };
}

/** The request variants one probe stands for: encryption contexts, target buckets, forwarded keys. */
export function probeContexts(key: ProbeKey, probe: Probe): RequestContext[] {
  const principal = typeof probe.principal === 'string' ? principalFromArn(probe.principal) : probe.principal;
  const extra = { ...key.keyFacts, ...(probe.keys ?? {}) };
  const absent = probe.absent ?? [];
  const unknowable = ['kms:ResourceAliases'];
  if (probe.path.kind === 'via-s3') {
    const region = probe.path.region ?? key.region;
    // Unless pinned: the caller's own bucket, and every bucket the key protects (Bucket Key on and off unless known).
    // The bucket only changes the encryption context: when no condition reads it, one target stands for all.
    const perBucket = contextMatters(key);
    const targets = probe.bucket
      ? [probe.bucket]
      : [
          { name: PROBE_BUCKET, bucketKey: false },
          ...(perBucket ? key.buckets.flatMap((b) => (b.bucketKey === undefined ? [{ name: b.name, bucketKey: true }, { name: b.name, bucketKey: false }] : [{ name: b.name, bucketKey: b.bucketKey }])) : []),
        ];
    return targets.flatMap((t) => {
      const base = kmsViaS3Context({ principal, action: probe.action, keyArn: key.arn, bucket: t.name, key: 'envelope-probe/object', region, bucketKeyEnabled: t.bucketKey, unknowable });
      // Whether S3 forwards aws:SecureTransport is undocumented; if it does, it is true (SSE-KMS requires TLS).
      return [withKeys(base, { ...extra, 'aws:SecureTransport': true }, [], absent), withKeys(base, extra, ['aws:SecureTransport'], ['aws:SecureTransport', ...absent])];
    });
  }
  const base = kmsViaS3Context({ principal, action: probe.action, keyArn: key.arn, bucket: PROBE_BUCKET, region: key.region, bucketKeyEnabled: true, unknowable });
  const service = probe.path.kind === 'via-service' ? probe.path.service : undefined;
  // KMS endpoints accept only TLS; a direct call is no forwarded call, so it has no aws:CalledVia.
  const common: Record<string, ContextValue> = { ...(service ? { 'kms:ViaService': service } : {}), 'aws:ViaAWSService': service !== undefined, 'aws:SecureTransport': true };
  const notForwarded = service ? absent : [...FORWARDED_ONLY, ...absent];
  // The caller of a direct call picks the encryption context: none, or that of the objects it wants to decrypt.
  const contexts =
    isDataPlane(probe.action) && contextMatters(key)
      ? [undefined, ...key.buckets.flatMap((b) => [`arn:${key.partition}:s3:::${b.name}`, `arn:${key.partition}:s3:::${b.name}/envelope-probe/object`])]
      : [undefined];
  return contexts.map((ec) =>
    withKeys(base, { ...common, ...extra, ...(ec ? { 'kms:EncryptionContext:aws:s3:arn': ec, 'kms:EncryptionContextKeys': ['aws:s3:arn'] } : {}) }, ['kms:ViaService', ...EC_KEYS], notForwarded),
  );
}

const shape = (d: Decision): string => (d.result === 'denied' ? `denied:${d.kind}` : d.result);
const RANK: Record<string, number> = { allowed: 0, unknown: 1, 'denied:implicit': 2, 'denied:explicit': 3 };

/**
 * Evaluates a probe against the key policy. Variants the caller chooses (encryption context, which
 * bucket to go through) take the most permissive answer; the two forwarded-key variants of one S3
 * request must agree on whether it is allowed, else the probe is unknown.
 */
export function runProbe(key: ProbeKey, probe: Probe): ProbeResult {
  const contexts = probeContexts(key, probe);
  const results = contexts.map((context) => ({
    decision: evaluateRequest({
      keyPolicy: key.policy,
      context,
      ...(probe.identityPolicies ? { identityPolicies: probe.identityPolicies } : {}),
      ...(probe.assumeIdentityAllows ? { assumeIdentityAllows: true } : {}),
    }),
    matched: matchPolicy(key.policy, 'key', context),
  }));
  let merged = results;
  if (probe.path.kind === 'via-s3') {
    merged = [];
    for (let i = 0; i + 1 < results.length; i += 2) {
      const [a, b] = [results[i]!, results[i + 1]!];
      if ((a.decision.result === 'allowed') === (b.decision.result === 'allowed')) {
        merged.push(RANK[shape(a.decision)]! <= RANK[shape(b.decision)]! ? a : b);
        continue;
      }
      const statements = [a, b].flatMap((r) => (r.decision.result === 'allowed' ? r.decision.chain : r.decision.result === 'denied' && r.decision.kind === 'explicit' ? [r.decision.statement] : []));
      const reason = `the answer depends on whether S3 forwards aws:SecureTransport to KMS, which AWS does not document (${statements.map((s) => s.ref).join(', ')})`;
      merged.push({ matched: a.matched, decision: { result: 'unknown', reason, statements } });
    }
  }
  const chosen = [...merged].sort((x, y) => RANK[shape(x.decision)]! - RANK[shape(y.decision)]!)[0]!;
  return { probe, decision: chosen.decision, matched: chosen.matched };
}

/** The key-policy statement that granted an allowed request. */
export const grantingStatement = (d: Decision): MatchedStatement | undefined => (d.result === 'allowed' ? d.chain.find((s) => s.source === 'key') : undefined);

export const pathText = (p: ProbePath, keyRegion: string): string =>
  p.kind === 'direct' ? 'directly' : p.kind === 'via-s3' ? `through S3 in ${p.region ?? keyRegion}` : `through ${p.service}`;

/** "kms:Decrypt, kms:GenerateDataKey and 3 more". */
export function actionList(actions: readonly string[], max = 5): string {
  const unique = [...new Set(actions)];
  return unique.length <= max ? unique.join(', ') : `${unique.slice(0, max).join(', ')} and ${unique.length - max} more`;
}

/** 12-digit account ids the policy text mentions (principals and condition values). */
export const accountsMentioned = (key: ProbeKey): string[] => [...new Set(key.text.match(/(?<!\d)\d{12}(?!\d)/g) ?? [])];

/** An account id that is neither the key's nor mentioned in its policy: "anyone else". */
export function unrelatedAccount(key: ProbeKey): string {
  for (let n = 999999999999; ; n--) {
    const id = String(n);
    if (id !== key.account && !key.text.includes(id)) return id;
  }
}

/** An organisation id the policy does not mention, for a caller outside the organisation. */
export function foreignOrg(key: ProbeKey): string {
  for (let n = 0; ; n++) {
    const id = `o-envprobe${String(n).padStart(4, '0')}`;
    if (!key.text.includes(id)) return id;
  }
}

export const probeRole = (partition: string, account: string, name = 'envelope-probe'): string => `arn:${partition}:iam::${account}:role/${name}`;

/** Requests outside S3 in the key's Region: direct, through another service, through S3 elsewhere. */
export function outsideS3Paths(key: ProbeKey): ProbePath[] {
  const expected = `s3.${key.region}.amazonaws.com`;
  const other = key.region === 'us-east-1' ? 'eu-west-1' : 'us-east-1';
  const services = new Set([`ec2.${key.region}.amazonaws.com`, `s3.${other}.amazonaws.com`]);
  // Every literal kms:ViaService value the policy names, so a wrong Region or service is exercised too.
  for (const s of toStatements(key)) {
    for (const [operator, block] of Object.entries(s.Condition ?? {})) {
      if (!/^(ForAnyValue:|ForAllValues:)?String/i.test(operator)) continue;
      for (const [k, v] of Object.entries(block)) {
        if (k.toLowerCase() !== 'kms:viaservice') continue;
        for (const value of (Array.isArray(v) ? v : [v]).map(String)) if (value !== expected && !/[*?$]/.test(value)) services.add(value);
      }
    }
  }
  return [{ kind: 'direct' }, ...[...services].map((service) => ({ kind: 'via-service' as const, service }))];
}

const toStatements = (key: ProbeKey) => key.policy.policy.Statement;

/** Why an unknown decision is unknown, prefixed with the request. */
export const unknownText = (r: ProbeResult, keyRegion: string, who: string): string =>
  r.decision.result === 'unknown' ? `${r.probe.action} ${pathText(r.probe.path, keyRegion)} for ${who}: ${r.decision.reason}` : '';

/** A principal to probe for, as a statement names it. */
export interface ProbePrincipal {
  principal: string;
  /** As the statement writes it, for messages. */
  label: string;
  /** Of another account: its identity policies are not visible, so they are assumed to allow. */
  external: boolean;
}

/**
 * The callers the AWS principals of `statements` stand for, the own account root excepted (it
 * delegates to IAM): an exact ARN is itself; another account's root or id is a role of that
 * account; "*" and NotPrincipal are a role of this account that nothing names.
 */
export function usagePrincipals(statements: readonly IndexedStatement[], ctx: RuleContext): ProbePrincipal[] {
  const own = ctx.lookups.accountId;
  const partition = ctx.lookups.partition;
  const out = new Map<string, ProbePrincipal>();
  const add = (p: ProbePrincipal) => out.has(p.principal) || out.set(p.principal, p);
  for (const { s } of statements) {
    if (s.NotPrincipal !== undefined) {
      add({ principal: probeRole(partition, own), label: `a role of this account (${principalText(s)})`, external: false });
      continue;
    }
    for (const entry of principalsOf(s.Principal).aws) {
      if (entry === '*') add({ principal: probeRole(partition, own), label: 'a role of this account (Principal "*")', external: false });
      else if (isAccountRoot(entry)) {
        const account = principalAccount(entry);
        if (account && account !== own) add({ principal: probeRole(partition, account), label: entry, external: true });
      } else {
        const account = principalAccount(entry);
        add({ principal: entry, label: entry, external: account !== undefined && account !== own });
      }
    }
  }
  return [...out.values()];
}
