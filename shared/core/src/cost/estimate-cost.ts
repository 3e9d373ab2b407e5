/**
 * The cost section of a report: every cost line of every key and bucket in the inventory, the
 * account's KMS free tier, the savings on offer, and the assumptions behind them.
 */
import type { CostLine, CostSaving, CostSection } from '../model/cost.js';
import type { Inventory, KeyInventory } from '../model/inventory.js';
import type { Profile } from '../profile/schema.js';
import { bucketCostInputs } from './bucket-cost-inputs.js';
import { AssumptionsUsed, describeAssumptions } from './cost-assumptions.js';
import { noPricesForRegion, sumAmounts } from './cost-line.js';
import { formatUsd } from './format-amounts.js';
import { estimateKeyCost, keyBillingOf, type KeyCostInput } from './kms-key-cost.js';
import { bucketKeySaving, estimateKmsRequests, kmsFreeTierLine } from './kms-request-cost.js';
import { dateTransitions, estimateLifecycleTransitions } from './lifecycle-cost.js';
import { defaultPriceTable } from './price-table.js';
import type { PriceTable } from './price-table-types.js';
import { estimateReplication } from './replication-cost.js';
import { estimateS3Requests } from './s3-request-cost.js';
import { estimateStorage } from './storage-cost.js';
import { estimateCloudTrailDataEvents } from './cloudtrail-cost.js';
import { describeCoverage, isLogging, s3DataCoverage } from '../model/trail-coverage.js';

export const accountRootArn = (inventory: Pick<Inventory, 'account'>): string => `arn:${inventory.account.partition}:iam::${inventory.account.id}:root`;

export function estimateCost(inventory: Inventory, profile: Profile, prices: PriceTable = defaultPriceTable): CostSection {
  const used = new AssumptionsUsed();
  const lines: CostLine[] = [];
  const savings: CostSaving[] = [];

  for (const key of inventory.keys) estimateKey(key, inventory, prices, used, lines, savings);

  for (const bucket of inventory.buckets) {
    // The bucket's `region` is then the scan's guess: no Region's prices are the bucket's.
    if (bucket.regionUnknown !== undefined) {
      used.notEstimated.push(`every cost of ${bucket.name} (its Region could not be read: ${bucket.regionUnknown})`);
      continue;
    }
    const inputs = bucketCostInputs(bucket, inventory, profile);
    const { volume, size } = inputs;
    let sizeUsed = false;

    if (inputs.storage) lines.push(...estimateStorage(inputs.storage, prices));
    else used.notEstimated.push(`storage of ${bucket.name} (${bucket.usage.state === 'unknown' ? `CloudWatch usage unknown: ${bucket.usage.reason}` : 'the bucket publishes no storage metrics: empty or new'})`);

    lines.push(...estimateS3Requests({ resourceId: bucket.arn, region: bucket.region, puts: volume.puts, gets: volume.gets, basis: volume.basis, volumeNote: volume.note }, prices));

    if (inputs.encryption.state === 'unknown') used.notEstimated.push(`KMS requests of ${bucket.name} (${inputs.encryption.reason})`);
    if (inputs.kms) {
      used.kmsRequests = true;
      lines.push(...estimateKmsRequests(inputs.kms, prices));
      if (inputs.kms.bucketKey) used.bucketKeyRange = true;
      const saving = bucketKeySaving(inputs.kms, prices);
      if (saving) {
        used.bucketKeyRange = true;
        savings.push(saving);
      }
    }

    if (inputs.lifecycle) {
      const transitions = estimateLifecycleTransitions(inputs.lifecycle, prices);
      if (transitions.length > 0) {
        used.lifecycle = true;
        sizeUsed = true;
        lines.push(...transitions);
      }
      used.oneOff.push(...dateTransitions(inputs.lifecycle.lifecycle).map((t) => `${bucket.name} ${t}`));
    } else if (bucket.lifecycle.state === 'unknown') {
      used.notEstimated.push(`lifecycle transitions of ${bucket.name} (lifecycle configuration unreadable: ${bucket.lifecycle.reason})`);
    }

    if (inputs.replication.state === 'unknown') used.notEstimated.push(`replication of ${bucket.name} (${inputs.replication.reason})`);
    for (const r of inputs.replicationInputs) {
      used.replication = true;
      sizeUsed = true;
      lines.push(...estimateReplication(r, prices));
    }

    // CloudTrail data events: each logging trail that records the bucket's object requests bills them.
    if (inventory.trailList?.state === 'unknown') used.notEstimated.push(`CloudTrail data events of ${bucket.name} (the trail list is unreadable)`);
    for (const trail of inventory.trails) {
      const logging = isLogging(trail);
      if (logging === false) continue;
      if (logging === undefined || trail.selectors.state !== 'present') {
        if (logging === undefined || trail.selectors.state === 'unknown') used.notEstimated.push(`CloudTrail data events of ${bucket.name} in trail ${trail.name} (trail status or selectors unreadable)`);
        continue;
      }
      const cov = s3DataCoverage(trail.selectors.value, bucket.name, inventory.account.partition);
      const events = (cov.read ? volume.gets : 0) + (cov.write ? volume.puts : 0);
      if (events <= 0) continue;
      used.dataEvents = true;
      lines.push(
        ...estimateCloudTrailDataEvents(
          { resourceId: bucket.arn, region: bucket.region, eventsPerMonth: events, trailsCovering: 1, basis: volume.basis, note: `trail ${trail.name} records ${describeCoverage(cov)} data events; ${volume.note}` },
          prices,
        ),
      );
    }

    if (volume.basis === 'assumed') used.assumedVolume.push(bucket.name);
    if (sizeUsed && size.basis === 'assumed') used.assumedSize.push(bucket.name);
  }

  lines.push(...kmsFreeTierLine(accountRootArn(inventory), lines, prices));

  return {
    currency: prices.currency,
    priceTableDate: prices.priceTableDate,
    monthlyTotal: sumAmounts(lines),
    lines,
    savings,
    assumptions: describeAssumptions(used, lines, profile, prices),
    priceSources: priceSourcesOf(lines, prices),
  };
}

