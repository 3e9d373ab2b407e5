/** The Snowflake side of `envelope scan`: read when the profile or the environment configures it. */
import { resolveConnection, snowflakeConfigured } from './collect/snowflake/config.js';
import { SnowflakeSqlClient } from './collect/snowflake/sql-api.js';
import type { ApiCallStats } from './collect/aws/stats.js';
import type { Profile } from './profile/schema.js';

export interface SnowflakeCliOptions {
  /** --no-snowflake sets this false. */
  snowflake?: boolean;
  /** --timeout, in seconds. */
  timeout?: number;
}

/** A SQL API client when Snowflake is configured and not turned off; a ConfigError for bad configuration. */
export async function snowflakeClientFor(profile: Profile, opts: SnowflakeCliOptions, stats: ApiCallStats): Promise<SnowflakeSqlClient | undefined> {
  if (opts.snowflake === false || !snowflakeConfigured(profile)) return undefined;
  const connection = await resolveConnection(profile);
  return new SnowflakeSqlClient({ connection, stats, ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout * 1000 } : {}) });
}
