export * from './observed.js';
export * from './policy-document.js';
export * from './inventory.js';
export * from './finding.js';
export * from './cost.js';
export * from './encryption.js';
export * from './key-ref.js';
export * from './public-access-block.js';
