import { createHmac, timingSafeEqual } from 'node:crypto';
import { NotificationReason } from '../provider';

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: NotificationReason.BAD_SIGNATURE | NotificationReason.STALE_TIMESTAMP; detail: string };

/** Stripe's signature of a payload: HMAC-SHA256 of `${timestamp}.${rawBody}` with the endpoint secret, hex. */
export function stripeSignature(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The `Stripe-Signature` header Stripe would send for a payload. */
export function stripeSignatureHeader(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return `t=${timestamp},v1=${stripeSignature(secret, timestamp, rawBody)}`;
}

/**
 * Verifies a `Stripe-Signature` header (`t=…,v1=…[,v1=…]`) against the exact bytes received: any
 * one v1 signature may match (Stripe sends several while a secret is rolled), compared in constant
 * time, and the timestamp must be within `toleranceSeconds` of now (a replayed old delivery is refused).
 */
export function verifyStripeSignature(header: string | undefined, rawBody: Buffer, secret: string, nowSeconds: number, toleranceSeconds: number): SignatureCheck {
  if (!header) return { ok: false, reason: NotificationReason.BAD_SIGNATURE, detail: 'no Stripe-Signature header' };
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.split('=', 2).map((s) => s?.trim());
    if (key === 't' && /^\d+$/.test(value ?? '')) timestamp = Number(value);
    if (key === 'v1' && value) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return { ok: false, reason: NotificationReason.BAD_SIGNATURE, detail: 'Stripe-Signature has no t or no v1' };
  const expected = Buffer.from(stripeSignature(secret, timestamp, rawBody), 'hex');
  const matches = signatures.some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return { ok: false, reason: NotificationReason.BAD_SIGNATURE, detail: 'no v1 signature matches' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return { ok: false, reason: NotificationReason.STALE_TIMESTAMP, detail: `signed ${nowSeconds - timestamp} s ago; tolerance is ${toleranceSeconds} s` };
  }
  return { ok: true, timestamp };
}
