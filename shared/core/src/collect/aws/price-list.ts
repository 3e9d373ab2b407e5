/**
 * `--prices aws`: current prices for the scanned Regions from the AWS Price List Query API
 * (pricing:GetProducts), mapped onto the price table. The built-in table stays the base: a price
 * the API does not give for a Region, or a call that fails (denied, throttled), leaves the built-in
 * figure, and the table says per Region where its prices came from. A failed call is a gap of the
 * scan, never the end of it.
 */
import { GetProductsCommand, type Filter } from '@aws-sdk/client-pricing';
import pLimit from 'p-limit';
import type { Gap } from '../../model/inventory.js';
import type { PriceTable, RegionPrices } from '../../cost/price-table-types.js';
import { defaultPriceTable } from '../../cost/price-table.js';
import { parsePriceTableOverride, type PriceOverride } from '../../cost/price-table-schema.js';
import { NOT_IN_PRICE_LIST, PRICE_LIST_FIELDS, pricesFromProducts, type PriceListField, type PriceListProduct, type PriceListService } from '../../cost/price-list-products.js';
import type { AwsClients } from './clients.js';
import { describeFailure } from './errors.js';
import { declareCalls } from './declared-calls.js';

/** IAM needs of this file's calls (declared-calls.ts). */
export const PRICE_LIST_CALLS = declareCalls([{ service: 'pricing', operation: 'GetProducts', action: 'pricing:GetProducts', resource: 'account', feature: 'prices' }]);

export interface PriceListRead {
  /** `base` with the prices read laid over it, and `regionSources` saying where each Region's came from. */
  table: PriceTable;
  /** Calls that failed: the built-in prices stand in for what they would have given. */
  gaps: Gap[];
}

/** Pages of 100 products; a Region's S3 offer is a few hundred. Bounded so a looping NextToken cannot hold a scan. */
const MAX_PAGES = 50;
/** The Query API's rate is low (a few calls a second); Regions × 4 services are read at most this many at a time. */
const CONCURRENCY = 4;

const term = (Field: string, Value: string): Filter => ({ Type: 'TERM_MATCH', Field, Value });

/** What to ask each service for one Region. */
const QUERIES: Record<PriceListService, (region: string) => Filter[]> = {
  AmazonS3: (r) => [term('regionCode', r)],
  awskms: (r) => [term('regionCode', r)],
  AWSCloudTrail: (r) => [term('regionCode', r)],
  AWSDataTransfer: (r) => [term('fromRegionCode', r), term('transferType', 'InterRegion Outbound')],
};

/**
 * Reads the Price List once per (service, filters) for this run: a reader is made per scan, so the
 * cache lives exactly as long as the run.
 */
export class PriceListReader {
  private readonly cache = new Map<string, Promise<PriceListProduct[]>>();
  private readonly limit = pLimit(CONCURRENCY);

  constructor(private readonly clients: AwsClients) {}

  /** Every product of a service matching the filters, all pages; rejects when a page cannot be read. */
  products(service: PriceListService, filters: Filter[]): Promise<PriceListProduct[]> {
    const key = JSON.stringify([service, filters]);
    let p = this.cache.get(key);
    if (!p) {
      p = this.limit(() => this.readAll(service, filters));
      this.cache.set(key, p);
    }
    return p;
  }

