import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../profile/load.js';
import { defaultPriceTable } from './price-table.js';
import { loadPriceTable, parsePriceTableOverride, priceTableSchema } from './price-table-schema.js';

const messageOf = (raw: unknown, file = 'prices.json') => {
  try {
    parsePriceTableOverride(raw, file);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
};

describe('price table schema', () => {
  it('accepts the built-in table', () => {
    expect(priceTableSchema.parse(defaultPriceTable)).toEqual(defaultPriceTable);
  });

  it('a negative price fails with the file, the field path and the value', () => {
    expect(messageOf({ regions: { 'eu-west-1': { kms: { keyMonth: -1 } } } })).toBe('prices.json: regions.eu-west-1.kms.keyMonth: must be a nonnegative number (got -1)');
  });

  it('a non-numeric price fails with the file, the field path and the value', () => {
    expect(messageOf({ regions: { 'eu-west-1': { kms: { keyMonth: 'cheap' } } } })).toBe('prices.json: regions.eu-west-1.kms.keyMonth: must be a nonnegative number (got "cheap")');
    expect(messageOf({ regions: { 'us-east-1': { s3: { storageGbMonth: { GLACIER: null } } } } })).toBe('prices.json: regions.us-east-1.s3.storageGbMonth.GLACIER: must be a nonnegative number (got null)');
  });

  it('names every bad field, one per line', () => {
    const msg = messageOf({ regions: { 'eu-west-1': { kms: { keyMonth: -1 }, transfer: { interRegionPerGb: 'free' } } } });
    expect(msg.split('\n')).toEqual([
      'prices.json: regions.eu-west-1.kms.keyMonth: must be a nonnegative number (got -1)',
      'prices.json: regions.eu-west-1.transfer.interRegionPerGb: must be a nonnegative number (got "free")',
    ]);
  });

  it('rejects unknown fields (a typo would silently keep the old price)', () => {
    expect(messageOf({ regions: { 'eu-west-1': { kms: { keyMonht: 2 } } } })).toBe('prices.json: regions.eu-west-1.kms: unknown field "keyMonht"');
  });

  it('a new Region must be complete: nothing is guessed from another Region', () => {
    expect(messageOf({ regions: { 'xx-nowhere-1': { kms: { keyMonth: 1 } } } })).toContain('prices.json: regions.xx-nowhere-1.kms.rotationSurchargeMonth: must be a nonnegative number (got nothing: the field is missing)');
  });

  it('a valid partial override changes one price and keeps the rest', () => {
    const table = parsePriceTableOverride({ regions: { 'eu-west-1': { kms: { keyMonth: 1.1 } } } }, 'prices.json');
    expect(table.regions['eu-west-1']!.kms.keyMonth).toBe(1.1);
    expect(table.regions['eu-west-1']!.kms.symmetricRequestsPer10k).toBe(0.03);
    expect(table.regions['eu-west-1']!.s3).toEqual(defaultPriceTable.regions['eu-west-1']!.s3);
    expect(table.regions['us-east-1']).toEqual(defaultPriceTable.regions['us-east-1']);
    expect(table.priceTableDate).toBe(defaultPriceTable.priceTableDate);
    expect(table.sources.at(-1)).toBe('overrides from prices.json');
    // The built-in table is not mutated.
    expect(defaultPriceTable.regions['eu-west-1']!.kms.keyMonth).toBe(1);
  });

  it('a file may add a complete Region and set its own date and sources', () => {
    const table = parsePriceTableOverride(
      { priceTableDate: '2027-01-15', sources: ['xx-nowhere-1 from the AWS Price List, 2027-01-15'], regions: { 'xx-nowhere-1': structuredClone(defaultPriceTable.regions['us-east-1']) } },
      'prices.yaml',
    );
    expect(Object.keys(table.regions)).toContain('xx-nowhere-1');
    expect(table.priceTableDate).toBe('2027-01-15');
    expect(table.sources).toContain('xx-nowhere-1 from the AWS Price List, 2027-01-15');
  });

  it('rejects a file that is not an object', () => {
    expect(messageOf([1, 2])).toBe('prices.json: must be an object of price-table fields (got [1,2])');
  });
});

describe('loadPriceTable', () => {
  const write = async (name: string, text: string) => {
    const dir = await mkdtemp(join(tmpdir(), 'envelope-prices-'));
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  };

  it('reads a YAML override', async () => {
    const file = await write('prices.yaml', 'regions:\n  us-east-1:\n    transfer:\n      interRegionPerGb: 0.015\n');
    const table = await loadPriceTable(file);
    expect(table.regions['us-east-1']!.transfer.interRegionPerGb).toBe(0.015);
  });

  it('reads a JSON override and reports a bad value with the file it came from', async () => {
    const file = await write('prices.json', JSON.stringify({ regions: { 'eu-west-1': { kms: { keyMonth: -1 } } } }));
    await expect(loadPriceTable(file)).rejects.toThrow(`${file}: regions.eu-west-1.kms.keyMonth: must be a nonnegative number (got -1)`);
  });

  it('a YAML .nan is not a price', async () => {
    const file = await write('prices.yml', 'regions:\n  eu-west-1:\n    cloudtrail:\n      dataEventsPer100k: .nan\n');
    await expect(loadPriceTable(file)).rejects.toThrow(`${file}: regions.eu-west-1.cloudtrail.dataEventsPer100k: must be a nonnegative number (got NaN)`);
  });

  it('an unreadable or malformed file is a ConfigError naming it', async () => {
    await expect(loadPriceTable('/nonexistent/prices.json')).rejects.toThrow('/nonexistent/prices.json: cannot read the price table (ENOENT)');
    const file = await write('prices.json', '{ not json');
    await expect(loadPriceTable(file)).rejects.toThrow(`${file}: not valid JSON`);
  });
});
