import { formatMinor, parseDecimal } from '../../../../../kit/money';
import type { PaypalConfig } from '../provider.config';
import {
  headerValue,
  NotificationReason,
  ProviderCallError,
  ProviderName,
  callProvider,
  TokenCache,
  type CollectionRequest,
  type InboundNotification,
  type ParsedNotification,
  type PaymentProviderAdapter,
  type ProviderFact,
  type RefundRequest,
  type StartedCollection,
} from '../provider';

interface PaypalMoney {
  currency_code: string;
  value: string;
}

interface PaypalCapture {
  id: string;
  status: string;
  amount: PaypalMoney;
  custom_id?: string;
  create_time?: string;
}

export interface CapturedOrder {
  orderId: string;
  status: string;
  capture: PaypalCapture | null;
}

const TRANSMISSION_HEADERS = ['paypal-transmission-id', 'paypal-transmission-time', 'paypal-transmission-sig', 'paypal-cert-url', 'paypal-auth-algo'] as const;

/** PayPal: OAuth2 client credentials, Orders v2 (create, capture), capture refunds and webhook verification by PayPal itself. */
export class PaypalAdapter implements PaymentProviderAdapter {
  readonly name = ProviderName.PAYPAL;
  private readonly tokens: TokenCache;

  constructor(private readonly config: PaypalConfig) {
    this.tokens = new TokenCache(async () => {
      const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
      const body = await callProvider<{ access_token: string; expires_in: number }>(
        ProviderName.PAYPAL,
        `${config.baseUrl}/v1/oauth2/token`,
        {
          method: 'POST',
          headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials',
        },
        'token request',
        config.timeoutMs,
      );
      return { token: body.access_token, expiresInSeconds: Number(body.expires_in) || 3600 };
    });
  }

