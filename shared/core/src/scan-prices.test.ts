/**
 * `envelope scan --prices aws` end to end on the demo account: the real collectors and the real
 * Pricing client, the AWS side emulated (the Price List by an msw fake on its wire format). The
 * report says where each Region's prices came from, and a Price List that refuses is a gap, not the
 * end of the scan.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { AwsClients } from './collect/aws/clients.js';
import { awsPriceResolver } from './collect/aws/price-list.js';
import { defaultPriceTable } from './cost/price-table.js';
import { demoProfile, withDemoAccount } from './demo/index.js';
import { parseProfile } from './profile/load.js';
import { reportJsonSchema } from './report/json-schema.js';
import type { Report } from './report/schema.js';
import { scanAwsAccount } from './scan.js';
import { CURRENT_PRICES, fakePriceList, regionProducts, type FakePriceListOptions } from './testing/price-list-fake.js';

async function scanWithPriceList(options: FakePriceListOptions = {}) {
  const fake = fakePriceList([...regionProducts('eu-west-1', CURRENT_PRICES), ...regionProducts('eu-west-2', CURRENT_PRICES)], { pageSize: 10, ...options });
  const report = await withDemoAccount(
    async ({ region, credentials }) => {
      const clients = new AwsClients({ defaultRegion: region, credentials, maxAttempts: 1 });
      try {
        return await scanAwsAccount({ clients, profile: parseProfile(demoProfile, 'demo profile'), sourceKind: 'demo', resolvePrices: awsPriceResolver(clients) });
      } finally {
        clients.destroy();
      }
    },
    { handlers: [fake.handler] },
  );
  return { report, fake };
}

const storageLine = (r: Report, region: string) => r.cost!.lines.find((l) => l.component === 's3-storage:STANDARD' && l.region === region);

function validate(report: Report) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats.default(ajv);
  const check = ajv.compile(reportJsonSchema());
  return check(JSON.parse(JSON.stringify(report))) ? [] : check.errors;
}

describe('scan --prices aws (demo account, Price List fake)', () => {
  it('prices the scanned Regions at the Price List’s figures and names the source per Region', async () => {
    const { report, fake } = await scanWithPriceList();
    expect(report.cost!.priceSources).toEqual([
      { region: 'eu-west-1', source: expect.stringMatching(/^AWS Price List API, read \d{4}-\d{2}-\d{2}; built-in table dated \S+ for kms\.rotationSurchargeMonth, s3\.transitionPer1k\.GLACIER_IR$/) },
      { region: 'eu-west-2', source: expect.stringMatching(/^AWS Price List API, read /) },
    ]);
    expect(storageLine(report, 'eu-west-1')!.unitPrice).toBe(0.0231);
    expect(report.cost!.lines.find((l) => l.component === 'kms-key' && l.region === 'eu-west-1')!.unitPrice).toBe(1.1);
    expect(report.cost!.assumptions.some((a) => a.startsWith('Prices for eu-west-1: AWS Price List API, read '))).toBe(true);
    // Only the scanned Regions were asked for, and every call is counted like any other.
    expect(new Set(fake.bodies.map((b) => b.Filters![0]!.Value))).toEqual(new Set(['eu-west-1', 'eu-west-2']));
    expect(report.stats.apiCallsByOperation['pricing:GetProducts']).toBe(fake.bodies.length);
    expect(report.stats.apiCalls['pricing']).toBe(fake.bodies.length);
    expect(report.gaps.filter((g) => g.resource.startsWith('AWS Price List'))).toEqual([]);
    expect(validate(report)).toEqual([]);
  });

  it('denied: the scan ends normally on the built-in table, says so per Region, and lists the failed reads as gaps', async () => {
    const { report } = await scanWithPriceList({ fail: { services: ['AmazonS3', 'awskms', 'AWSCloudTrail', 'AWSDataTransfer'], type: 'AccessDeniedException', status: 400 } });
    expect(storageLine(report, 'eu-west-1')!.unitPrice).toBe(defaultPriceTable.regions['eu-west-1']!.s3.storageGbMonth.STANDARD);
    expect(report.cost!.priceSources!.find((s) => s.region === 'eu-west-1')!.source).toBe(
      `built-in table dated ${defaultPriceTable.priceTableDate}: the AWS Price List gave no price for eu-west-1 (AWSCloudTrail, AWSDataTransfer, AmazonS3, awskms could not be read)`,
    );
    const gaps = report.gaps.filter((g) => g.resource.startsWith('AWS Price List'));
    expect(gaps).toHaveLength(8);
    expect(gaps[0]!.reason).toMatch(/^access denied to pricing:GetProducts/);
    // Cost findings still judge at the built-in prices: none turned unknown for want of a price.
    expect(report.findings.filter((f) => f.ruleId.startsWith('cost-') && f.status === 'unknown' && f.message.includes('no prices'))).toEqual([]);
    expect(validate(report)).toEqual([]);
  });

  it('without --prices aws, no Price List call is made and the built-in table is named', async () => {
    const report = await withDemoAccount(async ({ region, credentials }) => {
      const clients = new AwsClients({ defaultRegion: region, credentials, maxAttempts: 1 });
      try {
        return await scanAwsAccount({ clients, profile: parseProfile(demoProfile, 'demo profile'), sourceKind: 'demo' });
      } finally {
        clients.destroy();
      }
    });
    expect(report.stats.apiCalls['pricing']).toBeUndefined();
    expect(report.cost!.priceSources).toEqual([
      { region: 'eu-west-1', source: `built-in table dated ${defaultPriceTable.priceTableDate}` },
      { region: 'eu-west-2', source: `built-in table dated ${defaultPriceTable.priceTableDate}` },
    ]);
  });
});
