import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';
import { OFFLINE_UNKNOWABLE, s3RequestContext, type RequestContext, type S3RequestContextInput } from '../policy/context.js';
import { evaluateRequest, type Decision } from '../policy/evaluate.js';
import type { MatchedStatement } from '../policy/statement-match.js';
import { actionMatches, describeStatement, isAccountRoot, principalAccount, principalsOf, toArray } from '../policy/statements.js';

/**
 * Probe requests for the s3-policy-* rules: the policy evaluator judges each one against the bucket
 * policy, and the rules turn the verdicts into findings. A probe is one concrete S3 request (caller,
 * action, resource, transport, encryption headers); its verdict is the evaluator's decision, refined
 * by witnesses when the decision is unknown.
 *
 * Condition keys the probe does not set on purpose are marked unknowable, so the evaluator never
 * reads a header the real caller may send as absent. When that leaves a decision unknown, a witness
 * (one such key absent, or set to a value the policy names) may still show a concrete request with
 * the wanted outcome; the other keys stay unknowable, so a witness is never a guess.
 */

export const POLICY_NAME = 'bucket policy';

/** Stands in for every policy other than the bucket policy's Denies: "whatever their IAM permissions say". */
const ASSUME_ALLOWED: PolicyStatement = { Sid: 'envelope: every other policy allows', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };

export interface ProbeCaller {
  /** Principal ARN, service name, or '*' for an anonymous caller. */
  arn: string;
  /** Role ARN (with path) behind a session caller. */
  principalArn?: string;
  /** How messages name the caller. */
  label: string;
  /** The policy text that produced the caller, when it came from the policy (for the allowlist). */
  named?: string;
}

export interface Probe {
  caller: ProbeCaller;
  action: string;
  /** Object key; undefined for a bucket-level action. */
  key?: string;
  secureTransport: boolean;
  sse?: S3RequestContextInput['sse'];
}

export type Verdict =
  /** `statement` names the explicit Deny; absent for an implicit denial (grant mode only). */
  | { result: 'denied'; statement?: string }
  | { result: 'allowed'; implicit?: boolean; witness?: string }
  | { result: 'unknown'; reason: string };

export interface Judged {
  probe: Probe;
  verdict: Verdict;
}

/** A bucket policy restricted to some of its statements, keeping their original names. */
export interface PolicyPart {
  statements: { s: PolicyStatement; index: number }[];
}

export const partOf = (doc: PolicyDocument, keep: (s: PolicyStatement, i: number) => boolean): PolicyPart => ({
  statements: doc.Statement.map((s, index) => ({ s, index })).filter(({ s, index }) => keep(s, index)),
});

/** An account id that is not `own`, for "a caller from some other account". */
export const otherAccount = (own: string): string => (own === '999999999999' ? '888888888888' : '999999999999');

const session = (account: string, role: string, name = 'envelope-probe'): string => `arn:aws:sts::${account}:assumed-role/${role}/${name}`;

/** Callers of the bucket's own account: a role session, an IAM user, the root user. */
export function ownCallers(own: string): ProbeCaller[] {
  return [
    { arn: session(own, 'envelope-probe'), principalArn: `arn:aws:iam::${own}:role/envelope-probe`, label: `a role session of account ${own}` },
    { arn: `arn:aws:iam::${own}:user/envelope-probe`, label: `an IAM user of account ${own}` },
    { arn: `arn:aws:iam::${own}:root`, label: `the root user of account ${own}` },
  ];
}

/** Callers from outside: a role session and an IAM user of another account, and an anonymous caller. */
export function outsideCallers(own: string): ProbeCaller[] {
  const other = otherAccount(own);
  return [
    { arn: session(other, 'envelope-probe'), principalArn: `arn:aws:iam::${other}:role/envelope-probe`, label: `a role session of another account (${other})` },
    { arn: `arn:aws:iam::${other}:user/envelope-probe`, label: `an IAM user of another account (${other})` },
    { arn: '*', label: 'an anonymous caller' },
  ];
}

