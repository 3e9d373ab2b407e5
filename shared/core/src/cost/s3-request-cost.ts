/**
 * S3 request charges of a bucket (PUT and GET per 1,000). New objects land in STANDARD, so both
 * are priced at STANDARD rates; GETs of objects already in IA or archive classes cost more, which
 * only per-class request metrics could show.
 */
import type { CostLine } from '../model/cost.js';
import { costLine, pricesIn, type Basis } from './cost-line.js';
import type { PriceTable } from './price-table-types.js';

export interface S3RequestInput {
  resourceId: string;
  region: string;
  /** Per month. */
  puts: number;
  gets: number;
  basis: Basis;
  volumeNote: string;
}

export function estimateS3Requests(input: S3RequestInput, prices: PriceTable): CostLine[] {
  const { rp, unpricedBecause } = pricesIn(prices, input.region);
  const base = { resourceId: input.resourceId, region: input.region, unit: '1k requests', basis: input.basis, note: input.volumeNote };
  return [
    costLine({ ...base, component: 's3-requests:PUT', quantity: input.puts / 1000, unitPrice: rp.s3.putPer1k.STANDARD }, unpricedBecause),
    costLine({ ...base, component: 's3-requests:GET', quantity: input.gets / 1000, unitPrice: rp.s3.getPer1k.STANDARD }, unpricedBecause),
  ].filter((l) => l.quantity > 0);
}
