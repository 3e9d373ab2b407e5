/**
 * `envelope explain`: scans just what one request touches (the bucket, the key, the caller's role)
 * and prints the decision with the chain of statements behind it.
 */
import { Option, type Command } from 'commander';
import { accountClients } from './cli-aws.js';
import { timeoutOption } from './cli-timeout.js';
import { explainAccess, ExplainError, type AccessExplanation, type AccessQuestion } from './access/explain.js';
import { AwsClients, collectAwsInventory, createLimit, headObject } from './collect/aws/index.js';
import { describeFailure } from './collect/aws/errors.js';
import { present } from './model/observed.js';
import type { Inventory } from './model/inventory.js';
import { ConfigError, loadProfile, parseProfile } from './profile/load.js';
import type { Profile } from './profile/schema.js';
import { printable } from './report/terminal-text.js';
import { stackOfRole } from './profile/stacks.js';

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const ROLE_OR_SESSION = /^arn:aws[a-z-]*:(?:iam::\d{12}:role\/(?:.*\/)?([^/]+)|sts::\d{12}:assumed-role\/([^/]+)\/[^/]+)$/;

/** The profile narrowed to the request: only its bucket, its key and the caller's role are read. */
export function profileFor(profile: Profile, q: AccessQuestion): Profile {
  const bucket = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(q.resource)?.[1];
  const keyArn = KEY_ARN.test(q.resource) ? q.resource : undefined;
  const role = ROLE_OR_SESSION.exec(q.principal);
  const roleName = role?.[1] ?? role?.[2];
  return {
    ...profile,
    regions: [],
    scope: { ...profile.scope, bucketNames: bucket ? [bucket] : [], excludeBucketNames: [] },
    s3: { ...profile.s3, objectSampleSize: 0 },
    kms: { ...profile.kms, keyArns: [...profile.kms.keyArns, ...[keyArn, q.sseKmsKeyId].filter((k): k is string => k !== undefined && KEY_ARN.test(k))] },
    iam: { ...profile.iam, appRoles: [...profile.iam.appRoles, ...(roleName && !stackOfRole(profile, roleName) ? [roleName] : [])] },
  };
}

const MARK: Record<AccessExplanation['result'], string> = { allowed: 'ALLOWED', denied: 'DENIED', unknown: 'UNDECIDED' };

export function renderExplanation(e: AccessExplanation, source: string): string {
  const p = printable;
  const lines = [`envelope explain · ${p(source)}`, `request: ${p(e.question.principal)} → ${p(e.question.action)} on ${p(e.question.resource)}`, ''];
  e.steps.forEach((s, i) => {
    lines.push(`${i + 1}. ${p(s.title)} — ${MARK[s.result]}`, `   ${p(s.reason)}`);
    for (const n of s.notes) lines.push(`   note: ${p(n)}`);
  });
  lines.push('', `result: ${p(e.summary)}`);
  return `${lines.join('\n')}\n`;
}

/** For an object read, which key encrypts the object is a fact one HeadObject can establish. */
async function readTargetObject(clients: AwsClients, inventory: Inventory, q: AccessQuestion): Promise<void> {
  const m = /^arn:aws[a-z-]*:s3:::([^/]+)\/(.+)$/.exec(q.resource);
  const bucket = m ? inventory.buckets.find((b) => b.name === m[1]) : undefined;
  if (!m || !bucket || !/^s3:GetObject(Version)?$/i.test(q.action)) return;
  try {
    bucket.objectSample = present([await headObject(clients, createLimit(1), bucket, m[2]!)]);
  } catch (err) {
    process.stderr.write(`envelope: could not read the object (${describeFailure(err, 's3:HeadObject')}); its key is taken from the bucket default\n`);
  }
}

async function explainOn(inventory: Inventory, q: AccessQuestion, format: string, source: string): Promise<number> {
  let e: AccessExplanation;
  try {
    e = explainAccess(inventory, q);
  } catch (err) {
    if (err instanceof ExplainError) throw new ConfigError(err.message);
    throw err;
  }
  process.stdout.write(format === 'json' ? `${JSON.stringify(e, null, 2)}\n` : renderExplanation(e, source));
  return e.result === 'allowed' ? 0 : 1;
}