/** A wildcard pattern made concrete ('*' and '?' become x), the account field kept a 12-digit id. */
function instantiateArn(pattern: string, own: string): string | undefined {
  if (!/[*?]/.test(pattern)) return pattern;
  const parts = pattern.split(':');
  if (parts.length >= 6 && parts[0] === 'arn') {
    const account = parts[4] ?? '';
    if (/[*?]/.test(account)) {
      const fits = [otherAccount(own), account.replace(/\?/g, '0').replace(/\*/g, '').padEnd(12, '0').slice(0, 12), own];
      const chosen = fits.find((a) => /^\d{12}$/.test(a) && actionMatches(account, a));
      if (!chosen) return undefined;
      parts[4] = chosen;
    }
    return parts.join(':').replace(/[*?]/g, 'x');
  }
  return pattern.replace(/[*?]/g, 'x');
}

/** The caller a principal string or principal-identity condition value stands for; undefined when none. */
export function callerFor(principal: string, own: string, named = principal): ProbeCaller | undefined {
  const p = instantiateArn(principal, own);
  if (p === undefined || p === '*') return undefined;
  if (p !== principal) {
    const c = callerFor(p, own, named);
    return c ? { ...c, label: `a caller matching ${principal}` } : undefined;
  }
  if (/^\d{12}$/.test(p)) return { arn: `arn:aws:iam::${p}:root`, label: named, named };
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(p)) return { arn: p, label: named, named };
  const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(p);
  // Roles call as sessions: the session is what the evaluator's principal chain checks.
  if (role) return { arn: session(role[2]!, role[3]!), principalArn: p, label: named, named };
  if (/^arn:[^:]+:(iam|sts)::\d{12}:/.test(p)) return { arn: p, label: named, named };
  return undefined;
}

const PRINCIPAL_KEYS = ['aws:PrincipalArn', 'aws:PrincipalAccount'];

/** Values of principal-identity conditions (aws:PrincipalArn, aws:PrincipalAccount) in a statement. */
export function principalConditionValues(s: PolicyStatement): { key: string; value: string }[] {
  return Object.values(s.Condition ?? {}).flatMap((block) =>
    Object.entries(block).flatMap(([key, values]) => {
      const canonical = PRINCIPAL_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
      return canonical ? toArray(values).map((v) => ({ key: canonical, value: String(v) })) : [];
    }),
  );
}

/** Every caller a policy names: Principal and NotPrincipal entries and principal-identity condition values. */
export function namedCallers(doc: PolicyDocument, own: string): ProbeCaller[] {
  const out = new Map<string, ProbeCaller>();
  for (const s of doc.Statement) {
    const listed = [s.Principal, s.NotPrincipal].flatMap((b) => {
      const p = principalsOf(b);
      return [...p.aws.filter((a) => a !== '*'), ...p.service];
    });
    for (const entry of [...listed, ...principalConditionValues(s).map((c) => c.value)]) {
      const c = callerFor(entry, own);
      if (c && !out.has(c.arn)) out.set(c.arn, c);
    }
  }
  return [...out.values()];
}

export const accountOfCaller = (c: ProbeCaller): string | undefined => principalAccount(c.principalArn ?? c.arn);
export const isOwnRootEntry = (entry: string, own: string): boolean => isAccountRoot(entry) && principalAccount(entry) === own;

/** Keys every probe sets (or leaves absent) on purpose: identity, transport, encryption headers. */
const DETERMINED = [
  'aws:SecureTransport',
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalIsAWSService',
  'aws:PrincipalServiceName',
  'aws:PrincipalServiceNamesList',
  'aws:username',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOwner',
  'aws:ViaAWSService',
  'aws:CalledVia',
  'aws:CalledViaFirst',
  'aws:CalledViaLast',
  'aws:RequestedRegion',
  's3:ResourceAccount',
  's3:x-amz-server-side-encryption',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
].map((k) => k.toLowerCase());

