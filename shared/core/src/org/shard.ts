import { createHash } from 'node:crypto';
import { ConfigError } from '../profile/load.js';

/** `--shard i/n`: this run is shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `--shard i/n` (1 ≤ i ≤ n); anything else is a ConfigError naming the option and the value. */
export function parseShard(value: string): Shard {
  const m = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new ConfigError(`--shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/3), got ${JSON.stringify(value)}`);
  return { index, count };
}

/**
 * The shard (1-based) that owns `key` among `count`: from a hash of the key alone, so an account or
 * a bucket stays in its shard whatever else the list holds and in whatever order it comes.
 */
export function shardOf(key: string, count: number): number {
  return (createHash('sha256').update(key).digest().readUInt32BE(0) % count) + 1;
}

export const ownedBy = (shard: Shard | undefined, key: string): boolean => shard === undefined || shardOf(key, shard.count) === shard.index;