export function addExplainCommand(program: Command): void {
  program
    .command('explain')
    .description('why one request is allowed or denied: S3, then the KMS call S3 makes, or sts:AssumeRole (exit 0 allowed, 1 denied or undecided)')
    .requiredOption('--principal <arn>', 'caller: IAM role or user ARN, assumed-role session ARN, or the Snowflake IAM user')
    .requiredOption('--action <action>', 'e.g. s3:PutObject, s3:GetObject, kms:Decrypt, sts:AssumeRole')
    .requiredOption('--resource <arn>', 'object/bucket ARN, key ARN, or role ARN')
    .option('--external-id <id>', 'sts:ExternalId sent with sts:AssumeRole')
    .option('--sse-kms-key-id <arn>', 'the key a PutObject names in x-amz-server-side-encryption-aws-kms-key-id (default: none, the bucket default applies)')
    .option('--insecure-transport', 'the request is plain HTTP (aws:SecureTransport false)')
    .option('--prefix <prefix>', 's3:prefix of an s3:ListBucket request')
    .option('-p, --profile <name|file>', 'architecture profile: built-in name or a YAML/JSON file', 'snowflake-s3-kms')
    .option('-r, --region <region>', 'Region for the first calls')
    .option('--aws-profile <name>', 'named AWS profile from ~/.aws/config')
    .option('--endpoint-url <url>', 'AWS endpoint override (default: $AWS_ENDPOINT_URL)')
    .addOption(timeoutOption())
    .option('--demo', 'ask the embedded demo account instead of AWS')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts) => {
      for (const [flag, value] of [['--principal', opts.principal], ['--resource', opts.resource]] as const)
        if (!/^(arn:|[a-z0-9.-]+\.amazonaws\.com$)/.test(value)) throw new ConfigError(`${flag}: expected an ARN, got ${JSON.stringify(value)}`);
      if (!/^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(opts.action)) throw new ConfigError(`--action: expected service:Action such as s3:GetObject, got ${JSON.stringify(opts.action)}`);
      const q: AccessQuestion = {
        principal: opts.principal,
        action: opts.action,
        resource: opts.resource,
        ...(opts.externalId !== undefined ? { externalId: opts.externalId } : {}),
        ...(opts.sseKmsKeyId !== undefined ? { sseKmsKeyId: opts.sseKmsKeyId } : {}),
        ...(opts.insecureTransport ? { secureTransport: false } : {}),
        ...(opts.prefix !== undefined ? { prefix: opts.prefix } : {}),
      };
      if (q.sseKmsKeyId !== undefined && !KEY_ARN.test(q.sseKmsKeyId))
        throw new ConfigError(`--sse-kms-key-id: expected a full key ARN (arn:aws:kms:<region>:<account>:key/<id>), got ${JSON.stringify(q.sseKmsKeyId)}`);
      if (opts.demo) {
        const { withDemoAccount, demoProfile } = await import('./demo/index.js');
        const profile = profileFor(parseProfile(demoProfile, 'demo profile'), q);
        const inventory = await withDemoAccount(async ({ region, credentials }) => {
          const clients = new AwsClients({ defaultRegion: region, credentials });
          try {
            const inv = await collectAwsInventory({ clients, profile, cost: false, sourceKind: 'demo' });
            await readTargetObject(clients, inv, q);
            return inv;
          } finally {
            clients.destroy();
          }
        });
        process.exitCode = await explainOn(inventory, q, opts.format, 'demo account (no cloud)');
        return;
      }
      const profile = profileFor(await loadProfile(opts.profile), q);
      const clients = accountClients(opts);
      try {
        const inventory = await collectAwsInventory({ clients, profile, cost: false });
        await readTargetObject(clients, inventory, q);
        process.exitCode = await explainOn(inventory, q, opts.format, `account ${inventory.account.id}`);
      } finally {
        clients.destroy();
      }
    });
}
