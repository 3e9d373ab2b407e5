import { describe, expect, it } from 'vitest';
import { ConfigError } from './profile/load.js';
import { parseTimeoutSeconds, timeoutOption } from './cli-timeout.js';

describe('--timeout', () => {
  it.each([
    ['1', 1],
    ['0.5', 0.5],
    ['30', 30],
    [' 20 ', 20],
    ['3600', 3600],
  ])('accepts %j as %d s', (v, s) => {
    expect(parseTimeoutSeconds(v)).toBe(s);
  });

  it.each(['0', '-1', '', 'soon', '30s', 'Infinity', 'NaN', '3601', '1e9'])('rejects %j with a ConfigError naming the flag and the value', (v) => {
    expect(() => parseTimeoutSeconds(v)).toThrow(ConfigError);
    expect(() => parseTimeoutSeconds(v)).toThrow(`--timeout: expected a number of seconds above 0 and at most 3600, got ${JSON.stringify(v)}`);
  });

  it('defaults to 20 s a call attempt', () => {
    expect(timeoutOption().defaultValue).toBe(20);
  });
});
