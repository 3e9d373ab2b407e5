export { resolveConnection, snowflakeConfigured, jwtAccount, parsePrivateKey, type SnowflakeConnection } from './config.js';
export { JwtSource, publicKeyFingerprint, signJwt, JWT_LIFETIME_SECONDS, JWT_RENEW_BEFORE_SECONDS } from './jwt.js';
export { SnowflakeSqlClient, SnowflakeApiError, type Row, type SqlApiOptions } from './sql-api.js';
export { collectSnowflakeInventory, SHOW_ROW_LIMIT, quoteIdent, type SnowflakeInventory } from './inventory.js';
export { splitLocations, stageUrl, locationBucket, locationPrefix, locationCovers, isWildcardLocation } from './locations.js';
