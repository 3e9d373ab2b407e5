export * from './report-types.js';
export * from './dto.js';
export * from './query.js';
export * from './permissions.js';
export * from './client.js';
export * from './chain.js';
