export { CALLS_BY_FILE, DECLARED_CALLS, FEATURES, callKey, type DeclaredCall, type Feature } from './registry.js';
export {
  DEFAULT_FEATURES,
  FEATURE_NAMES,
  buildScannerPolicy,
  parseFeatures,
  renderScannerPolicy,
  resourceFor,
  sidFor,
  type FeatureName,
  type PolicyStatementJson,
  type ScannerPolicy,
} from './policy.js';
