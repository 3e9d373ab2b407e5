import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jwtProblem } from '../../demo/snowflake-sql-api.js';
import { jwtAccount } from './config.js';
import { JWT_LIFETIME_SECONDS, JWT_RENEW_BEFORE_SECONDS, JwtSource, publicKeyFingerprint } from './jwt.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('key-pair JWT', () => {
  it('fingerprints the public key as DESC USER’s RSA_PUBLIC_KEY_FP does (SHA-256 of the DER SPKI, base64)', () => {
    const der = publicKey.export({ type: 'spki', format: 'der' });
    expect(publicKeyFingerprint(privateKey)).toBe(`SHA256:${createHash('sha256').update(der).digest('base64')}`);
    expect(publicKeyFingerprint(publicKey)).toBe(publicKeyFingerprint(privateKey));
  });

  it.each([
    ['myorg-myaccount', 'MYORG-MYACCOUNT'],
    ['xy12345.us-east-2.aws', 'XY12345'],
    ['xy12345.eu-west-1', 'XY12345'],
    ['myorg-acct.snowflakecomputing.com', 'MYORG-ACCT'],
    ['myorg-acct.global', 'MYORG'],
  ])('account %s signs as %s', (given, expected) => expect(jwtAccount(given)).toBe(expected));

  it('is signed RS256 with iss ACCOUNT.USER.SHA256:fp, verified by the fake as Snowflake would', () => {
    let now = 1_800_000_000_000;
    const source = new JwtSource('ACME', 'SCANNER', privateKey, () => now);
    const token = source.current();
    const account = { account: 'ACME', user: 'SCANNER', publicKey, integrations: [], stages: [], now: () => now };
    expect(jwtProblem(`Bearer ${token}`, account)).toBeUndefined();
    expect(jwtProblem(`Bearer ${token}`, { ...account, publicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey })).toBe('signature does not verify against RSA_PUBLIC_KEY');
    now += JWT_LIFETIME_SECONDS * 1000;
    expect(jwtProblem(`Bearer ${token}`, account)).toBe('JWT expired');
  });

  it('is reused while fresh and renewed before it lapses', () => {
    let now = 1_800_000_000_000;
    const source = new JwtSource('ACME', 'SCANNER', privateKey, () => now);
    const first = source.current();
    now += (JWT_LIFETIME_SECONDS - JWT_RENEW_BEFORE_SECONDS - 1) * 1000;
    expect(source.current()).toBe(first);
    now += 2000;
    expect(source.current()).not.toBe(first);
    expect(source.signed).toBe(2);
    expect(JSON.stringify({ source })).toBe('{"source":"[JwtSource]"}');
  });
});
