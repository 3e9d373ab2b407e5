/** Which Price List product is which price: usage-type suffixes, tiers, units, ambiguity. */
import { describe, expect, it } from 'vitest';
import { priceListEntry, regionProducts, type FakeProduct, type FakeRegionPrices } from '../testing/price-list-fake.js';
import { pricesFromProducts, type PriceListProduct } from './price-list-products.js';

const PRICES: FakeRegionPrices = {
  storage: { STANDARD: '0.0230000000', SIA: '0.0125000000', ZIA: '0.0100000000', 'INT-FA': '0.0230000000', 'INT-IA': '0.0125000000', GIR: '0.0040000000', Glacier: '0.0036000000', GDA: '0.0009900000' },
  tier1: '0.0000050000',
  tier2: '0.0000004000',
  transitionTier4: '0.0000100000',
  glacierTransition: '0.0000300000',
  gdaTransition: '0.0000500000',
  kmsKey: '1.0000000000',
  kmsRequest: '0.0000030000',
  dataEvent: '0.0000010000',
  interRegion: '0.0200000000',
};

/** As the collector sees them: each PriceList string parsed. */
const parsed = (products: FakeProduct[]) => {
  const out: Record<string, PriceListProduct[]> = {};
  for (const p of products) (out[p.serviceCode] ??= []).push(JSON.parse(priceListEntry(p)) as PriceListProduct);
  return out;
};

describe('pricesFromProducts', () => {
  it('us-east-1 usage types carry no Region prefix; the first paid tier is taken, in the table’s units', () => {
    const { prices, ambiguous } = pricesFromProducts('us-east-1', parsed(regionProducts('us-east-1', PRICES)));
    expect(ambiguous).toEqual({});
    expect(prices['s3.storageGbMonth.STANDARD']).toBe(0.023); // not the 0.022 / 0.021 tiers above 50 TB
    expect(prices['s3.storageGbMonth.INTELLIGENT_TIERING']).toBe(0.023); // Frequent Access, not INT-IA
    expect(prices['s3.putPer1k.STANDARD']).toBe(0.005);
    expect(prices['s3.getPer1k.STANDARD']).toBe(0.0004);
    expect(prices['s3.transitionPer1k.GLACIER']).toBe(0.03); // S3-GlacierTransition, not a Glacier restore
    expect(prices['s3.transitionPer1k.DEEP_ARCHIVE']).toBe(0.05);
    expect(prices['s3.transitionPer1k.GLACIER_IR']).toBeUndefined();
    expect(prices['kms.keyMonth']).toBe(1);
    expect(prices['kms.symmetricRequestsPer10k']).toBe(0.03); // not the free tier, not asymmetric
    expect(prices['cloudtrail.dataEventsPer100k']).toBe(0.1); // not paid management events
    expect(prices['transfer.interRegionPerGb']).toBe(0.02);
  });

  it('products of another Region, another unit or no price are not read', () => {
    const frankfurt = regionProducts('eu-central-1', PRICES);
    expect(Object.keys(pricesFromProducts('eu-west-1', parsed(frankfurt)).prices)).toEqual([]);
    const odd = frankfurt.map((p) => (p.attributes['usagetype'] === 'EUC1-TimedStorage-ByteHrs' ? { ...p, unit: 'Hrs' } : p.attributes['usagetype'] === 'EUC1-Requests-Tier2' ? { ...p, tiers: [['0', 'Inf', '0.0000000000']] as [string, string, string][] } : p));
    const { prices } = pricesFromProducts('eu-central-1', parsed(odd));
    expect(prices['s3.storageGbMonth.STANDARD']).toBeUndefined();
    expect(prices['s3.getPer1k.STANDARD']).toBeUndefined();
    expect(prices['s3.putPer1k.STANDARD']).toBe(0.005);
  });

  it('two products for one price at different prices: ambiguous, not read', () => {
    const products = regionProducts('eu-central-1', PRICES);
    const twin = products.find((p) => p.attributes['usagetype'] === 'EUC1-Requests-Tier1')!;
    const { prices, ambiguous } = pricesFromProducts('eu-central-1', parsed([...products, { ...twin, tiers: [['0', 'Inf', '0.0000060000']] }]));
    expect(prices['s3.putPer1k.STANDARD']).toBeUndefined();
    expect(ambiguous['s3.putPer1k.STANDARD']).toBe('2 products at different prices (0.005, 0.006)');
  });
});
