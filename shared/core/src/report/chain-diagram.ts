/**
 * A small mermaid flowchart of each Snowflake stage's chain — stage → storage integration → IAM
 * role, and stage → S3 bucket → KMS key — drawn from an inventory, for the PR comment when the
 * change touches a Snowflake stage or integration. It shows links as the inventory records them
 * (names from DESC STAGE / DESC INTEGRATION, the bucket's default encryption); a link that could
 * not be read is drawn dashed with "?". It judges nothing: the findings do.
 *
 * Every label is untrusted (object names, ARNs, URLs): only [A-Za-z0-9 ._:/?-] pass through, every
 * other character becomes a mermaid entity (`#96;`), so no label can end its quotes, the code
 * fence, or the diagram.
 */
import { bucketNameOf } from '../model/encryption.js';
import type { Inventory } from '../model/inventory.js';

const MAX_LABEL = 60;
const MAX_STAGES = 8;

export function mermaidLabel(text: string): string {
  const cut = text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
  return [...cut].map((c) => (/^[A-Za-z0-9 ._:/?-]$/.test(c) ? c : `#${c.codePointAt(0)};`)).join('');
}

/** `arn:aws:iam::1:role/x` → `x`; `arn:aws:kms:r:1:key/id` → `key/id`. */
const shortArn = (arn: string): string => arn.replace(/^arn:[^:]+:iam::\d*:role\//, '').replace(/^arn:[^:]+:kms:[^:]*:\d*:/, '');

function bucketOfUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let first = url;
  try {
    const parsed = JSON.parse(url) as unknown;
    if (Array.isArray(parsed) && typeof parsed[0] === 'string') first = parsed[0];
  } catch {
    /* a plain URL */
  }
  return /^s3:\/\/([^/]+)/.exec(first)?.[1];
}

/** The flowchart source (no fence), or undefined when the inventory has no Snowflake stage or integration. */
export function snowflakeChainMermaid(inventory: Inventory): string | undefined {
  const { stages, integrations } = inventory.snowflake;
  if (stages.length === 0 && integrations.length === 0) return undefined;
  const lines = ['flowchart LR'];
  const ids = new Map<string, string>();
  const node = (key: string, label: string): string => {
    let id = ids.get(key);
    if (!id) {
      id = `n${ids.size}`;
      ids.set(key, id);
      lines.push(`  ${id}["${mermaidLabel(label)}"]`);
    }
    return id;
  };
  const edge = (from: string, to: string, known = true): void => {
    lines.push(known ? `  ${from} --> ${to}` : `  ${from} -.-> ${to}`);
  };
  const props = (o: { properties: Inventory['snowflake']['stages'][number]['properties'] }): Record<string, string> => (o.properties.state === 'present' ? o.properties.value : {});
  const integrationOf = (name: string) => integrations.find((i) => i.name === name);

  const linkIntegration = (from: string, name: string): void => {
    const integration = integrationOf(name);
    const to = node(`integration:${name}`, `integration ${name}`);
    edge(from, to);
    const role = integration ? props(integration).STORAGE_AWS_ROLE_ARN : undefined;
    if (role) edge(to, node(`role:${role}`, `role ${shortArn(role)}`));
    else if (integration) edge(to, node(`role:?${name}`, 'role ?'), false);
  };

  for (const stage of stages.slice(0, MAX_STAGES)) {
    const p = props(stage);
    const s = node(`stage:${stage.id}`, `stage ${stage.name}`);
    if (p.STORAGE_INTEGRATION) linkIntegration(s, p.STORAGE_INTEGRATION);
    const bucketName = bucketOfUrl(p.URL);
    if (!bucketName) {
      edge(s, node(`bucket:?${stage.id}`, 'bucket ?'), false);
      continue;
    }
    const b = node(`bucket:${bucketName}`, `bucket ${bucketName}`);
    edge(s, b);
    const bucket = inventory.buckets.find((x) => bucketNameOf(x.arn) === bucketName || x.name === bucketName);
    const rules = bucket?.encryption.state === 'present' ? bucket.encryption.value : undefined;
    const key = rules?.find((r) => r.kmsMasterKeyId)?.kmsMasterKeyId ?? p['ENCRYPTION.KMS_KEY_ID'];
    if (key) edge(b, node(`key:${key}`, `key ${shortArn(key)}`), rules !== undefined);
    else edge(b, node(`key:?${bucketName}`, 'key ?'), false);
  }
  // Integrations no stage in the plan uses still show their role.
  for (const integration of integrations) {
    if (!ids.has(`integration:${integration.name}`)) {
      const role = props(integration).STORAGE_AWS_ROLE_ARN;
      const i = node(`integration:${integration.name}`, `integration ${integration.name}`);
      if (role) edge(i, node(`role:${role}`, `role ${shortArn(role)}`));
    }
  }
  if (stages.length > MAX_STAGES) lines.push(`  more["… ${stages.length - MAX_STAGES} more stages"]`);
  return lines.join('\n');
}
