/** Which Price List product is which price: usage-type suffixes, tiers, units, ambiguity. */
import { describe, expect, it } from 'vitest';
import { PUBLISHED_PRICES, priceListEntry, regionProducts, type FakeProduct } from '../testing/price-list-fake.js';
import { pricesFromProducts, type PriceListProduct } from './price-list-products.js';

/** As the collector sees them: each PriceList string parsed. */
const parsed = (products: FakeProduct[]) => {
  const out: Record<string, PriceListProduct[]> = {};
  for (const p of products) (out[p.serviceCode] ??= []).push(JSON.parse(priceListEntry(p)) as PriceListProduct);
  return out;
};

describe('pricesFromProducts', () => {
  it('us-east-1 usage types carry no Region prefix; the first paid tier is taken, in the table’s units', () => {
    const { prices, ambiguous } = pricesFromProducts('us-east-1', parsed(regionProducts('us-east-1', PUBLISHED_PRICES)));
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
    const frankfurt = regionProducts('eu-central-1', PUBLISHED_PRICES);
    expect(Object.keys(pricesFromProducts('eu-west-1', parsed(frankfurt)).prices)).toEqual([]);
    const odd = frankfurt.map((p) => (p.attributes['usagetype'] === 'EUC1-TimedStorage-ByteHrs' ? { ...p, unit: 'Hrs' } : p.attributes['usagetype'] === 'EUC1-Requests-Tier2' ? { ...p, tiers: [['0', 'Inf', '0.0000000000']] as [string, string, string][] } : p));
    const { prices } = pricesFromProducts('eu-central-1', parsed(odd));
    expect(prices['s3.storageGbMonth.STANDARD']).toBeUndefined();
    expect(prices['s3.getPer1k.STANDARD']).toBeUndefined();
    expect(prices['s3.putPer1k.STANDARD']).toBe(0.005);
  });

  it('two products for one price at different prices: ambiguous, not read', () => {
    const products = regionProducts('eu-central-1', PUBLISHED_PRICES);
    const twin = products.find((p) => p.attributes['usagetype'] === 'EUC1-Requests-Tier1')!;
    const { prices, ambiguous } = pricesFromProducts('eu-central-1', parsed([...products, { ...twin, tiers: [['0', 'Inf', '0.0000060000']] }]));
    expect(prices['s3.putPer1k.STANDARD']).toBeUndefined();
    expect(ambiguous['s3.putPer1k.STANDARD']).toBe('2 products at different prices (0.005, 0.006)');
  });
});