  private async post<T>(path: string, body: unknown, what: string, requestId?: string): Promise<T> {
    const headers = {
      Authorization: `Bearer ${await this.tokens.get()}`,
      'Content-Type': 'application/json',
      ...(requestId ? { 'PayPal-Request-Id': requestId } : {}),
    };
    return callProvider<T>(this.name, `${this.config.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }, what, this.config.timeoutMs);
  }

  async startCollection(request: CollectionRequest): Promise<StartedCollection> {
    const order = await this.post<{ id: string; links?: { rel: string; href: string }[] }>(
      '/v2/checkout/orders',
      {
        intent: 'CAPTURE',
        purchase_units: [
          {
            reference_id: request.invoiceId,
            custom_id: request.invoiceId,
            invoice_id: request.invoiceNumber,
            description: request.description,
            amount: { currency_code: request.currency, value: formatMinor(request.amountMinor, request.currency) },
          },
        ],
      },
      'order creation',
      request.idempotencyKey,
    );
    return { providerRequestId: order.id, clientSecret: order.links?.find((l) => l.rel === 'approve' || l.rel === 'payer-action')?.href };
  }

  /** Captures an approved order; PayPal-Request-Id makes a retried capture return the first result. */
  async captureOrder(orderId: string, requestId: string): Promise<CapturedOrder> {
    const order = await this.post<{ id: string; status: string; purchase_units?: { payments?: { captures?: PaypalCapture[] } }[] }>(
      `/v2/checkout/orders/${encodeURIComponent(orderId)}/capture`,
      {},
      'order capture',
      requestId,
    );
    return { orderId: order.id, status: order.status, capture: order.purchase_units?.[0]?.payments?.captures?.[0] ?? null };
  }

  async refund(request: RefundRequest): Promise<{ providerRefundId: string }> {
    const refund = await this.post<{ id: string; status: string }>(
      `/v2/payments/captures/${encodeURIComponent(request.externalReference)}/refund`,
      { amount: { currency_code: request.currency, value: formatMinor(request.amountMinor, request.currency) } },
      'refund',
      request.idempotencyKey,
    );
    if (refund.status !== 'COMPLETED' && refund.status !== 'PENDING') throw new ProviderCallError(this.name, `refund ended ${refund.status}`);
    return { providerRefundId: refund.id };
  }

  /** PayPal signs with a certificate; it verifies its own signature for us (`verify-webhook-signature`). */
  async parseNotification(notification: InboundNotification): Promise<ParsedNotification> {
    let event: PaypalEvent | null;
    try {
      event = JSON.parse(notification.rawBody.toString('utf8'));
    } catch {
      event = null;
    }
    const eventId = typeof event?.id === 'string' ? event.id : null;
    const eventType = typeof event?.event_type === 'string' ? event.event_type : null;
    const headers = Object.fromEntries(TRANSMISSION_HEADERS.map((name) => [name, headerValue(notification.headers, name)]));
    if (!event || TRANSMISSION_HEADERS.some((name) => !headers[name])) {
      return { ok: false, reason: NotificationReason.BAD_SIGNATURE, eventId, eventType, signatureValid: false, detail: 'transmission headers missing' };
    }
    const verification = await this.post<{ verification_status: string }>(
      '/v1/notifications/verify-webhook-signature',
      {
        auth_algo: headers['paypal-auth-algo'],
        cert_url: headers['paypal-cert-url'],
        transmission_id: headers['paypal-transmission-id'],
        transmission_sig: headers['paypal-transmission-sig'],
        transmission_time: headers['paypal-transmission-time'],
        webhook_id: this.config.webhookId,
        webhook_event: event,
      },
      'webhook verification',
    );
    if (verification.verification_status !== 'SUCCESS') {
      return { ok: false, reason: NotificationReason.BAD_SIGNATURE, eventId, eventType, signatureValid: false, detail: `PayPal says ${verification.verification_status}` };
    }
    return readPaypalEvent(event);
  }

  readAuthenticated(rawBody: string): ParsedNotification {
    let event: PaypalEvent | null;
    try {
      event = JSON.parse(rawBody);
    } catch {
      event = null;
    }
    return readPaypalEvent(event);
  }
}

interface PaypalEvent {
  id?: string;
  event_type?: string;
  create_time?: string;
  resource?: Record<string, unknown>;
}

function readPaypalEvent(event: PaypalEvent | null): ParsedNotification {
  const eventId = typeof event?.id === 'string' ? event.id : null;
  const eventType = typeof event?.event_type === 'string' ? event.event_type : null;
  if (!eventId || !eventType || !event?.resource) {
    return { ok: false, reason: NotificationReason.MALFORMED, eventId, eventType, signatureValid: true, detail: 'not a PayPal event' };
  }
  try {
    return { ok: true, eventType, fact: paypalFact({ id: eventId, event_type: eventType, create_time: event.create_time, resource: event.resource }) };
  } catch (error) {
    return { ok: false, reason: NotificationReason.MALFORMED, eventId, eventType, signatureValid: true, detail: (error as Error).message };
  }
}

function money(value: unknown): { minor: number; currency: string } {
  const m = value as PaypalMoney | undefined;
  if (!m?.currency_code || typeof m.value !== 'string') throw new RangeError('amount missing');
  return { minor: parseDecimal(m.value, m.currency_code), currency: m.currency_code };
}

/** What each closing outcome of a PayPal dispute means for us; any other is left for a person. */
const PAYPAL_DISPUTE_OUTCOMES: Record<string, 'DISPUTE_WON' | 'DISPUTE_LOST' | undefined> = {
  RESOLVED_BUYER_FAVOUR: 'DISPUTE_LOST',
  RESOLVED_SELLER_FAVOUR: 'DISPUTE_WON',
  CANCELED_BY_BUYER: 'DISPUTE_WON',
  DENIED: 'DISPUTE_WON',
};

/** The fact a verified PayPal event carries. */
export function paypalFact(event: { id: string; event_type: string; create_time?: string; resource: Record<string, unknown> }): ProviderFact {
  const r = event.resource;
  const at = event.create_time ? new Date(event.create_time) : new Date();
  switch (event.event_type) {
    case 'PAYMENT.CAPTURE.COMPLETED': {
      const amount = money(r.amount);
      const orderId = (r.supplementary_data as { related_ids?: { order_id?: string } } | undefined)?.related_ids?.order_id;
      return {
        kind: 'PAYMENT_COMPLETED',
        eventId: event.id,
        providerRequestId: String(orderId ?? ''),
        externalReference: String(r.id),
        amountMinor: amount.minor,
        currency: amount.currency,
        receivedAt: typeof r.create_time === 'string' ? new Date(r.create_time) : at,
        account: typeof r.custom_id === 'string' ? r.custom_id : null,
      };
    }
    case 'PAYMENT.CAPTURE.REFUNDED': {
      // The resource is the refund; its "up" link names the capture it returns money on.
      const up = (r.links as { rel: string; href: string }[] | undefined)?.find((l) => l.rel === 'up')?.href ?? '';
      const captureId = /\/captures\/([^/]+)$/.exec(up)?.[1];
      if (!captureId) throw new RangeError('refund names no capture');
      const total = (r.seller_payable_breakdown as { total_refunded_amount?: PaypalMoney } | undefined)?.total_refunded_amount;
      const amount = money(total ?? r.amount);
      return { kind: 'REFUNDED', eventId: event.id, externalReference: captureId, totalRefundedMinor: amount.minor, currency: amount.currency, at };
    }
    case 'CUSTOMER.DISPUTE.CREATED':
    case 'CUSTOMER.DISPUTE.RESOLVED': {
      const transaction = (r.disputed_transactions as { seller_transaction_id?: string }[] | undefined)?.[0];
      if (!transaction?.seller_transaction_id) throw new RangeError('dispute names no transaction');
      const amount = money(r.dispute_amount);
      const outcome = (r.dispute_outcome as { outcome_code?: string } | undefined)?.outcome_code;
      const kind = event.event_type === 'CUSTOMER.DISPUTE.CREATED' ? 'DISPUTE_OPENED' : PAYPAL_DISPUTE_OUTCOMES[outcome ?? ''];
      if (!kind) return { kind: 'IGNORED', eventId: event.id, eventType: `${event.event_type}:${outcome ?? 'none'}`, detail: `dispute outcome ${outcome ?? 'missing'}` };
      return {
        kind,
        eventId: event.id,
        disputeId: String(r.dispute_id),
        externalReference: transaction.seller_transaction_id,
        amountMinor: amount.minor,
        currency: amount.currency,
        reason: typeof r.reason === 'string' ? r.reason : null,
        at,
      };
    }
    default:
      return { kind: 'IGNORED', eventId: event.id, eventType: event.event_type };
  }
}
