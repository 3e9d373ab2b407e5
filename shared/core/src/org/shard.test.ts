import { describe, expect, it } from 'vitest';
import { parseAccountList } from './accounts.js';
import { parseShard, shardOf } from './shard.js';

describe('--shard and --accounts', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['2/3', { index: 2, count: 3 }],
    [' 3 / 3 ', { index: 3, count: 3 }],
  ])('parses %j', (value, shard) => expect(parseShard(value)).toEqual(shard));

  it.each(['3/2', '0/2', 'x', '1/0', '1/', '/2', '1.5/2', '-1/2', '1/2/3', ''])('refuses %j, naming the option and the value', (value) => {
    expect(() => parseShard(value)).toThrow(`--shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/3), got ${JSON.stringify(value)}`);
  });

  it('puts a key in the same shard whatever else is listed, and spreads keys over every shard', () => {
    const ids = Array.from({ length: 300 }, (_, i) => String(100000000000 + i * 7919));
    const counts = [0, 0, 0];
    for (const id of ids) counts[shardOf(id, 3) - 1]!++;
    for (const c of counts) expect(c).toBeGreaterThan(70);
    expect(ids.map((id) => shardOf(id, 3))).toEqual([...ids].reverse().map((id) => shardOf(id, 3)).reverse());
    // A fixed value: the hash is part of the contract between shard jobs of different runs.
    expect(shardOf('123456789012', 3)).toBe(1);
  });

  it('reads --accounts sorted, once each; a value that is not 12 digits is named', () => {
    expect(parseAccountList('222222222222, 111111111111,222222222222')).toEqual(['111111111111', '222222222222']);
    expect(() => parseAccountList('12')).toThrow('--accounts: "12" is not a 12-digit AWS account id (in "12")');
    expect(() => parseAccountList(',')).toThrow('--accounts: expected comma-separated 12-digit account ids, got ","');
  });
});
