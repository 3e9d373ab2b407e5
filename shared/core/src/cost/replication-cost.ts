/**
 * (f) Cross-Region replication of a bucket to one destination: inter-Region transfer of the bytes
 * written each month, one replica PUT per object at the destination, and replica storage at the
 * destination's prices. Its KMS requests (Decrypt at the source, Encrypt at the destination) are
 * counted in the source bucket's kms-requests line, and the replica key is priced as a key.
 */
import type { CostLine } from '../model/cost.js';
import { bucketNameOf } from '../model/encryption.js';
import { costLine, pricesIn, type Basis } from './cost-line.js';
import { formatCount, formatObjectSize } from './format-amounts.js';
import type { PriceTable } from './price-table-types.js';
import { estimateStorage } from './storage-cost.js';
import { bytesToGiB } from './units.js';

export interface ReplicationInput {
  /** The source bucket: replication lines belong to it. */
  resourceId: string;
  sourceRegion: string;
  destinationBucketArn: string;
  /** Undefined when neither a scanned destination bucket nor the replica key names it. */
  destinationRegion?: string;
  /** Objects written a month (each is replicated) and their average size. */
  objectsPerMonth: number;
  averageObjectBytes: number;
  basis: Basis;
  volumeNote: string;
  /** Source bytes by StorageType to price as replica storage; undefined when priced elsewhere or not known (storageNote says which). */
  replicaStorageBytes?: Readonly<Record<string, number>>;
  storageNote: string;
  /** Rule filters and configuration caveats, shown on the transfer line. */
  notes: string[];
}

export function estimateReplication(input: ReplicationInput, prices: PriceTable): CostLine[] {
  const source = pricesIn(prices, input.sourceRegion);
  const destRegion = input.destinationRegion ?? input.sourceRegion;
  const dest = pricesIn(prices, destRegion);
  const to = bucketNameOf(input.destinationBucketArn);
  const gib = bytesToGiB(input.objectsPerMonth * input.averageObjectBytes);
  const sameRegion = input.destinationRegion === input.sourceRegion;
  const regionNote = input.destinationRegion ? `${input.sourceRegion} → ${input.destinationRegion}` : `destination Region unknown: priced as inter-Region, replica at ${input.sourceRegion} prices`;
  const transferNote = [
    `to ${to} (${regionNote}): ${formatCount(input.objectsPerMonth)} objects a month × ${formatObjectSize(input.averageObjectBytes)}`,
    sameRegion ? 'same-Region replication: no transfer charge' : undefined,
    input.volumeNote,
    ...input.notes,
    input.storageNote,
    'KMS requests of replication are in the kms-requests line; a one-off backfill (Batch Replication) is not included',
  ].filter((s): s is string => s !== undefined);
  const lines = [
    costLine(
      { resourceId: input.resourceId, component: 'replication-transfer', region: input.sourceRegion, quantity: gib, unit: 'GB', unitPrice: sameRegion ? 0 : source.rp.transfer.interRegionPerGb, basis: input.basis, note: transferNote.join('; ') },
      source.unpricedBecause,
    ),
    costLine(
      {
        resourceId: input.resourceId,
        component: 'replication-put:STANDARD',
        region: destRegion,
        quantity: input.objectsPerMonth / 1000,
        unit: '1k requests',
        unitPrice: dest.rp.s3.putPer1k.STANDARD,
        basis: input.basis,
        note: `replica PUTs into ${to} at the STANDARD PUT price (the destination storage class is not read: replicas assumed to keep the source class)`,
      },
      dest.unpricedBecause,
    ),
  ];
  if (input.replicaStorageBytes) {
    lines.push(...estimateStorage({ resourceId: input.resourceId, region: destRegion, storageBytes: input.replicaStorageBytes, component: 'replication-storage', note: `replica in ${to}; ${input.storageNote}` }, prices));
  }
  return lines;
}

/** The figure cost-replication-transfer shows, split by part. */
export function replicationMonthly(lines: readonly CostLine[]): { transfer: number; transferGb: number; puts: number; storage: number; total: number } {
  const sum = (p: (c: string) => boolean) => lines.filter((l) => p(l.component)).reduce((s, l) => s + l.monthlyAmount, 0);
  const transfer = sum((c) => c === 'replication-transfer');
  const puts = sum((c) => c.startsWith('replication-put'));
  const storage = sum((c) => c.startsWith('replication-storage'));
  const transferGb = lines.filter((l) => l.component === 'replication-transfer').reduce((s, l) => s + l.quantity, 0);
  return { transfer, transferGb, puts, storage, total: transfer + puts + storage };
}
