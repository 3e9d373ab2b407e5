import type { AliasEntry } from './inventory.js';
import type { Observed } from './observed.js';

/**
 * The key ARN a key reference names, in the Region it is used in: a key ARN as is; an alias (name
 * or ARN) through that Region's alias list; a bare key id completed with account and Region.
 * Undefined when an alias cannot be resolved. Collectors and rules resolve references the same way.
 */
export function resolveKeyRef(
  ref: string,
  region: string,
  where: { account: string; partition: string; aliases: Record<string, Observed<AliasEntry[]>> },
): string | undefined {
  if (/^arn:[^:]+:kms:[^:]+:\d+:key\//.test(ref)) return ref;
  const keyArn = (id: string) => `arn:${where.partition}:kms:${region}:${where.account}:key/${id}`;
  const aliasName = ref.startsWith('alias/') ? ref : /:(alias\/.+)$/.exec(ref)?.[1];
  if (aliasName) {
    const list = where.aliases[region];
    const target = list?.state === 'present' ? list.value.find((a) => a.name === aliasName)?.targetKeyId : undefined;
    return target ? keyArn(target) : undefined;
  }
  return keyArn(ref);
}
