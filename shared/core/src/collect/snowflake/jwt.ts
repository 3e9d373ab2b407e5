/**
 * Key-pair authentication for the SQL API (research/snowflake.md §4.1): an RS256 JWT with
 * iss = ACCOUNT.USER.SHA256:<fingerprint>, sub = ACCOUNT.USER, where the fingerprint is the
 * base64 SHA-256 of the public key's DER SubjectPublicKeyInfo (DESC USER's RSA_PUBLIC_KEY_FP).
 * Short-lived and renewed before it lapses. The token is a credential: it is held here and in the
 * Authorization header only, never logged or put in an error.
 */
import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';

/** Snowflake caps a JWT at one hour; a short life limits what a leaked token is worth. */
export const JWT_LIFETIME_SECONDS = 300;
/** Renew this long before expiry, so a token never lapses in flight. */
export const JWT_RENEW_BEFORE_SECONDS = 60;

export function publicKeyFingerprint(key: KeyObject): string {
  const der = (key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export function signJwt(input: { account: string; user: string; privateKey: KeyObject; nowSeconds: number; lifetimeSeconds?: number }): string {
  const qualified = `${input.account}.${input.user}`;
  const header = { alg: 'RS256', typ: 'JWT' };
  const payload = {
    iss: `${qualified}.${publicKeyFingerprint(input.privateKey)}`,
    sub: qualified,
    iat: input.nowSeconds,
    exp: input.nowSeconds + (input.lifetimeSeconds ?? JWT_LIFETIME_SECONDS),
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), input.privateKey);
  return `${signingInput}.${b64url(signature)}`;
}

/** Hands out a valid token, signing a new one when the current one is within JWT_RENEW_BEFORE_SECONDS of expiry. */
export class JwtSource {
  private token?: { value: string; exp: number };
  /** How many tokens were signed (renewal is observable in tests). */
  signed = 0;

  constructor(
    private readonly account: string,
    private readonly user: string,
    private readonly privateKey: KeyObject,
    private readonly now: () => number = () => Date.now(),
  ) {}

  current(): string {
    const nowSeconds = Math.floor(this.now() / 1000);
    if (!this.token || this.token.exp - nowSeconds <= JWT_RENEW_BEFORE_SECONDS) {
      this.token = { value: signJwt({ account: this.account, user: this.user, privateKey: this.privateKey, nowSeconds }), exp: nowSeconds + JWT_LIFETIME_SECONDS };
      this.signed += 1;
    }
    return this.token.value;
  }

  /** Never the token itself, whatever serialises this object. */
  toJSON(): string {
    return '[JwtSource]';
  }
}
