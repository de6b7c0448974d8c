import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a receiver checks a delivery came from us, unchanged and recently:
 *
 * - `X-MCS-Webhook-Timestamp`: seconds since the epoch when the attempt was made;
 * - `X-MCS-Webhook-Signature`: `v1=` and the lower-case hex HMAC-SHA256, keyed with the endpoint's
 *   secret, of the string `${timestamp}.${body}` (the raw request body, byte for byte).
 *
 * A receiver recomputes the HMAC over what it received, compares in constant time, and refuses a
 * timestamp more than five minutes away from its clock (so a captured delivery cannot be replayed
 * later by someone else). Each attempt is signed afresh.
 */
export const SIGNATURE_HEADER = 'X-MCS-Webhook-Signature';
export const TIMESTAMP_HEADER = 'X-MCS-Webhook-Timestamp';
export const EVENT_ID_HEADER = 'X-MCS-Webhook-Event-Id';
export const EVENT_TYPE_HEADER = 'X-MCS-Webhook-Event-Type';

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The receiver's side of the scheme (used by the fake receiver in tests; a reference for integrators). */
export function verifyWebhookSignature(secret: string, timestamp: string | undefined, signature: string | undefined, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
