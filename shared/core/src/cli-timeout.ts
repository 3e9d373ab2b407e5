import { Option } from 'commander';
import { DEFAULT_TIMEOUT_MS, MAX_ATTEMPTS } from './collect/aws/timeouts.js';
import { ConfigError } from './profile/load.js';

/** Above this a "timeout" bounds nothing (and Node's timers fire at once past 2^31 ms). */
export const MAX_TIMEOUT_SECONDS = 3600;

/** --timeout's value in seconds: a number above 0 and at most MAX_TIMEOUT_SECONDS, else a ConfigError naming the flag and value. */
export function parseTimeoutSeconds(v: string): number {
  const n = v.trim() === '' ? Number.NaN : Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > MAX_TIMEOUT_SECONDS)
    throw new ConfigError(`--timeout: expected a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, got ${JSON.stringify(v)}`);
  return n;
}

/**
 * --timeout for the commands that read the account (scan, init). Pass `timeout * 1000` as
 * AwsClients' requestTimeoutMs.
 */
export function timeoutOption(): Option {
  return new Option(
    '--timeout <seconds>',
    `give up on an API call attempt after this many seconds without an answer (${MAX_ATTEMPTS} attempts a call); an API that never answers adds at most ${MAX_ATTEMPTS} × this to the scan`,
  )
    .default(DEFAULT_TIMEOUT_MS / 1000)
    .argParser(parseTimeoutSeconds);
}