/** Unknowable keys that real requests may lack (no VPC endpoint, through one, no organization, no tags, long-term keys). */
const MAY_BE_ABSENT = [
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:VpcSourceIp',
  'aws:SourceIp',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalTag/*',
  'aws:MultiFactorAuthPresent',
  'aws:MultiFactorAuthAge',
  'aws:TokenIssueTime',
];

const offline = (key: string): boolean => OFFLINE_UNKNOWABLE.some((p) => actionMatches(p, key));

/** Condition keys of the part that no probe sets: a real request may carry any value for them. */
function opaqueKeys(part: PolicyPart): string[] {
  const keys = part.statements.flatMap(({ s }) => Object.values(s.Condition ?? {}).flatMap((block) => Object.keys(block)));
  return [...new Set(keys)].filter((k) => !DETERMINED.includes(k.toLowerCase()) && !offline(k));
}

export interface ProbeTarget {
  bucket: string;
  bucketAccount: string;
  region: string;
}

function contextOf(target: ProbeTarget, probe: Probe, unknowable: string[]): RequestContext {
  return s3RequestContext({
    principal: probe.caller.arn,
    ...(probe.caller.principalArn ? { principalArn: probe.caller.principalArn } : {}),
    action: probe.action,
    bucket: target.bucket,
    ...(probe.key !== undefined ? { key: probe.key } : {}),
    bucketAccount: target.bucketAccount,
    region: target.region,
    secureTransport: probe.secureTransport,
    ...(probe.sse ? { sse: probe.sse } : {}),
    keys: { 's3:ResourceAccount': target.bucketAccount },
    unknowable,
  });
}

/** Literal values a witness may give `key`: the policy's own values made concrete, and one it does not name. */
function witnessValues(key: string, part: PolicyPart): string[] {
  const named = part.statements.flatMap(({ s }) =>
    Object.values(s.Condition ?? {}).flatMap((block) =>
      Object.entries(block)
        .filter(([k]) => k.toLowerCase() === key.toLowerCase())
        // CIDR blocks stand for their first address.
        .flatMap(([, v]) => toArray(v).map((x) => String(x).replace(/[*?]/g, 'x').replace(/^(\d+\.\d+\.\d+\.\d+)\/\d+$/, '$1'))),
    ),
  );
  return [...new Set([...named, 'envelope-probe-other'])];
}

type Witness = { key: string; absent: true } | { key: string; value: string };

/** Network keys say where a request comes from, not who sends it: any caller may send from the places a policy names. */
const NETWORK = ['aws:SourceIp', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:VpcSourceIp'];

function witnessesFor(key: string, part: PolicyPart, mode: JudgeOptions['mode']): Witness[] {
  const absent: Witness[] = [{ key, absent: true }];
  const network = NETWORK.some((n) => n.toLowerCase() === key.toLowerCase());
  if (mode === 'grant' && network) return [...absent, ...witnessValues(key, part).map((value) => ({ key, value }))];
  // Network, organization, time and tag keys: the scan may only assume what real requests lack.
  if (offline(key)) return MAY_BE_ABSENT.some((p) => actionMatches(p, key)) ? absent : [];
  return [...absent, ...witnessValues(key, part).map((value) => ({ key, value }))];
}

const describeWitness = (w: Witness): string => ('absent' in w ? `without ${w.key}` : `with ${w.key} = ${JSON.stringify(w.value)}`);

function applyWitness(ctx: RequestContext, w: Witness): RequestContext {
  const unknowable = (ctx.unknowable ?? []).filter((p) => !actionMatches(p, w.key));
  if ('absent' in w) return { ...ctx, unknowable };
  return { ...ctx, keys: { ...ctx.keys, [w.key]: w.value }, unknowable };
}

export interface JudgeOptions {
  target: ProbeTarget;
  part: PolicyPart;
  /**
   * 'deny': does some Deny of the part apply? Everything else is assumed to allow, so the verdict is
   * denied (explicitly), allowed (no Deny applies) or unknown.
   * 'grant': does the part (its Denies and Allows) let the caller in, its own identity policies assumed to allow?
   */
  mode: 'deny' | 'grant';
}

/** The original name of a matched statement of the part. */
const refOf = (part: PolicyPart, m: MatchedStatement): string => {
  const original = part.statements[m.index];
  return original ? describeStatement(original.s, original.index) : `Statement[${m.index}]`;
};

function unknownReason(part: PolicyPart, d: Extract<Decision, { result: 'unknown' }>): string {
  const refs = [...new Set(d.statements.filter((m) => m.index < part.statements.length).map((m) => refOf(part, m)))];
  const keys = [...new Set(d.statements.flatMap((m) => m.conditions.filter((c) => c.result === 'unknown').map((c) => c.key)))];
  const notes = [...new Set(d.statements.flatMap((m) => m.conditions.flatMap((c) => (c.result === 'unknown' && c.note && !c.note.startsWith('the request context cannot know') ? [c.note] : []))))];
  const what = keys.length > 0 ? `on ${keys.join(', ')}, which the scan cannot know` : 'on context the scan cannot know';
  return `${refs.length > 0 ? refs.join(', ') : 'the policy'} depends ${what}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** Evaluates one probe; an unknown decision is narrowed by witnesses when one settles it. */
export function judge(probe: Probe, options: JudgeOptions): Verdict {
  const { part, mode, target } = options;
  const statements = part.statements.map(({ s }) => s);
  const policy: PolicyDocument = { Version: '2012-10-17', Statement: mode === 'deny' ? [...statements, ASSUME_ALLOWED] : statements };
  const run = (context: RequestContext) =>
    evaluateRequest({ resourcePolicy: { name: POLICY_NAME, policy }, context, assumeIdentityAllows: true });
  const base = contextOf(target, probe, opaqueKeys(part));
  const d = run(base);
  if (d.result === 'denied' && d.kind === 'explicit') return { result: 'denied', statement: refOf(part, d.statement) };
  // No Deny applies: in deny mode the request goes through (nothing else is assumed to stop it).
  if (d.result === 'denied') return mode === 'grant' ? { result: 'denied' } : { result: 'allowed', implicit: true };
  if (d.result === 'allowed') return { result: 'allowed' };
  const keys = [...new Set(d.statements.flatMap((m) => m.conditions.filter((c) => c.result === 'unknown' && c.context.state === 'unknowable').map((c) => c.key)))];
  for (const key of keys) {
    for (const w of witnessesFor(key, part, mode)) {
      const x = run(applyWitness(base, w));
      if (x.result === 'allowed') return { result: 'allowed', witness: describeWitness(w) };
    }
  }
  return { result: 'unknown', reason: unknownReason(part, d) };
}

export const resourceOf = (bucketArn: string, probe: Probe): string => (probe.key === undefined ? bucketArn : `${bucketArn}/${probe.key}`);

/** "s3:GetObject on arn:aws:s3:::b/data/x by a role session of account 1111…" plus how the request looks. */
export function describeProbe(bucketArn: string, j: { probe: Probe; verdict: Verdict }, extra = ''): string {
  const p = j.probe;
  const witness = j.verdict.result === 'allowed' && j.verdict.witness ? ` ${j.verdict.witness}` : '';
  return `${p.action}${extra} on ${resourceOf(bucketArn, p)} by ${p.caller.label}${witness}`;
}

/** Object keys a probe writes or reads: one under the data prefix and, when it differs, one outside it. */
export function probeObjectKeys(dataPrefix: string): string[] {
  const inside = `${dataPrefix}x`;
  return dataPrefix !== '' && !'x'.startsWith(dataPrefix) ? [inside, 'x'] : [inside];
}
