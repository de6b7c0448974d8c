import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a metered service (claims) proves a metering request to the tokens service comes from it.
 * Both hold one shared secret; the caller signs, with HMAC-SHA256, the time, the method, the path
 * and the raw body. Covering the path stops a signed release being replayed as a reserve; the
 * time bounds how long a captured request can be replayed.
 */
export const METERING_TIMESTAMP_HEADER = 'x-metering-timestamp';
export const METERING_SIGNATURE_HEADER = 'x-metering-signature';

/**
 * The secret both sides use when TOKENS_METERING_SECRET is not set, outside production only
 * (each side's configuration refuses to start in production without a real one).
 */
export const DEVELOPMENT_METERING_SECRET = 'development-only-metering-secret-never-use-in-production';

/** Seconds a timestamp may lie ahead of the verifier's clock: clock drift, not a pre-signed request. */
export const METERING_FUTURE_SKEW_SEC = 30;

export type MeteringSignatureFailure = 'missing' | 'body' | 'stale' | 'future' | 'signature';

export class MeteringSignatureError extends Error {
  constructor(readonly reason: MeteringSignatureFailure) {
    super(`metering request refused: ${reason}`);
    this.name = 'MeteringSignatureError';
  }
}

function mac(secret: string, timestamp: string, method: string, path: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${method.toUpperCase()}\n${path}\n`).update(body).digest('hex');
}

/** The headers a metering request carries for this method, path and body. */
export function signMeteringRequest(
  secret: string,
  method: string,
  path: string,
  body: string | Buffer,
  nowSec = Math.floor(Date.now() / 1000),
): Record<typeof METERING_TIMESTAMP_HEADER | typeof METERING_SIGNATURE_HEADER, string> {
  const timestamp = String(nowSec);
  return { [METERING_TIMESTAMP_HEADER]: timestamp, [METERING_SIGNATURE_HEADER]: mac(secret, timestamp, method, path, body) };
}

export interface SignedMeteringRequest {
  timestamp: unknown;
  signature: unknown;
  method: string;
  path: string;
  /** The body's bytes as they arrived; absent when they were not captured, which is refused. */
  body: Buffer | undefined;
}

/**
 * Checks a metering request's signature and freshness, or throws a MeteringSignatureError. A
 * timestamp may be up to `maxAgeSec` old but only METERING_FUTURE_SKEW_SEC ahead.
 */
export function verifyMeteringRequest(secret: string, request: SignedMeteringRequest, maxAgeSec: number, nowSec = Math.floor(Date.now() / 1000)): void {
  const { timestamp, signature } = request;
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) {
    throw new MeteringSignatureError('missing');
  }
  // Verifying against an empty buffer would accept a signature of no body for any body.
  if (!request.body) throw new MeteringSignatureError('body');
  const age = nowSec - Number(timestamp);
  if (age > maxAgeSec) throw new MeteringSignatureError('stale');
  if (-age > METERING_FUTURE_SKEW_SEC) throw new MeteringSignatureError('future');
  const expected = Buffer.from(mac(secret, timestamp, request.method, request.path, request.body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw new MeteringSignatureError('signature');
}