/** The Regions whose prices an estimate of this inventory reads (to fetch just those: --prices aws). */
export function regionsToPrice(inventory: Inventory, profile: Profile): string[] {
  const lines = estimateCost(inventory, profile, defaultPriceTable).lines;
  const regions = [...lines.flatMap((l) => (l.region ? [l.region] : [])), ...inventory.buckets.map((b) => b.region), ...inventory.keys.map((k) => k.region)];
  return [...new Set(regions)].sort();
}

/** Where the prices of each Region in the lines came from: the table as dated, the Price List, an override file, or nowhere. */
export function priceSourcesOf(lines: readonly CostLine[], prices: PriceTable): { region: string; source: string }[] {
  const regions = [...new Set(lines.flatMap((l) => (l.region ? [l.region] : [])))].sort();
  return regions.map((region) => ({
    region,
    source: !prices.regions[region] ? `not priced: ${noPricesForRegion(region)}` : (prices.regionSources?.[region] ?? `built-in table dated ${prices.priceTableDate}`),
  }));
}

function estimateKey(key: KeyInventory, inventory: Inventory, prices: PriceTable, used: AssumptionsUsed, lines: CostLine[], savings: CostSaving[]): void {
  const billing = keyBillingOf(key, inventory);
  if (billing.state === 'unknown') {
    used.notEstimated.push(`key ${key.arn} (${billing.reason})`);
    return;
  }
  if (billing.state === 'free') return;
  const keyLines = estimateKeyCost(billing.input, prices);
  lines.push(...keyLines);
  if (billing.input.rotationsAtCap) used.rotationAtCap.push(key.arn);
  if (key.referencedBy.length === 0) {
    const monthly = sumAmounts(keyLines);
    savings.push({
      resourceId: key.arn,
      action: 'Schedule deletion of the unreferenced key, once nothing outside this scan decrypts with it',
      monthlyLow: monthly,
      monthlyHigh: monthly,
      note: `no bucket, replication rule or profile in this scan references the key; ${formatUsd(monthly)}/month (cost-unused-kms-key)`,
    });
  }

  // Replicas of a multi-Region primary are keys of their own; price those the scan did not read.
  const md = key.metadata.state === 'present' ? key.metadata.value : undefined;
  if (md?.multiRegionKeyType !== 'PRIMARY') return;
  for (const replica of md.replicaKeys) {
    if (inventory.keys.some((k) => k.arn === replica.arn || (k.metadata.state === 'present' && k.metadata.value.arn === replica.arn))) continue;
    const input: KeyCostInput = { ...billing.input, resourceId: replica.arn, region: replica.region, what: `multi-Region replica of ${key.arn}, not read by this scan: billed as a key of its own` };
    lines.push(...estimateKeyCost(input, prices));
  }
}
