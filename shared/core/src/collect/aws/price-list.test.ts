/** --prices aws: the Price List Query API read through an msw fake speaking its wire format. */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultPriceTable } from '../../cost/price-table.js';
import { parsePriceTableOverride } from '../../cost/price-table-schema.js';
import { CURRENT_PRICES, fakePriceList, regionProducts, type FakePriceListOptions, type FakeRegionPrices } from '../../testing/price-list-fake.js';
import { AwsClients } from './clients.js';
import { awsPriceResolver, PriceListReader, readPriceList } from './price-list.js';

/** Ireland quotes the fake's current prices; Frankfurt two others. */
const IRELAND = CURRENT_PRICES;
const FRANKFURT: FakeRegionPrices = { ...IRELAND, storage: { ...IRELAND.storage, STANDARD: '0.0246000000' }, interRegion: '0.0220000000' };
const NOW = new Date('2026-12-06T10:00:00Z');

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function withFake(options: FakePriceListOptions = {}) {
  const fake = fakePriceList([...regionProducts('eu-west-1', IRELAND), ...regionProducts('eu-central-1', FRANKFURT)], options);
  server.use(fake.handler);
  return fake;
}

const clientsFor = (extra: Partial<ConstructorParameters<typeof AwsClients>[0]> = {}) =>
  new AwsClients({ defaultRegion: 'eu-west-1', credentials: async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }), ...extra });

