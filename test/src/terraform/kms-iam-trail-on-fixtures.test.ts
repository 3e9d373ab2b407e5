/**
 * The KMS, IAM and trail rules over the flat Terraform fixtures (real `terraform show -json`
 * output): each fails exactly where EXPECTED.md says and passes everywhere else — never unknown,
 * since every value these rules read is in the plan or resolves through its references.
 *
 * trail-bucket-secured included: the fixtures' trail bucket has no access logging by design
 * (fixtures README), which the default profile does not require (cloudtrail.requireBucketAccessLogging).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectTerraformInventory } from '../../../shared/core/src/collect/terraform/index.js';
import { parsePlanJson } from '../../../shared/core/src/collect/terraform/plan-file.js';
import type { Finding } from '../../../shared/core/src/model/finding.js';
import { profileSchema } from '../../../shared/core/src/profile/schema.js';
import { evaluate } from '../../../shared/core/src/rules/engine.js';
import { rules } from '../../../shared/core/src/rules/registry.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/terraform', import.meta.url));
const profile = profileSchema.parse({
  name: 'terraform-fixtures',
  regions: ['eu-west-1'],
  kms: { alias: 'alias/snowflake-s3-kms-stage', minDeletionWindowDays: 10 },
  snowflake: { roleName: 'snowflake-s3-kms-role', iamUserArn: 'arn:aws:iam::999988887777:user/abc1-s-exmp0000' },
});

const OWNED = rules.map((r) => r.id).filter((id) => /^(kms-|iam-|trail-)/.test(id));

function expectedFailures(name: string): string[] {
  const text = readFileSync(join(FIXTURES, name, 'EXPECTED.md'), 'utf8');
  const list = /FAIL:\s*([^—\n]*)/.exec(text)?.[1] ?? '';
  return [...list.matchAll(/[a-z0-9]+(?:-[a-z0-9]+)+/g)].map((m) => m[0]).filter((id) => OWNED.includes(id)).sort();
}

async function run(name: string, p = profile) {
  const file = join(FIXTURES, name, 'plan.json');
  const inventory = await collectTerraformInventory(parsePlanJson(readFileSync(file), file), { profile: p, file, account: '111122223333' });
  const findings = evaluate(rules, inventory, p).filter((f) => OWNED.includes(f.ruleId));
  const ids = (status: string) => [...new Set(findings.filter((f) => f.status === status).map((f) => f.ruleId))].sort();
  return { inventory, findings, ids };
}

const say = (fs: Finding[]) => fs.map((f) => `${f.ruleId} ${f.resource.id}: ${f.status} ${f.message}`).join('\n');

describe('KMS, IAM and trail rules on the Terraform fixtures', () => {
  it.each(['baseline', 'short-deletion-window', 'trust-without-external-id', 'no-bucket-key', 'aws-managed-key'])('%s: fails exactly as EXPECTED.md says, nothing unknown', async (name) => {
    const { findings, ids } = await run(name);
    expect(ids('fail'), say(findings.filter((f) => f.status === 'fail'))).toEqual(expectedFailures(name));
    expect(ids('unknown'), say(findings.filter((f) => f.status === 'unknown'))).toEqual([]);
    // Every owned rule was judged on something (a key, a role, a trail or the account).
    expect([...new Set(findings.map((f) => f.ruleId))].sort()).toEqual([...OWNED].sort());
  });

  it('baseline: the two keys, their aliases, the Snowflake role and the trail as the plan leaves them', async () => {
    const { inventory, findings } = await run('baseline');
    expect(inventory.keys.map((k) => k.arn)).toEqual(['arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.cloudtrail', 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.stage']);
    expect(inventory.aliases['eu-west-1']).toEqual({
      state: 'present',
      value: [
        { name: 'alias/cloudtrail-org-audit', arn: 'arn:aws:kms:eu-west-1:111122223333:alias/cloudtrail-org-audit', targetKeyId: 'tf-aws_kms_key.cloudtrail' },
        { name: 'alias/snowflake-s3-kms-stage', arn: 'arn:aws:kms:eu-west-1:111122223333:alias/snowflake-s3-kms-stage', targetKeyId: 'tf-aws_kms_key.stage' },
      ],
    });
    expect(inventory.roles.map((r) => [r.arn, r.purposes])).toEqual([['arn:aws:iam::111122223333:role/snowflake-s3-kms-role', ['snowflake']]]);
    expect(inventory.roles[0]!.policies.state).toBe('present');
    const [trail] = inventory.trails;
    expect(trail).toMatchObject({ name: 'org-audit', homeRegion: 'eu-west-1', kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.cloudtrail', s3BucketName: 'org-audit-trail-111122223333' });
    const guard = findings.find((f) => f.ruleId === 'kms-deletion-window-guard' && f.resource.id.endsWith('tf-aws_kms_key.stage'));
    expect(guard?.message).toBe('deletion_window_in_days is 10: a deletion of the key waits at least the profile minimum of 10 days.');
  });

  it('short-deletion-window: the stage key’s window and rotation are what fail, with the numbers', async () => {
    const { findings } = await run('short-deletion-window');
    const failing = findings.filter((f) => f.status === 'fail');
    expect(failing.map((f) => [f.ruleId, f.resource.id])).toEqual([
      ['kms-deletion-window-guard', 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.stage'],
      ['kms-rotation-enabled', 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.stage'],
    ]);
    expect(failing[0]!.message).toBe('deletion_window_in_days is 7, below the profile minimum of 10 days: destroying the key schedules its deletion with a 7-day waiting period.');
  });

  it('trust-without-external-id: the Snowflake role’s trust policy fails for the missing sts:ExternalId', async () => {
    const { findings } = await run('trust-without-external-id');
    const failing = findings.filter((f) => f.status === 'fail');
    expect(failing.map((f) => [f.ruleId, f.resource.id])).toEqual([['iam-trust-external-id', 'arn:aws:iam::111122223333:role/snowflake-s3-kms-role']]);
    expect(failing[0]!.message).toMatch(/ExternalId/);
  });

  it('baseline under a CIS profile (cloudtrail.requireBucketAccessLogging): the trail bucket fails for its missing access logging, and only that', async () => {
    const cis = profileSchema.parse({ ...profile, cloudtrail: { requireBucketAccessLogging: true } });
    const { findings } = await run('baseline', cis);
    const failing = findings.filter((f) => f.status === 'fail');
    expect(failing.map((f) => [f.ruleId, f.message])).toEqual([['trail-bucket-secured', 'Trail bucket org-audit-trail-111122223333: server access logging off (cloudtrail.requireBucketAccessLogging).']]);
  });
});
