/**
 * The declared calls are the policy's only source, so they are held to the code twice: to the
 * `new …Command(` call sites of each collector file, and to the calls the demo account's scans
 * actually record (ApiCallStats.byOperation): every call made is declared under a feature the run
 * enabled, and every declared call is made by some run unless it says when it is not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AwsClients, collectAwsInventory } from '../collect/aws/index.js';
import { readPriceList } from '../collect/aws/price-list.js';
import { defaultPriceTable } from '../cost/price-table.js';
import { demoProfile, withDemoAccount } from '../demo/index.js';
import { discoverAccount } from '../init/discover.js';
import { parseProfile } from '../profile/load.js';
import { CURRENT_PRICES, fakePriceList, regionProducts } from '../testing/price-list-fake.js';
import { CALLS_BY_FILE, DECLARED_CALLS, callKey, type Feature } from './registry.js';

const SRC = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'demo' || e.name === 'testing' ? [] : sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** The SDK operations a file constructs commands for, aliases (`X as YCommand`) resolved. */
function constructedOperations(text: string): string[] {
  const aliases = new Map([...text.matchAll(/(\w+)Command as (\w+)Command/g)].map((m) => [m[2]!, m[1]!]));
  const built = new Set([...text.matchAll(/new (\w+)Command\(/g)].map((m) => m[1]!));
  return [...built].map((name) => aliases.get(name) ?? name).sort();
}

describe('declared calls match the call sites', () => {
  it.each(Object.entries(CALLS_BY_FILE))('%s declares exactly the operations it sends', (file, calls) => {
    const text = readFileSync(join(SRC, file), 'utf8');
    expect(calls.map((c) => c.operation).sort()).toEqual(constructedOperations(text));
  });

  it('no other source file sends an AWS command', () => {
    const senders = sourceFiles(SRC)
      .filter((p) => /new \w+Command\(/.test(readFileSync(p, 'utf8')))
      .map((p) => relative(SRC, p))
      .sort();
    expect(senders).toEqual(Object.keys(CALLS_BY_FILE).sort());
  });

  it('each operation is declared once, and every action names its service', () => {
    const keys = DECLARED_CALLS.map(callKey);
    expect(keys.length).toBe(new Set(keys).size);
    for (const c of DECLARED_CALLS) if (c.action !== null) expect(c.action).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z]+$/);
  });
});

type Run = { name: string; features: Feature[]; calls: Record<string, number> };

async function demoRun(name: string, features: Feature[], fn: (clients: AwsClients) => Promise<unknown>): Promise<Run> {
  const fake = fakePriceList(regionProducts('eu-west-1', CURRENT_PRICES));
  return withDemoAccount(
    async ({ region, credentials }) => {
      const clients = new AwsClients({ defaultRegion: region, credentials, maxAttempts: 1 });
      try {
        await fn(clients);
        return { name, features, calls: clients.stats.byOperation() };
      } finally {
        clients.destroy();
      }
    },
    { handlers: [fake.handler] },
  );
}

describe('declared calls match the calls the demo account\'s scans record', async () => {
  const profile = parseProfile(demoProfile, 'demo profile');
  const bare = parseProfile({ ...demoProfile, s3: { ...demoProfile.s3, objectSampleSize: 0 } }, 'demo profile without object sample');
  const runs: Run[] = [
    await demoRun('scan (cost, objects)', ['core', 'cost', 'objects'], (clients) => collectAwsInventory({ clients, profile, sourceKind: 'demo' })),
    await demoRun('scan --no-cost, no object sample', ['core'], (clients) => collectAwsInventory({ clients, profile: bare, sourceKind: 'demo', cost: false })),
    await demoRun('scan reading roles from GetAccountAuthorizationDetails', ['core', 'cost', 'objects'], (clients) =>
      collectAwsInventory({ clients, profile, sourceKind: 'demo', iamStrategy: 'authorization-details' }),
    ),
    await demoRun('init', ['core', 'init'], (clients) => discoverAccount({ clients })),
    await demoRun('--prices aws', ['prices'], (clients) => readPriceList(clients, ['eu-west-1'], defaultPriceTable)),
  ];
  const declared = new Map(DECLARED_CALLS.map((c) => [callKey(c), c]));

  it.each(runs.map((r) => [r.name, r] as const))('%s: every call is declared, under a feature the run enabled', (_name, run) => {
    const aws = Object.keys(run.calls).filter((k) => !k.startsWith('snowflake:'));
    expect(aws.length).toBeGreaterThan(0);
    expect(aws.filter((k) => !declared.has(k))).toEqual([]);
    expect(aws.filter((k) => !run.features.includes(declared.get(k)!.feature))).toEqual([]);
  });

  it('every declared call is made by some run, or says when it is not', () => {
    const made = new Set(runs.flatMap((r) => Object.keys(r.calls)));
    const never = DECLARED_CALLS.filter((c) => !made.has(callKey(c)));
    expect(never.filter((c) => c.when === undefined).map(callKey)).toEqual([]);
    // The conditional calls the demo account does not reach, each with its reason: a short, reviewed list.
    // The organisation's two are made on moto (test/src/moto/organization.test.ts asserts their counts);
    // LookupEvents by --since (test/src/moto/since.test.ts, test/src/cli/since-cli.test.ts).
    expect(never.map(callKey)).toEqual(['s3:GetBucketLocation', 's3:GetBucketAcl', 'organizations:ListAccounts', 'sts:AssumeRole', 'cloudtrail:LookupEvents']);
  });
});
