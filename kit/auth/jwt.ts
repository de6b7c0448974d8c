import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Compact JWTs signed with Ed25519 (`alg: EdDSA`), the only algorithm accepted: a token naming any
 * other (`none`, `HS256` with the public key as secret, `RS256`, ...) is refused before any key is
 * touched. Built on node:crypto so the whole check is in one short file that can be read.
 */
export const ACCEPTED_ALGORITHMS = ['EdDSA'] as const;

export type TokenFailure = 'malformed' | 'algorithm' | 'unknown-key' | 'signature' | 'expired' | 'not-yet-valid' | 'issuer' | 'audience' | 'type';

/** Why a token was refused. The reason is logged; clients only learn that the token is not valid. */
export class TokenError extends Error {
  constructor(readonly reason: TokenFailure, detail?: string) {
    super(`token refused: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = 'TokenError';
  }
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A fresh Ed25519 key (development, tests): production loads its key from configuration. */
export function generateSigningKey(kid: string = `dev-${randomUUID().slice(0, 8)}`): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid, privateKey, publicKey };
}

/** A signing key from a PKCS#8 PEM (the identity service's configured private key). */
export function signingKeyFromPem(kid: string, pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the signing key "${kid}" must be an Ed25519 key (got ${privateKey.asymmetricKeyType})`);
  return { kid, privateKey, publicKey: createPublicKey(privateKey) };
}

export interface Jwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export function publicJwk(key: Pick<SigningKey, 'kid' | 'publicKey'>): Jwk {
  const exported = key.publicKey.export({ format: 'jwk' }) as { x: string };
  return { kty: 'OKP', crv: 'Ed25519', x: exported.x, kid: key.kid, alg: 'EdDSA', use: 'sig' };
}

/** Public keys by key id, read from a JWKS document; entries that are not Ed25519 signing keys are skipped. */
export function keysFromJwks(document: unknown): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const list = (document as { keys?: unknown })?.keys;
  if (!Array.isArray(list)) return keys;
  for (const jwk of list as Array<Record<string, unknown>>) {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || typeof jwk.kid !== 'string') continue;
    if (jwk.use !== undefined && jwk.use !== 'sig') continue;
    keys.set(jwk.kid, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }));
  }
  return keys;
}

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export function signJwt(claims: Record<string, unknown>, key: SigningKey, type = 'JWT'): string {
  const header = b64(JSON.stringify({ alg: 'EdDSA', typ: type, kid: key.kid }));
  const body = b64(JSON.stringify(claims));
  const signature = sign(null, Buffer.from(`${header}.${body}`), key.privateKey);
  return `${header}.${body}.${signature.toString('base64url')}`;
}

export interface VerifyOptions {
  /** Public keys by key id. */
  keys: ReadonlyMap<string, KeyObject>;
  issuer: string;
  audience: string;
  /** The `typ` header the token must carry (access and refresh tokens differ, so one cannot stand in for the other). */
  type?: string;
  /** Seconds of clock difference tolerated on `exp`, `nbf` and `iat`. */
  clockToleranceSec?: number;
  nowSec?: number;
}

const PART = /^[A-Za-z0-9_-]+$/;

/** Verifies signature, algorithm, issuer, audience and lifetime; returns the claims or throws a TokenError. */
export function verifyJwt(token: string, options: VerifyOptions): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => PART.test(p)) || token.length > 8192) throw new TokenError('malformed');
  const header = parseJson(parts[0]);
  if (!(ACCEPTED_ALGORITHMS as readonly unknown[]).includes(header.alg)) throw new TokenError('algorithm', String(header.alg));
  if ((options.type ?? 'JWT') !== header.typ) throw new TokenError('type', String(header.typ));
  const key = typeof header.kid === 'string' ? options.keys.get(header.kid) : undefined;
  if (!key) throw new TokenError('unknown-key', String(header.kid));
  if (!verify(null, Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'))) throw new TokenError('signature');
  const claims = parseJson(parts[1]);
  const now = options.nowSec ?? Math.floor(Date.now() / 1000);
  const leeway = options.clockToleranceSec ?? 30;
  if (typeof claims.exp !== 'number' || claims.exp + leeway <= now) throw new TokenError('expired');
  if (typeof claims.nbf === 'number' && claims.nbf - leeway > now) throw new TokenError('not-yet-valid');
  if (typeof claims.iat === 'number' && claims.iat - leeway > now) throw new TokenError('not-yet-valid');
  if (claims.iss !== options.issuer) throw new TokenError('issuer', String(claims.iss));
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(options.audience)) throw new TokenError('audience', String(claims.aud));
  return claims;
}

function parseJson(part: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new TokenError('malformed');
}
