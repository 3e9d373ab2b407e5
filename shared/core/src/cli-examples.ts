/**
 * The Examples section of every command's --help. Each line after `$ ` is a command line the CLI's
 * own parser accepts (cli-examples.test.ts parses every one), so the examples cannot drift from
 * the options.
 */
import type { Command } from 'commander';

export const EXAMPLES: Record<string, readonly string[]> = {
  envelope: [
    'envelope demo',
    'envelope init --output profile.yaml',
    'envelope scan --profile profile.yaml',
    'envelope rules --framework cis',
  ],
  scan: [
    'envelope scan --profile profile.yaml',
    'envelope scan --profile profile.yaml --region eu-west-1 --aws-profile prod --fail-on critical',
    'envelope scan --profile profile.yaml --format sarif --output envelope.sarif',
    'envelope scan --profile profile.yaml --group-by framework --framework cis',
    'envelope scan --profile profile.yaml --no-cost --no-snowflake --timeout 60',
    'envelope scan --profile profile.yaml --assume-role envelope-read --accounts 111111111111,222222222222 --external-id ops-audit',
    'envelope scan --profile profile.yaml --assume-role envelope-read --organization --shard 2/4 --format json --output part-2.json',
  ],
  plan: [
    'terraform show -json plan.out > plan.json',
    'envelope plan plan.json --profile profile.yaml',
    'envelope plan plan.json --account 123456789012 --format markdown --output report.md',
    'envelope plan plan.json --profile profile.yaml --framework security-hub',
  ],
  demo: [
    'envelope demo',
    'envelope demo --verbose',
    'envelope demo --format json --output report.json',
    'envelope demo --group-by framework --framework prowler',
    'envelope demo --format markdown --framework cis',
  ],
  init: [
    'envelope init --output profile.yaml',
    'envelope init --region eu-west-1 eu-central-1 --aws-profile prod --output profile.yaml --force',
    'envelope init --plan plan.json --output profile.yaml',
    'envelope init --demo',
  ],
  explain: [
    'envelope explain --demo --principal arn:aws:iam::210987654321:role/acme-events-ingest --action s3:GetObject --resource arn:aws:s3:::acme-events-raw/events/2025/06/01/09/part-00000-5e1f.json.gz',
    'envelope explain --principal arn:aws:iam::123456789012:role/snowflake-s3-kms-role --action s3:PutObject --resource arn:aws:s3:::acme-stage/data/x.csv --sse-kms-key-id arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'envelope explain --principal arn:aws:iam::999999999999:user/abc1-s-xyz2 --action sts:AssumeRole --resource arn:aws:iam::123456789012:role/snowflake-s3-kms-role --external-id ABC123_SFCRole=1_xyz --format json',
  ],
  diff: [
    'envelope diff --plan plan.json',
    'envelope diff --plan plan.json --baseline report.json --format markdown --output diff.md',
    'envelope diff --plan plan.json --live --aws-profile prod --fail-on critical',
  ],
  rules: [
    'envelope rules',
    'envelope rules --framework cis',
    'envelope rules --pack cost --format json',
    'envelope rules --format markdown --output rules.md',
  ],
  merge: [
    'envelope scan --profile profile.yaml --assume-role envelope-read --organization --shard 1/3 --format json --output part-1.json',
    'envelope merge part-1.json part-2.json part-3.json --format markdown --output audit.md',
    'envelope merge part-*.json --format sarif --output envelope.sarif --fail-on high',
  ],
  'iam-policy': [
    'envelope iam-policy',
    'envelope iam-policy --features core',
    'envelope iam-policy --features all -o scanner-policy.json',
    'envelope iam-policy --features cost,objects,init,snowflake',
  ],
};

/** Appends "Examples:" to the program's and each command's --help; a command without examples gets none. */
export function addExamples(program: Command): void {
  for (const cmd of [program, ...program.commands]) {
    const lines = EXAMPLES[cmd === program ? 'envelope' : cmd.name()];
    if (!lines) continue;
    cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
  }
}
