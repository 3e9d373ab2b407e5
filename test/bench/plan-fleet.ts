/**
 * A generated Terraform plan of N stage buckets, each with its split resources, built by repeating
 * the stage bucket of the shared baseline fixture (real `terraform show -json` output) under new
 * names and addresses — so the shapes are the provider's, only the count is ours.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BASELINE = fileURLToPath(new URL('../fixtures/terraform/baseline/plan.json', import.meta.url));
const STAGE = 's3-snow-kms-test-v3';

type Json = Record<string, unknown>;
const isStagePart = (r: { address: string; type: string }) => r.address.endsWith('.stage') && r.type.startsWith('aws_s3_bucket');

/** The baseline plan with `count` stage buckets instead of one (their keys and roles unchanged). */
export function planWithBuckets(count: number): string {
  const plan = JSON.parse(readFileSync(BASELINE, 'utf8')) as Json;
  const planned = (plan.planned_values as { root_module: { resources: Json[] } }).root_module;
  const changes = plan.resource_changes as Json[];
  const configs = (plan.configuration as { root_module: { resources: Json[] } }).root_module.resources;
  // The bucket's name and ARN, and the addresses of the bucket and its split resources (not the key's or role's).
  const rename = (text: string, i: number) =>
    text
      .replaceAll(`"${STAGE}"`, `"${STAGE}-${i}"`)
      .replaceAll(`:::${STAGE}`, `:::${STAGE}-${i}`)
      .replace(/(aws_s3_bucket[a-z_]*)\.stage\b/g, `$1.stage_${i}`);
  const grow = (list: Json[]) => {
    const parts = list.filter((r) => isStagePart(r as { address: string; type: string }));
    const copies = Array.from({ length: count - 1 }, (_, i) => parts.map((p) => JSON.parse(rename(JSON.stringify(p), i + 1)) as Json)).flat();
    for (const c of copies) c.name = String(c.address).split('.').pop();
    list.push(...copies);
  };
  grow(planned.resources);
  grow(changes);
  grow(configs);
  return JSON.stringify(plan);
}
