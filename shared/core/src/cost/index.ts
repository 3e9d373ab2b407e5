/** The cost estimate: price tables, the estimators, and the report's cost section. */
export type { PriceTable, RegionPrices, StorageClass } from './price-table-types.js';
export { STORAGE_CLASSES } from './price-table-types.js';
export { defaultPriceTable } from './price-table.js';
export { loadPriceTable, loadPriceOverride, parsePriceTableOverride, priceTableSchema, type PriceOverride } from './price-table-schema.js';
export { pricesFromProducts, PRICE_LIST_FIELDS, NOT_IN_PRICE_LIST, type PriceListProduct, type PriceListField } from './price-list-products.js';
export { UNPRICED_COMPONENT, isUnpriced, unpricedReason, noPricesForRegion, type Basis } from './cost-line.js';
export { formatUsd, formatUsdRange } from './format-amounts.js';
export { requestVolumeOf, averageObjectSizeOf, type RequestVolume, type ObjectSize } from './bucket-usage-inputs.js';
export { bucketCostInputs, kmsEncryptionOf, replicationTargetsOf, type BucketCostInputs } from './bucket-cost-inputs.js';
export { estimateKeyCost, keyBillingOf, keyMonthlySplit, rotationsSoFar, type KeyCostInput, type KeyBilling } from './kms-key-cost.js';
export {
  estimateKmsRequests,
  kmsRequestCounts,
  kmsRequestCost,
  kmsRequestCostAfterFreeTier,
  kmsFreeTierLine,
  bucketKeySaving,
  type KmsRequestInput,
} from './kms-request-cost.js';
export { estimateStorage, STORAGE_TYPE_PRICES, type StorageInput } from './storage-cost.js';
export { estimateS3Requests, type S3RequestInput } from './s3-request-cost.js';
export { estimateLifecycleTransitions, analyseLifecycle, type LifecycleInput } from './lifecycle-cost.js';
export { analyseTransitions, objectTransitions, objectMonthlyStorage, type TransitionAnalysis } from './lifecycle-break-even.js';
export { estimateCloudTrailDataEvents, type CloudTrailDataEventInput } from './cloudtrail-cost.js';
export { estimateReplication, replicationMonthly, type ReplicationInput } from './replication-cost.js';
export { estimateCost, accountRootArn, regionsToPrice, priceSourcesOf } from './estimate-cost.js';