describe('readPriceList', () => {
  it('reads every price the Price List gives for each Region, over the built-in table, following NextToken', async () => {
    const fake = withFake({ pageSize: 7 });
    const clients = clientsFor();
    const { table, gaps } = await readPriceList(clients, ['eu-west-1', 'eu-central-1'], defaultPriceTable, NOW);
    clients.destroy();
    expect(gaps).toEqual([]);
    const ie = table.regions['eu-west-1']!;
    expect(ie.s3.storageGbMonth).toEqual({ STANDARD: 0.0231, STANDARD_IA: 0.0126, ONEZONE_IA: 0.0101, INTELLIGENT_TIERING: 0.0232, GLACIER_IR: 0.0041, GLACIER: 0.0037, DEEP_ARCHIVE: 0.001 });
    // Per request in the Price List, per 1,000 in the table.
    expect(ie.s3.putPer1k.STANDARD).toBe(0.0051);
    expect(ie.s3.getPer1k.DEEP_ARCHIVE).toBe(0.00041);
    expect(ie.s3.transitionPer1k).toEqual({ STANDARD: 0, STANDARD_IA: 0.011, ONEZONE_IA: 0.011, INTELLIGENT_TIERING: 0.011, GLACIER_IR: 0.02, GLACIER: 0.034, DEEP_ARCHIVE: 0.056 });
    // KMS: the paid tier (the first 20,000 requests are the account's free tier), per 10,000.
    expect(ie.kms).toEqual({ keyMonth: 1.1, rotationSurchargeMonth: 1, rotationSurchargeCap: 2, symmetricRequestsPer10k: 0.031 });
    expect(ie.cloudtrail.dataEventsPer100k).toBe(0.11);
    // The rate to most destinations, not the one cheaper pair.
    expect(ie.transfer.interRegionPerGb).toBe(0.021);
    expect(table.regions['eu-central-1']!.s3.storageGbMonth.STANDARD).toBe(0.0246);
    expect(table.regions['eu-central-1']!.transfer.interRegionPerGb).toBe(0.022);
    // Regions not asked for keep the built-in figures, and the built-in table is not changed.
    expect(table.regions['us-east-1']).toEqual(defaultPriceTable.regions['us-east-1']);
    expect(defaultPriceTable.regions['eu-west-1']!.s3.storageGbMonth.STANDARD).toBe(0.023);
    // Where each Region's prices came from, including what the Price List did not give.
    expect(table.regionSources!['eu-west-1']).toBe(
      `AWS Price List API, read 2026-12-06; built-in table dated ${defaultPriceTable.priceTableDate} for kms.rotationSurchargeMonth, s3.transitionPer1k.GLACIER_IR`,
    );
    expect(table.priceTableDate).toBe(defaultPriceTable.priceTableDate);
    // Pagination: 4 services × 2 Regions, the S3 offers over several pages of 7.
    const s3Products = regionProducts('eu-west-1', IRELAND).filter((p) => p.serviceCode === 'AmazonS3').length;
    expect(fake.requests['AmazonS3']).toBe(2 * Math.ceil(s3Products / 7));
    expect(fake.bodies.filter((b) => b.NextToken).length).toBeGreaterThan(0);
    expect(clients.stats.byOperation()['pricing:GetProducts']).toBe(Object.values(fake.requests).reduce((a, b) => a + b, 0));
  });

  it('asks each service for the Region by its code, in the aws_v1 format', async () => {
    const fake = withFake();
    const clients = clientsFor();
    await readPriceList(clients, ['eu-central-1'], defaultPriceTable, NOW);
    clients.destroy();
    const first = (service: string) => fake.bodies.find((b) => b.ServiceCode === service)!;
    expect(first('AmazonS3')).toMatchObject({ FormatVersion: 'aws_v1', MaxResults: 100, Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-central-1' }] });
    expect(first('awskms').Filters).toEqual([{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-central-1' }]);
    expect(first('AWSCloudTrail').Filters).toEqual([{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-central-1' }]);
    expect(first('AWSDataTransfer').Filters).toEqual([
      { Type: 'TERM_MATCH', Field: 'fromRegionCode', Value: 'eu-central-1' },
      { Type: 'TERM_MATCH', Field: 'transferType', Value: 'InterRegion Outbound' },
    ]);
  });

  it('reads each (service, filters) once per run: the reader caches', async () => {
    const fake = withFake();
    const clients = clientsFor();
    const reader = new PriceListReader(clients);
    const filters = [{ Type: 'TERM_MATCH' as const, Field: 'regionCode', Value: 'eu-west-1' }];
    const [a, b] = await Promise.all([reader.products('awskms', filters), reader.products('awskms', filters)]);
    await reader.products('awskms', filters);
    clients.destroy();
    expect(a).toBe(b);
    expect(a.length).toBe(3);
    expect(fake.requests['awskms']).toBe(1);
  });

  it('denied: no scan-ending error; the built-in table prices the Region and each failed read is a gap', async () => {
    const fake = withFake({ fail: { services: ['AmazonS3', 'awskms', 'AWSCloudTrail', 'AWSDataTransfer'], type: 'AccessDeniedException', status: 400 } });
    const clients = clientsFor();
    const { table, gaps } = await readPriceList(clients, ['eu-west-1'], defaultPriceTable, NOW);
    clients.destroy();
    expect(table.regions['eu-west-1']).toEqual(defaultPriceTable.regions['eu-west-1']);
    expect(table.regionSources!['eu-west-1']).toBe(
      `built-in table dated ${defaultPriceTable.priceTableDate}: the AWS Price List gave no price for eu-west-1 (AWSCloudTrail, AWSDataTransfer, AmazonS3, awskms could not be read)`,
    );
    expect(gaps.map((g) => g.resource)).toEqual(['AWS Price List (AWSCloudTrail, eu-west-1)', 'AWS Price List (AWSDataTransfer, eu-west-1)', 'AWS Price List (AmazonS3, eu-west-1)', 'AWS Price List (awskms, eu-west-1)']);
    expect(gaps[0]!.reason).toBe(
      `access denied to pricing:GetProducts: User is not authorized to perform: pricing:GetProducts; the built-in table dated ${defaultPriceTable.priceTableDate} prices eu-west-1 instead`,
    );
    // Denied is not retried; the calls are counted.
    expect(fake.requests['AmazonS3']).toBe(1);
    expect(clients.stats.byOperation()['pricing:GetProducts']).toBe(4);
  });

  it('throttled S3 offer: retried, then built-in for the S3 prices only; the others are read', async () => {
    const fake = withFake({ fail: { services: ['AmazonS3'], type: 'ThrottlingException', status: 400 } });
    const clients = clientsFor({ maxAttempts: 2 });
    const { table, gaps } = await readPriceList(clients, ['eu-west-1'], defaultPriceTable, NOW);
    clients.destroy();
    expect(fake.requests['AmazonS3']).toBe(2);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.reason).toMatch(/^pricing:GetProducts was throttled after 2 attempts \(ThrottlingException\); the built-in table/);
    const ie = table.regions['eu-west-1']!;
    expect(ie.s3).toEqual(defaultPriceTable.regions['eu-west-1']!.s3);
    expect(ie.kms.keyMonth).toBe(1.1);
    expect(table.regionSources!['eu-west-1']).toMatch(/^AWS Price List API, read 2026-12-06; built-in table dated \S+ for kms\.rotationSurchargeMonth, s3\.transitionPer1k\.GLACIER_IR, s3\.storageGbMonth\.STANDARD, /);
  });

  it('a Region the built-in table lacks stays not priced: the Price List cannot give every price', async () => {
    const fake = fakePriceList(regionProducts('ap-south-1', IRELAND));
    server.use(fake.handler);
    const clients = clientsFor();
    const base = { ...defaultPriceTable, regions: Object.fromEntries(Object.entries(defaultPriceTable.regions).filter(([r]) => r !== 'ap-south-1')) };
    const { table } = await readPriceList(clients, ['ap-south-1'], base, NOW);
    clients.destroy();
    expect(table.regions['ap-south-1']).toBeUndefined();
  });

  it('goes where the endpoint override points, like every other client', async () => {
    const fake = withFake({ url: 'http://127.0.0.1:4599/' });
    const clients = clientsFor({ endpoint: 'http://127.0.0.1:4599' });
    const { gaps } = await readPriceList(clients, ['eu-west-1'], defaultPriceTable, NOW);
    clients.destroy();
    expect(gaps).toEqual([]);
    expect(fake.requests['AmazonS3']).toBe(1);
  });
});

describe('awsPriceResolver: --prices aws with --price-table', () => {
  it('lays the override file over the Price List, which lies over the built-in table', async () => {
    withFake();
    const clients = clientsFor();
    const raw = { regions: { 'eu-west-1': { kms: { keyMonth: 0.5 } } } };
    const override = { file: 'prices.yaml', raw, table: parsePriceTableOverride(raw, 'prices.yaml') };
    const { table } = await awsPriceResolver(clients, override)(['eu-west-1']);
    clients.destroy();
    const ie = table.regions['eu-west-1']!;
    expect(ie.kms.keyMonth).toBe(0.5); // the file
    expect(ie.kms.symmetricRequestsPer10k).toBe(0.031); // the Price List
    expect(ie.kms.rotationSurchargeMonth).toBe(1); // built-in
    expect(table.regionSources!['eu-west-1']).toMatch(/^AWS Price List API, read \d{4}-\d{2}-\d{2}; built-in table dated \S+ for kms\.rotationSurchargeMonth, s3\.transitionPer1k\.GLACIER_IR, with overrides from prices\.yaml$/);
    expect(table.sources.at(-1)).toBe('overrides from prices.yaml');
  });
});