  private async readAll(service: PriceListService, filters: Filter[]): Promise<PriceListProduct[]> {
    const out: PriceListProduct[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.clients.pricing().send(new GetProductsCommand({ ServiceCode: service, Filters: filters, FormatVersion: 'aws_v1', MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
      for (const entry of res.PriceList ?? []) {
        // Each entry is a JSON document in a string (a LazyJsonString in some SDK versions).
        try {
          const parsed: unknown = JSON.parse(String(entry));
          if (parsed !== null && typeof parsed === 'object') out.push(parsed as PriceListProduct);
        } catch {
          // Not a product: ignored; the prices it would have given stay built-in.
        }
      }
      token = res.NextToken || undefined;
      if (!token) return out;
    }
    throw new Error(`more than ${MAX_PAGES} pages of ${service} products; the rest were not read`);
  }
}

/**
 * Prices for `regions` from the Price List over `base`. A Region the base lacks is added only when
 * the API gave every price the estimators need, which it cannot (the rotation surcharge is not a
 * Price List product): such a Region stays "not priced" rather than half-priced.
 */
export async function readPriceList(clients: AwsClients, regions: readonly string[], base: PriceTable, now: Date = new Date()): Promise<PriceListRead> {
  const reader = new PriceListReader(clients);
  const read = `AWS Price List API, read ${now.toISOString().slice(0, 10)}`;
  const builtIn = `built-in table dated ${base.priceTableDate}`;
  const gaps: Gap[] = [];
  const table: PriceTable = { ...base, regions: { ...base.regions }, regionSources: { ...base.regionSources }, sources: [...base.sources, `${read} (pricing:GetProducts) for ${[...regions].sort().join(', ') || 'no Region'}`] };

  await Promise.all(
    [...new Set(regions)].sort().map(async (region) => {
      const products: Partial<Record<PriceListService, PriceListProduct[]>> = {};
      const failed: string[] = [];
      await Promise.all(
        (Object.keys(QUERIES) as PriceListService[]).map(async (service) => {
          try {
            products[service] = await reader.products(service, QUERIES[service](region));
          } catch (err) {
            failed.push(service);
            gaps.push({ resource: `AWS Price List (${service}, ${region})`, what: 'current prices (--prices aws)', reason: `${describeFailure(err, 'pricing:GetProducts')}; the ${builtIn} prices ${region} instead` });
          }
        }),
      );
      const baseRegion = base.regions[region];
      if (!baseRegion) return;
      const got = pricesFromProducts(region, products);
      const readFields = Object.keys(got.prices) as PriceListField[];
      if (readFields.length === 0) {
        table.regionSources![region] = `${builtIn}: the AWS Price List gave no price for ${region}${failed.length ? ` (${failed.sort().join(', ')} could not be read)` : ''}`;
        return;
      }
      const merged = structuredClone(baseRegion) as RegionPrices & { note?: string };
      for (const f of readFields) setPath(merged, f, got.prices[f]!);
      const missed = PRICE_LIST_FIELDS.filter((f) => got.prices[f] === undefined);
      // A built-in note is about built-in figures (inferred ones): it holds only for those still used.
      if (merged.note && missed.length > 0) merged.note = `${merged.note} (for the prices the AWS Price List did not give: ${missed.join(', ')})`;
      else delete merged.note;
      const ambiguous = Object.entries(got.ambiguous).map(([f, why]) => `${f}: ${why}`);
      table.regions[region] = merged;
      table.regionSources![region] =
        `${read}; ${builtIn} for ${[...NOT_IN_PRICE_LIST, ...missed].join(', ')}` + (ambiguous.length ? ` (ambiguous in the Price List: ${ambiguous.join('; ')})` : '');
    }),
  );
  gaps.sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
  return { table, gaps };
}

function setPath(target: object, path: string, value: number): void {
  const keys = path.split('.');
  let o = target as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[keys.at(-1)!] = value;
}

/**
 * `--prices aws` for scanAwsAccount: the Price List over the built-in table, then the override
 * file (--price-table) over both, so a figure the user wrote down (a negotiated rate) wins over the
 * list price, and the list price over the built-in one.
 */
export function awsPriceResolver(clients: AwsClients, override?: PriceOverride): (regions: readonly string[]) => Promise<PriceListRead> {
  return async (regions) => {
    const live = await readPriceList(clients, regions, defaultPriceTable);
    return { table: override ? parsePriceTableOverride(override.raw, override.file, live.table) : live.table, gaps: live.gaps };
  };
}
