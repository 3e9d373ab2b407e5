export * from './schema.js';
export * from './load.js';
export { builtinProfiles } from './builtin.js';
export * from './stacks.js';
