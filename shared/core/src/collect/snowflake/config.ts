/**
 * Where a scan reads Snowflake from: the profile's `snowflake.connection`, each field overridable
 * by the environment (research/snowflake.md §4.1). Bad input is a ConfigError naming the field and
 * the value — except the private key and its passphrase, which no message ever quotes.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../profile/load.js';
import type { Profile } from '../../profile/schema.js';

export const DEFAULT_PASSPHRASE_ENV = 'SNOWFLAKE_PRIVATE_KEY_PASSPHRASE';

export interface SnowflakeConnection {
  /** The identifier as given (for URLs). */
  account: string;
  /** ACCOUNT as the JWT issuer needs it: upper-case, locator without region, periods as hyphens. */
  accountForJwt: string;
  user: string;
  role?: string;
  /** Only the --validate-integrations probe needs one. */
  warehouse?: string;
  baseUrl: string;
  privateKey: KeyObject;
}

type Env = Record<string, string | undefined>;

/** Whether the profile or the environment asks for Snowflake at all. */
export function snowflakeConfigured(profile: Profile, env: Env = process.env): boolean {
  return profile.snowflake.connection !== undefined || (env.SNOWFLAKE_ACCOUNT ?? '') !== '';
}

/**
 * The issuer's ACCOUNT (research §4.1): upper-case; a locator loses its region and cloud
 * (`xy12345.us-east-2.aws` → `XY12345`); a `.global` host is cut at its first `-`.
 */
export function jwtAccount(account: string): string {
  let a = account.trim().replace(/\.snowflakecomputing\.com$/i, '');
  if (/\.global$/i.test(a)) a = a.split('-')[0]!;
  else a = a.split('.')[0]!;
  return a.toUpperCase();
}

/** Reads the connection; throws ConfigError naming the field for anything missing or malformed. */
export async function resolveConnection(profile: Profile, env: Env = process.env): Promise<SnowflakeConnection> {
  const c = profile.snowflake.connection ?? {};
  const field = (name: string, envName: string) => (c[name as keyof typeof c] !== undefined ? `snowflake.connection.${name}` : envName);
  const account = env.SNOWFLAKE_ACCOUNT || c.account;
  const user = env.SNOWFLAKE_USER || c.user;
  const role = env.SNOWFLAKE_ROLE || c.role;
  const warehouse = env.SNOWFLAKE_WAREHOUSE || c.warehouse;
  if (!account) throw new ConfigError('Snowflake: no account identifier: set snowflake.connection.account in the profile or SNOWFLAKE_ACCOUNT', undefined, 'snowflake.connection.account');
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(account))
    throw new ConfigError(`Snowflake: ${field('account', 'SNOWFLAKE_ACCOUNT')}: expected an account identifier such as myorg-myaccount, got ${JSON.stringify(account)}`);
  if (!user) throw new ConfigError('Snowflake: no user: set snowflake.connection.user in the profile or SNOWFLAKE_USER', undefined, 'snowflake.connection.user');
  const url = env.SNOWFLAKE_URL || c.url || `https://${account.toLowerCase().replace(/_/g, '-')}.snowflakecomputing.com`;
  let baseUrl: URL;
  try {
    baseUrl = new URL(url);
  } catch {
    throw new ConfigError(`Snowflake: ${field('url', 'SNOWFLAKE_URL')}: expected a URL, got ${JSON.stringify(url)}`);
  }
  if (baseUrl.protocol !== 'https:' && !(baseUrl.protocol === 'http:' && isLoopback(baseUrl.hostname)))
    throw new ConfigError(`Snowflake: ${field('url', 'SNOWFLAKE_URL')}: expected an https:// URL (plain http only to loopback), got ${JSON.stringify(url)}`);

  const passphraseEnv = c.privateKeyPassphraseEnv ?? DEFAULT_PASSPHRASE_ENV;
  const passphrase = env[passphraseEnv] || undefined;
  const keyPath = env.SNOWFLAKE_PRIVATE_KEY_PATH || c.privateKeyPath;
  let pem: string;
  let keySource: string;
  if (env.SNOWFLAKE_PRIVATE_KEY) {
    pem = env.SNOWFLAKE_PRIVATE_KEY;
    keySource = 'SNOWFLAKE_PRIVATE_KEY';
  } else if (keyPath) {
    keySource = `${field('privateKeyPath', 'SNOWFLAKE_PRIVATE_KEY_PATH')} (${JSON.stringify(keyPath)})`;
    try {
      pem = await readFile(keyPath, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError(`Snowflake: ${field('privateKeyPath', 'SNOWFLAKE_PRIVATE_KEY_PATH')}: cannot read the private key file ${JSON.stringify(keyPath)} (${code})`);
    }
  } else {
    throw new ConfigError(
      'Snowflake: no private key: set snowflake.connection.privateKeyPath in the profile, or SNOWFLAKE_PRIVATE_KEY_PATH, or SNOWFLAKE_PRIVATE_KEY (the PEM)',
      undefined,
      'snowflake.connection.privateKeyPath',
    );
  }
  return {
    account,
    accountForJwt: jwtAccount(account),
    user: user.toUpperCase(),
    ...(role ? { role } : {}),
    ...(warehouse ? { warehouse } : {}),
    baseUrl: baseUrl.toString().replace(/\/$/, ''),
    privateKey: parsePrivateKey(pem, passphrase, keySource, passphraseEnv),
  };
}

/** The key as a KeyObject; a message says what is wrong without quoting a byte of the key. */
export function parsePrivateKey(pem: string, passphrase: string | undefined, source: string, passphraseEnv = DEFAULT_PASSPHRASE_ENV): KeyObject {
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem);
  if (!/-----BEGIN (ENCRYPTED |RSA )?PRIVATE KEY-----/.test(pem))
    throw new ConfigError(`Snowflake: ${source}: not a PEM private key (expected -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----)`);
  if (encrypted && passphrase === undefined) throw new ConfigError(`Snowflake: ${source}: the private key is encrypted; set its passphrase in ${passphraseEnv}`);
  let key: KeyObject;
  try {
    key = createPrivateKey(passphrase !== undefined && encrypted ? { key: pem, format: 'pem', passphrase } : { key: pem, format: 'pem' });
  } catch {
    // The crypto error may echo key material on some versions: never pass it on.
    throw new ConfigError(
      encrypted ? `Snowflake: ${source}: the private key cannot be decrypted with the passphrase in ${passphraseEnv}` : `Snowflake: ${source}: the private key cannot be read (malformed PEM)`,
    );
  }
  if (key.asymmetricKeyType !== 'rsa') throw new ConfigError(`Snowflake: ${source}: key-pair authentication needs an RSA key, got ${key.asymmetricKeyType ?? 'an unknown type'}`);
  return key;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
}
