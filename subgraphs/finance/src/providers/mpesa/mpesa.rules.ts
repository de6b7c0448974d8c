import { NotificationReason, type ParsedNotification } from '../provider';

/** Daraja's timestamps are East Africa Time (UTC+3, no daylight saving) written as yyyyMMddHHmmss. */
const EAT_OFFSET_MS = 3 * 3_600_000;

export function darajaTimestamp(at: Date): string {
  return new Date(at.getTime() + EAT_OFFSET_MS).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Reads a Daraja yyyyMMddHHmmss (East Africa Time) back into an instant; null when malformed. */
export function parseDarajaTimestamp(value: string | number): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(String(value));
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s) - EAT_OFFSET_MS);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The STK push password: base64 of shortcode, passkey and timestamp. */
export function stkPassword(shortcode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${shortcode}${passkey}${timestamp}`).toString('base64');
}

/** Daraja takes whole shillings only: the amount in KES, or null when it has cents or is not KES. */
export function wholeShillings(amountMinor: number, currency: string): number | null {
  return currency === 'KES' && amountMinor % 100 === 0 ? amountMinor / 100 : null;
}

/** The answer Daraja expects to every callback, whatever we made of it (anything else makes it retry). */
export const DARAJA_ACK = { ResultCode: 0, ResultDesc: 'Accepted' } as const;

interface StkCallbackItem {
  Name: string;
  Value?: string | number;
}

interface StkCallbackBody {
  Body?: {
    stkCallback?: {
      MerchantRequestID?: string;
      CheckoutRequestID?: string;
      ResultCode?: number | string;
      ResultDesc?: string;
      CallbackMetadata?: { Item?: StkCallbackItem[] };
    };
  };
}

/**
 * Parses an STK push result callback (already authenticated by its secret path). A ResultCode of
 * 0 is a completed payment, anything else a failure (1032 cancelled by the payer, 1037 timeout, ...).
 */
export function parseStkCallback(rawBody: string): ParsedNotification {
  let body: StkCallbackBody;
  try {
    body = JSON.parse(rawBody) as StkCallbackBody;
  } catch {
    return malformed(null, 'body is not JSON');
  }
  const callback = body?.Body?.stkCallback;
  const checkoutRequestId = callback?.CheckoutRequestID;
  if (!callback || typeof checkoutRequestId !== 'string' || !checkoutRequestId) return malformed(null, 'no Body.stkCallback.CheckoutRequestID');
  const resultCode = Number(callback.ResultCode);
  if (!Number.isInteger(resultCode)) return malformed(checkoutRequestId, 'ResultCode is not a number');
  const eventType = `stkCallback.${resultCode}`;
  if (resultCode !== 0) {
    return {
      ok: true,
      eventType,
      fact: {
        kind: 'PAYMENT_FAILED',
        eventId: checkoutRequestId,
        providerRequestId: checkoutRequestId,
        providerAccountId: callback.MerchantRequestID ?? null,
        reason: `${resultCode}: ${callback.ResultDesc ?? 'no description'}`,
      },
    };
  }
  const items = new Map((callback.CallbackMetadata?.Item ?? []).map((item) => [item.Name, item.Value]));
  const amount = Number(items.get('Amount'));
  const receipt = items.get('MpesaReceiptNumber');
  const paidAt = parseDarajaTimestamp(items.get('TransactionDate') ?? '');
  if (!Number.isFinite(amount) || amount <= 0 || Math.round(amount * 100) !== amount * 100) return malformed(checkoutRequestId, 'Amount is missing or not a valid amount');
  if (typeof receipt !== 'string' || !receipt) return malformed(checkoutRequestId, 'MpesaReceiptNumber is missing');
  if (!paidAt) return malformed(checkoutRequestId, 'TransactionDate is missing or malformed');
  const phone = items.get('PhoneNumber');
  return {
    ok: true,
    eventType,
    fact: {
      kind: 'PAYMENT_COMPLETED',
      eventId: checkoutRequestId,
      providerRequestId: checkoutRequestId,
      providerAccountId: callback.MerchantRequestID ?? null,
      externalReference: receipt,
      amountMinor: Math.round(amount * 100),
      currency: 'KES',
      receivedAt: paidAt,
      payerPhone: phone === undefined ? null : `+${String(phone).replace(/^\+/, '')}`,
    },
  };
}

function malformed(eventId: string | null, detail: string): ParsedNotification {
  return { ok: false, reason: NotificationReason.MALFORMED, eventId, eventType: 'stkCallback', signatureValid: true, detail };
}
